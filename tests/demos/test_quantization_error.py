"""quantization-error against a separate absmax implementation and torch.quantize_per_tensor/per_channel (int8)."""

import numpy as np
import pytest
import torch

from dlstudy.demos.runner import run_demo


def _weights(rows, cols, outlier, seed):
    """The demo's documented construction, redrawn: N(0, 1) weights, one entry set to the outlier."""
    rng = np.random.default_rng(seed)
    w = torch.tensor(rng.standard_normal((rows, cols)))
    r0, c0 = int(rng.integers(rows)), int(rng.integers(cols))
    if outlier != 0:
        w[r0, c0] = outlier
    return w, r0, c0


def _absmax(w, bits, dim=None):
    """Symmetric absmax quantize-dequantize, written separately in torch."""
    qmax = 2 ** (bits - 1) - 1
    amax = w.abs().amax() if dim is None else w.abs().amax(dim=dim, keepdim=True)
    scale = amax / qmax
    q = torch.clamp(torch.round(w / scale), -qmax, qmax)
    return q * scale, scale, q


@pytest.mark.parametrize("bits", [2, 3, 4, 6, 8])
@pytest.mark.parametrize("outlier", [0.0, 20.0, -300.0])
def test_matches_an_independent_absmax_implementation(bits, outlier):
    rows, cols = 12, 40
    r = run_demo("quantization-error", {"bits": bits, "rows": rows, "cols": cols, "outlier": outlier},
                 seed=6).to_dict()
    w, r0, c0 = _weights(rows, cols, outlier, seed=6)
    deq_t, scale_t, q_t = _absmax(w, bits)
    deq_c, scale_c, q_c = _absmax(w, bits, dim=1)
    pt, pc = r["per_tensor"], r["per_channel"]
    assert r["bits"] == bits and r["qmax"] == 2 ** (bits - 1) - 1
    assert pt["scale"] == pytest.approx(float(scale_t), rel=1e-12)
    assert pc["scales"] == pytest.approx(scale_c.flatten().tolist(), rel=1e-12)
    assert pt["max_abs_error"] == pytest.approx(float((w - deq_t).abs().max()), rel=1e-9, abs=1e-15)
    assert pc["max_abs_error"] == pytest.approx(float((w - deq_c).abs().max()), rel=1e-9, abs=1e-15)
    assert pt["mean_abs_error"] == pytest.approx(float((w - deq_t).abs().mean()), rel=1e-9)
    assert pc["mean_abs_error"] == pytest.approx(float((w - deq_c).abs().mean()), rel=1e-9)
    assert pt["zero_fraction"] == pytest.approx(float((q_t == 0).double().mean()))
    assert pc["zero_fraction"] == pytest.approx(float((q_c == 0).double().mean()))
    # rounding error is at most half a step
    assert pt["max_abs_error"] <= pt["scale"] / 2 + 1e-12
    assert pc["max_abs_error"] <= max(pc["scales"]) / 2 + 1e-12
    if outlier:
        assert r["outlier"]["row"] == r0 and r["outlier"]["col"] == c0
        assert pt["scale"] == pytest.approx(abs(outlier) / r["qmax"])
        assert pt["outlier_abs_error"] == pytest.approx(0.0, abs=1e-12)  # the absmax itself is exact
        others = torch.ones(rows, dtype=torch.bool)
        others[r0] = False
        assert pc["other_rows_max_abs_error"] == pytest.approx(float((w - deq_c)[others].abs().max()), rel=1e-9)


@pytest.mark.filterwarnings("ignore:.*quantize_per_tensor.*:UserWarning")
@pytest.mark.parametrize("outlier", [0.0, 25.0])
def test_int8_agrees_with_torch_quantize(outlier):
    rows, cols = 16, 64
    r = run_demo("quantization-error", {"bits": 8, "rows": rows, "cols": cols, "outlier": outlier}, seed=1).to_dict()
    w, _, _ = _weights(rows, cols, outlier, seed=1)
    w32 = w.float()
    scale = float(w.abs().max()) / 127
    qt = torch.quantize_per_tensor(w32, scale=scale, zero_point=0, dtype=torch.qint8)
    assert int(qt.int_repr().abs().max()) == 127
    err_t = (w32 - qt.dequantize()).abs()
    assert r["per_tensor"]["max_abs_error"] == pytest.approx(float(err_t.max()), rel=1e-4)
    assert r["per_tensor"]["mean_abs_error"] == pytest.approx(float(err_t.mean()), rel=1e-4)
    scales = w.abs().amax(dim=1) / 127
    qc = torch.quantize_per_channel(w32, scales=scales, zero_points=torch.zeros(rows, dtype=torch.long), axis=0,
                                    dtype=torch.qint8)
    err_c = (w32 - qc.dequantize()).abs()
    assert r["per_channel"]["max_abs_error"] == pytest.approx(float(err_c.max()), rel=1e-4)
    assert r["per_channel"]["mean_abs_error"] == pytest.approx(float(err_c.mean()), rel=1e-4)


def test_outlier_hurts_per_tensor_far_more():
    r = run_demo("quantization-error", {"bits": 4, "rows": 32, "cols": 128, "outlier": 50.0}, seed=0).to_dict()
    pt, pc = r["per_tensor"], r["per_channel"]
    assert pt["mean_abs_error"] > 3 * pc["mean_abs_error"]
    assert pt["zero_fraction"] > 0.9  # step 50/7 ≈ 7.1: every |w| < 3.6 rounds to 0
    assert pt["other_rows_max_abs_error"] > 5 * pc["other_rows_max_abs_error"]
    # without the outlier the two schemes are close
    r = run_demo("quantization-error", {"bits": 4, "rows": 32, "cols": 128, "outlier": 0.0}, seed=0).to_dict()
    assert r["per_tensor"]["mean_abs_error"] < 1.5 * r["per_channel"]["mean_abs_error"]


def test_edges_and_determinism():
    r = run_demo("quantization-error", {"rows": 1, "cols": 1, "outlier": 0.0}).to_dict()
    assert r["per_tensor"]["max_abs_error"] == pytest.approx(0.0, abs=1e-15)  # a single weight is its own absmax
    r = run_demo("quantization-error", {"rows": 1, "cols": 5, "outlier": 7.0, "bits": 2}).to_dict()
    assert r["per_tensor"]["scale"] == r["per_channel"]["scales"][0] == 7.0  # one row: the two schemes coincide
    assert r["per_channel"]["other_rows_max_abs_error"] == 0.0
    a = run_demo("quantization-error", {}, seed=9).to_dict()
    assert a == run_demo("quantization-error", {}, seed=9).to_dict()
