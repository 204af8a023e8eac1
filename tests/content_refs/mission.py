"""References for the mission cards: xavier-init, softmax, kl-divergence, beam-search."""

import itertools
import math

import numpy as np
import torch


def _uniform_variance(a: float) -> float:
    # numerical integration of x² · 1/(2a) over (-a, a), midpoint rule
    n = 200_000
    xs = -a + (np.arange(n) + 0.5) * (2 * a / n)
    return float(np.sum(xs**2) / n)


def _xavier_variance_from_bound(n_in: int, n_out: int) -> float:
    # torch's own bound, then the variance of that uniform by integration
    w = torch.empty(n_out, n_in)
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(w)
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return _uniform_variance(bound)


def _bound_by_bisection(n_in: int, n_out: int) -> float:
    # find a with Var U(-a, a) = a²/3 equal to the harmonic compromise 1/((n_in + n_out)/2)
    target = 1.0 / np.mean([n_in, n_out])
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mid * mid / 3 < target else (lo, mid)
    return lo


def _kl(p, q) -> float:
    tp, tq = torch.tensor(p, dtype=torch.float64), torch.tensor(q, dtype=torch.float64)
    return float(torch.nn.functional.kl_div(tq.log(), tp, reduction="sum"))


def _one_hot_vs_uniform() -> float:
    p = torch.tensor([1.0, 0.0, 0.0, 0.0], dtype=torch.float64)
    q = torch.full((4,), 0.25, dtype=torch.float64)
    return float(torch.nn.functional.kl_div(q.log(), p, reduction="sum"))  # 0·log 0 treated as 0


REFS = {
    ("xavier-init", "var-300-100"): lambda: _xavier_variance_from_bound(300, 100),
    ("xavier-init", "uniform-bound-256"): lambda: _bound_by_bisection(256, 256),
    ("softmax", "lse-equal"): lambda: float(np.logaddexp(np.float64(1000), np.float64(1000))),
    ("softmax", "float32-threshold"): lambda: float(np.log(np.float64(np.finfo(np.float32).max))),
    ("kl-divergence", "kl-half-vs-skewed"): lambda: _kl([0.5, 0.5], [0.9, 0.1]),
    ("kl-divergence", "one-hot-vs-uniform"): _one_hot_vs_uniform,
    ("beam-search", "candidates-per-step"): lambda: sum(1 for _ in itertools.product(range(4), range(10_000))),
    ("beam-search", "length-normalized"): lambda: -6.0 * math.exp(-0.75 * math.log(4)),
}
