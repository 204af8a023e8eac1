"""gradient-clipping against torch.nn.utils.clip_grad_norm_ / clip_grad_value_ and first principles."""

import math

import numpy as np
import pytest
import torch

from tests.demos import result_dict


def _torch_params(grads):
    params = []
    for g in grads:
        p = torch.nn.Parameter(torch.zeros(len(g), dtype=torch.float64))
        p.grad = torch.tensor(g, dtype=torch.float64)
        params.append(p)
    return params


@pytest.mark.parametrize("params", [{}, {"sizes": [10, 1, 50, 3], "growth": 0.5, "max_norm": 2.0},
                                    {"max_norm": 1e3}, {"sizes": [1], "grad_std": 5.0, "max_norm": 0.1}])
def test_clip_by_norm_matches_torch(params):
    r = result_dict("gradient-clipping", params, seed=4)
    torch_params = _torch_params(r["grads"])
    total = torch.nn.utils.clip_grad_norm_(torch_params, max_norm=r["max_norm"])
    assert r["global_norm"] == pytest.approx(float(total), rel=1e-12)
    # torch divides by (norm + 1e-6); the demo uses the exact ratio
    for mine, p in zip(r["by_norm"]["grads"], torch_params):
        assert mine == pytest.approx(p.grad.tolist(), rel=1e-5, abs=1e-12)
    assert r["was_clipped"] == (float(total) > r["max_norm"])


def test_clip_by_value_matches_torch():
    r = result_dict("gradient-clipping", {"clip_value": 0.7, "sizes": [20, 30]}, seed=2)
    torch_params = _torch_params(r["grads"])
    torch.nn.utils.clip_grad_value_(torch_params, clip_value=0.7)
    for mine, p in zip(r["by_value"]["grads"], torch_params):
        assert mine == pytest.approx(p.grad.tolist(), abs=0)


def test_global_norm_direction_and_length_from_first_principles():
    r = result_dict("gradient-clipping", {"sizes": [8, 8, 8], "growth": 4.0, "max_norm": 1.5}, seed=9)
    flat = np.concatenate([np.array(g) for g in r["grads"]])
    norm = math.sqrt(sum(v * v for v in flat))
    assert r["global_norm"] == pytest.approx(norm, rel=1e-12)
    assert r["scale"] == pytest.approx(1.5 / norm, rel=1e-12)
    clipped = np.concatenate([np.array(g) for g in r["by_norm"]["grads"]])
    assert np.linalg.norm(clipped) == pytest.approx(1.5, rel=1e-12)
    # same direction: clipped is a positive multiple of the raw gradient, element by element
    assert np.allclose(clipped / flat, 1.5 / norm, rtol=1e-10)
    assert r["by_norm"]["direction_preserved"] is True
    # clip by value with many elements above c changes the direction
    value = np.concatenate([np.array(g) for g in r["by_value"]["grads"]])
    cos = float(value @ flat / (np.linalg.norm(value) * np.linalg.norm(flat)))
    assert r["by_value"]["cosine"] == pytest.approx(cos, rel=1e-12)
    assert cos < 0.999 and r["by_value"]["direction_preserved"] is False
    assert r["by_value"]["fraction_clipped"] == pytest.approx(float(np.mean(np.abs(flat) > r["clip_value"])))


def test_small_gradients_are_untouched():
    r = result_dict("gradient-clipping", {"grad_std": 1e-3, "growth": 1.0, "max_norm": 10.0})
    assert r["was_clipped"] is False and r["scale"] == 1.0
    assert r["by_norm"]["grads"] == r["grads"]
