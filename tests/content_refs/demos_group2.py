"""References for the cards linked to mse-mle, one-hot-cosine, saddle-point, optimizers, lr-range-test,
vanishing-gradients and exploding-product: torch optimizers and autograd, brute force and integration."""

import itertools
import math

import numpy as np
import torch
import torch.nn.functional as F


def _sigma2_mle():
    # maximize the Gaussian log-likelihood of residuals (1, -1, 2, 0) over sigma² by a fine grid
    r = torch.tensor([1.0, -1.0, 2.0, 0.0], dtype=torch.float64)
    grid = torch.linspace(0.1, 5.0, 49001, dtype=torch.float64)
    ll = torch.stack([torch.distributions.Normal(0.0, v.sqrt()).log_prob(r).sum() for v in grid[::10]])
    return float(grid[::10][int(ll.argmax())])


def _nll_two():
    r = torch.tensor([1.0, -1.0], dtype=torch.float64)
    return -float(torch.distributions.Normal(torch.tensor(0.0, dtype=torch.float64),
                                             torch.tensor(1.0, dtype=torch.float64)).log_prob(r).sum())


def _cos(a, b):
    return float(F.cosine_similarity(torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64), dim=0))


def _unit_distance_for_cos_half():
    # two unit vectors 60° apart
    a = np.array([1.0, 0.0])
    b = np.array([math.cos(math.pi / 3), math.sin(math.pi / 3)])
    return float(np.linalg.norm(a - b))


def _escape_drop():
    # quadratic model with a Hessian that has eigenvalue -2 along u: evaluate exactly
    H = np.diag([-2.0, 3.0])
    u = np.array([1.0, 0.0])
    d = 0.5 * u
    return 5.0 + 0.5 * float(d @ H @ d)


def _toy_minimum_share():
    patterns = list(itertools.product([-1, 1], repeat=10))
    return sum(all(s > 0 for s in p) for p in patterns) / len(patterns)


def _momentum_terminal_factor():
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1.0, momentum=0.9)
    prev = 0.0
    for _ in range(500):
        opt.zero_grad()
        p.grad = torch.ones(1)
        opt.step()
        step = prev - float(p.detach())
        prev = float(p.detach())
    return step  # step size for unit gradient and lr = 1


def _momentum_two_steps():
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    for _ in range(2):
        opt.zero_grad()
        p.grad = torch.ones(1, dtype=torch.float64)
        opt.step()
    return -float(p.detach())


def _adagrad_fourth_step():
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adagrad([p], lr=0.1, eps=0.0)
    values = [0.0]
    for _ in range(4):
        opt.zero_grad()
        p.grad = torch.full((1,), 2.0, dtype=torch.float64)
        opt.step()
        values.append(float(p.detach()))
    return values[3] - values[4]


def _rmsprop_steady():
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.RMSprop([p], lr=0.01, alpha=0.99)
    for _ in range(5000):
        before = float(p.detach())
        opt.zero_grad()
        p.grad = torch.full((1,), 5.0, dtype=torch.float64)
        opt.step()
    return before - float(p.detach())


def _adam_first_step_no_bias_correction():
    b1, b2 = 0.9, 0.999
    g = 0.37  # any gradient: the ratio does not depend on it
    m, v = (1 - b1) * g, (1 - b2) * g * g
    return (m / math.sqrt(v)) / math.copysign(1.0, g)


def _adam_first_step():
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.01)
    opt.zero_grad()
    p.grad = torch.full((1,), 250.0, dtype=torch.float64)
    opt.step()
    return -float(p.detach())


def _lr_growth():
    lrs = np.geomspace(1e-4, 10.0, 251)
    return float(lrs[1] / lrs[0])


def _gd_divergence_threshold(curvature=4.0):
    # bisection on the learning rate: does GD on ½·c·x² move away from the minimum (|x| grows) over 1000 steps?
    def diverges(lr):
        x = 1.0
        for _ in range(1000):
            x -= lr * curvature * x
            if abs(x) > 1e6:
                return True
        return abs(x) > 1.0

    lo, hi = 0.01, 2.0
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if diverges(mid) else (mid, hi)
    return (lo + hi) / 2


def _sigmoid_derivative(z):
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(t).backward()
    return float(t.grad)


from tests.demos.test_exploding_product import _log_abs_normal_moments  # noqa: E402 - numerical integration

REFS = {
    ("mse-gaussian-mle", "sigma-mle"): _sigma2_mle,
    ("mse-gaussian-mle", "nll-value"): _nll_two,
    ("cosine-similarity", "compute-cos"): lambda: _cos([1.0, 0.0, 1.0], [1.0, 1.0, 0.0]),
    ("cosine-similarity", "unit-distance"): _unit_distance_for_cos_half,
    ("hessian-critical-points", "min-eig"): lambda: float(torch.linalg.eigvalsh(torch.tensor([[2.0, 3.0], [3.0, 2.0]])).min()),
    ("local-min-saddle", "escape-drop"): _escape_drop,
    ("local-min-saddle", "toy-minimum-share"): _toy_minimum_share,
    ("word-embeddings", "table-size"): lambda: sum(p.numel() for p in torch.nn.Embedding(50_000, 300).parameters()),
    ("momentum", "terminal-factor"): _momentum_terminal_factor,
    ("momentum", "two-steps"): _momentum_two_steps,
    ("adagrad-rmsprop", "adagrad-step"): _adagrad_fourth_step,
    ("adagrad-rmsprop", "rmsprop-steady"): _rmsprop_steady,
    ("adam", "no-bias-correction"): _adam_first_step_no_bias_correction,
    ("adam", "first-step"): _adam_first_step,
    ("lr-range-test", "growth-factor"): _lr_growth,
    ("lr-range-test", "quadratic-limit"): _gd_divergence_threshold,
    ("vanishing-gradients", "ten-layers"): lambda: float(np.prod([_sigmoid_derivative(0.0)] * 10)),
    ("vanishing-gradients", "sigmoid-deriv"): lambda: _sigmoid_derivative(2.0),
    ("exploding-gradients", "mean-log-100"): lambda: 100 * _log_abs_normal_moments()[0],
    ("exploding-gradients", "std-log-100"): lambda: math.sqrt(100 * _log_abs_normal_moments()[1]),
    ("relu", "leaky-value"): lambda: float(F.leaky_relu(torch.tensor(-3.0, dtype=torch.float64), 0.01)),
    ("relu", "he-std"): lambda: torch.nn.init.calculate_gain("relu") / math.sqrt(512),
}
