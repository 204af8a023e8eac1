"""lr-range-test: the schedule is geometric, the smoothing is a bias-corrected EMA, and divergence sits near 2/λ_max."""

import math

import numpy as np
import pytest

from tests.demos import result_dict


def test_learning_rates_grow_geometrically():
    d = result_dict("lr-range-test", {"lr_min": 1e-5, "lr_max": 1.0, "batches": 101})
    lrs = np.array(d["lrs"])
    assert math.isclose(lrs[0], 1e-5, rel_tol=1e-12)
    # 5 decades over 100 steps: ×10^(1/20) per batch
    assert np.allclose(lrs[1:] / lrs[:-1], 10 ** (1 / 20), rtol=1e-9)
    assert math.isclose(d["theory"]["lr_growth_per_batch"], 10 ** (1 / 20), rel_tol=1e-12)


def test_smoothed_loss_is_bias_corrected_ema_of_raw_losses():
    d = result_dict("lr-range-test", {"smoothing": 0.8}, seed=2)
    avg = 0.0
    for i, (raw, sm) in enumerate(zip(d["loss"], d["smoothed"])):
        avg = 0.8 * avg + 0.2 * raw
        assert math.isclose(sm, avg / (1 - 0.8 ** (i + 1)), rel_tol=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_linear_regression_diverges_near_two_over_lambda_max(seed):
    d = result_dict("lr-range-test", {"problem": "linear", "features": 10}, seed=seed)
    # X has 2000 standard-normal rows and 10 columns: λ_max(XᵀX/n) ≈ (1 + √(10/2000))² (Marchenko–Pastur edge)
    mp_edge = (1 + math.sqrt(10 / 2000)) ** 2
    assert abs(d["theory"]["lambda_max"] - mp_edge) < 0.1
    assert d["diverged"] is True
    limit = 2 / mp_edge
    assert 0.5 * limit < d["divergence_lr"] < 3 * limit
    # the suggestion sits on the falling part: below the minimum and far below divergence
    assert d["steepest_lr"] <= d["min_loss_lr"] < d["divergence_lr"]
    assert d["smoothed"][d["lrs"].index(d["steepest_lr"])] > min(d["smoothed"])


def test_small_range_does_not_diverge():
    d = result_dict("lr-range-test", {"problem": "linear", "lr_max": 0.5})
    assert d["diverged"] is False and d["stopped_early"] is False and len(d["lrs"]) == 200
    assert d["smoothed"][-1] < 0.2 * d["smoothed"][0]  # it did learn


def test_cross_parameter_check():
    from dlstudy.demos.params import ParamError, parse_params
    from dlstudy.demos.registry import get_spec

    with pytest.raises(ParamError, match="lr_max"):
        parse_params(get_spec("lr-range-test"), {"lr_min": 0.1, "lr_max": 0.5})
