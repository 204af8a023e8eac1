"""rope-scaling against an independent RoPE in torch (complex rotation, as in the original LLaMA code:
frequencies 1/base^(2i/d), q·e^(i·m·θ)), position interpolation as positions × L/L′, NTK as a new base,
and counts worked out pair by pair with math."""

import math

import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from tests.demos import check_drills, result_dict


def freqs(dim: int, base: float) -> torch.Tensor:
    return 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))


def rotary(x: torch.Tensor, pos: float, f: torch.Tensor) -> torch.Tensor:
    """x (dim,) with pairs (x_2i, x_2i+1) read as complex numbers, multiplied by e^(i·pos·θ_i)."""
    xc = torch.view_as_complex(x.reshape(-1, 2).contiguous())
    return torch.view_as_real(xc * torch.polar(torch.ones_like(f), pos * f)).reshape(-1)


@pytest.mark.parametrize("dim,base,L,L2", [(128, 10_000.0, 4096, 16_384), (64, 500_000.0, 2048, 8192),
                                           (16, 100.0, 50, 70), (2, 10.0, 10, 10)])
def test_theta_interpolation_and_ntk_base(dim, base, L, L2):
    r = result_dict("rope-scaling", {"dim": dim, "base": base, "trained_length": L, "target_length": L2})
    s = L2 / L
    f = freqs(dim, base)
    assert r["theta"] == pytest.approx(f.tolist(), rel=1e-12)
    assert r["wavelengths"] == pytest.approx((2 * math.pi / f).tolist(), rel=1e-12)
    assert r["interpolated_theta"] == pytest.approx((f / s).tolist(), rel=1e-12)
    if dim > 2:
        assert r["ntk_base"] == pytest.approx(base * s ** (dim / (dim - 2)), rel=1e-12)
        ntk = freqs(dim, r["ntk_base"])
        assert r["ntk_theta"] == pytest.approx(ntk.tolist(), rel=1e-12)
        # the fastest pair keeps θ₀ = 1, the slowest is divided by exactly s
        assert r["ntk_theta"][0] == 1.0 and r["ntk_theta"][-1] == pytest.approx(r["theta"][-1] / s, rel=1e-12)
    assert r["neighbour_angle"] == pytest.approx({"rope": 1.0, "interpolated": 1 / s, "ntk": 1.0})


@pytest.mark.parametrize("dim,base,L,L2", [(128, 10_000.0, 4096, 16_384), (32, 10_000.0, 512, 4096)])
def test_scores_by_distance_match_torch_rotary(dim, base, L, L2):
    r = result_dict("rope-scaling", {"dim": dim, "base": base, "trained_length": L, "target_length": L2})
    ones = torch.ones(dim, dtype=torch.float64)
    f, s = freqs(dim, base), L2 / L
    ntk = freqs(dim, base * s ** (dim / (dim - 2)))
    m = 123  # any absolute position: the scores are relative
    for row in r["scores_by_distance"]:
        delta = row["distance"]
        rope = rotary(ones, m, f) @ rotary(ones, m + delta, f) / dim
        pi = rotary(ones, m / s, f) @ rotary(ones, (m + delta) / s, f) / dim  # positions × L/L′
        nt = rotary(ones, m, ntk) @ rotary(ones, m + delta, ntk) / dim
        assert row["rope"] == pytest.approx(float(rope), abs=1e-9)
        assert row["interpolated"] == pytest.approx(float(pi), abs=1e-9)
        assert row["ntk"] == pytest.approx(float(nt), abs=1e-9)
    distances = [row["distance"] for row in r["scores_by_distance"]]
    assert distances[0] == 0 and r["scores_by_distance"][0]["rope"] == 1.0
    assert {L - 1, L2 - 1, 1, 2, 4} <= set(distances) and len(distances) <= 64


def test_rope_scores_are_relative_and_additive_ones_are_not():
    torch.manual_seed(0)
    q, k = torch.randn(64, dtype=torch.float64), torch.randn(64, dtype=torch.float64)
    f = freqs(64, 10_000.0)
    scores = [float(rotary(q, m, f) @ rotary(k, m + 37, f)) for m in (0, 5, 1000, 9000)]
    assert max(scores) - min(scores) < 1e-9  # the property the demo reports
    r = result_dict("rope-scaling", {"dim": 64, "trained_length": 1000, "target_length": 10_000})
    assert r["relative_max_abs_diff"] < 1e-9
    assert r["absolute_max_abs_diff"] > 1.0  # q + PE(m) and k + PE(n): the score moves with m


def _slow_and_unseen(dim, base, L, L2):
    """Pair by pair: slow pairs (wavelength > L), and slow pairs whose angle at distance L′ − 1 passes L·θ_i."""
    s = L2 / L
    slow, unseen = 0, {"rope": 0, "interpolated": 0, "ntk": 0}
    for i in range(dim // 2):
        theta = math.pow(base, -2 * i / dim)
        if 2 * math.pi / theta <= L:
            continue
        slow += 1
        scaled = {"rope": theta, "interpolated": theta / s,
                  "ntk": math.pow(base * math.pow(s, dim / (dim - 2)), -2 * i / dim)}
        for name, t in scaled.items():
            unseen[name] += (L2 - 1) * t > L * theta
    return slow, unseen


@pytest.mark.parametrize("dim,base,L,L2", [(128, 10_000.0, 4096, 16_384), (64, 10_000.0, 2048, 8192),
                                           (128, 500_000.0, 8192, 131_072), (8, 10.0, 4, 4)])
def test_slow_and_unseen_pairs_counted_pair_by_pair(dim, base, L, L2):
    r = result_dict("rope-scaling", {"dim": dim, "base": base, "trained_length": L, "target_length": L2})
    slow, unseen = _slow_and_unseen(dim, base, L, L2)
    assert r["slow_pairs"] == slow and r["unseen_pairs"] == unseen


def test_the_cards_numbers():
    # long-context: 18 of the 64 pairs are slower than 4096 positions (pairs 46 to 63); interpolation leaves none
    # beyond training; NTK-aware scaling brings back only the slowest pair (46 to 62 still extrapolate)
    r = result_dict("rope-scaling", {"dim": 128, "base": 10_000, "trained_length": 4096, "target_length": 16_384})
    assert r["slow_pairs"] == 18 and r["unseen_pairs"] == {"rope": 18, "interpolated": 0, "ntk": 17}
    assert r["ntk_base"] == pytest.approx(40889.94, rel=1e-6)
    # the predict question: d = 64, base 10,000, L = 2048: 2π·10000^(i/32) > 2048 from i = 21, so 11 pairs
    # and in the demo: 11 need unseen angles at 8192 with plain RoPE, none with interpolation, 10 with NTK
    r = result_dict("rope-scaling", {"dim": 64, "base": 10_000, "trained_length": 2048, "target_length": 8192})
    assert r["slow_pairs"] == 11 and r["unseen_pairs"] == {"rope": 11, "interpolated": 0, "ntk": 10}


def test_bounds_and_determinism():
    spec = get_spec("rope-scaling")
    with pytest.raises(ParamError, match="dim"):
        parse_params(spec, {"dim": 7})
    with pytest.raises(ParamError, match="target_length"):
        parse_params(spec, {"trained_length": 4096, "target_length": 2048})
    assert result_dict("rope-scaling", {}, seed=2) == result_dict("rope-scaling", {}, seed=2)


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer with math (tests/quiz/test_drill.py)."""
    d, b = params["dim"], params["base"]
    s = params["target_length"] / params["trained_length"]
    if path == "ntk_base":
        return b * math.exp(d / (d - 2) * math.log(s))
    i = int(path[path.index("[") + 1:path.index("]")])
    theta = math.exp(-2 * i / d * math.log(b))
    if path.startswith("wavelengths"):
        return 2 * math.pi / theta
    assert path.startswith("interpolated_theta")
    return theta / s


def test_drills_over_many_draws_match_the_independent_answer():
    check_drills("rope-scaling", drill_answer)
