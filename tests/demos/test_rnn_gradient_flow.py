"""rnn-gradient-flow against a numpy Jacobian chain (RNN) and hand-written LSTM equations under torch.autograd."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog import rnn_gradient_flow as rgf
from dlstudy.demos.params import parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.result import to_json
from dlstudy.demos.runner import make_rng
from tests.demos import result_dict


def _inputs(overrides, seed):
    params = parse_params(get_spec("rnn-gradient-flow"), overrides)
    return rgf.build(params, make_rng(seed))


def _rnn_numpy(x, W_ih, W_hh, u):
    """Forward in numpy, then the chain ∂L/∂h_{t−1} = W_hhᵀ·diag(1 − h_t²)·∂L/∂h_t from ∂L/∂h_T = u.

    Also the input gradients ∂L/∂x_t = W_ihᵀ·diag(1 − h_t²)·∂L/∂h_t. Lists start at the last step.
    """
    T, H = x.shape[0], W_hh.shape[0]
    h = np.zeros(H)
    hs = []
    for t in range(T):
        h = np.tanh(W_ih @ x[t] + W_hh @ h)
        hs.append(h)
    g = u.copy()
    norms, in_norms = [], []
    for t in range(T - 1, -1, -1):
        norms.append(np.linalg.norm(g))
        d = (1 - hs[t] ** 2) * g  # ∂L/∂(pre-activation of step t)
        in_norms.append(np.linalg.norm(W_ih.T @ d))
        g = W_hh.T @ d
    # explicit Jacobian product for the first step, as a second route: J = Π diag(1-h²)·W_hh
    J = np.eye(H)
    for t in range(T - 1, 0, -1):
        J = J @ (np.diag(1 - hs[t] ** 2) @ W_hh)
    return norms, in_norms, float(np.linalg.norm(u @ J))


def _lstm_manual(x, lw, u):
    """LSTM equations written out (gate order i, f, g, o as in torch), gradients by torch.autograd.grad."""
    W_ih, W_hh = torch.tensor(lw["W_ih"]), torch.tensor(lw["W_hh"])
    b = torch.tensor(lw["b_ih"] + lw["b_hh"])
    H = W_hh.shape[1]
    h = torch.zeros(H, dtype=torch.float64, requires_grad=True)
    c = torch.zeros(H, dtype=torch.float64)
    hs, cs, fs = [], [], []
    for t in range(x.shape[0]):
        z = W_ih @ torch.tensor(x[t]) + W_hh @ h + b
        i, f, g, o = torch.sigmoid(z[:H]), torch.sigmoid(z[H:2 * H]), torch.tanh(z[2 * H:3 * H]), torch.sigmoid(z[3 * H:])
        c = f * c + i * g
        h = o * torch.tanh(c)
        hs.append(h)
        cs.append(c)
        fs.append(f.mean().item())
    loss = h @ torch.tensor(u)
    grads = torch.autograd.grad(loss, hs + cs)
    T = len(hs)
    h_norms = [grads[t].norm().item() for t in range(T - 1, -1, -1)]
    c_norms = [grads[T + t].norm().item() for t in range(T - 1, -1, -1)]
    return h_norms, c_norms, float(np.mean(fs))


@pytest.mark.parametrize("over", [{}, {"weight_scale": 0.5, "steps": 30}, {"weight_scale": 2.5, "hidden": 8},
                                  {"steps": 2, "hidden": 1, "input_size": 1}, {"steps": 120, "hidden": 64}])
def test_rnn_norms_match_the_numpy_jacobian_chain(over):
    x, rw, _, u = _inputs(over, seed=1)
    norms, in_norms, first = _rnn_numpy(x, rw["W_ih"], rw["W_hh"], u)
    r = result_dict("rnn-gradient-flow", over, seed=1)["rnn"]
    np.testing.assert_allclose(r["grad_norm"], norms, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(r["input_grad_norm"], in_norms, rtol=1e-9, atol=1e-300)
    assert r["grad_norm"][-1] == pytest.approx(first, rel=1e-8, abs=1e-300)
    assert r["grad_norm"][0] == pytest.approx(1.0)
    assert r["spectral_radius"] == pytest.approx(float(np.max(np.abs(np.linalg.eigvals(rw["W_hh"])))), rel=1e-9)


@pytest.mark.parametrize("over", [{}, {"forget_bias": 0.0, "steps": 20}, {"forget_bias": 6.0, "hidden": 4},
                                  {"steps": 2, "hidden": 1, "input_size": 1}, {"weight_scale": 0.0, "steps": 5}])
def test_lstm_norms_match_hand_written_equations(over):
    x, _, lw, u = _inputs(over, seed=2)
    h_norms, c_norms, f_mean = _lstm_manual(x, lw, u)
    lstm = result_dict("rnn-gradient-flow", over, seed=2)["lstm"]
    np.testing.assert_allclose(lstm["grad_norm"], h_norms, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(lstm["cell_grad_norm"], c_norms, rtol=1e-9, atol=1e-300)
    assert lstm["mean_forget_gate"] == pytest.approx(f_mean, rel=1e-12)


def test_lstm_step_jacobian_by_autograd_functional():
    """One step back with Jacobians from torch.autograd.functional: ∂L/∂h_{T−1} = uᵀ·∂h_T/∂h_{T−1}; for the cell,
    c_{T−1} also reaches h_T through h_{T−1} = o_{T−1}·tanh(c_{T−1}), so the total is uᵀJc + (uᵀJh)·o·(1 − tanh²c)."""
    over = {"steps": 6, "hidden": 5}
    x, _, lw, u = _inputs(over, seed=4)
    cell = torch.nn.LSTMCell(x.shape[1], 5).double()
    with torch.no_grad():
        cell.weight_ih.copy_(torch.tensor(lw["W_ih"]))
        cell.weight_hh.copy_(torch.tensor(lw["W_hh"]))
        cell.bias_ih.copy_(torch.tensor(lw["b_ih"]))
        cell.bias_hh.copy_(torch.tensor(lw["b_hh"]))
    state = (torch.zeros(1, 5, dtype=torch.float64), torch.zeros(1, 5, dtype=torch.float64))
    with torch.no_grad():
        for t in range(5):
            state = cell(torch.tensor(x[t:t + 1]), state)
    xT = torch.tensor(x[5:6])
    Jh, Jc = torch.autograd.functional.jacobian(lambda h, c: cell(xT, (h, c))[0], state)
    uT = torch.tensor(u)
    lstm = result_dict("rnn-gradient-flow", over, seed=4)["lstm"]
    assert lstm["grad_norm"][1] == pytest.approx(float((uT @ Jh.reshape(5, 5)).norm()), rel=1e-10)
    h_prev, c_prev = state
    o_prev = h_prev / torch.tanh(c_prev)  # the output gate of step T−1
    dh = uT @ Jh.reshape(5, 5)
    dc = uT @ Jc.reshape(5, 5) + dh * (o_prev * (1 - torch.tanh(c_prev) ** 2))[0]
    assert lstm["cell_grad_norm"][1] == pytest.approx(float(dc.norm()), rel=1e-9)


def test_rnn_vanishes_and_lstm_keeps_gradient_with_open_forget_gates():
    d = result_dict("rnn-gradient-flow", {"steps": 60, "forget_bias": 4.0}, seed=0)
    assert d["rnn"]["grad_norm"][-1] < 1e-5
    assert d["lstm"]["grad_norm"][-1] > 100 * d["rnn"]["grad_norm"][-1]
    assert d["lstm"]["mean_forget_gate"] > 0.9
    closed = result_dict("rnn-gradient-flow", {"steps": 60, "forget_bias": -3.0}, seed=0)
    assert closed["lstm"]["grad_norm"][-1] < 1e-3 * d["lstm"]["grad_norm"][-1]
    assert d["rnn"]["trend"] == "vanishes" and d["larger_at_first_step"] == "LSTM"
    big = result_dict("rnn-gradient-flow", {"steps": 50, "weight_scale": 3.0}, seed=0)["rnn"]
    assert big["grad_norm"][-1] > 100 and big["trend"] == "explodes"
    # geometric mean factor per step is consistent with the endpoints
    r = d["rnn"]
    assert r["decay_per_step"] == pytest.approx((r["grad_norm"][-1] / r["grad_norm"][0]) ** (1 / 59), rel=1e-9)


def test_zero_recurrent_weights_cut_the_hidden_path_only():
    d = result_dict("rnn-gradient-flow", {"weight_scale": 0.0, "steps": 4}, seed=0)
    assert d["rnn"]["grad_norm"][1:] == [0.0, 0.0, 0.0]
    assert d["lstm"]["grad_norm"][1:] == [0.0, 0.0, 0.0]
    # the LSTM cell still carries gradient back through c_t = f_t·c_{t−1} + …
    assert all(v > 0 for v in d["lstm"]["cell_grad_norm"])
    assert all(math.isfinite(v) for v in d["rnn"]["input_grad_norm"])


def test_deterministic_and_threads_restored():
    before = torch.get_num_threads()
    a = to_json(result_dict("rnn-gradient-flow", {"steps": 10}, seed=3))
    assert torch.get_num_threads() == before
    assert a == to_json(result_dict("rnn-gradient-flow", {"steps": 10}, seed=3))
    assert a != to_json(result_dict("rnn-gradient-flow", {"steps": 10}, seed=4))
