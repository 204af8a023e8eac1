"""mse-mle against np.polyfit, torch's Normal log-density, brute-force LAD and a 1-D search for sigma."""

import itertools
import math

import numpy as np
import pytest
import torch

from tests.demos import result_dict


def _data(n, w, b, sigma, noise, seed):
    """The demo's data, regenerated from the seed in the documented order (x, then noise)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, size=n)
    eps = rng.normal(0.0, sigma, size=n) if noise == "gaussian" else rng.laplace(0.0, sigma / math.sqrt(2), size=n)
    return x, w * x + b + eps


@pytest.mark.parametrize("noise", ["gaussian", "laplace"])
def test_least_squares_and_gradient_ascent_match_polyfit(noise):
    params = {"n": 300, "w": -1.5, "b": 0.7, "sigma": 0.8, "noise": noise}
    d = result_dict("mse-mle", params, seed=4)
    x, y = _data(300, -1.5, 0.7, 0.8, noise, 4)
    w_ref, b_ref = np.polyfit(x, y, 1)
    assert math.isclose(d["least_squares"]["w"], w_ref, abs_tol=1e-9)
    assert math.isclose(d["least_squares"]["b"], b_ref, abs_tol=1e-9)
    for g in d["gradient_ascent"]:  # any fixed sigma: the maximizer of the Gaussian likelihood is the LS line
        assert abs(g["w"] - w_ref) < 1e-6 and abs(g["b"] - b_ref) < 1e-6
    assert d["same_solution"] is True
    # the grid minimum lies within one grid step of the least-squares solution
    assert abs(d["grid"]["w"] - w_ref) <= d["grid"]["step"] and abs(d["grid"]["b"] - b_ref) <= d["grid"]["step"]


def test_too_few_steps_is_reported_as_not_converged():
    d = result_dict("mse-mle", {"steps": 1})
    assert d["same_solution"] is False and d["max_abs_difference"] > 1e-6


def test_nll_formula_equals_torch_log_density_sum():
    d = result_dict("mse-mle", {"n": 50, "sigma": 0.3}, seed=2)
    x, y = _data(50, 2.0, -1.0, 0.3, "gaussian", 2)
    w, b = np.polyfit(x, y, 1)
    res = torch.tensor(y - w * x - b, dtype=torch.float64)
    nll = -torch.distributions.Normal(torch.tensor(0.0, dtype=torch.float64), torch.tensor(0.3, dtype=torch.float64)).log_prob(res).sum().item()
    assert math.isclose(d["nll"]["direct"], nll, rel_tol=1e-9)
    assert math.isclose(d["nll"]["formula"], nll, rel_tol=1e-9)
    # sigma² = SSE/n maximizes the likelihood: compare with a fine 1-D search
    sig = np.linspace(0.05, 1.0, 20001)
    sse = float((res.numpy() ** 2).sum())
    nlls = 50 / 2 * np.log(2 * np.pi * sig**2) + sse / (2 * sig**2)
    assert math.isclose(d["nll"]["sigma_mle"], sig[np.argmin(nlls)], abs_tol=1e-4)


def test_lad_matches_brute_force_over_point_pairs():
    # an L1 regression optimum passes through (at least) two data points: try every pair
    d = result_dict("mse-mle", {"n": 25, "noise": "laplace"}, seed=7)
    x, y = _data(25, 2.0, -1.0, 0.5, "laplace", 7)
    best = math.inf
    for i, j in itertools.combinations(range(25), 2):
        if x[i] == x[j]:
            continue
        w = (y[j] - y[i]) / (x[j] - x[i])
        b = y[i] - w * x[i]
        best = min(best, float(np.abs(y - w * x - b).sum()))
    assert math.isclose(d["lad"]["sae"], best, rel_tol=1e-7)
    assert d["best_fit_under"] == {"gaussian": "least_squares", "laplace": "lad"}
