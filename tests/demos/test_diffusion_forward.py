"""diffusion-forward against torch cumprod in float64, the cosine closed form and torch-sampled moments."""

import math

import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.runner import run_demo


@pytest.mark.parametrize("b0,b1,T", [(1e-4, 0.02, 1000), (1e-3, 0.05, 50), (0.01, 0.01, 10), (0.02, 1e-4, 300)])
def test_linear_alpha_bar_and_snr_match_torch_cumprod(b0, b1, T):
    r = run_demo("diffusion-forward", {"beta_start": b0, "beta_end": b1, "steps": T, "samples": 100,
                                       "checkpoints": 2}).to_dict()
    beta = torch.linspace(b0, b1, T, dtype=torch.float64)
    ab = torch.cumprod(1 - beta, dim=0)
    assert r["t"] == list(range(1, T + 1))
    assert r["beta"] == pytest.approx(beta.tolist(), rel=1e-12, abs=1e-15)
    assert r["alpha_bar"] == pytest.approx(ab.tolist(), rel=1e-10)
    assert r["snr"] == pytest.approx((ab / (1 - ab)).tolist(), rel=1e-9)
    first = int(torch.nonzero(ab < 0.5)[0]) + 1 if bool((ab < 0.5).any()) else None
    assert r["snr_below_1_step"] == first


def test_ddpm_default_ends_close_to_pure_noise():
    r = run_demo("diffusion-forward", {}).to_dict()
    # ln ᾱ_T = Σ ln(1 − β_t) ≈ −Σ β_t = −T·(β_1 + β_T)/2 ≈ −10.05
    s = sum(math.log(1 - (1e-4 + (0.02 - 1e-4) * i / 999)) for i in range(1000))
    assert r["final"]["alpha_bar"] == pytest.approx(math.exp(s), rel=1e-9)
    assert 3e-5 < r["final"]["alpha_bar"] < 5e-5
    assert r["final"]["noise_std"] == pytest.approx(math.sqrt(1 - math.exp(s)), rel=1e-12)


@pytest.mark.parametrize("T", [1, 10, 1000])
def test_cosine_schedule_matches_its_closed_form(T):
    r = run_demo("diffusion-forward", {"schedule": "cosine", "steps": T, "samples": 100}).to_dict()
    s = 0.008
    t = torch.arange(T + 1, dtype=torch.float64)
    f = torch.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
    closed = f / f[0]
    beta = torch.clamp(1 - closed[1:] / closed[:-1], max=0.999)
    ab = torch.cumprod(1 - beta, dim=0)
    assert r["alpha_bar"] == pytest.approx(ab.tolist(), rel=1e-9, abs=1e-300)
    # before the last step the clip never binds: ᾱ_t is exactly f(t)/f(0)
    assert r["alpha_bar"][:-1] == pytest.approx(closed[1:-1].tolist(), rel=1e-9)
    assert max(r["beta"]) <= 0.999
    assert r["final"]["alpha_bar"] == pytest.approx(float(closed[T - 1]) * 0.001 if T > 1 else 0.001, rel=1e-9)


@pytest.mark.parametrize("schedule,x0", [("linear", 1.0), ("linear", -3.0), ("cosine", 2.0)])
def test_sample_moments_match_theory_and_a_torch_sampler(schedule, x0):
    n, T = 20_000, 200
    r = run_demo("diffusion-forward", {"schedule": schedule, "steps": T, "x0": x0, "samples": n, "checkpoints": 5,
                                       "beta_end": 0.05}, seed=3).to_dict()
    ab = torch.tensor(r["alpha_bar"], dtype=torch.float64)
    g = torch.Generator().manual_seed(0)
    for row in r["checkpoints"]:
        a = float(ab[row["t"] - 1])
        assert row["theory_mean"] == pytest.approx(math.sqrt(a) * x0, rel=1e-12, abs=1e-15)
        assert row["theory_var"] == pytest.approx(1 - a, rel=1e-12)
        # torch draw of the closed form: same moments up to sampling error
        xt = math.sqrt(a) * x0 + math.sqrt(1 - a) * torch.randn(n, generator=g, dtype=torch.float64)
        se_mean = math.sqrt((1 - a) / n)
        se_var = (1 - a) * math.sqrt(2 / n)
        for key in ("jump_mean", "chain_mean"):
            assert abs(row[key] - row["theory_mean"]) < 5 * se_mean + 1e-12, (row["t"], key)
        for key in ("jump_var", "chain_var"):
            assert abs(row[key] - row["theory_var"]) < 5 * se_var + 1e-12, (row["t"], key)
        assert abs(row["jump_mean"] - float(xt.mean())) < 7 * se_mean + 1e-12
        assert abs(row["jump_var"] - float(xt.var(unbiased=False))) < 7 * se_var + 1e-12


def test_iterating_the_chain_in_torch_gives_the_closed_form_variance():
    # independent: run x_t = √(1−β_t) x_{t−1} + √β_t ε in torch and compare with the demo's 1 − ᾱ_T
    r = run_demo("diffusion-forward", {"steps": 100, "beta_end": 0.05, "samples": 100}).to_dict()
    beta = torch.tensor(r["beta"], dtype=torch.float64)
    g = torch.Generator().manual_seed(1)
    x = torch.zeros(20_000, dtype=torch.float64)  # x0 = 0 isolates the noise
    for b in beta:
        x = torch.sqrt(1 - b) * x + torch.sqrt(b) * torch.randn(x.shape, generator=g, dtype=torch.float64)
    assert float(x.var()) == pytest.approx(1 - r["final"]["alpha_bar"], abs=5 * math.sqrt(2 / 20_000))


def test_edges_determinism_and_limits():
    r = run_demo("diffusion-forward", {"steps": 1, "checkpoints": 5, "samples": 100}).to_dict()
    assert r["alpha_bar"] == pytest.approx([1 - 1e-4]) and [c["t"] for c in r["checkpoints"]] == [1]
    assert r["snr_below_1_step"] is None
    a = run_demo("diffusion-forward", {"steps": 50}, seed=2).to_dict()
    assert a == run_demo("diffusion-forward", {"steps": 50}, seed=2).to_dict()
    with pytest.raises(ParamError, match="samples"):
        parse_params(get_spec("diffusion-forward"), {"steps": 4000, "samples": 200_000})
