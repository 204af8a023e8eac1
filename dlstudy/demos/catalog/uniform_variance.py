"""uniform-variance: the variance of U(-a, a) is a²/3, checked by sampling."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _drill(r: random.Random) -> Drill:
    a = r.choice([0.5, 1, 1.5, 2, 3, 4, 6, 10])
    return Drill({"a": a, "samples": 1000}, f"What is the variance of U(−{a:g}, {a:g})?", "theory.variance",
                 "Var U(−a, a) = a²/3.", rel=0.01)


SPEC = DemoSpec(
    id="uniform-variance",
    title="Variance of a uniform distribution",
    description="Var(U(-a, a)) = a²/3: theory vs samples, and why Xavier's bound is √(6/(n_in+n_out)).",
    topic="foundations",
    cards=("uniform-variance", "xavier-init"),
    params=(
        Param("a", "float", 1.0, "half-width of the interval (-a, a)", min=1e-6, max=1e6),
        Param("samples", "int", 100_000, "how many samples to draw", min=10, max=2_000_000),
    ),
    headline=(
        ("variance a²/3 (theory)", "theory.variance"),
        ("sample variance", "empirical.variance"),
        ("relative error", "relative_error"),
        ("Xavier uniform bound", "xavier_example.bound"),
    ),
    drill=_drill,
)


@dataclass
class UniformVarianceResult(DemoResult):
    a: float
    samples: int
    theory: dict = field(default_factory=dict)  # variance = a²/3, std = a/√3
    empirical: dict = field(default_factory=dict)  # variance, mean, std of the samples
    relative_error: float = 0.0
    xavier_example: dict = field(default_factory=dict)  # the bound that gives variance 2/(n_in+n_out)


def run(params: dict[str, Any], rng: Generator) -> UniformVarianceResult:
    import numpy as np

    a = float(params["a"])
    n = int(params["samples"])
    x = rng.uniform(-a, a, size=n)
    theory_var = a * a / 3.0
    emp_var = float(np.var(x))
    fan_in, fan_out = 256, 128
    bound = (6.0 / (fan_in + fan_out)) ** 0.5
    return UniformVarianceResult(
        a=a,
        samples=n,
        theory={"variance": theory_var, "std": a / 3.0**0.5},
        empirical={"variance": emp_var, "mean": float(np.mean(x)), "std": float(np.std(x))},
        relative_error=abs(emp_var - theory_var) / theory_var,
        xavier_example={"fan_in": fan_in, "fan_out": fan_out, "bound": bound,
                        "variance": bound * bound / 3.0, "target": 2.0 / (fan_in + fan_out)},
    )
