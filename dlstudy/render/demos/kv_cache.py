"""Render the kv-cache demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.kv_cache import KVCacheResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table
from dlstudy.text import fmt


def _size(n: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{fmt(n / scale, 4)} {unit}"
    return f"{fmt(n, 4)} B"


def render(d: KVCacheResult, console: Console) -> None:
    console.print(f"{d.layers} layers · {d.query_heads} query heads · {d.kv_heads} K/V heads "
                  f"([bold]{d.attention_type}[/], group size {d.group_size}) · head_dim {d.head_dim} · "
                  f"{num(d.bytes_per_value)} bytes per value")
    console.print(f"K and V per layer: tensors of shape (batch, kv_heads, seq_len, head_dim) = "
                  f"{tuple(d.tensor_shape)}")
    console.print(f"cache = {d.formula}")
    console.print(f"      = 2·{d.layers}·{d.batch}·{d.seq_len:,}·{d.kv_heads}·{d.head_dim}·"
                  f"{num(d.bytes_per_value)} = {d.cache_bytes:,} bytes = [bold]{d.cache_gb:.4g} GB[/] "
                  f"({d.cache_gib:.4g} GiB)")
    console.print(f"per token of one sequence: {d.per_token_bytes:,} bytes "
                  f"({_size(d.per_token_bytes)}; {d.per_token_per_layer_bytes:,} bytes per layer)\n")

    t = table("Attention variants at this size", "variant", "K/V heads", "query heads per K/V head", "bytes per token",
              "cache", "vs MHA")
    for key in ("mha", "gqa", "mqa"):
        row = d.comparison.get(key)
        if row is None:
            continue
        mark = " ◀ this" if row["kv_heads"] == d.kv_heads else ""
        t.add(row["kind"] + mark, str(row["kv_heads"]), str(row["group_size"]), f"{row['per_token_bytes']:,}",
                  _size(row["cache_bytes"]), f"{row['ratio_to_mha']:.3g}×")
    fit_table(console, t)

    rows = d.by_seq_len
    console.print(bar_chart([f"{r['seq_len']:,}" for r in rows], [r["cache_gb"] for r in rows],
                            title=f"cache (GB) vs context length, batch {d.batch}, {d.attention_type}",
                            log=max(r["cache_gb"] for r in rows) > 100 * min(r["cache_gb"] for r in rows)))
    console.print(escape(d.lesson))
