"""exploding-product: products of many random factors (scalars or matrices) explode or vanish; log|product|
is a random walk."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

EULER_GAMMA = 0.5772156649015329
FLOAT32_MAX_LOG10 = math.log10(3.4028234663852886e38)


def _check(values: dict) -> None:
    cost = int(values["trials"]) * int(values["depth"]) * int(values["size"]) ** 2
    if cost > 20_000_000:
        raise ParamError(f"parameters 'trials' × 'depth' × 'size'² is {cost:,}; keep it at most 20,000,000")
    if int(values["trials"]) * int(values["size"]) ** 2 > 2_000_000:
        raise ParamError("parameters 'trials' × 'size'² must be at most 2,000,000 (memory per step)")


SPEC = DemoSpec(
    id="exploding-product",
    title="Products of many random factors",
    description="Multiply depth N(0,1) factors (or random matrices): log|product| is a random walk, so magnitudes explode or vanish.",
    topic="training",
    cards=("exploding-gradients",),
    params=(
        Param("depth", "int", 100, "number of factors multiplied", min=1, max=2000),
        Param("trials", "int", 10_000, "independent products", min=10, max=200_000),
        Param("size", "int", 1, "1 = scalar factors; n = n×n matrices applied to a unit vector", min=1, max=64),
        Param("scale", "float", 1.0, "standard deviation of each factor (or matrix entry)", min=0.01, max=100.0),
    ),
    headline=(
        ("median log10 |product|", "empirical.median_log10"),
        ("std of log|product| (theory)", "theory.std_log"),
        ("float32 overflow share", "float32.overflow_share"),
        ("float32 underflow share", "float32.underflow_share"),
    ),
    check=_check,
)


def digamma_half_integer(x: float) -> float:
    """ψ(x) for x = k/2 (k ≥ 1) by the recurrence ψ(x+1) = ψ(x) + 1/x from ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2."""
    k = round(2 * x)
    v, start = (-EULER_GAMMA, 1.0) if k % 2 == 0 else (-EULER_GAMMA - 2 * math.log(2), 0.5)
    while start < x - 1e-9:
        v += 1 / start
        start += 1
    return v


def trigamma_half_integer(x: float) -> float:
    """ψ′(x) for x = k/2 by ψ′(x+1) = ψ′(x) − 1/x² from ψ′(1) = π²/6, ψ′(1/2) = π²/2."""
    k = round(2 * x)
    v, start = (math.pi**2 / 6, 1.0) if k % 2 == 0 else (math.pi**2 / 2, 0.5)
    while start < x - 1e-9:
        v -= 1 / start**2
        start += 1
    return v


def theory_per_factor(size: int, scale: float) -> dict:
    """log‖M v‖ for a unit vector v and an n×n matrix of N(0, s²) entries is ln s + ½ ln χ²_n, so
    mean = ln s + (ln 2 + ψ(n/2))/2 and variance = ψ′(n/2)/4. For n = 1: −(γ + ln 2)/2 and π²/8."""
    half = size / 2
    return {"mean": math.log(scale) + 0.5 * (math.log(2) + digamma_half_integer(half)),
            "variance": 0.25 * trigamma_half_integer(half)}


@dataclass
class ExplodingResult(DemoResult):
    depth: int
    trials: int
    size: int
    scale: float
    theory: dict = field(default_factory=dict)
    empirical: dict = field(default_factory=dict)
    checkpoints: list = field(default_factory=list)  # mean and variance of log|product| at several depths
    float32: dict = field(default_factory=dict)
    histogram: dict = field(default_factory=dict)  # of log10|product| at the final depth


def run(params: dict[str, Any], rng: Generator) -> ExplodingResult:
    import numpy as np

    depth, trials, n, scale = int(params["depth"]), int(params["trials"]), int(params["size"]), float(params["scale"])
    th = theory_per_factor(n, scale)
    marks = sorted({max(1, int(round(depth * f))) for f in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)})
    log_mag = np.zeros(trials)  # exact running log-magnitude, renormalized every step in float64
    v64 = np.zeros((trials, n))
    v64[:, 0] = 1.0
    v32 = v64.astype(np.float32)  # the same product carried naively in float32
    checkpoints = []
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for t in range(1, depth + 1):
            if n == 1:
                z = rng.normal(0.0, scale, size=(trials, 1))
                v64 = v64 * z
                v32 = v32 * z.astype(np.float32)
            else:
                M = rng.normal(0.0, scale, size=(trials, n, n))
                v64 = np.einsum("tij,tj->ti", M, v64)
                v32 = np.einsum("tij,tj->ti", M.astype(np.float32), v32)
            norm = np.linalg.norm(v64, axis=1)
            log_mag += np.log(norm)
            v64 = v64 / norm[:, None]
            if t in marks:
                checkpoints.append({"depth": t, "mean": float(log_mag.mean()), "variance": float(log_mag.var()),
                                    "theory_mean": t * th["mean"], "theory_variance": t * th["variance"]})
        mag32 = np.linalg.norm(v32.astype(np.float64), axis=1)
    log10 = log_mag / math.log(10)
    overflow = ~np.isfinite(mag32)
    underflow = mag32 == 0
    hist_counts, edges = np.histogram(log10, bins=12)
    mean_total, var_total = depth * th["mean"], depth * th["variance"]
    return ExplodingResult(
        depth=depth, trials=trials, size=n, scale=scale,
        theory={
            "mean_log_per_factor": th["mean"],
            "variance_log_per_factor": th["variance"],
            "mean_log": mean_total,
            "variance_log": var_total,
            "std_log": math.sqrt(var_total),
            "median_magnitude_log10": mean_total / math.log(10),
            # E‖M v‖² = n s² per factor, so the mean square is (n s²)^depth even when the median vanishes
            "log10_mean_square": depth * math.log10(n * scale * scale),
            "float32_max_log10": FLOAT32_MAX_LOG10,
        },
        empirical={
            "mean_log_per_factor": float(log_mag.mean() / depth),
            "variance_log_per_factor": float(log_mag.var() / depth),
            "mean_log": float(log_mag.mean()),
            "variance_log": float(log_mag.var()),
            "median_log10": float(np.median(log10)),
            "min_log10": float(log10.min()),
            "max_log10": float(log10.max()),
            "share_above_1": float((log_mag > 0).mean()),
            "share_above_1e6": float((log10 > 6).mean()),
            "share_below_1e-6": float((log10 < -6).mean()),
        },
        checkpoints=checkpoints,
        float32={"overflow_share": float(overflow.mean()), "underflow_share": float(underflow.mean()),
                 "finite_nonzero_share": float((~overflow & ~underflow).mean())},
        histogram={"edges_log10": [float(e) for e in edges], "counts": [int(c) for c in hist_counts]},
    )
