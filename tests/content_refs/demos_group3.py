"""References for the training cards of demo group 3: gradient clipping, batch norm, dropout, L2/L1,
label smoothing, knowledge distillation, bagging. Computed with torch's own functions, brute force or
simulation rather than the closed forms quoted on the cards."""

import math

import numpy as np
import torch
import torch.nn.functional as F


def _clip_scale():
    grads = [torch.tensor([3.0, 4.0], dtype=torch.float64), torch.tensor([12.0], dtype=torch.float64)]
    params = []
    for g in grads:
        p = torch.nn.Parameter(torch.zeros_like(g))
        p.grad = g.clone()
        params.append(p)
    torch.nn.utils.clip_grad_norm_(params, max_norm=5.2)
    return float(params[0].grad[0] / grads[0][0])


def _value_clip_cosine():
    p = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
    g = torch.tensor([3.0, 0.5], dtype=torch.float64)
    p.grad = g.clone()
    torch.nn.utils.clip_grad_value_([p], clip_value=1.0)
    return float(F.cosine_similarity(p.grad, g, dim=0))


def _bn(x, which):
    bn = torch.nn.BatchNorm1d(1, eps=1e-12 if which == "out" else 1e-5, momentum=0.1, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.fill_(2.0)
        bn.bias.fill_(1.0)
        out = bn(torch.tensor(x, dtype=torch.float64).view(-1, 1))
    return float(out[-1, 0]) if which == "out" else float(bn.running_var[0])


def _dropout_unscaled_mean():
    # simulate: drop with probability 0.3 and do not rescale
    rng = np.random.default_rng(0)
    keep = rng.random(4_000_000) >= 0.3
    return float(np.mean(2.0 * keep))


def _weight_decay_step():
    w = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1, weight_decay=0.5)  # adds 0.5·w to the gradient
    (w * 0.0).backward()
    opt.step()
    return float(w.detach())


def _ridge_orthonormal(z=3.0, lam=0.5):
    # one orthonormal feature x (‖x‖ = 1) with xᵀy = z; ridge via lstsq on the augmented system
    x = np.array([0.6, 0.8])
    y = z * x
    A = np.vstack([x[:, None], [[math.sqrt(lam)]]])
    b = np.concatenate([y, [0.0]])
    return float(np.linalg.lstsq(A, b, rcond=None)[0][0])


def _lasso_1d(z=0.8, lam=0.5):
    # brute force: minimize ½(w − z)² + λ|w| on a fine grid (orthonormal design reduces to this)
    w = np.linspace(-2, 2, 400_001)
    return float(w[np.argmin(0.5 * (w - z) ** 2 + lam * np.abs(w))])


def _lasso_lambda_max():
    # smallest λ on a grid for which coordinate-wise subgradient optimality holds at w = 0 (XᵀX = I here)
    xty = np.array([2.0, -5.0, 3.0])
    grid = np.linspace(0, 10, 10_001)
    return float(grid[np.argmax([np.all(np.abs(xty) <= lam) for lam in grid])])


def _smoothed_true(k=10, eps=0.1):
    # the target torch uses: the gradient of cross_entropy(label_smoothing) at logits 0 is p − q = 1/K − q
    z = torch.zeros(1, k, dtype=torch.float64, requires_grad=True)
    F.cross_entropy(z, torch.tensor([0]), label_smoothing=eps).backward()
    return float(1.0 / k - z.grad[0, 0])


def _optimal_gap(k=10, eps=0.1):
    # bisection on the derivative of torch's smoothed loss for logits (g, 0, ..., 0)
    lo, hi = 0.0, 50.0
    for _ in range(200):
        mid = (lo + hi) / 2
        g = torch.tensor(mid, dtype=torch.float64, requires_grad=True)
        logits = torch.cat([g.view(1), torch.zeros(k - 1, dtype=torch.float64)]).view(1, -1)
        F.cross_entropy(logits, torch.tensor([0]), label_smoothing=eps).backward()
        lo, hi = (lo, mid) if float(g.grad) > 0 else (mid, hi)
    return lo


def _kd_total(alpha=0.7, T=5.0, hard=0.5, kl=0.02):
    # the weighted loss from its definition: α·CE + (1 − α)·T²·KL with the question's pieces
    return alpha * hard + (1 - alpha) * T * T * kl


def _equicorrelated(rho=0.3, sigma2=4.0, b=10):
    # variance of the mean = wᵀΣw with w = 1/B and Σ the equicorrelated covariance matrix
    cov = sigma2 * (rho * np.ones((b, b)) + (1 - rho) * np.eye(b))
    w = np.full(b, 1.0 / b)
    return float(w @ cov @ w)


def _out_of_bag(n=100):
    # exact count: the chance that none of the n draws picks a given example
    return float(np.prod(np.full(n, (n - 1) / n)))


REFS = {
    ("gradient-clipping", "scale-by-hand"): _clip_scale,
    ("gradient-clipping", "value-clip-cosine"): _value_clip_cosine,
    ("batch-norm", "output-by-hand"): lambda: _bn([1.0, 2.0, 3.0, 6.0], "out"),
    ("batch-norm", "running-var"): lambda: _bn([1.0, 2.0, 3.0, 6.0], "var"),
    ("dropout", "scale-factor"): lambda: float(torch.nn.Dropout(0.2).train()(torch.ones(1000)).max()),
    ("dropout", "unscaled-mean"): _dropout_unscaled_mean,
    ("weight-decay-l2", "decay-step"): _weight_decay_step,
    ("weight-decay-l2", "ridge-orthonormal"): _ridge_orthonormal,
    ("l1-lasso", "soft-threshold"): _lasso_1d,
    ("l1-lasso", "lambda-max"): _lasso_lambda_max,
    ("label-smoothing", "target-true"): _smoothed_true,
    ("label-smoothing", "optimal-gap"): _optimal_gap,
    ("knowledge-distillation", "soft-prob"): lambda: float(torch.softmax(torch.tensor([2.0, 0.0]) / 2.0, dim=0)[0]),
    ("knowledge-distillation", "total-loss"): _kd_total,
    ("bagging-boosting-stacking", "correlated-average"): _equicorrelated,
    ("bagging-boosting-stacking", "out-of-bag"): _out_of_bag,
}
