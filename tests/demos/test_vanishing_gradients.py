"""vanishing-gradients: torch autograd vs a manual numpy backprop, and sigmoid's 1/4 derivative bound."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog.vanishing_gradients import build, forward_backward
from tests.demos import result_dict


def _numpy_backprop(activation, Ws, head, x, y):
    """Plain numpy forward and backward pass for ½·mean (head·h_L − y)²."""
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    hs, zs = [x], []
    for W in Ws:
        zs.append(hs[-1] @ W.T)
        hs.append(f(zs[-1]))
    out = hs[-1] @ head.T
    g_out = (out[:, 0] - y)[:, None] / len(y)  # dL/d out
    g_h = g_out @ head
    grads = [None] * len(Ws)
    for layer in reversed(range(len(Ws))):
        z = zs[layer]
        if activation == "sigmoid":
            s = 1 / (1 + np.exp(-z))
            fp = s * (1 - s)
        elif activation == "tanh":
            fp = 1 - np.tanh(z) ** 2
        else:
            fp = (z > 0).astype(float)
        g_z = g_h * fp
        grads[layer] = g_z.T @ hs[layer]
        g_h = g_z @ Ws[layer]
    return grads


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_autograd_matches_manual_numpy_backprop(activation):
    gen = torch.Generator().manual_seed(7)
    Ws, head = build(activation, 5, 8, "matched", gen)
    x = torch.randn(6, 8, generator=gen, dtype=torch.float64)
    y = torch.randn(6, generator=gen, dtype=torch.float64)
    _, grads, _, _ = forward_backward(activation, Ws, head, x, y)
    ref = _numpy_backprop(activation, [W.numpy() for W in Ws], head.numpy(), x.numpy(), y.numpy())
    for g, r in zip(grads, ref):
        assert np.allclose(g.numpy(), r, rtol=1e-10, atol=1e-14)


def test_sigmoid_backward_signal_obeys_quarter_bound_per_layer():
    gen = torch.Generator().manual_seed(3)
    Ws, head = build("sigmoid", 12, 32, "xavier", gen)
    x = torch.randn(16, 32, generator=gen, dtype=torch.float64)
    y = torch.randn(16, generator=gen, dtype=torch.float64)
    _, _, deltas, derivs = forward_backward("sigmoid", Ws, head, x, y)
    assert max(float(dv.max()) for dv in derivs) <= 0.25
    for layer in range(len(Ws) - 1):
        # δ_l = σ'(z_l) ⊙ (δ_{l+1} W_{l+1}), so ‖δ_l‖ ≤ ¼ · ‖W_{l+1}‖₂ · ‖δ_{l+1}‖
        spec = float(torch.linalg.matrix_norm(Ws[layer + 1], ord=2))
        assert float(deltas[layer].norm()) <= 0.25 * spec * float(deltas[layer + 1].norm()) * (1 + 1e-12)


def test_sigmoid_vanishes_geometrically_relu_with_he_does_not():
    d = result_dict("vanishing-gradients", {"depth": 20, "width": 64})
    sig, relu = d["activations"]["sigmoid"], d["activations"]["relu"]
    # with unit-gain weights each layer multiplies by about E[σ'] ≤ 1/4: 19 layers ≈ 4^-19
    assert sig["first_over_last"] < 1e-8
    assert sig["per_layer_factor"] < 0.35
    logs = np.log(sig["grad_norms"])
    slope = np.polyfit(np.arange(len(logs)), logs, 1)[0]  # a straight line in log scale = geometric decay
    assert math.exp(-slope) < 0.35 and np.corrcoef(np.arange(len(logs)), logs)[0, 1] > 0.99
    assert sig["max_derivative"] <= 0.25 and d["derivative_bound"]["sigmoid"] == 0.25
    assert 0.7 < relu["per_layer_factor"] < 1.4
    assert abs(relu["mean_derivative"] - 0.5) < 0.05  # about half of the units are active
    assert d["most_vanishing"] == "sigmoid"


def test_single_activation_runs():
    d = result_dict("vanishing-gradients", {"activation": "tanh", "depth": 3})
    assert list(d["activations"]) == ["tanh"] and len(d["activations"]["tanh"]["grad_norms"]) == 3
