"""softmax-overflow: naive exp/sum overflows (inf/inf = nan) or underflows (0/0); shifting by the max fixes it.

Everything is computed in the chosen dtype: the naive softmax exp(x)/Σexp(x), the stable softmax
exp(x - m)/Σexp(x - m) with m = max(x), log-softmax x - m - log Σexp(x - m) (log-sum-exp), and
torch.softmax / torch.log_softmax for comparison. numpy's floating-point warnings are captured and
explained instead of being printed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _drill(r: random.Random) -> Drill:
    logits = [float(r.randint(-2, 3)) for _ in range(r.randint(2, 4))]
    i = max(range(len(logits)), key=lambda j: logits[j])
    shown = ", ".join(f"{v:g}" for v in logits)
    return Drill({"logits": logits, "dtype": "float64"},
                 f"softmax([{shown}]): what probability does logit #{i + 1} ({logits[i]:g}) get?",
                 f"stable[{i}]", "e^{z_i} / Σ_j e^{z_j}; shifting by the max changes nothing.", abs=0.005)


SPEC = DemoSpec(
    id="softmax-overflow",
    title="Softmax overflow and the log-sum-exp trick",
    description="Naive exp/sum gives inf and nan for large logits; subtracting the max (log-sum-exp) does not.",
    topic="neurons",
    cards=("softmax",),
    params=(
        Param("logits", "float_list", [1000.0, 1001.0, 1002.0], "the logits (scores) to normalize",
              min=-1e6, max=1e6, min_len=1, max_len=64),
        Param("dtype", "choice", "float32", "floating-point type for every computation",
              choices=("float16", "float32", "float64")),
    ),
    uses_torch=True,
    headline=(
        ("naive softmax gives nan", "naive_has_nan"),
        ("exp overflows above", "overflow_threshold"),
        ("max |stable − torch|", "max_abs_diff_stable_vs_torch"),
        ("log-sum-exp", "logsumexp"),
    ),
    drill=_drill,
)


@dataclass
class SoftmaxOverflowResult(DemoResult):
    logits: list
    dtype: str
    logits_in_dtype: list = field(default_factory=list)  # the logits after casting (float16 rounds, may overflow)
    naive_exp: list = field(default_factory=list)
    naive_sum: float = 0.0
    naive: list = field(default_factory=list)
    naive_has_nan: bool = False
    naive_has_inf: bool = False
    warnings: list = field(default_factory=list)  # what numpy warned about, explained
    shift: float = 0.0  # m = max(logits)
    stable: list = field(default_factory=list)
    stable_sum: float = 0.0
    logsumexp: float = 0.0
    log_softmax: list = field(default_factory=list)
    torch: list = field(default_factory=list)
    torch_log_softmax: list = field(default_factory=list)
    max_abs_diff_stable_vs_torch: float = 0.0
    overflow_threshold: float = 0.0  # ln(largest finite value of dtype): exp(x) is inf above it
    largest_finite_exp_logit: float = 0.0  # largest number of this dtype whose exp in this dtype is finite
    underflow_threshold: float = 0.0  # ln(smallest positive subnormal): exp(x) is 0 below it
    underflow: dict = field(default_factory=dict)  # all logits very negative: naive 0/0
    lesson: list = field(default_factory=list)


EXPLAIN = {
    "overflow": "exp(x) exceeded the largest {dtype} (x > {thr:.4g}) and became inf",
    "invalid": "inf/inf or 0/0 is undefined, so the division produced nan",
    "divide": "division by zero",
    "under": "exp(x) was smaller than the tiniest {dtype} and became 0",
}


def _naive(x, np):
    """exp(x)/sum(exp(x)) in x's dtype, capturing numpy's warnings."""
    import warnings

    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        e = np.exp(x)
        s = e.sum(dtype=x.dtype)
        p = e / s
    return e, s, p, [str(w.message) for w in caught]


def _stable(x, np):
    import warnings

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        m = x.max()
        e = np.exp(x - m)
        s = e.sum(dtype=x.dtype)
        p = e / s
        lse = m + np.log(s)
        logp = (x - m) - np.log(s)
    return m, p, s, lse, logp


def _explain(messages: list[str], dtype: str, thr: float) -> list[dict]:
    out = []
    for msg in dict.fromkeys(messages):  # unique, in order
        low = msg.lower()
        key = ("overflow" if "overflow" in low else "invalid" if "invalid" in low
               else "divide" if "divide" in low else "under" if "underflow" in low else None)
        text = EXPLAIN[key].format(dtype=dtype, thr=thr) if key else msg
        out.append({"numpy": msg, "meaning": text})
    return out


def _largest_finite_exp(np, dtype) -> float:
    """Largest value x of this dtype with exp(x) finite when computed in this dtype."""
    import warnings

    dt = np.dtype(dtype)
    x = dt.type(np.log(np.finfo(dt).max))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for _ in range(64):
            if np.isfinite(np.exp(x)):
                up = np.nextafter(x, dt.type(np.inf))
                if not np.isfinite(np.exp(up)):
                    return float(x)
                x = up
            else:
                x = np.nextafter(x, dt.type(-np.inf))
    return float(x)  # pragma: no cover - a few ulps always suffice


def run(params: dict[str, Any], rng: Generator) -> SoftmaxOverflowResult:
    import warnings

    import numpy as np
    import torch

    dtype = params["dtype"]
    dt = np.dtype(dtype)
    logits = [float(v) for v in params["logits"]]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        x = np.array(logits, dtype=np.float64).astype(dt)  # float16 saturates to inf beyond ±65504

    thr = float(np.log(np.float64(np.finfo(dt).max)))
    tiny = np.float64(np.finfo(dt).smallest_subnormal)
    under_thr = float(np.log(tiny))

    e, s, naive, messages = _naive(x, np)
    m, stable, s_stable, lse, logp = _stable(x, np)

    tdtype = {"float16": torch.float16, "float32": torch.float32, "float64": torch.float64}[dtype]
    tx = torch.from_numpy(x.copy()).to(tdtype)
    t_soft = torch.softmax(tx, dim=0)
    t_log = torch.log_softmax(tx, dim=0)
    with np.errstate(all="ignore"):
        diff = np.abs(stable.astype(np.float64) - t_soft.double().numpy())
        max_diff = float(np.max(diff)) if np.all(np.isfinite(diff)) else float("nan")

    # underflow: the same spread, moved so that even the largest logit's exp is 0 in this dtype
    shift = float(np.ceil(-under_thr)) + 10.0
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        xu = (x.astype(np.float64) - float(m) - shift).astype(dt) if np.isfinite(m) else np.full_like(x, -shift)
    eu, su, naive_u, messages_u = _naive(xu, np)
    _, stable_u, _, _, logp_u = _stable(xu, np)
    underflow = {
        "logits": xu, "naive_exp": eu, "naive_sum": su, "naive": naive_u, "stable": stable_u,
        "log_softmax": logp_u, "warnings": _explain(messages_u, dtype, thr),
    }

    lesson = []
    if np.isnan(naive).any() and np.all(np.isfinite(x)):
        lesson.append("naive softmax returned nan: shift by the max first (softmax is unchanged by adding a "
                      "constant to every logit).")
    if not np.all(np.isfinite(x)):
        lesson.append(f"some logits are not representable in {dtype} (beyond ±{float(np.finfo(dt).max):.6g}) "
                      "and became ±inf before any exp: no trick can save that; use a wider dtype.")
    lesson.append("log-softmax = x - logsumexp(x) stays finite where log(softmax) would give log(0) = -inf; "
                  "this is why frameworks fuse softmax with the cross-entropy loss.")

    return SoftmaxOverflowResult(
        logits=logits, dtype=dtype, logits_in_dtype=x.tolist(), naive_exp=e, naive_sum=s, naive=naive,
        naive_has_nan=bool(np.isnan(naive).any()), naive_has_inf=bool(np.isinf(e).any()),
        warnings=_explain(messages, dtype, thr), shift=m, stable=stable, stable_sum=s_stable,
        logsumexp=lse, log_softmax=logp, torch=t_soft.double().tolist(),
        torch_log_softmax=t_log.double().tolist(),
        max_abs_diff_stable_vs_torch=max_diff, overflow_threshold=thr,
        largest_finite_exp_logit=_largest_finite_exp(np, dtype), underflow_threshold=under_thr,
        underflow=underflow, lesson=lesson,
    )
