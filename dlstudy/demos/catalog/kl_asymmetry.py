"""kl-asymmetry: KL(p||q) != KL(q||p), no triangle inequality, and forward vs reverse KL fits.

All logarithms are natural (nats). p and q are normalized for the user. Terms with p_i = 0 contribute
0 (0·log 0 = 0); a term with p_i > 0 and q_i = 0 makes KL(p||q) infinite, which is reported, not raised.

The fit part approximates a two-component Gaussian mixture (means ±separation, unit variances,
weights weight / 1 - weight) by a single Gaussian N(mu, sigma²), minimizing on a grid either the
forward KL(p||q) (mass-covering: it matches the mixture's mean and variance) or the reverse KL(q||p)
(mode-seeking: it settles on one mode).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict) -> None:
    p, q = values["p"], values["q"]
    for name, v in (("p", p), ("q", q)):
        if any(x < 0 for x in v):
            raise ParamError(f"parameter '{name}' has a negative entry; probabilities (weights) must be >= 0")
        if sum(v) <= 0:
            raise ParamError(f"parameter '{name}' is all zeros; give at least one positive weight")
    if len(p) != len(q):
        raise ParamError(f"parameter 'q' has {len(q)} values but 'p' has {len(p)}; give both the same length")


SPEC = DemoSpec(
    id="kl-asymmetry",
    title="KL divergence is not symmetric",
    description="KL(p||q) vs KL(q||p), H(p,q) = H(p) + KL(p||q), no triangle inequality, forward vs reverse KL fits.",
    topic="foundations",
    cards=("kl-divergence",),
    params=(
        Param("p", "float_list", [0.5, 0.4, 0.1], "first distribution (normalized for you)", min=0.0, max=1e6,
              min_len=1, max_len=64),
        Param("q", "float_list", [0.8, 0.15, 0.05], "second distribution, same length (normalized for you)",
              min=0.0, max=1e6, min_len=1, max_len=64),
        Param("separation", "float", 3.0, "the mixture's modes sit at ±separation (unit variance each)",
              min=0.0, max=8.0),
        Param("weight", "float", 0.5, "weight of the left mode (the right one gets 1 - weight)",
              min=0.05, max=0.95),
    ),
    headline=(
        ("KL(p‖q)", "kl_pq"),
        ("KL(q‖p)", "kl_qp"),
        ("σ of the forward-KL fit", "fit.forward.sigma"),
        ("σ of the reverse-KL fit", "fit.reverse.sigma"),
    ),
    check=_check,
)


@dataclass
class KLAsymmetryResult(DemoResult):
    units: str
    p: list
    q: list
    kl_pq: float
    kl_qp: float
    entropy_p: float
    entropy_q: float
    cross_entropy_pq: float
    cross_entropy_qp: float
    kl_pq_infinite: bool
    kl_qp_infinite: bool
    asymmetry: float  # kl_pq - kl_qp (nan when both are infinite)
    terms_pq: list = field(default_factory=list)  # p_i log(p_i/q_i)
    terms_qp: list = field(default_factory=list)
    zero_support: dict = field(default_factory=dict)  # indices where one is 0 and the other is not
    triangle: dict = field(default_factory=dict)
    triangle_midpoint: dict = field(default_factory=dict)
    mixture: dict = field(default_factory=dict)
    fit: dict = field(default_factory=dict)
    curves: dict = field(default_factory=dict)  # x grid and densities for the chart


def _kl_terms(p, q):
    """p_i log(p_i/q_i) with 0 log(0/q) = 0 and p log(p/0) = inf."""
    import numpy as np

    out = np.zeros_like(p)
    pos = p > 0
    with np.errstate(divide="ignore"):
        out[pos] = p[pos] * (np.log(p[pos]) - np.log(q[pos]))
    return out


def _kl(p, q) -> float:
    return float(_kl_terms(p, q).sum())


def _entropy(p) -> float:
    import numpy as np

    pos = p > 0
    return float(-(p[pos] * np.log(p[pos])).sum())


def _cross_entropy(p, q) -> float:
    import numpy as np

    pos = p > 0
    with np.errstate(divide="ignore"):
        return float(-(p[pos] * np.log(q[pos])).sum())


def _triangle(a, b, c) -> dict:
    ab, bc, ac = _kl(a, b), _kl(b, c), _kl(a, c)
    return {"a": a, "b": b, "c": c, "kl_ab": ab, "kl_bc": bc, "kl_ac": ac, "kl_ab_plus_kl_bc": ab + bc,
            "violated": bool(ac > ab + bc)}


def _log_normal(x, mu, sigma):
    import numpy as np

    return -0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)


def _fit(x, dx, log_p, p, which: str, mu_lo: float, mu_hi: float, s_lo: float, s_hi: float):
    """Grid search over (mu, log sigma), zooming in five times around the best point."""
    import numpy as np

    best = (0.0, 0.0, 0.0)  # (mu, sigma, KL), set by the first round
    n = 24  # grid intervals per axis; each round zooms to ±2 intervals around the best point
    for _ in range(6):
        mus = np.linspace(mu_lo, mu_hi, n + 1)
        sigmas = np.exp(np.linspace(np.log(s_lo), np.log(s_hi), n + 1))
        values = np.empty((mus.size, sigmas.size))
        for j, s in enumerate(sigmas):
            log_q = _log_normal(x[None, :], mus[:, None], s)  # (mus, x)
            if which == "forward":  # KL(p||q) = Σ p (log p - log q) dx
                values[:, j] = ((p * (log_p - log_q)).sum(axis=1)) * dx
            else:  # KL(q||p) = Σ q (log q - log p) dx
                q = np.exp(log_q)
                values[:, j] = ((q * (log_q - log_p)).sum(axis=1)) * dx
        bi, bj = np.unravel_index(int(np.argmin(values)), values.shape)
        best = (float(mus[bi]), float(sigmas[bj]), float(values[bi, bj]))
        mstep = (mu_hi - mu_lo) / n
        lstep = (np.log(s_hi) - np.log(s_lo)) / n
        mu_lo, mu_hi = best[0] - 2 * mstep, best[0] + 2 * mstep
        s_lo, s_hi = best[1] * np.exp(-2 * lstep), best[1] * np.exp(2 * lstep)
    return {"mu": best[0], "sigma": best[1], "kl": best[2]}


def run(params: dict[str, Any], rng: Generator) -> KLAsymmetryResult:
    import numpy as np

    p = np.asarray(params["p"], dtype=np.float64)
    q = np.asarray(params["q"], dtype=np.float64)
    p, q = p / p.sum(), q / q.sum()
    kl_pq, kl_qp = _kl(p, q), _kl(q, p)
    with np.errstate(invalid="ignore"):
        asym = float(np.float64(kl_pq) - np.float64(kl_qp))

    # a fixed counterexample to the triangle inequality (Bernoulli distributions on a line), and the
    # midpoint of the user's p and q
    tri = _triangle(np.array([0.5, 0.5]), np.array([0.3, 0.7]), np.array([0.1, 0.9]))
    mid = _triangle(p, (p + q) / 2, q)

    # one Gaussian fitted to a bimodal mixture
    d, w = float(params["separation"]), float(params["weight"])
    x = np.linspace(-d - 12.0, d + 12.0, 1201)
    dx = float(x[1] - x[0])
    lp1 = np.log(w) + _log_normal(x, -d, 1.0)
    lp2 = np.log(1 - w) + _log_normal(x, d, 1.0)
    log_p = np.logaddexp(lp1, lp2)
    pdens = np.exp(log_p)
    mean = w * (-d) + (1 - w) * d
    var = 1.0 + w * d * d + (1 - w) * d * d - mean * mean
    forward = _fit(x, dx, log_p, pdens, "forward", -d - 1, d + 1, 0.3, d + 4)
    reverse = _fit(x, dx, log_p, pdens, "reverse", -d - 1, d + 1, 0.3, d + 4)
    # which mode the reverse fit chose: the nearest of the left mode, the midpoint and the right mode
    anchors = {"left": -d, "between": 0.0, "right": d}
    nearest = min(anchors, key=lambda k: (abs(reverse["mu"] - anchors[k]), k != "between"))

    step = 6  # thin the curves for the chart / JSON
    curves = {
        "x": x[::step],
        "mixture": pdens[::step],
        "forward_fit": np.exp(_log_normal(x, forward["mu"], forward["sigma"]))[::step],
        "reverse_fit": np.exp(_log_normal(x, reverse["mu"], reverse["sigma"]))[::step],
    }
    return KLAsymmetryResult(
        units="nats (natural log)",
        p=p, q=q, kl_pq=kl_pq, kl_qp=kl_qp, entropy_p=_entropy(p), entropy_q=_entropy(q),
        cross_entropy_pq=_cross_entropy(p, q), cross_entropy_qp=_cross_entropy(q, p),
        kl_pq_infinite=bool(np.isinf(kl_pq)), kl_qp_infinite=bool(np.isinf(kl_qp)), asymmetry=asym,
        terms_pq=_kl_terms(p, q), terms_qp=_kl_terms(q, p),
        zero_support={"q_zero_where_p_positive": np.flatnonzero((q == 0) & (p > 0)),
                      "p_zero_where_q_positive": np.flatnonzero((p == 0) & (q > 0))},
        triangle=tri, triangle_midpoint=mid,
        mixture={"means": [-d, d], "stds": [1.0, 1.0], "weights": [w, 1 - w], "mean": mean, "std": var**0.5},
        fit={"forward": forward, "reverse": reverse, "reverse_mode": nearest,
             "forward_closed_form": {"mu": mean, "sigma": var**0.5,
                                     "why": "minimizing KL(p||q) over Gaussians q matches p's mean and variance"}},
        curves=curves,
    )
