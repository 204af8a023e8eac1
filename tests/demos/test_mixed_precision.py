"""mixed-precision against thresholds from torch.finfo / numpy (counting underflow by definition) and torch's own
float16 / bfloat16 casts."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog import mixed_precision as mp
from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.result import to_json
from dlstudy.demos.runner import make_rng
from tests.demos import result_dict


def _min_subnormal(dtype):
    fi = torch.finfo(dtype)
    return fi.tiny * fi.eps  # smallest normal · 2^-(mantissa bits)


FP16_SUB = _min_subnormal(torch.float16)
BF16_SUB = _min_subnormal(torch.bfloat16)


def _gradients(over, seed):
    params = parse_params(get_spec("mixed-precision"), over)
    g = mp.draw_gradients(params, make_rng(seed)).astype(np.float64)
    return params, g[g != 0]


def _underflows(mag, sub):
    """By definition of round-to-nearest-even: below half the smallest subnormal → 0; exactly half → 0 (even)."""
    return mag <= sub / 2


def test_thresholds_agree_with_torch_finfo_and_numpy():
    d = result_dict("mixed-precision", {"count": 100})
    th = d["thresholds"]
    assert FP16_SUB == 2.0 ** -24 == float(np.finfo(np.float16).smallest_subnormal)
    assert th["fp16"]["min_subnormal"] == FP16_SUB and th["fp16"]["underflow_below"] == FP16_SUB / 2
    assert th["fp16"]["min_normal"] == torch.finfo(torch.float16).tiny and th["fp16"]["max"] == torch.finfo(torch.float16).max
    assert th["bf16"]["min_subnormal"] == BF16_SUB == 2.0 ** -133
    assert th["bf16"]["min_normal"] == torch.finfo(torch.bfloat16).tiny and th["bf16"]["max"] == torch.finfo(torch.bfloat16).max
    assert th["fp16"]["unit_roundoff"] == torch.finfo(torch.float16).eps / 2
    assert th["bf16"]["unit_roundoff"] == torch.finfo(torch.bfloat16).eps / 2
    assert th["fp32"]["min_subnormal"] == float(np.finfo(np.float32).smallest_subnormal)


@pytest.mark.parametrize("over", [{}, {"distribution": "log-normal"}, {"loss_scale": 65536.0},
                                  {"log10_min": -44.0, "log10_max": -36.0, "loss_scale": 1e12},
                                  {"log10_min": -9.0, "log10_max": -6.0, "count": 100},
                                  {"log10_min": 3.0, "log10_max": 4.0, "loss_scale": 8.0}])
def test_underflow_shares_by_definition(over):
    params, g = _gradients(over, seed=2)
    S = params["loss_scale"]
    d = result_dict("mixed-precision", over, seed=2)
    mag = np.abs(g)
    assert d["nonzero_count"] == g.size
    assert d["fp16"]["underflow_share"] == pytest.approx(np.mean(_underflows(mag, FP16_SUB)), abs=1e-12)
    assert d["bf16"]["underflow_share"] == pytest.approx(np.mean(_underflows(mag, BF16_SUB)), abs=1e-12)
    scaled = np.abs((g.astype(np.float32) * np.float32(S)).astype(np.float64))
    assert d["scaled"]["underflow_share"] == pytest.approx(np.mean(_underflows(scaled, FP16_SUB)), abs=1e-12)
    # overflow by definition: at or above the midpoint between 65504 and the next binade step 65536 → inf
    limit = torch.finfo(torch.float16).max + 2.0 ** (15 - 10) / 2
    assert d["scaled"]["overflow_share"] == pytest.approx(np.mean(scaled >= limit), abs=1e-12)
    assert d["fp16"]["overflow_share"] == pytest.approx(np.mean(mag >= limit), abs=1e-12)
    assert d["scaled"]["has_overflow"] == bool(np.any(scaled >= limit))


@pytest.mark.parametrize("over", [{}, {"log10_min": -44.0, "log10_max": 4.0}, {"loss_scale": 3.0}])
def test_casts_equal_torch_casts(over):
    params, g = _gradients(over, seed=5)
    g32 = torch.tensor(g, dtype=torch.float32)
    S = params["loss_scale"]
    d = result_dict("mixed-precision", over, seed=5)
    h = g32.to(torch.float16)
    hs = (g32 * S).to(torch.float16)
    b = g32.to(torch.bfloat16)
    n = g.size
    assert d["fp16"]["underflow_share"] == pytest.approx(float((h == 0).sum()) / n, abs=1e-12)
    assert d["scaled"]["underflow_share"] == pytest.approx(float((hs == 0).sum()) / n, abs=1e-12)
    assert d["scaled"]["overflow_share"] == pytest.approx(float(torch.isinf(hs).sum()) / n, abs=1e-12)
    assert d["bf16"]["underflow_share"] == pytest.approx(float((b == 0).sum()) / n, abs=1e-12)
    # the numpy bfloat16 emulation is bit-identical to torch's cast
    np.testing.assert_array_equal(mp.to_bf16(g.astype(np.float32)), b.float().numpy())
    # relative error of what survives bf16 is bounded by its unit roundoff 2^-8 (normals)
    ok = b != 0
    rel = ((b[ok].double() - g32[ok].double()).abs() / g32[ok].double().abs()).max().item()
    if (g32.abs() >= torch.finfo(torch.bfloat16).tiny).all():
        assert rel <= 2.0 ** -8 and d["bf16"]["rel_error"]["max"] == pytest.approx(rel, rel=1e-9)


def test_bf16_emulation_on_edge_values():
    vals = np.array([0.0, -0.0, 1.0, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -7 + 2 ** -8, 3.3895e38, 3.4e38,
                     2.0 ** -133, 2.0 ** -134, 1.5 * 2.0 ** -134, 2.0 ** -126, np.inf, -np.inf, -1e-40, 7e-46],
                    dtype=np.float32)
    np.testing.assert_array_equal(mp.to_bf16(vals), torch.tensor(vals).to(torch.bfloat16).float().numpy())


def test_log_uniform_share_matches_the_closed_form():
    # P(|g| < 2^-25) for log10|g| ~ U(a, b) is (log10(2^-25) − a) / (b − a), within sampling error
    d = result_dict("mixed-precision", {"log10_min": -12.0, "log10_max": -2.0, "count": 200_000,
                                        "loss_scale": 1024.0}, seed=1)
    t = math.log10(FP16_SUB / 2)
    p = (t + 12) / 10
    se = math.sqrt(p * (1 - p) / 200_000)
    assert abs(d["fp16"]["underflow_share"] - p) < 5 * se
    ps = (t - math.log10(1024) + 12) / 10
    assert abs(d["scaled"]["underflow_share"] - ps) < 5 * math.sqrt(ps * (1 - ps) / 200_000)
    assert d["bf16"]["underflow_share"] == 0.0
    assert d["scaled"]["underflow_share"] < d["fp16"]["underflow_share"]


def test_loss_scale_rescues_and_overflows():
    big = result_dict("mixed-precision", {"loss_scale": 2.0 ** 24}, seed=0)
    assert big["scaled"]["underflow_share"] == 0.0 and big["scaled"]["has_overflow"] is True
    assert any("halves the scale" in n for n in big["notes"])
    d = result_dict("mixed-precision", {}, seed=0)
    _params, g = _gradients({}, seed=0)
    # largest power of two S with max|g|·S ≤ 65504
    S = 2.0 ** math.floor(math.log2(65504 / np.abs(g).max()))
    assert d["scaled"]["max_safe_scale"] == S and np.abs(g).max() * S <= 65504 < np.abs(g).max() * 2 * S
    safe = result_dict("mixed-precision", {"loss_scale": S}, seed=0)
    assert safe["scaled"]["overflow_share"] == 0.0
    # unscaling in float32 recovers the gradients to fp16 precision for scaled values in the normal range
    assert safe["scaled"]["unscaled_rel_error"]["median"] < 2.0 ** -11


def test_per_decade_counts_add_up():
    d = result_dict("mixed-precision", {}, seed=3)
    rows = d["by_decade"]
    assert sum(r["count"] for r in rows) == d["nonzero_count"]
    lost = sum(r["count"] * r["fp16_lost"] for r in rows)
    assert lost == pytest.approx(d["fp16"]["underflow_count"])


def test_bounds_and_determinism():
    with pytest.raises(ParamError, match="log10_min"):
        parse_params(get_spec("mixed-precision"), {"log10_min": -2.0, "log10_max": -3.0})
    a = to_json(result_dict("mixed-precision", {"count": 1000}, seed=9))
    assert a == to_json(result_dict("mixed-precision", {"count": 1000}, seed=9))
    assert a != to_json(result_dict("mixed-precision", {"count": 1000}, seed=10))
