"""optimizers: every trajectory equals torch.optim's step by step; SGD's convergence step by closed form."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog.optimizers import START, simulate
from tests.demos import result_dict


def _loss(problem, p, kappa):
    x, y = p[0], p[1]
    if problem == "quadratic":
        return 0.5 * (x**2 + kappa * y**2)
    if problem == "saddle":
        return x**2 + y**4 / 4 - y**2 / 2
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _torch_trajectory(name, problem, lr, steps, kappa, momentum, beta2):
    p = torch.tensor(START[problem], dtype=torch.float64, requires_grad=True)
    opt = {
        "sgd": lambda: torch.optim.SGD([p], lr=lr),
        "momentum": lambda: torch.optim.SGD([p], lr=lr, momentum=momentum),
        "adagrad": lambda: torch.optim.Adagrad([p], lr=lr),
        "rmsprop": lambda: torch.optim.RMSprop([p], lr=lr),
        "adam": lambda: torch.optim.Adam([p], lr=lr, betas=(momentum, beta2)),
    }[name]()
    traj = [p.detach().clone().numpy()]
    for _ in range(steps):
        opt.zero_grad()
        _loss(problem, p, kappa).backward()
        opt.step()
        traj.append(p.detach().clone().numpy())
    return np.array(traj)


CASES = [
    ("quadratic", 0.01, 300, 20.0, 0.9, 0.999),
    ("quadratic", 0.05, 200, 7.0, 0.5, 0.99),
    ("saddle", 0.02, 300, 1.0, 0.9, 0.999),
    ("rosenbrock", 0.001, 300, 1.0, 0.9, 0.999),
]


@pytest.mark.parametrize("name", ["sgd", "momentum", "adagrad", "rmsprop", "adam"])
@pytest.mark.parametrize("problem,lr,steps,kappa,mom,beta2", CASES)
def test_trajectory_equals_torch_optim(name, problem, lr, steps, kappa, mom, beta2):
    ours = simulate(name, problem, lr, steps, kappa, mom, beta2)
    ref = _torch_trajectory(name, problem, lr, steps, kappa, mom, beta2)
    assert ours.shape == ref.shape
    assert np.abs(ours - ref).max() < 1e-6


def test_sgd_steps_to_threshold_match_closed_form():
    lr, kappa, thr = 0.02, 10.0, 1e-4
    d = result_dict("optimizers", {"problem": "quadratic", "lr": lr, "condition": kappa, "threshold": thr, "steps": 2000})
    x0, y0 = START["quadratic"]
    # GD on ½(x² + κy²): x_t = (1 − lr)^t x0, y_t = (1 − lr κ)^t y0; the loss is monotone here
    t = 0
    while 0.5 * (((1 - lr) ** t * x0) ** 2 + kappa * ((1 - lr * kappa) ** t * y0) ** 2) > thr:
        t += 1
    assert d["optimizers"]["sgd"]["steps_to_threshold"] == t
    assert d["optimizers"]["sgd"]["converged"] is True


def test_sgd_diverges_above_two_over_kappa_while_adam_does_not_care():
    kappa = 100.0
    d = result_dict("optimizers", {"problem": "quadratic", "lr": 2.2 / kappa, "condition": kappa})
    assert d["sgd_stable_lr_limit"] == pytest.approx(2 / kappa)
    assert d["optimizers"]["sgd"]["diverged"] is True and d["optimizers"]["sgd"]["steps_to_threshold"] is None
    d2 = result_dict("optimizers", {"problem": "quadratic", "lr": 1.8 / kappa, "condition": kappa})
    assert d2["optimizers"]["sgd"]["diverged"] is False
    # Adam's per-coordinate normalization makes it (almost) invariant to rescaling the steep coordinate
    a = result_dict("optimizers", {"condition": 20.0})["optimizers"]["adam"]
    b = result_dict("optimizers", {"condition": 1000.0})["optimizers"]["adam"]
    assert a["converged"] and b["converged"] and abs(a["steps_to_threshold"] - b["steps_to_threshold"]) <= 2


def test_ranking_is_sorted_and_consistent():
    d = result_dict("optimizers", {"problem": "saddle"})
    steps = [d["optimizers"][k]["steps_to_threshold"] for k in d["ranking"]]
    assert steps == sorted(steps) and d["fastest"] == d["ranking"][0]
    assert d["converged_count"] == sum(o["converged"] for o in d["optimizers"].values())
    assert math.isclose(d["optimum_loss"], -0.25)
