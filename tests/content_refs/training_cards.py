"""Independent references for the numeric questions of the training concept cards.

Every value is recomputed from first principles: torch autograd and torch's own modules
(layer_norm, LR schedulers, DataLoader, parameter counts), brute-force search and simulation,
or direct arithmetic on the raw data. Nothing is copied from the cards.
"""

from __future__ import annotations

import math

import numpy as np

# ---------- helpers ----------

def _torch():
    import torch

    return torch


def _grad_at(fn, w0: float) -> float:
    torch = _torch()
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    fn(w).backward()
    return float(w.grad)


def _count_params(*modules) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def _lr_after(make_scheduler, steps: int, base_lr: float) -> float:
    """Learning rate in effect after `steps` scheduler steps, read from a real torch optimizer."""
    torch = _torch()
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base_lr)
    sched = make_scheduler(opt)
    for _ in range(steps):
        opt.step()
        sched.step()
    return opt.param_groups[0]["lr"]


# ---------- gradient-descent ----------

def _gd_one_step() -> float:
    w0, lr = 0.0, 0.1
    g = _grad_at(lambda w: 2 * (w - 3) ** 2, w0)
    return w0 - lr * g


def _gd_max_lr() -> float:
    # brute force: run 500 autograd GD steps on 5w² for a fine grid of learning rates at once and
    # return the largest rate for which |w| shrank
    torch = _torch()
    lrs = torch.arange(0.00001, 0.4, 0.00001, dtype=torch.float64)
    w = torch.ones_like(lrs)
    for _ in range(500):
        w = w.detach().requires_grad_(True)
        (g,) = torch.autograd.grad((5 * w**2).sum(), w)
        w = (w - lrs * g).clamp(-1e6, 1e6)
    return float(lrs[w.detach().abs() < 1.0].max())


# ---------- sgd-minibatch / batch-size ----------

def _steps_per_epoch(n: int, batch: int) -> int:
    torch = _torch()
    ds = torch.utils.data.TensorDataset(torch.zeros(n, 1))
    return len(torch.utils.data.DataLoader(ds, batch_size=batch, drop_last=False))


def _minibatch_std() -> float:
    rng = np.random.default_rng(0)
    per_example = rng.normal(0.0, 2.0, size=(400_000, 16))
    return float(per_example.mean(axis=1).std())


def _updates_in_epochs(n: int, batch: int, epochs: int) -> int:
    torch = _torch()
    ds = torch.utils.data.TensorDataset(torch.zeros(n, 1))
    loader = torch.utils.data.DataLoader(ds, batch_size=batch, shuffle=True)
    return sum(1 for _ in range(epochs) for _ in loader)


# ---------- lr-schedule ----------

def _warmup_lr() -> float:
    torch = _torch()
    return _lr_after(lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, lambda t: min(1.0, t / 500)), 200, 0.1)


def _step_decay_lr() -> float:
    torch = _torch()
    return _lr_after(lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1), 65, 0.1)


# ---------- differential-lr ----------

def _group1_lr() -> float:
    # four parameter groups, head rate 1e-3 halving per group downwards; measure the actual step
    torch = _torch()
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in range(4)]
    groups = [{"params": [p], "lr": 1e-3 * 0.5 ** (3 - i)} for i, p in enumerate(params)]
    opt = torch.optim.SGD(groups, lr=1.0)
    for p in params:
        p.grad = torch.ones(1)
    opt.step()
    return -float(params[0].detach())


# ---------- feature-scaling ----------

def _standardized() -> float:
    torch = _torch()
    x = torch.tensor([150.0, 160.0, 170.0, 180.0, 190.0], dtype=torch.float64)
    z = (x - x.mean()) / x.std(unbiased=False)
    return float(z[-1])


def _condition_number() -> float:
    torch = _torch()
    h = torch.autograd.functional.hessian(lambda w: 50 * w[0] ** 2 + 0.5 * w[1] ** 2, torch.zeros(2, dtype=torch.float64))
    ev = torch.linalg.eigvalsh(h)
    return float(ev.max() / ev.min())


# ---------- backprop ----------

def _tiny_chain() -> float:
    torch = _torch()
    w1 = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    w2 = torch.tensor(-1.0, dtype=torch.float64)
    x, t = 1.0, 1.0
    y = w2 * torch.relu(w1 * x)
    (0.5 * (y - t) ** 2).backward()
    return float(w1.grad)


# ---------- symmetry-breaking ----------

def _distinct_units() -> int:
    torch = _torch()
    g = torch.Generator().manual_seed(0)
    x = torch.randn(32, 5, generator=g, dtype=torch.float64)
    y = torch.randn(32, 1, generator=g, dtype=torch.float64)
    net = torch.nn.Sequential(torch.nn.Linear(5, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1)).double()
    with torch.no_grad():
        net[0].weight.fill_(0.5)
        net[0].bias.zero_()
        net[2].weight.fill_(0.1)
        net[2].bias.zero_()
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    for _ in range(100):
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(x), y).backward()
        opt.step()
    w = net[0].weight.detach()
    assert not torch.allclose(w, torch.full_like(w, 0.5)), "weights should have moved"
    rows = torch.cat([w, net[0].bias.detach()[:, None]], dim=1)
    return len({tuple(round(v, 9) for v in r.tolist()) for r in rows})


# ---------- layer-norm ----------

def _layer_norm_last() -> float:
    torch = _torch()
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0]])
    return float(torch.nn.functional.layer_norm(x, (5,), eps=1e-12)[0, -1])


def _layer_norm_params() -> int:
    torch = _torch()
    return _count_params(torch.nn.LayerNorm(512))


# ---------- norm-penalty-constraint ----------

def _penalized_min() -> float:
    ws = np.linspace(-10, 10, 2_000_001)
    return float(ws[np.argmin((ws - 4) ** 2 + 1.0 * ws**2)])


def _max_norm_first() -> float:
    torch = _torch()
    w = torch.tensor([[3.0, 4.0]])
    return float(torch.renorm(w, p=2, dim=0, maxnorm=1.0)[0, 0])


# ---------- data-augmentation ----------

def _mixup_loss() -> float:
    torch = _torch()
    logits = torch.log(torch.tensor([[0.6, 0.4]], dtype=torch.float64))
    target = 0.3 * torch.nn.functional.one_hot(torch.tensor([0]), 2) + 0.7 * torch.nn.functional.one_hot(torch.tensor([1]), 2)
    return float(torch.nn.functional.cross_entropy(logits, target.double()))


# ---------- early-stopping-ensembles ----------

def _restored_epoch() -> int:
    losses = [1.00, 0.80, 0.70, 0.72, 0.69, 0.70, 0.71, 0.73, 0.68]
    best, best_epoch, waited = math.inf, None, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited == 3:
                break
    return best_epoch


def _ensemble_variance() -> float:
    m, rho = 5, 0.5
    cov = np.full((m, m), rho) + np.eye(m) * (1 - rho)
    weights = np.full(m, 1 / m)
    return float(weights @ cov @ weights)


# ---------- bias-variance ----------

def _mse_from_parts() -> float:
    rng = np.random.default_rng(1)
    theta = 2.0
    estimates = rng.normal(theta + 0.3, 0.4, size=2_000_000)
    return float(np.mean((estimates - theta) ** 2))


def _biased_variance_mean() -> float:
    rng = np.random.default_rng(2)
    x = rng.normal(0.0, math.sqrt(10.0), size=(400_000, 5))
    return float(x.var(axis=1, ddof=0).mean())


# ---------- cross-validation ----------

def _kfold_folds(n: int, k: int):
    idx = np.random.default_rng(3).permutation(n)
    return np.array_split(idx, k)


def _kfold_train_size() -> int:
    folds = _kfold_folds(1000, 10)
    sizes = {sum(len(f) for j, f in enumerate(folds) if j != i) for i in range(10)}
    assert len(sizes) == 1
    return sizes.pop()


def _times_trained() -> int:
    folds = _kfold_folds(50, 5)
    counts = np.zeros(50, dtype=int)
    for i in range(5):
        for j, f in enumerate(folds):
            if j != i:
                counts[f] += 1
    assert len(set(counts.tolist())) == 1
    return int(counts[0])


# ---------- distribution-shift ----------

def _gaussian_weight() -> float:
    torch = _torch()
    x = torch.tensor(2.0, dtype=torch.float64)
    p = torch.distributions.Normal(1.0, 1.0).log_prob(x)
    q = torch.distributions.Normal(0.0, 1.0).log_prob(x)
    return float(torch.exp(p - q))


def _classifier_weight() -> float:
    # the domain classifier's posterior for density ratio r is n_te·r / (n_te·r + n_tr); solve c(r) = 0.75 by bisection
    n_tr, n_te, c = 1000, 500, 0.75
    lo, hi = 1e-9, 1e9
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if n_te * mid / (n_te * mid + n_tr) < c:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


# ---------- missing-data ----------

def _variance_after_imputation() -> float:
    col = np.array([2.0, np.nan, 4.0, 9.0, np.nan])
    filled = np.where(np.isnan(col), np.nanmean(col), col)
    return float(filled.var())


def _complete_rows() -> float:
    # exact probability by summing the binomial distribution of the number of missing features (only 0 is complete)
    d, r = 20, 0.05
    pmf = [math.comb(d, k) * r**k * (1 - r) ** (d - k) for k in range(d + 1)]
    assert abs(sum(pmf) - 1) < 1e-12
    return pmf[0]


# ---------- transfer-learning ----------

def _head_params() -> int:
    torch = _torch()
    body = torch.nn.Linear(100, 512)  # stand-in for the frozen body
    for p in body.parameters():
        p.requires_grad_(False)
    head = torch.nn.Linear(512, 10)
    model = torch.nn.Sequential(body, head)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ---------- multitask-learning ----------

def _shared_gradient() -> float:
    # task losses L1 = w² and L2 = -3w², whose gradients at w = 1 are 2 and -6
    return _grad_at(lambda w: 1.0 * w**2 + 0.5 * (-3 * w**2), 1.0)


def _multitask_params() -> int:
    torch = _torch()
    backbone = torch.nn.Sequential(torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256))
    heads = [torch.nn.Linear(256, 10) for _ in range(3)]
    return _count_params(backbone, *heads)


# ---------- semi-supervised ----------

def _entropy_09() -> float:
    torch = _torch()
    return float(torch.distributions.Categorical(probs=torch.tensor([0.9, 0.1], dtype=torch.float64)).entropy())


# ---------- contrastive-active ----------

def _infonce() -> float:
    torch = _torch()
    sims = torch.tensor([[0.9, 0.1, 0.2]], dtype=torch.float64)
    return float(torch.nn.functional.cross_entropy(sims / 0.5, torch.tensor([0])))


# ---------- curriculum-learning ----------

def _pacing() -> float:
    frac = np.interp(400, [0, 1000], [0.2, 1.0])
    return float(np.floor(frac * 10_000 + 1e-9))


# ---------- network-compression ----------

def _low_rank_params() -> int:
    torch = _torch()
    return _count_params(torch.nn.Linear(1024, 64, bias=False), torch.nn.Linear(64, 1024, bias=False))


def _depthwise_params() -> int:
    torch = _torch()
    standard = torch.nn.Conv2d(128, 256, 3, bias=False)
    assert _count_params(standard) == 294_912
    depthwise = torch.nn.Conv2d(128, 128, 3, groups=128, bias=False)
    pointwise = torch.nn.Conv2d(128, 256, 1, bias=False)
    return _count_params(depthwise, pointwise)


# ---------- class-imbalance ----------

def _rare_class_weight() -> float:
    labels = np.repeat([0, 1, 2], [900, 90, 10])
    counts = np.bincount(labels)
    weights = len(labels) / (len(counts) * counts)
    # balanced weights make every class contribute the same total weight
    assert np.allclose(weights * counts, len(labels) / len(counts))
    return float(weights[2])


def _trivial_accuracy() -> float:
    y = np.array([0] * 990 + [1] * 10)
    pred = np.zeros_like(y)
    return float((pred == y).mean())


REFS = {
    ("gradient-descent", "one-step"): _gd_one_step,
    ("gradient-descent", "max-lr"): _gd_max_lr,
    ("sgd-minibatch", "steps-per-epoch"): lambda: _steps_per_epoch(50_000, 128),
    ("sgd-minibatch", "noise-std"): _minibatch_std,
    ("batch-size", "updates-3-epochs"): lambda: _updates_in_epochs(60_000, 1_000, 3),
    ("batch-size", "linear-scaling"): lambda: 0.1 * (1024 / 256),
    ("lr-schedule", "warmup-step"): _warmup_lr,
    ("lr-schedule", "step-decay"): _step_decay_lr,
    ("differential-lr", "group-lr"): _group1_lr,
    ("feature-scaling", "standardize"): _standardized,
    ("feature-scaling", "condition-number"): _condition_number,
    ("backprop", "tiny-chain"): _tiny_chain,
    ("symmetry-breaking", "distinct-units"): _distinct_units,
    ("layer-norm", "ln-by-hand"): _layer_norm_last,
    ("layer-norm", "ln-params"): _layer_norm_params,
    ("norm-penalty-constraint", "penalized-minimum"): _penalized_min,
    ("norm-penalty-constraint", "max-norm-projection"): _max_norm_first,
    ("data-augmentation", "mixup-loss"): _mixup_loss,
    ("early-stopping-ensembles", "restored-epoch"): _restored_epoch,
    ("early-stopping-ensembles", "ensemble-variance"): _ensemble_variance,
    ("bias-variance", "mse-from-parts"): _mse_from_parts,
    ("bias-variance", "biased-variance"): _biased_variance_mean,
    ("cross-validation", "train-size"): _kfold_train_size,
    ("cross-validation", "times-trained"): _times_trained,
    ("distribution-shift", "gaussian-weight"): _gaussian_weight,
    ("distribution-shift", "classifier-weight"): _classifier_weight,
    ("missing-data", "variance-after-imputation"): _variance_after_imputation,
    ("missing-data", "complete-rows"): _complete_rows,
    ("transfer-learning", "head-params"): _head_params,
    ("multitask-learning", "shared-gradient"): _shared_gradient,
    ("multitask-learning", "param-count"): _multitask_params,
    ("semi-supervised", "entropy-value"): _entropy_09,
    ("contrastive-active", "infonce"): _infonce,
    ("curriculum-learning", "pacing"): _pacing,
    ("network-compression", "low-rank-params"): _low_rank_params,
    ("network-compression", "depthwise-params"): _depthwise_params,
    ("class-imbalance", "inverse-weight"): _rare_class_weight,
    ("class-imbalance", "trivial-accuracy"): _trivial_accuracy,
}
