"""lora-rank against Eckart–Young with torch.linalg.svdvals, torch nn.Linear parameter counts and a fitted B·A."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.runner import run_demo


def _delta_w(d_in, d_out, k, decay, noise, seed):
    """Rebuild ΔW from the same seeded generator (the demo's documented construction)."""
    rng = np.random.default_rng(seed)
    u, _ = np.linalg.qr(rng.standard_normal((d_out, k)))
    v, _ = np.linalg.qr(rng.standard_normal((d_in, k)))
    return torch.tensor((u * decay ** np.arange(k)) @ v.T + noise * rng.standard_normal((d_out, d_in)))


@pytest.mark.parametrize("d_in,d_out,k,decay,noise,ranks", [
    (64, 48, 6, 0.6, 0.001, [1, 2, 3, 6, 10, 48]),
    (30, 70, 30, 0.9, 0.0, [1, 5, 29, 30]),
    (16, 16, 1, 0.5, 0.05, [1, 2, 16]),
])
def test_error_squared_is_the_tail_of_squared_singular_values(d_in, d_out, k, decay, noise, ranks):
    r = run_demo("lora-rank", {"d_in": d_in, "d_out": d_out, "true_rank": k, "decay": decay, "noise": noise,
                               "ranks": ranks}, seed=2).to_dict()
    dw = _delta_w(d_in, d_out, k, decay, noise, seed=2)
    s = torch.linalg.svdvals(dw)
    assert r["singular_values"] == pytest.approx(s.tolist(), abs=1e-12)
    total = float((s**2).sum())
    assert r["frobenius_norm"] == pytest.approx(math.sqrt(total), rel=1e-12)
    for rank, err, spec in zip(r["ranks"], r["relative_error"], r["spectral_error"]):
        tail = float((s[rank:] ** 2).sum())
        assert err == pytest.approx(math.sqrt(tail / total), rel=1e-7, abs=1e-12)
        assert spec == pytest.approx(float(s[rank]) if rank < len(s) else 0.0, abs=1e-12)


def test_without_noise_the_true_rank_is_exact():
    r = run_demo("lora-rank", {"d_in": 40, "d_out": 40, "true_rank": 5, "decay": 0.5, "noise": 0.0,
                               "ranks": [4, 5, 6]}).to_dict()
    assert r["relative_error"][0] > 0.01
    assert r["relative_error"][1] < 1e-12 and r["relative_error"][2] < 1e-12
    assert r["singular_values"][:5] == pytest.approx([0.5**i for i in range(5)], rel=1e-12)
    assert r["rank_for"]["1%"] <= 5


@pytest.mark.parametrize("d_in,d_out", [(256, 256), (768, 768), (768, 64), (3, 700)])
def test_parameter_counts_from_torch_linear_layers(d_in, d_out):
    ranks = [r for r in (1, 2, 8, 64) if r <= min(d_in, d_out)]
    r = run_demo("lora-rank", {"d_in": d_in, "d_out": d_out, "true_rank": 1, "ranks": ranks}).to_dict()
    full = torch.nn.Linear(d_in, d_out, bias=False)
    assert r["params"]["full"] == full.weight.numel()
    for rank, n in zip(ranks, r["params"]["lora"]):
        a = torch.nn.Linear(d_in, rank, bias=False)  # A: r × d_in
        b = torch.nn.Linear(rank, d_out, bias=False)  # B: d_out × r
        assert tuple(a.weight.shape) == (rank, d_in) and tuple(b.weight.shape) == (d_out, rank)
        assert n == sum(p.numel() for p in (*a.parameters(), *b.parameters()))
        assert (b.weight @ a.weight).shape == full.weight.shape


def test_truncated_svd_beats_a_fitted_factorisation_and_random_factors():
    d_in, d_out, rank = 12, 10, 2
    r = run_demo("lora-rank", {"d_in": d_in, "d_out": d_out, "true_rank": 6, "decay": 0.8, "noise": 0.01,
                               "ranks": [rank]}, seed=1).to_dict()
    dw = _delta_w(d_in, d_out, 6, 0.8, 0.01, seed=1)
    g = torch.Generator().manual_seed(0)
    b = (0.1 * torch.randn(d_out, rank, generator=g, dtype=torch.float64)).requires_grad_()
    a = (0.1 * torch.randn(rank, d_in, generator=g, dtype=torch.float64)).requires_grad_()
    opt = torch.optim.LBFGS([a, b], max_iter=500, tolerance_grad=1e-12, tolerance_change=1e-15,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = ((dw - b @ a) ** 2).sum()
        loss.backward()
        return loss

    for _ in range(3):
        opt.step(closure)
    fitted = float(torch.linalg.norm(dw - (b @ a).detach()) / torch.linalg.norm(dw))
    assert fitted == pytest.approx(r["relative_error"][0], rel=1e-4)  # gradient descent finds the SVD optimum
    rnd = torch.randn(d_out, rank, generator=g, dtype=torch.float64) @ torch.randn(rank, d_in, generator=g,
                                                                                 dtype=torch.float64)
    coef = float((dw * rnd).sum() / (rnd * rnd).sum())  # best multiple of a random rank-2 matrix
    assert float(torch.linalg.norm(dw - coef * rnd) / torch.linalg.norm(dw)) > r["relative_error"][0]


def test_edges_deterministic_and_limits():
    r = run_demo("lora-rank", {"d_in": 1, "d_out": 1, "true_rank": 1, "ranks": [1]}).to_dict()
    assert r["relative_error"][0] == pytest.approx(0.0, abs=1e-12)
    assert r["params"]["full"] == 1 and r["params"]["lora"] == [2]
    r = run_demo("lora-rank", {"decay": 0.0, "noise": 0.0, "true_rank": 3, "ranks": [1, 2]}).to_dict()
    assert r["relative_error"] == pytest.approx([0.0, 0.0], abs=1e-12)  # 0^0 = 1: a rank-one update
    assert run_demo("lora-rank", {}, seed=3).to_dict() == run_demo("lora-rank", {}, seed=3).to_dict()
    spec = get_spec("lora-rank")
    with pytest.raises(ParamError, match="ranks"):
        parse_params(spec, {"d_in": 8, "d_out": 32, "ranks": [1, 9], "true_rank": 2})
    with pytest.raises(ParamError, match="true_rank"):
        parse_params(spec, {"d_in": 8, "d_out": 32, "ranks": [1], "true_rank": 9})


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): the parameters of two torch Linear layers, A then B."""
    r = params["ranks"][0]
    a, b = torch.nn.Linear(params["d_in"], r, bias=False), torch.nn.Linear(r, params["d_out"], bias=False)
    return sum(p.numel() for p in a.parameters()) + sum(p.numel() for p in b.parameters())
