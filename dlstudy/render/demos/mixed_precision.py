"""Render the mixed-precision demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.mixed_precision import MixedPrecisionResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def _pct(v: float) -> str:
    return f"{v:.2%}" if 0 < v < 0.0001 or v > 0.9999 and v < 1 else f"{v:.1%}"


def render(d: MixedPrecisionResult, console: Console) -> None:
    th, fp, sc, bf = d.thresholds, d.fp16, d.scaled, d.bf16
    console.print(f"{d.nonzero_count:,} float32 gradients, magnitudes {d.distribution} over 1e{num(d.log10_min)} "
                  f"… 1e{num(d.log10_max)}, random signs; loss scale S = {num(d.loss_scale)}.")
    t = table("formats", "format", "largest", "smallest normal", "smallest subnormal", "rounds to 0 below",
              "unit roundoff")
    for name in ("fp16", "bf16", "fp32"):
        row = th[name]
        t.add(name, row["max"], row["min_normal"], row["min_subnormal"],
              row.get("underflow_below", row["min_subnormal"] / 2), row["unit_roundoff"])
    fit_table(console, t)

    s = table("what happens to the gradients", "cast", "become 0", "subnormal", "overflow (inf)", "median rel. error")
    casts = (("fp16(g)", fp, fp["rel_error"]), (f"fp16(g·{num(sc['scale'])}) / S", sc, sc["unscaled_rel_error"]),
             ("bf16(g)", bf, bf["rel_error"]))
    for label, cast, error in casts:
        s.add(label, *(_pct(cast[k]) for k in ("underflow_share", "subnormal_share", "overflow_share")),
              error["median"])
    fit_table(console, s)
    console.print(bar_chart(["fp16", f"fp16, S = {num(sc['scale'])}", "bf16"],
                            [fp["underflow_share"], sc["underflow_share"], bf["underflow_share"]],
                            title="share of nonzero gradients that become exactly 0"))
    if len(d.by_decade) > 1:
        dt = table("lost to 0, per decade of |g|", "|g| in", "count", "fp16", "fp16 scaled", "bf16", text=())
        for row in d.by_decade:
            over = f" (+{row['scaled_overflow']:.0%} inf)" if row["scaled_overflow"] else ""
            dt.add(f"[1e{row['decade']}, 1e{row['decade'] + 1})", f"{row['count']:,}", _pct(row["fp16_lost"]),
                   _pct(row["scaled_lost"]) + over, _pct(row["bf16_lost"]))
        fit_table(console, dt)
    console.print(f"largest power-of-two scale without overflow here: {num(sc['max_safe_scale'])}.")
    for note in d.notes:
        console.print(f"[yellow]{note}[/]")
    console.print(d.lesson)
