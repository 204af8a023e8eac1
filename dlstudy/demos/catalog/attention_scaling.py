"""attention-scaling: Var(q·k) = d for N(0, 1) entries; dividing by √d keeps the scores at variance 1."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="attention-scaling",
    title="Why attention divides by √d",
    description="Var(q·k) grows like d; q·k/√d keeps variance 1 and stops the softmax from saturating.",
    topic="nlp",
    cards=("attention",),
    params=(
        Param("dims", "int_list", [1, 4, 16, 64, 256, 1024], "key/query dimensions d to compare",
              min=1, max=1024, min_len=1, max_len=6),
        Param("trials", "int", 2000, "random (q, k) pairs per d for the variance", min=100, max=3000),
        Param("seq_len", "int", 16, "keys each query attends over (softmax length n)", min=2, max=32),
        Param("queries", "int", 100, "random queries per d for the softmax statistics", min=10, max=150),
        Param("example_dim", "int", 8, "dimension of the small worked example (4 keys)", min=1, max=64),
    ),
    headline=(
        ("Var(q·k) at the last listed d", "rows[-1].var_unscaled"),
        ("Var(q·k/√d) at the last listed d", "rows[-1].var_scaled"),
        ("mean top weight, unscaled, last d", "rows[-1].max_weight_unscaled"),
        ("top weight > 0.99, unscaled, last d", "rows[-1].saturated_unscaled"),
    ),
)


@dataclass
class AttentionScalingResult(DemoResult):
    dims: list = field(default_factory=list)
    seq_len: int = 0
    rows: list = field(default_factory=list)  # one per d: variances, max weight, entropy with/without 1/√d
    max_entropy: float = 0.0  # ln n, the entropy of uniform attention
    example: dict = field(default_factory=dict)  # q, keys, scores, weights with and without scaling
    lesson: str = ""


def _softmax(x):
    import numpy as np

    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _entropy(w):
    import numpy as np

    return -np.sum(np.where(w > 0, w * np.log(np.where(w > 0, w, 1.0)), 0.0), axis=-1)


def run(params: dict[str, Any], rng: Generator) -> AttentionScalingResult:
    import numpy as np

    dims = [int(d) for d in params["dims"]]
    trials, n, n_q, ex_d = int(params["trials"]), int(params["seq_len"]), int(params["queries"]), \
        int(params["example_dim"])

    rows = []
    for d in dims:
        q = rng.standard_normal((trials, d), dtype=np.float32)
        k = rng.standard_normal((trials, d), dtype=np.float32)
        dots = np.einsum("td,td->t", q, k).astype(np.float64)
        scaled = dots / np.sqrt(d)
        var_u = float(np.var(dots))
        var_s = float(np.var(scaled))

        qs = rng.standard_normal((n_q, d), dtype=np.float32)
        ks = rng.standard_normal((n_q, n, d), dtype=np.float32)
        scores = np.matmul(ks, qs[:, :, None])[:, :, 0].astype(np.float64)
        w_u = _softmax(scores)
        w_s = _softmax(scores / np.sqrt(d))
        rows.append({
            "d": d,
            "theory_var": float(d),
            "var_unscaled": var_u,
            "var_scaled": var_s,
            "ratio": var_u / var_s,
            "max_weight_unscaled": float(np.mean(w_u.max(axis=-1))),
            "max_weight_scaled": float(np.mean(w_s.max(axis=-1))),
            "entropy_unscaled": float(np.mean(_entropy(w_u))),
            "entropy_scaled": float(np.mean(_entropy(w_s))),
            "saturated_unscaled": float(np.mean(w_u.max(axis=-1) > 0.99)),
            "saturated_scaled": float(np.mean(w_s.max(axis=-1) > 0.99)),
        })

    ex_q = rng.standard_normal(ex_d)
    keys = rng.standard_normal((4, ex_d))
    sc = keys @ ex_q
    example = {"dim": ex_d, "q": ex_q, "keys": keys, "scores": sc, "scaled_scores": sc / np.sqrt(ex_d),
               "weights_unscaled": _softmax(sc), "weights_scaled": _softmax(sc / np.sqrt(ex_d))}

    return AttentionScalingResult(
        dims=dims,
        seq_len=n,
        rows=rows,
        max_entropy=float(np.log(n)),
        example=example,
        lesson="q·k is a sum of d products with variance 1, so its variance is d; unscaled, the logits spread like √d "
               "and the softmax collapses onto one key (tiny gradients). Dividing by √d keeps the spread at 1 for every d.",
    )
