"""kv-cache: memory of the key/value cache of a decoder-only transformer during generation.

Every layer stores one key and one value vector per KV head per token, so the cache holds
2 · layers · batch · seq_len · kv_heads · head_dim values. Grouped-query attention (GQA) lets
query_heads / kv_heads query heads share one K/V head; multi-query attention (MQA) keeps a single
K/V head; multi-head attention (MHA) has kv_heads = query_heads. Pure arithmetic, exact integers
where the byte count is whole.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator

GB = 10**9
GIB = 2**30
MB = 10**6


def _check(values: dict) -> None:
    q, kv = values["query_heads"], values["kv_heads"]
    if kv > q:
        raise ParamError(f"parameter 'kv_heads' ({kv}) cannot exceed 'query_heads' ({q}): each K/V head serves "
                         "at least one query head")
    if q % kv:
        raise ParamError(f"parameter 'kv_heads' ({kv}) must divide 'query_heads' ({q}) so the query heads split "
                         "into equal groups")


_KV_MODELS = [  # drill questions: (layers, query_heads, kv_heads, head_dim) of common open models
    (32, 32, 32, 128),  # 7B-class, multi-head attention
    (32, 32, 8, 128),   # 8B-class, grouped-query attention
    (40, 40, 40, 128),  # 13B-class, multi-head
    (80, 64, 8, 128),   # 70B-class, grouped-query
    (28, 28, 4, 128),   # 7B-class, grouped-query with 7 query heads per K/V head
    (24, 16, 16, 64),   # 1B-class, multi-head
    (32, 32, 1, 128),   # multi-query attention
]


def _drill(r: random.Random) -> Drill:
    layers, q, kv, d = r.choice(_KV_MODELS)
    seq = r.choice([1024, 2048, 4096, 8192, 16384, 32768, 131072])
    batch = r.choice([1, 1, 2, 4, 8, 16])
    bpv, dtype = r.choice([(2, "float16"), (2, "bfloat16"), (1, "int8"), (4, "float32")])
    # the unit follows the size class of the question (tokens in flight), not the answer
    small = seq * batch <= 4096
    unit, path = ("MB (10⁶ bytes)", "cache_mb") if small else ("GB (10⁹ bytes)", "cache_gb")
    kind = "multi-head" if kv == q else ("multi-query" if kv == 1 else "grouped-query")
    seqs = "one sequence" if batch == 1 else f"a batch of {batch} sequences"
    return Drill({"layers": layers, "query_heads": q, "kv_heads": kv, "head_dim": d, "seq_len": seq, "batch": batch,
                  "bytes_per_value": bpv, "seq_lens": [seq]},
                 f"A decoder with {layers} layers, {q} query heads and {kv} key/value head{'s' if kv > 1 else ''} "
                 f"({kind} attention), head_dim {d}, caches {seq:,} tokens for {seqs} in {dtype} ({bpv} "
                 f"byte{'s' if bpv > 1 else ''} per value). How large is the KV cache, in {unit}?", path,
                 "2 (K and V) · layers · batch · seq_len · kv_heads · head_dim · bytes per value; the query heads "
                 "do not enter, so GQA/MQA shrink the cache by query_heads/kv_heads.", rel=0.02)


SPEC = DemoSpec(
    id="kv-cache",
    title="KV-cache memory: sequence length, heads and grouped-query attention",
    description="Cache bytes = 2·layers·batch·seq_len·kv_heads·head_dim·bytes; MHA vs GQA vs MQA and growth "
                "with context length.",
    topic="nlp",
    cards=("kv-cache",),
    params=(
        Param("layers", "int", 32, "transformer layers (each keeps its own K and V)", min=1, max=256),
        Param("query_heads", "int", 32, "attention (query) heads per layer", min=1, max=256),
        Param("kv_heads", "int", 8, "key/value heads per layer: = query_heads is MHA, 1 is MQA, between is GQA",
              min=1, max=256),
        Param("head_dim", "int", 128, "dimension of one head's key (and value) vector", min=1, max=1024),
        Param("seq_len", "int", 4096, "tokens in the cache (prompt + generated so far)", min=1, max=10_000_000),
        Param("batch", "int", 1, "sequences decoded at the same time", min=1, max=4096),
        Param("bytes_per_value", "float", 2.0, "bytes per cached number: 4 float32, 2 float16/bfloat16, "
              "1 int8/fp8, 0.5 int4", min=0.125, max=8.0),
        Param("seq_lens", "int_list", [512, 2048, 4096, 8192, 32768, 131072],
              "context lengths for the growth table", min=1, max=10_000_000, min_len=1, max_len=16),
    ),
    headline=(
        ("KV cache (GB)", "cache_gb"),
        ("bytes per token", "per_token_bytes"),
        ("cache / MHA cache", "comparison.this.ratio_to_mha"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class KVCacheResult(DemoResult):
    layers: int
    query_heads: int
    kv_heads: int
    head_dim: int
    seq_len: int
    batch: int
    bytes_per_value: float
    attention_type: str = ""  # MHA, GQA or MQA
    group_size: int = 1  # query heads sharing one K/V head
    formula: str = ""
    per_token_per_layer_bytes: float = 0  # 2 · kv_heads · head_dim · bytes
    per_token_bytes: float = 0  # per token of one sequence, all layers: 2 · L · kv_heads · d · bytes
    k_bytes: float = 0  # the K half of the cache
    v_bytes: float = 0  # the V half
    cache_values: int = 0  # numbers stored: 2 · L · B · S · kv_heads · d
    cache_bytes: float = 0
    cache_mb: float = 0.0  # 10^6 bytes
    cache_gb: float = 0.0  # 10^9 bytes
    cache_gib: float = 0.0  # 2^30 bytes
    tensor_shape: list = field(default_factory=list)  # (batch, kv_heads, seq_len, head_dim) for K and for V
    by_seq_len: list = field(default_factory=list)  # seq_len, cache_bytes, cache_gb
    comparison: dict = field(default_factory=dict)  # mha / gqa / mqa / this: kv_heads, per_token_bytes, ...
    lesson: str = ""


def _exact(x: float):
    """Whole byte counts as int (exact in JSON), fractional ones (int4 with odd sizes) as float."""
    return int(x) if float(x).is_integer() else float(x)


def _kind(q: int, kv: int) -> str:
    if kv == q:
        return "MHA"
    if kv == 1:
        return "MQA"
    return "GQA"


def _representative_gqa(q: int) -> int | None:
    """A GQA head count strictly between 1 and q (the divisor of q closest to q/4), or None if q < 4."""
    divisors = [k for k in range(2, q) if q % k == 0]
    if not divisors:
        return None
    return min(divisors, key=lambda k: (abs(k - q / 4), k))


def run(params: dict[str, Any], rng: Generator) -> KVCacheResult:
    L, q, kv = int(params["layers"]), int(params["query_heads"]), int(params["kv_heads"])
    d, S, B = int(params["head_dim"]), int(params["seq_len"]), int(params["batch"])
    b = float(params["bytes_per_value"])

    def per_token(heads: int) -> float:
        return _exact(2 * L * heads * d * b)

    def total(heads: int, seq: int) -> float:
        return _exact(2 * L * B * seq * heads * d * b)

    cache = total(kv, S)
    mha = total(q, S)

    def entry(label: str, heads: int) -> dict:
        c = total(heads, S)
        return {"kind": label, "kv_heads": heads, "group_size": q // heads, "per_token_bytes": per_token(heads),
                "cache_bytes": c, "cache_gb": c / GB, "ratio_to_mha": c / mha}

    comparison = {"mha": entry("MHA", q)}
    g = kv if _kind(q, kv) == "GQA" else _representative_gqa(q)
    if g is not None:
        comparison["gqa"] = entry("GQA", g)
    comparison["mqa"] = entry("MQA", 1)
    comparison["this"] = entry(_kind(q, kv), kv)

    rows = []
    for seq in params["seq_lens"]:
        c = total(kv, int(seq))
        rows.append({"seq_len": int(seq), "cache_bytes": c, "cache_gb": c / GB, "cache_gib": c / GIB,
                     "mha_cache_gb": total(q, int(seq)) / GB})

    return KVCacheResult(
        layers=L, query_heads=q, kv_heads=kv, head_dim=d, seq_len=S, batch=B, bytes_per_value=b,
        attention_type=_kind(q, kv), group_size=q // kv,
        formula="2 · layers · batch · seq_len · kv_heads · head_dim · bytes_per_value",
        per_token_per_layer_bytes=_exact(2 * kv * d * b),
        per_token_bytes=per_token(kv),
        k_bytes=_exact(cache / 2), v_bytes=_exact(cache / 2),
        cache_values=2 * L * B * S * kv * d,
        cache_bytes=cache, cache_mb=cache / MB, cache_gb=cache / GB, cache_gib=cache / GIB,
        tensor_shape=[B, kv, S, d],
        by_seq_len=rows,
        comparison=comparison,
        lesson="The KV cache grows linearly in context length and batch and is independent of query_heads: only "
               "the K/V heads are stored, so GQA divides it by the group size and MQA by query_heads, at the cost "
               "of less K/V capacity.",
    )
