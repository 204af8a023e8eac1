"""online-softmax: softmax and attention computed block by block with a running max and sum.

Part 1 splits a vector of n logits into blocks; after block j the running max m_j = max(m_{j-1}, max x_j)
and the running sum l_j = l_{j-1}·e^{m_{j-1}−m_j} + Σ e^{x_j−m_j} give the softmax normaliser exactly.
Part 2 does the same for attention softmax(QKᵀ/√d)V over blocks of keys (the FlashAttention recurrence):
each query keeps (m, l, o) and rescales its unnormalised output o by e^{m_old−m_new} when a larger score
arrives, so the n×n score matrix is never stored. Both are compared with the direct computation in the
same dtype; a naive softmax without the max shift shows where exp overflows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

MAX_WORK = 20_000_000  # blocks · n · d: the per-block rescaling of every query's output, in Python steps


def _check(values: dict) -> None:
    n, block, d = values["n"], values["block"], values["d"]
    blocks = -(-n // min(block, n))
    if blocks * n * d > MAX_WORK:
        need = -(-n // max(1, MAX_WORK // (n * d)))
        raise ParamError(f"parameter 'block' ({block}) is too small for n={n}, d={d}: blocks·n·d = "
                         f"{blocks * n * d:,} exceeds {MAX_WORK:,}; use block >= {need} (or a smaller n or d)")


SPEC = DemoSpec(
    id="online-softmax",
    title="Online softmax: block-by-block attention with a running max and sum",
    description="Running max m and sum l over blocks reproduce softmax and softmax(QKᵀ/√d)V exactly, "
                "without the n×n score matrix and without overflow.",
    topic="nlp",
    cards=("efficient-attention",),
    params=(
        Param("n", "int", 64, "sequence length (logits in part 1; queries and keys in part 2)", min=1, max=1024),
        Param("block", "int", 16, "block size: keys (logits) processed per step", min=1, max=1024),
        Param("d", "int", 16, "head dimension of Q, K, V", min=1, max=128),
        Param("logit_scale", "float", 50.0, "multiplies the logits and the scores QKᵀ/√d (large values overflow "
              "the naive exp)", min=0.0, max=10_000.0),
        Param("dtype", "choice", "float32", "floating-point type of every computation", choices=("float32", "float64")),
    ),
    check=_check,
    headline=(
        ("softmax: max |online − direct|", "max_abs_diff.softmax"),
        ("attention: max |online − direct|", "max_abs_diff.attention"),
        ("blocks", "blocks.count"),
        ("naive softmax overflows", "naive.overflow"),
    ),
)


@dataclass
class OnlineSoftmaxResult(DemoResult):
    n: int
    block: int
    d: int
    logit_scale: float
    dtype: str
    logits: list = field(default_factory=list)  # part 1 input (first 64 shown in full only when n <= 64)
    max_abs_diff: dict = field(default_factory=dict)  # softmax, attention, normaliser (relative)
    blocks: dict = field(default_factory=dict)  # count, size, bounds, running_max, running_sum, rescale
    softmax: dict = field(default_factory=dict)  # online / direct probabilities (n <= 64), sums, max_logit
    attention: dict = field(default_factory=dict)  # trace of one query over key blocks, memory counts
    naive: dict = field(default_factory=dict)  # exp(x)/Σexp(x) without the shift: overflow, has_nan
    lesson: str = ""


def _online_softmax(x, block, np):
    """Running max and sum over blocks, then one normalising pass. Returns p, trace lists."""
    m = -np.inf
    l = x.dtype.type(0)
    maxes, sums, rescale = [], [], []
    for start in range(0, len(x), block):
        xb = x[start:start + block]
        m_new = max(m, xb.max())
        factor = np.exp(m - m_new) if np.isfinite(m) else x.dtype.type(0)
        l = l * factor + np.exp(xb - m_new).sum(dtype=x.dtype)
        m = m_new
        maxes.append(float(m))
        sums.append(float(l))
        rescale.append(float(factor))
    return np.exp(x - m) / l, m, l, maxes, sums, rescale


def _online_attention(q, k, v, block, scale, np):
    """FlashAttention-style forward pass over key blocks; keeps per-query (m, l, o)."""
    n, dv = q.shape[0], v.shape[1]
    dt = q.dtype
    m = np.full(n, -np.inf, dtype=dt)
    l = np.zeros(n, dtype=dt)
    o = np.zeros((n, dv), dtype=dt)
    ms, ls, fs = [], [], []
    for start in range(0, k.shape[0], block):
        s = (q @ k[start:start + block].T) * scale  # (n, block) tile of scores
        m_new = np.maximum(m, s.max(axis=1))
        factor = np.where(np.isfinite(m), np.exp(m - m_new), 0).astype(dt)
        p = np.exp(s - m_new[:, None])
        l = l * factor + p.sum(axis=1)
        o = o * factor[:, None] + p @ v[start:start + block]
        m = m_new
        ms.append(m.copy())
        ls.append(l.copy())
        fs.append(factor)
    # show the query whose running max rose most often (the lowest index among ties)
    ms = np.stack(ms)
    rises = (ms[1:] > ms[:-1]).sum(axis=0) if len(ms) > 1 else np.zeros(n, dtype=int)
    i = int(np.argmax(rises))
    trace = [{"running_max": float(ms[j, i]), "running_sum": float(ls[j][i]), "rescale": float(fs[j][i])}
             for j in range(len(ms))]
    return o / l[:, None], i, int(rises[i]), trace


def run(params: dict[str, Any], rng: Generator) -> OnlineSoftmaxResult:
    import numpy as np

    n, block, d = int(params["n"]), int(params["block"]), int(params["d"])
    scale = float(params["logit_scale"])
    dtype = np.dtype(params["dtype"])
    block_eff = min(block, n)

    # part 1: one vector of logits
    x = (scale * rng.standard_normal(n)).astype(dtype)
    p_online, m, l, maxes, sums, rescale = _online_softmax(x, block_eff, np)
    shifted = np.exp(x - x.max())
    p_direct = shifted / shifted.sum(dtype=dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        p_naive = e / e.sum(dtype=dtype)
    overflow_at = float(np.log(np.finfo(dtype).max))

    # part 2: attention with n queries and n keys
    q = rng.standard_normal((n, d)).astype(dtype)
    k = rng.standard_normal((n, d)).astype(dtype)
    v = rng.standard_normal((n, d)).astype(dtype)
    factor = dtype.type(scale / np.sqrt(d))
    s = (q @ k.T) * factor
    w = np.exp(s - s.max(axis=1, keepdims=True))
    out_direct = (w / w.sum(axis=1, keepdims=True)) @ v
    del s, w
    out_online, trace_query, trace_rises, trace = _online_attention(q, k, v, block_eff, factor, np)

    bounds = [[i, min(i + block_eff, n)] for i in range(0, n, block_eff)]
    small = n <= 64
    return OnlineSoftmaxResult(
        n=n, block=block, d=d, logit_scale=scale, dtype=params["dtype"],
        logits=x.tolist() if small else [],
        max_abs_diff={
            "softmax": float(np.max(np.abs(p_online - p_direct))),
            "attention": float(np.max(np.abs(out_online - out_direct))),
            "normaliser_rel": float(abs(l - shifted.sum(dtype=dtype)) / shifted.sum(dtype=dtype)),
        },
        blocks={
            "count": len(bounds), "size": block_eff, "bounds": bounds,
            "running_max": maxes, "running_sum": sums, "rescale": rescale,
            "max_changes": int(sum(1 for i in range(1, len(maxes)) if maxes[i] > maxes[i - 1])),
        },
        softmax={
            "online": p_online if small else [], "direct": p_direct if small else [],
            "online_sum": float(p_online.sum(dtype=np.float64)), "max_logit": float(x.max()),
            "final_max": float(m), "final_sum": float(l), "argmax_prob": float(p_online.max()),
        },
        attention={
            "trace_query": trace_query,
            "trace_max_changes": trace_rises,
            "trace": trace,
            "output_sample": out_online[trace_query, :min(d, 8)],
            "score_scale": float(factor),
            "direct_score_elements": n * n,
            "online_tile_elements": n * block_eff,
            "online_state_per_query": d + 2,
        },
        naive={
            "overflow": bool(np.isinf(e).any()),
            "has_nan": bool(np.isnan(p_naive).any()),
            "overflow_logit": overflow_at,
        },
        lesson="Rescaling the running sum (and the running output) by e^{m_old − m_new} whenever a larger logit "
               "arrives makes the blockwise result equal to the direct softmax up to rounding, in one pass over "
               "the keys: this is how FlashAttention avoids storing the n×n score matrix.",
    )
