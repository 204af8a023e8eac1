"""xor-mlp against torch autograd (same network, loss and weights) and a brute-force linear-classifier argument."""

import itertools
import math

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog import xor_mlp
from dlstudy.demos.params import parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.result import to_json
from dlstudy.demos.runner import make_rng
from tests.demos import result_dict

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([0.0, 1.0, 1.0, 0.0])


def _torch_loss_and_grads(W1, b1, w2, b2, activation):
    """One network (no restart axis), written with torch ops; BCE-with-logits averaged over the 4 points."""
    ps = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (W1, b1, w2, b2)]
    tW1, tb1, tw2, tb2 = ps
    x = torch.tensor(X)
    act = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[activation]
    z = act(x @ tW1 + tb1) @ tw2 + tb2
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor(Y))
    loss.backward()
    return loss.item(), [p.grad.numpy() for p in ps]


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("hidden", [1, 2, 5])
def test_hand_written_gradients_match_torch_autograd(activation, hidden):
    rng = np.random.default_rng(hidden)
    R = 3
    W1 = rng.normal(size=(R, 2, hidden))
    b1 = rng.normal(size=(R, hidden)) * 0.3
    w2 = rng.normal(size=(R, hidden))
    b2 = rng.normal(size=R)
    _z, grads = xor_mlp.mlp_gradients(X, Y, W1, b1, w2, b2, activation)
    losses = xor_mlp.mlp_loss(X, Y, W1, b1, w2, b2, activation)
    for r in range(R):
        loss, ref = _torch_loss_and_grads(W1[r], b1[r], w2[r], b2[r], activation)
        assert losses[r] == pytest.approx(loss, rel=1e-12)
        for mine, theirs in zip(grads, ref):
            np.testing.assert_allclose(mine[r], theirs, rtol=1e-10, atol=1e-14)


def test_trained_weights_reproduce_the_reported_outputs_with_torch():
    d = result_dict("xor-mlp", {}, seed=0)
    m = d["mlp"]
    x = torch.tensor(X)
    t = {k: torch.tensor(m[k], dtype=torch.float64) for k in ("W1", "b1", "w2")}
    z = torch.tanh(x @ t["W1"] + t["b1"]) @ t["w2"] + m["b2"]
    assert torch.sigmoid(z).tolist() == pytest.approx(m["outputs"], rel=1e-9)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor(Y))
    assert m["final_loss"] == pytest.approx(float(loss), rel=1e-9)
    assert m["accuracy"] == float(np.mean((z.numpy() > 0) == (Y > 0.5))) == 1.0
    # the loss curve goes down and starts at the loss of the initial weights
    assert len(m["loss"]) == d["epochs"] and m["loss"][-1] < m["loss"][0]


def test_training_loop_matches_torch_sgd():
    """Replay the demo's gradient descent with torch autograd + torch.optim.SGD from the same initial weights."""
    params = parse_params(get_spec("xor-mlp"), {"epochs": 300, "lr": 0.5, "restarts": 1})
    (_, _), (W1, b1, w2, b2) = xor_mlp.initial_weights(params, make_rng(5))
    d = result_dict("xor-mlp", {"epochs": 300, "lr": 0.5, "restarts": 1}, seed=5)
    ps = [torch.tensor(a[0], dtype=torch.float64, requires_grad=True) for a in (W1, b1, w2, b2)]
    opt = torch.optim.SGD(ps, lr=0.5)
    x, y = torch.tensor(X), torch.tensor(Y)
    losses = []
    for _ in range(300):
        opt.zero_grad()
        z = torch.tanh(x @ ps[0] + ps[1]) @ ps[2] + ps[3]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    np.testing.assert_allclose(d["mlp"]["loss"], losses, rtol=1e-9)
    np.testing.assert_allclose(d["mlp"]["W1"], ps[0].detach().numpy(), rtol=1e-8, atol=1e-12)


def test_no_linear_classifier_gets_more_than_three_of_four():
    # algebraic argument: any affine f satisfies f(0,0) + f(1,1) = f(0,1) + f(1,0), so if the two positives are
    # right (f > 0) then f(0,0) + f(1,1) > 0 and at least one negative is wrong; symmetrically for the negatives
    rng = np.random.default_rng(0)
    wb = rng.normal(size=(200_000, 3)) * rng.choice([0.01, 1.0, 100.0], size=(200_000, 1))
    f = X @ wb[:, :2].T + wb[:, 2]  # (4, M)
    np.testing.assert_allclose(f[0] + f[3], f[1] + f[2], atol=1e-9)
    acc = ((f > 0) == (Y[:, None] > 0.5)).mean(axis=0)
    assert acc.max() == 0.75
    # brute force over all 16 labelings: exactly XOR and XNOR are not realized by any sampled line
    realized = {tuple(col) for col in (f > 0).T.astype(int)}
    missing = {lab for lab in itertools.product((0, 1), repeat=4) if lab not in realized}
    assert missing == {(0, 1, 1, 0), (1, 0, 0, 1)}
    d = result_dict("xor-mlp", {"epochs": 50})
    assert d["linear"]["best_accuracy"] == 0.75
    assert d["linear"]["accuracy"] <= 0.75


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_logistic_regression_converges_to_chance(seed):
    # the convex logistic loss on XOR has its minimum at w = 0, b = 0 (the gradient there is zero by symmetry)
    d = result_dict("xor-mlp", {"epochs": 3000}, seed=seed)
    assert d["linear"]["final_loss"] == pytest.approx(math.log(2), abs=1e-6)
    assert d["linear"]["outputs"] == pytest.approx([0.5] * 4, abs=1e-4)
    assert d["linear"]["accuracy"] <= 0.75


def test_two_hidden_units_solve_xor_for_most_inits_and_zero_init_never():
    d = result_dict("xor-mlp", {"hidden": 2, "activation": "tanh"}, seed=0)
    assert d["mlp"]["accuracy"] == 1.0 and d["mlp"]["final_loss"] < 0.01
    assert d["restarts"]["success_rate"] >= 0.4
    wide = result_dict("xor-mlp", {"hidden": 8}, seed=0)
    assert wide["restarts"]["success_rate"] >= d["restarts"]["success_rate"]
    # all-zero init: hidden units get identical (zero) gradients and never differ: only b2 moves, and it stays at 0
    z = result_dict("xor-mlp", {"init_scale": 0.0}, seed=0)
    assert z["restarts"]["success_rate"] == 0.0
    assert z["mlp"]["final_loss"] == pytest.approx(math.log(2), abs=1e-12)
    assert z["mlp"]["W1"] == [[0.0, 0.0], [0.0, 0.0]]


def test_single_epoch_and_determinism():
    one = result_dict("xor-mlp", {"epochs": 1}, seed=3)
    assert len(one["mlp"]["loss"]) == 1 and len(one["linear"]["loss"]) == 1
    a = to_json(result_dict("xor-mlp", {"epochs": 100}, seed=7))
    assert a == to_json(result_dict("xor-mlp", {"epochs": 100}, seed=7))
    assert a != to_json(result_dict("xor-mlp", {"epochs": 100}, seed=8))
