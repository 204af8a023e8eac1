"""dropout-scaling against torch.nn.Dropout run here and the binomial sampling error."""

import math

import pytest
import torch

from tests.demos import result_dict


@pytest.mark.parametrize("p", [0.0, 0.1, 0.5, 0.9])
def test_keep_fraction_and_means_within_sampling_error(p):
    n = 400_000
    d = result_dict("dropout-scaling", {"p": p, "n": n, "input_mean": 2.0, "input_std": 0.5}, seed=3)
    se = math.sqrt(p * (1 - p) / n)
    assert abs(d["inverted"]["keep_fraction"] - (1 - p)) <= 5 * se + 1e-12
    # torch.nn.Dropout run here, independently, keeps the same fraction within sampling error
    torch.manual_seed(123)
    y = torch.nn.Dropout(p).train()(torch.ones(n, dtype=torch.float64))
    torch_keep = float((y != 0).double().mean())
    assert abs(torch_keep - (1 - p)) <= 5 * se + 1e-12
    assert abs(d["inverted"]["keep_fraction"] - torch_keep) <= 8 * se + 1e-12
    # kept values are scaled by 1/(1-p) in torch, exactly like the demo's inverted dropout
    assert float(y.max()) == pytest.approx(1 / (1 - p), rel=1e-12)
    # mean preserved with scaling, shrunk by (1-p) without: standard error of the mean of x·mask/(1-p)
    sd_inv = math.sqrt((0.5**2 + 2.0**2) / (1 - p) - 2.0**2)
    assert abs(d["inverted"]["mean"] - 2.0) <= 5 * sd_inv / math.sqrt(n) + 5 * 0.5 / math.sqrt(n)
    assert d["unscaled"]["mean_ratio"] == pytest.approx(1 - p, abs=6 * (sd_inv * (1 - p) + 0.5) / 2.0 / math.sqrt(n))
    assert d["torch"]["kept_values_scaled"] is True


def test_eval_mode_is_identity_in_torch_and_demo():
    d = result_dict("dropout-scaling", {"p": 0.7})
    x = torch.randn(1000, dtype=torch.float64)
    assert torch.equal(torch.nn.Dropout(0.7).eval()(x), x)
    assert d["eval"]["identity"] is True and d["torch"]["eval_identity"] is True


def test_train_variance_matches_second_moment_formula():
    # Var(x·m/(1-p)) = E[x²]/(1-p) - E[x]² for x independent of the Bernoulli(1-p) mask m
    d = result_dict("dropout-scaling", {"p": 0.3, "n": 1_000_000, "input_mean": 1.0, "input_std": 1.0}, seed=1)
    expected = (1.0 + 1.0) / 0.7 - 1.0
    assert d["theory"]["inverted_var"] == pytest.approx(expected, rel=1e-12)
    assert d["inverted"]["var"] == pytest.approx(expected, rel=0.02)
    assert d["scale"] == pytest.approx(1 / 0.7, rel=1e-12)
