"""lr-range-test: grow the learning rate exponentially per minibatch, record the loss, pick a learning rate."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict) -> None:
    if values["lr_max"] <= values["lr_min"] * 10:
        raise ParamError("parameter 'lr_max' must be at least 10 × 'lr_min' (the test sweeps a range of decades)")


SPEC = DemoSpec(
    id="lr-range-test",
    title="Learning-rate range test",
    description="Raise the learning rate exponentially each minibatch, plot loss vs log lr, pick the steepest descent.",
    topic="training",
    cards=("lr-range-test",),
    params=(
        Param("problem", "choice", "linear", "linear regression (squared loss) or logistic regression",
              choices=("linear", "logistic")),
        Param("lr_min", "float", 1e-4, "first learning rate", min=1e-7, max=1.0),
        Param("lr_max", "float", 10.0, "last learning rate", min=1e-5, max=1000.0),
        Param("batches", "int", 200, "number of minibatches (one learning rate each)", min=10, max=5000),
        Param("batch_size", "int", 32, "samples per minibatch", min=1, max=1024),
        Param("features", "int", 10, "input dimension", min=1, max=200),
        Param("smoothing", "float", 0.9, "exponential smoothing of the recorded loss (0 = none)", min=0.0, max=0.99),
        Param("stop_factor", "float", 4.0, "stop once the smoothed loss exceeds this × its best value",
              min=1.5, max=1000.0),
    ),
    headline=(
        ("suggested lr (steepest descent)", "suggested_lr"),
        ("lr with the lowest loss", "min_loss_lr"),
        ("GD stable below lr (2/λ_max)", "theory.gd_stable_below"),
        ("loss diverged", "diverged"),
    ),
    check=_check,
)


@dataclass
class LrRangeResult(DemoResult):
    problem: str
    batch_size: int = 0  # examples per minibatch
    lrs: list = field(default_factory=list)
    loss: list = field(default_factory=list)  # raw minibatch loss (before the update)
    smoothed: list = field(default_factory=list)
    stopped_early: bool = False
    diverged: bool = False
    divergence_lr: float | None = None  # lr at which the smoothed loss blew past stop_factor × best
    stop_factor: float = 0.0
    min_loss_lr: float = 0.0  # lr at the smoothed minimum
    steepest_lr: float = 0.0  # lr where d(smoothed loss)/d(log lr) is most negative
    suggested_lr: float = 0.0  # the steepest point
    rule_of_thumb_lr: float = 0.0  # min_loss_lr / 10
    theory: dict = field(default_factory=dict)


def make_data(problem: str, n: int, d: int, rng):
    import numpy as np

    X = rng.standard_normal((n, d))
    w_true = rng.standard_normal(d) / math.sqrt(d)
    if problem == "linear":
        y = X @ w_true * 2.0 + 0.1 * rng.standard_normal(n)
    else:
        p = 1.0 / (1.0 + np.exp(-4.0 * (X @ w_true)))
        y = (rng.uniform(size=n) < p).astype(float)
    return X, y


def loss_and_grad(problem: str, w, X, y):
    """Mean loss and its gradient: ½·mean (Xw − y)² or mean logistic loss."""
    import numpy as np

    z = X @ w
    if problem == "linear":
        r = z - y
        return 0.5 * float(np.mean(r * r)), X.T @ r / len(y)
    # log(1 + e^z) - y z, computed stably
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
    p = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid without overflow
    return loss, X.T @ (p - y) / len(y)


def run(params: dict[str, Any], rng: Generator) -> LrRangeResult:
    import numpy as np

    problem = params["problem"]
    d = int(params["features"])
    bs = int(params["batch_size"])
    nb = int(params["batches"])
    n = max(2000, bs)
    X, y = make_data(problem, n, d, rng)
    lr_min, lr_max = float(params["lr_min"]), float(params["lr_max"])
    lrs = lr_min * (lr_max / lr_min) ** (np.arange(nb) / (nb - 1))  # ×(lr_max/lr_min)^(1/(nb-1)) per batch
    beta = float(params["smoothing"])
    w = np.zeros(d)
    raw, smooth, used = [], [], []
    avg, best = 0.0, math.inf
    stopped = False
    div_lr = None
    skip = max(5, nb // 10)  # ignore the first noisy batches (no stopping, no slope) as fast.ai's skip_start
    for i, lr in enumerate(lrs):
        idx = rng.integers(0, n, size=bs)
        loss, g = loss_and_grad(problem, w, X[idx], y[idx])
        if not math.isfinite(loss):
            stopped, div_lr = True, float(lr)
            break
        avg = beta * avg + (1 - beta) * loss
        s = avg / (1 - beta ** (i + 1)) if beta > 0 else loss  # bias-corrected running mean
        raw.append(loss)
        smooth.append(s)
        used.append(float(lr))
        best = min(best, s)
        if i >= skip and s > float(params["stop_factor"]) * best:
            stopped, div_lr = True, float(lr)
            break
        w = w - lr * g
        if not np.all(np.isfinite(w)):
            stopped, div_lr = True, float(lr)
            break

    sm = np.array(smooth)
    logs = np.log10(np.array(used))
    i_min = int(np.argmin(sm))
    # slope of the smoothed loss against log10(lr), over a window of ±k points, before the minimum
    k = max(1, len(sm) // 15)
    cands = [i for i in range(max(k, min(skip, i_min)), i_min + 1) if i + k < len(sm)]
    if cands:
        slopes = [(sm[i + k] - sm[i - k]) / (logs[i + k] - logs[i - k]) for i in cands]
        i_steep = cands[int(np.argmin(slopes))]
    else:
        i_steep = i_min
    steep = float(used[i_steep])
    min_lr = float(used[i_min])

    # curvature of the full-data loss at the start: for squared loss GD diverges above 2/λ_max(XᵀX/n)
    H = X.T @ X / n if problem == "linear" else 0.25 * X.T @ X / n  # logistic at w = 0: σ' = 1/4
    lam = float(np.linalg.eigvalsh(H).max())
    return LrRangeResult(
        problem=problem,
        batch_size=bs,
        stop_factor=float(params["stop_factor"]),
        lrs=used,
        loss=raw,
        smoothed=[float(v) for v in sm],
        stopped_early=stopped,
        diverged=div_lr is not None,
        divergence_lr=div_lr,
        min_loss_lr=min_lr,
        steepest_lr=steep,
        suggested_lr=steep,
        rule_of_thumb_lr=min_lr / 10,
        theory={"lambda_max": lam, "gd_stable_below": 2.0 / lam, "lr_growth_per_batch": (lr_max / lr_min) ** (1 / (nb - 1))},
    )
