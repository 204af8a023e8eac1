"""batchnorm-train-eval against torch.nn.BatchNorm1d run here on the demo's own inputs, and closed forms."""

import numpy as np
import pytest
import torch

from dlstudy.demos.runner import run_demo

CASES = [{}, {"batch": 2, "features": 1, "steps": 3, "momentum": 0.5},
         {"batch": 64, "features": 5, "steps": 40, "momentum": 0.01, "gamma": -2.0, "beta": -1.0, "eps": 1e-3},
         {"momentum": 0.0}, {"momentum": 1.0, "steps": 2}]


@pytest.mark.parametrize("params", CASES)
def test_matches_torch_batchnorm1d(params):
    run = run_demo("batchnorm-train-eval", params, seed=11)
    d, inputs = run.to_dict(), run.result.inputs
    p = run.params
    bn = torch.nn.BatchNorm1d(p["features"], eps=p["eps"], momentum=p["momentum"], dtype=torch.float64)
    with torch.no_grad():
        bn.weight.fill_(p["gamma"])
        bn.bias.fill_(p["beta"])
        for x in inputs["batches"]:
            out = bn(torch.tensor(x))
        assert np.allclose(d["train"]["output"], out.numpy(), rtol=1e-10, atol=1e-12)
        assert np.allclose(d["running"]["final_mean"], bn.running_mean.numpy(), rtol=1e-10, atol=1e-12)
        assert np.allclose(d["running"]["final_var"], bn.running_var.numpy(), rtol=1e-10, atol=1e-12)
        bn.eval()
        ev = bn(torch.tensor(inputs["eval_batch"]))
        assert np.allclose(d["eval"]["output"], ev.numpy(), rtol=1e-10, atol=1e-12)


def test_running_stats_follow_the_momentum_recursion_with_unbiased_variance():
    run = run_demo("batchnorm-train-eval", {"batch": 4, "features": 2, "steps": 6, "momentum": 0.3}, seed=2)
    d, batches = run.to_dict(), run.result.inputs["batches"]
    # unrolled closed form: running = (1-m)^k·init + Σ_i m(1-m)^(k-1-i)·stat_i
    m, k = 0.3, len(batches)
    mean = (1 - m) ** k * 0.0 + sum(m * (1 - m) ** (k - 1 - i) * b.mean(axis=0) for i, b in enumerate(batches))
    var = (1 - m) ** k * 1.0 + sum(m * (1 - m) ** (k - 1 - i) * b.var(axis=0, ddof=1) for i, b in enumerate(batches))
    assert np.allclose(d["running"]["final_mean"], mean, rtol=1e-12)
    assert np.allclose(d["running"]["final_var"], var, rtol=1e-12)
    assert d["running"]["init_weight"] == pytest.approx(0.7**6, rel=1e-12)
    # the batch variance used for normalizing is the biased one (÷n)
    assert np.allclose(d["train"]["batch_var"], batches[-1].var(axis=0, ddof=0), rtol=1e-12)


def test_train_output_has_mean_beta_and_std_gamma():
    d = run_demo("batchnorm-train-eval", {"batch": 100, "gamma": 3.0, "beta": -2.0, "eps": 1e-10}).to_dict()
    assert np.allclose(d["train"]["output_mean"], -2.0, atol=1e-12)
    assert np.allclose(d["train"]["output_std"], 3.0, rtol=1e-6)


def test_batch_size_one_outputs_beta_and_torch_raises():
    d = run_demo("batchnorm-train-eval", {"beta": 0.25}).to_dict()
    b = d["batch_one"]
    assert b["output"] == [0.25] * d["features"] and b["output_equals_beta"] is True
    assert b["torch_raises"] is True
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        torch.nn.BatchNorm1d(3).train()(torch.ones(1, 3))
