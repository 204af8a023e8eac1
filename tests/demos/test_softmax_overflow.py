"""softmax-overflow against torch's own softmax, numpy's finfo and plain-Python arithmetic."""

import json
import math

import numpy as np
import pytest
import torch

from dlstudy.demos.result import to_json
from tests.demos import result_dict


def test_stable_matches_torch_in_float64():
    logits = [3.5, -2.0, 700.0, 699.0, 0.0, -800.0]
    d = result_dict("softmax-overflow", {"logits": logits, "dtype": "float64"})
    t = torch.tensor(logits, dtype=torch.float64)
    assert np.allclose(d["stable"], torch.softmax(t, 0).numpy(), rtol=1e-12, atol=1e-300)
    assert np.allclose(d["log_softmax"], torch.log_softmax(t, 0).numpy(), rtol=1e-12)
    assert math.isclose(d["logsumexp"], float(torch.logsumexp(t, 0)), rel_tol=1e-14)


def test_stable_matches_plain_python_for_the_default_case():
    d = result_dict("softmax-overflow", {})  # 1000, 1001, 1002 in float32
    z = sum(math.exp(k) for k in (-2, -1, 0))
    expected = [math.exp(k) / z for k in (-2, -1, 0)]
    assert np.allclose(d["stable"], expected, rtol=1e-6)
    assert np.allclose(d["torch"], expected, rtol=1e-6)
    assert np.allclose(d["log_softmax"], [k - math.log(z) for k in (-2, -1, 0)], rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_overflow_threshold_is_log_of_the_largest_float(dtype):
    d = result_dict("softmax-overflow", {"dtype": dtype, "logits": [1, 2]})
    fmax = float(np.finfo(np.dtype(dtype)).max)
    assert math.isclose(d["overflow_threshold"], math.log(fmax), rel_tol=1e-12)
    known = {"float16": 11.09, "float32": 88.72, "float64": 709.78}[dtype]
    assert abs(d["overflow_threshold"] - known) < 0.01
    # the largest logit with a finite exp: its exp is finite, the next representable number's is not
    t = np.dtype(dtype).type
    x = t(d["largest_finite_exp_logit"])
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(x))
        assert np.isinf(np.exp(np.nextafter(x, t(np.inf))))


def test_naive_float32_overflows_to_nan_and_the_warnings_are_explained():
    d = result_dict("softmax-overflow", {"logits": [1000, 1001, 1002], "dtype": "float32"})
    assert all(math.isnan(v) for v in d["naive"])
    assert all(math.isinf(v) for v in d["naive_exp"])
    assert d["naive_has_nan"] is True
    msgs = " ".join(w["numpy"] for w in d["warnings"])
    assert "overflow" in msgs and "invalid" in msgs
    data = json.loads(to_json(d))  # strict JSON: nan comes out as a string
    assert data["naive"] == ["nan", "nan", "nan"]


def test_naive_is_fine_for_small_logits():
    d = result_dict("softmax-overflow", {"logits": [1, 2, 3], "dtype": "float64"})
    assert d["warnings"] == [] and d["naive_has_nan"] is False
    assert np.allclose(d["naive"], d["stable"], rtol=1e-14)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_underflow_gives_zero_over_zero_while_stable_survives(dtype):
    d = result_dict("softmax-overflow", {"logits": [0, 1, 2], "dtype": dtype})
    u = d["underflow"]
    assert all(v == 0 for v in u["naive_exp"]) and u["naive_sum"] == 0
    assert all(math.isnan(v) for v in u["naive"])
    # all logits below ln(smallest subnormal): exp rounds to 0
    assert max(u["logits"]) < math.log(float(np.finfo(np.dtype(dtype)).smallest_subnormal))
    t = torch.tensor(u["logits"], dtype=torch.float64)
    tol = {"float16": 2e-3, "float32": 1e-6, "float64": 1e-12}[dtype]
    assert np.allclose(u["stable"], torch.softmax(t, 0).numpy(), rtol=tol, atol=tol)


def test_float16_cast_overflow_is_shown_not_raised():
    d = result_dict("softmax-overflow", {"logits": [1e6, 1.0], "dtype": "float16"})
    assert math.isinf(d["logits_in_dtype"][0])
    assert math.isnan(d["stable"][0])
    json.loads(to_json(d))


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): torch.softmax of the logits, at the largest one."""
    logits = torch.tensor(params["logits"], dtype=torch.float64)
    i = int(torch.argmax(logits))
    return float(torch.softmax(logits, 0)[i])
