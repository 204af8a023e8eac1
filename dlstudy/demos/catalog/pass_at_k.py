"""pass-at-k: from n samples of which c pass, the unbiased estimate of pass@k is 1 − C(n − c, k)/C(n, k), the
chance that k of the n samples drawn without replacement include a correct one; the plug-in 1 − (1 − c/n)^k is
biased low. For a true per-sample success rate p, the exact expectation of both estimators over c ~ Binomial(n, p)
is compared with the true 1 − (1 − p)^k, and so are their means over simulated problems.

Result keys: n, c, k, pass_at_k, naive, stable_product, by_k, bias (p, true, mean_unbiased, mean_naive, problems,
simulated_unbiased, simulated_naive), lesson."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from fractions import Fraction

    from numpy.random import Generator

MAX_ROWS = 64  # rows of the by-k table


def _check(values: dict[str, Any]) -> None:
    n = values["n"]
    if values["c"] > n:
        raise ParamError(f"parameter 'c' ({values['c']}) cannot exceed 'n' ({n}): c of the n samples are correct")
    if values["k"] > n:
        raise ParamError(f"parameter 'k' ({values['k']}) cannot exceed 'n' ({n}): the estimator draws k of the n "
                         "samples")


def _drill(r: random.Random) -> Drill:
    n = r.choice([5, 6, 8, 10, 10, 12, 20])
    c = r.randint(1, n - 2)
    k = r.randint(2, n - c)  # k ≤ n − c, so pass@k < 1
    params = {"n": n, "c": c, "k": k, "problems": 100}
    if r.random() < 0.75:
        return Drill(params, f"For one problem you draw n = {n} samples and c = {c} pass the tests. What is the "
                     f"unbiased estimate of pass@{k}?", "pass_at_k",
                     f"1 − C(n − c, k)/C(n, k) = 1 − C({n - c}, {k})/C({n}, {k}): one minus the chance that {k} "
                     f"samples drawn without replacement from the {n} are all wrong.", abs=0.002)
    return Drill(params, f"For one problem you draw n = {n} samples and c = {c} pass the tests. What does the "
                 f"plug-in estimate 1 − (1 − c/n)^k give for pass@{k}?", "naive",
                 f"1 − (1 − {c}/{n})^{k}: it treats c/n as the true rate and samples with replacement, and is biased "
                 "low on average.", abs=0.002)


SPEC = DemoSpec(
    id="pass-at-k",
    title="pass@k: the unbiased estimator vs the plug-in estimate",
    description="From n samples with c correct: 1 − C(n − c, k)/C(n, k) is unbiased for pass@k; "
                "1 − (1 − c/n)^k underestimates it on average.",
    topic="llm",
    cards=("llm-evaluation",),
    params=(
        Param("n", "int", 10, "samples drawn per problem", min=1, max=1000),
        Param("c", "int", 3, "samples that pass the tests (c ≤ n)", min=0, max=1000),
        Param("k", "int", 5, "the k of pass@k (k ≤ n)", min=1, max=1000),
        Param("p", "float", 0.3, "a true per-sample success rate, for the bias of both estimators", min=0.0, max=1.0),
        Param("problems", "int", 10_000, "simulated problems (each: c ~ Binomial(n, p))", min=1, max=1_000_000),
    ),
    headline=(
        ("unbiased pass@k", "pass_at_k"),
        ("plug-in 1 − (1 − c/n)^k", "naive"),
        ("true pass@k at rate p", "bias.true"),
        ("plug-in's mean at rate p", "bias.mean_naive"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class PassAtKResult(DemoResult):
    n: int
    c: int
    k: int
    pass_at_k: float  # 1 − C(n − c, k)/C(n, k), computed exactly
    naive: float  # 1 − (1 − c/n)^k
    stable_product: float  # 1 − Π_{i = n − c + 1}^{n} (1 − k/i), the numerically stable form of pass_at_k
    by_k: list[dict[str, float]]  # k, pass_at_k, naive for k = 1 .. n (at most 64 rows, evenly spread)
    bias: dict[str, float]  # p, true, mean_unbiased, mean_naive (exact expectations), problems, simulated_*
    lesson: str


def unbiased(n: int, c: int, k: int) -> Fraction:
    from fractions import Fraction  # here, not at the top: the demo list imports every catalog module

    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


def naive(n: int, c: int, k: int) -> float:
    return 1 - (1 - c / n) ** k


def _ks(n: int) -> list[int]:
    if n <= MAX_ROWS:
        return list(range(1, n + 1))
    return sorted({round(1 + j * (n - 1) / (MAX_ROWS - 1)) for j in range(MAX_ROWS)})


def run(params: dict[str, Any], rng: Generator) -> PassAtKResult:
    import numpy as np

    n, c, k, p = int(params["n"]), int(params["c"]), int(params["k"]), float(params["p"])
    stable = 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1))) if c > 0 else 0.0
    if n - c < k:
        stable = 1.0  # some factor is 1 − k/i ≤ 0 only when fewer than k wrong samples exist: pass@k = 1

    # both estimators for every possible count, then their exact expectations over c ~ Binomial(n, p)
    est_u = np.array([float(unbiased(n, j, k)) for j in range(n + 1)])
    est_n = np.array([naive(n, j, k) for j in range(n + 1)])
    pmf = np.array([math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(n + 1)])
    problems = int(params["problems"])
    counts = rng.binomial(n, p, size=problems)

    return PassAtKResult(
        n=n, c=c, k=k, pass_at_k=float(unbiased(n, c, k)), naive=naive(n, c, k), stable_product=stable,
        by_k=[{"k": j, "pass_at_k": float(unbiased(n, c, j)), "naive": naive(n, c, j)} for j in _ks(n)],
        bias={"p": p, "true": 1 - (1 - p) ** k, "mean_unbiased": float(pmf @ est_u), "mean_naive": float(pmf @ est_n),
              "problems": problems, "simulated_unbiased": float(est_u[counts].mean()),
              "simulated_naive": float(est_n[counts].mean())},
        lesson="pass@k asks whether any of k attempts succeeds. Drawing k of the n samples without replacement "
               "gives an unbiased estimate; plugging c/n into 1 − (1 − p)^k underestimates on average because "
               "that curve is concave in p (Jensen's inequality).",
    )
