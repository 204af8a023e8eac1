"""backprop-check against an independent torch autograd computation written here (nn.Linear, nn.CrossEntropyLoss),
and the gradient-check comparison logic against deliberately broken gradients."""

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog import backprop_check as bc
from dlstudy.demos.params import parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.result import to_json
from dlstudy.demos.runner import make_rng
from tests.demos import result_dict


def _problem(overrides, seed):
    params = parse_params(get_spec("backprop-check"), overrides)
    return params, bc.make_problem(params, make_rng(seed))


def _reference_grads(X, y, weights, activation):
    """nn.Linear layers (weight stored transposed), nn.CrossEntropyLoss with reduction='mean', .backward()."""
    dt = torch.float64 if X.dtype == np.float64 else torch.float32
    W1, b1, W2, b2 = (torch.tensor(np.asarray(w, dtype=np.float64), dtype=dt) for w in weights)
    l1 = torch.nn.Linear(W1.shape[0], W1.shape[1]).to(dt)
    l2 = torch.nn.Linear(W2.shape[0], W2.shape[1]).to(dt)
    with torch.no_grad():
        l1.weight.copy_(W1.T)
        l1.bias.copy_(b1)
        l2.weight.copy_(W2.T)
        l2.bias.copy_(b2)
    act = torch.nn.Tanh() if activation == "tanh" else torch.nn.ReLU()
    model = torch.nn.Sequential(l1, act, l2)
    loss = torch.nn.CrossEntropyLoss()(model(torch.tensor(X, dtype=dt)), torch.tensor(y, dtype=torch.long))
    loss.backward()
    grads = [l1.weight.grad.T.double().numpy(), l1.bias.grad.double().numpy(),
             l2.weight.grad.T.double().numpy(), l2.bias.grad.double().numpy()]
    return loss.item(), grads


def _rel(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("shape", [(8, 5, 7, 4), (1, 1, 1, 2), (32, 10, 16, 6)])
def test_manual_backward_equals_independent_autograd(activation, shape):
    n, d, h, c = shape
    over = {"batch": n, "in_dim": d, "hidden": h, "classes": c, "activation": activation}
    _params, (X, y, weights) = _problem(over, seed=3)
    loss, ref = _reference_grads(X, y, weights, activation)
    manual = bc.manual_backward(X, y, weights, activation)
    for mine, theirs in zip(manual, ref):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-14)
    assert float(bc.loss_fn(X, y, weights, activation)) == pytest.approx(loss, rel=1e-12)
    r = result_dict("backprop-check", over, seed=3)
    assert r["loss"] == pytest.approx(loss, rel=1e-12)
    assert r["max_rel_error"]["manual_vs_autograd"] < 1e-12
    assert r["passed"]["autograd"] is True


def test_reported_errors_follow_the_stated_formula():
    over = {"batch": 6, "in_dim": 4, "hidden": 5, "classes": 3}
    _, (X, y, weights) = _problem(over, seed=1)
    _, ref = _reference_grads(X, y, weights, "tanh")
    manual = bc.manual_backward(X, y, weights, "tanh", bug="no_activation_grad")
    r = result_dict("backprop-check", dict(over, bug="no_activation_grad"), seed=1)
    expected = {name: _rel(m, g) for name, m, g in zip(bc.NAMES, manual, ref)}
    for name in bc.NAMES:
        assert r["per_param"][name]["manual_vs_autograd"] == pytest.approx(expected[name], rel=1e-6, abs=1e-15)
    assert r["max_rel_error"]["manual_vs_autograd"] == pytest.approx(max(expected.values()), rel=1e-6)
    # skipping f'(Z1) leaves the output layer's gradients right and breaks the first layer's
    assert expected["W2"] < 1e-12 and expected["b2"] < 1e-12 and expected["W1"] > 0.01


def test_finite_differences_by_a_plain_loop_with_torch():
    """Central differences written here, on a torch float64 forward pass, one parameter at a time."""
    over = {"batch": 4, "in_dim": 3, "hidden": 4, "classes": 3}
    _, (X, y, weights) = _problem(over, seed=2)
    tX, ty = torch.tensor(X), torch.tensor(y, dtype=torch.long)

    def loss_of(ws):
        W1, b1, W2, b2 = (torch.tensor(w) for w in ws)
        return torch.nn.functional.cross_entropy(torch.tanh(tX @ W1 + b1) @ W2 + b2, ty).item()

    eps = 1e-6
    numeric = []
    for i, w in enumerate(weights):
        g = np.zeros_like(w)
        for idx in np.ndindex(w.shape):
            plus = [v.copy() for v in weights]
            minus = [v.copy() for v in weights]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            g[idx] = (loss_of(plus) - loss_of(minus)) / (2 * eps)
        numeric.append(g)
    ours = bc.numeric_gradient(X, y, [w.copy() for w in weights], "tanh", eps)
    for a, b in zip(ours, numeric):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)
    r = result_dict("backprop-check", over, seed=2)
    assert r["max_rel_error"]["manual_vs_numeric"] < 1e-7
    assert r["passed"] == {"autograd": True, "numeric": True}


@pytest.mark.parametrize("n", [2, 8, 32])
def test_missing_one_over_n_is_detected(n):
    # manual = N·g, so ‖(N−1)g‖ / ((N+1)‖g‖) = (N−1)/(N+1)
    over = {"batch": n, "bug": "missing_mean"}
    _, (X, y, weights) = _problem(over, seed=0)
    _, ref = _reference_grads(X, y, weights, "tanh")
    broken = bc.manual_backward(X, y, weights, "tanh", bug="missing_mean")
    check = bc.gradient_check(broken, ref, tol=1e-6)
    assert check["passed"] is False
    assert check["max_rel_error"] == pytest.approx((n - 1) / (n + 1), rel=1e-9)
    good = bc.gradient_check(bc.manual_backward(X, y, weights, "tanh"), ref, tol=1e-6)
    assert good["passed"] is True and good["max_rel_error"] < 1e-12
    r = result_dict("backprop-check", over, seed=0)
    assert r["passed"]["autograd"] is False and r["passed"]["numeric"] is False
    assert r["max_rel_error"]["autograd_vs_numeric"] < 1e-7  # the references still agree with each other


def test_comparison_logic_on_hand_made_gradients():
    g = [np.ones((2, 2)), np.ones(2), np.ones((2, 3)), np.ones(3)]
    assert bc.gradient_check(g, [x.copy() for x in g], tol=1e-12)["passed"] is True
    flipped = [x.copy() for x in g]
    flipped[3] = -flipped[3]  # opposite sign: relative error 1
    c = bc.gradient_check(g, flipped, tol=1e-3)
    assert c["passed"] is False and c["worst_param"] == "b2" and c["max_rel_error"] == pytest.approx(1.0)
    tiny = [x * (1 + 1e-9) for x in g]
    assert bc.gradient_check(g, tiny, tol=1e-8)["passed"] is True
    assert bc.rel_error(np.zeros(3), np.zeros(3)) == 0.0


def test_missing_mean_is_invisible_with_a_batch_of_one():
    r = result_dict("backprop-check", {"batch": 1, "bug": "missing_mean"}, seed=0)
    assert r["passed"]["autograd"] is True and r["max_rel_error"]["manual_vs_autograd"] < 1e-12


def test_float32_finite_differences_are_worse_and_depend_on_eps():
    f64 = result_dict("backprop-check", {"dtype": "float64", "eps": 1e-6}, seed=0)
    f32 = result_dict("backprop-check", {"dtype": "float32", "eps": 1e-6}, seed=0)
    f32_good = result_dict("backprop-check", {"dtype": "float32", "eps": 3e-3}, seed=0)
    assert f64["max_rel_error"]["manual_vs_numeric"] < 1e-8
    # float32: rounding of the loss (u ≈ 1.2e-7) divided by 2ε = 2e-6 swamps the gradient
    assert f32["max_rel_error"]["manual_vs_numeric"] > 1e-2
    assert f32_good["max_rel_error"]["manual_vs_numeric"] < 1e-2
    # manual vs autograd stays at rounding level in float32
    assert f32["max_rel_error"]["manual_vs_autograd"] < 1e-5
    assert f32["machine_epsilon"] == float(np.finfo(np.float32).eps)
    assert f32["suggested_eps"] == pytest.approx(float(np.finfo(np.float32).eps) ** (1 / 3))
    # float32 against the independent float32 autograd
    _, (X, y, weights) = _problem({"dtype": "float32"}, seed=0)
    _, ref = _reference_grads(X, y, weights, "tanh")
    assert max(_rel(m, g) for m, g in zip(bc.manual_backward(X, y, weights, "tanh"), ref)) < 1e-5


def test_relu_kinks_are_counted():
    r = result_dict("backprop-check", {"activation": "relu", "eps": 0.1, "batch": 32}, seed=0)
    _, (X, _y, weights) = _problem({"activation": "relu", "eps": 0.1, "batch": 32}, seed=0)
    assert r["relu_kinks_within_eps"] == int(np.sum(np.abs(X @ weights[0] + weights[1]) < 0.1)) > 0


def test_deterministic():
    a = to_json(result_dict("backprop-check", {"dtype": "float32"}, seed=5))
    assert a == to_json(result_dict("backprop-check", {"dtype": "float32"}, seed=5))
