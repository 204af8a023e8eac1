"""exploding-product against numerical integration, torch's digamma/polygamma and the binomial spread."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog.exploding_product import theory_per_factor
from tests.demos import result_dict


def _log_abs_normal_moments():
    # E[ln|z|] and Var[ln|z|] for z ~ N(0, 1) by the midpoint rule on (0, 40) (the integrand is even)
    n = 2_000_000
    z = (np.arange(n) + 0.5) * (40 / n)
    w = 2 * np.exp(-z * z / 2) / math.sqrt(2 * math.pi) * (40 / n)
    m = float(np.sum(np.log(z) * w))
    return m, float(np.sum((np.log(z) - m) ** 2 * w))


def test_scalar_closed_form_by_integration():
    m, v = _log_abs_normal_moments()
    th = theory_per_factor(1, 1.0)
    assert math.isclose(th["mean"], m, abs_tol=1e-4) and math.isclose(th["mean"], -0.6351814, abs_tol=1e-6)
    assert math.isclose(th["variance"], v, abs_tol=1e-3) and math.isclose(th["variance"], math.pi**2 / 8, rel_tol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 16, 64])
def test_matrix_theory_matches_torch_special(n):
    th = theory_per_factor(n, 2.0)
    half = torch.tensor(n / 2, dtype=torch.float64)
    assert math.isclose(th["mean"], math.log(2.0) + 0.5 * (math.log(2) + torch.special.digamma(half).item()), abs_tol=1e-12)
    assert math.isclose(th["variance"], 0.25 * torch.special.polygamma(1, half).item(), rel_tol=1e-8)  # torch: ~1e-9


def test_samples_follow_the_random_walk():
    trials, depth = 20_000, 100
    d = result_dict("exploding-product", {"trials": trials, "depth": depth}, seed=5)
    th, em = d["theory"], d["empirical"]
    assert abs(em["mean_log"] - th["mean_log"]) < 5 * th["std_log"] / math.sqrt(trials)
    assert abs(em["variance_log"] / th["variance_log"] - 1) < 5 * math.sqrt(2 / trials) + 0.01
    # variance grows linearly with depth
    for row in d["checkpoints"]:
        assert abs(row["variance"] / (row["depth"] * math.pi**2 / 8) - 1) < 0.1
    assert d["float32"]["overflow_share"] == 0.0  # 100 scalar N(0,1) factors: typically ~1e-28, never 1e38


def test_random_matrices_explode_and_overflow_float32():
    d = result_dict("exploding-product", {"size": 4, "depth": 200, "trials": 2000}, seed=1)
    # drift per factor for 4×4 N(0,1) matrices: (ln 2 + ψ(2))/2 = (ln 2 + 1 − γ)/2 ≈ 0.558 > 0
    assert math.isclose(d["theory"]["mean_log_per_factor"], (math.log(2) + 1 - 0.5772156649015329) / 2, rel_tol=1e-12)
    assert abs(d["empirical"]["mean_log_per_factor"] - 0.558) < 0.01
    assert d["float32"]["overflow_share"] > 0.99
    d2 = result_dict("exploding-product", {"depth": 2000, "trials": 1000})
    assert d2["float32"]["underflow_share"] == 1.0  # 2000 scalar factors: ~10^-550
