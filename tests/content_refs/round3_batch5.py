"""Independent references for the numeric questions added in content round three, batch 5
(training cards: early stopping and ensembles, gradients, normalization, optimization, regularization,
initialization).

Every value is recomputed from first principles (exact fractions, brute-force search, direct sums,
numpy or torch), never copied from a card.
"""

from __future__ import annotations

from fractions import Fraction

# ---------- early-stopping-ensembles ----------

def _members_needed() -> int:
    """Smallest M with Var[mean of M members] <= 0.3, the variance computed as the full double sum of the
    covariance matrix (sigma^2 = 1 on the diagonal, rho = 0.2 off it) divided by M^2."""
    rho, target = Fraction(1, 5), Fraction(3, 10)
    for m in range(1, 1000):
        total = sum(Fraction(1) if i == j else rho for i in range(m) for j in range(m))
        if total / (m * m) <= target:
            return m
    raise AssertionError("no ensemble size reaches the target")


# ---------- gradient-descent ----------

def _best_fixed_step() -> float:
    """Minimize the worst per-step contraction max|1 - eta*lam| over lam in {1, 100} by ternary search on eta
    (the function is convex in eta), then check it by running gradient descent on the quadratic."""
    import numpy as np

    lams = np.array([1.0, 100.0])

    def worst(eta: float) -> float:
        return float(np.max(np.abs(1.0 - eta * lams)))

    lo, hi = 0.0, 0.03
    for _ in range(200):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if worst(a) < worst(b):
            hi = b
        else:
            lo = a
    eta = (lo + hi) / 2
    # the best step must beat its neighbours on an actual run of 200 steps from w = (1, 1)
    def run(e: float) -> float:
        w = np.ones(2)
        for _ in range(200):
            w = w - e * lams * w
        return float(np.max(np.abs(w)))
    assert run(eta) <= min(run(eta * 0.97), run(eta * 1.03))
    return eta


# ---------- label-smoothing ----------

def _smoothing_loss_floor() -> float:
    """Minimize the smoothed cross-entropy over the logits with torch (LBFGS from zero logits) and return the
    minimum reached; it must not depend on where the optimizer starts."""
    import torch

    k, eps = 10, 0.1
    target = torch.full((k,), eps / k, dtype=torch.float64)
    target[0] += 1 - eps
    z = torch.zeros(k, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([z], max_iter=100, tolerance_grad=1e-10, tolerance_change=1e-14)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = -(target * torch.log_softmax(z, dim=0)).sum()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        return float(-(target * torch.log_softmax(z, dim=0)).sum())


# ---------- lr-schedule ----------

def _cosine_value() -> float:
    """torch's own CosineAnnealingLR stepped 10,000 times (the recursive form, not the closed formula)."""
    import torch

    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=3e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=30_000, eta_min=3e-5)
    for _ in range(10_000):
        opt.step()
        sched.step()
    return float(opt.param_groups[0]["lr"])


# ---------- local-min-saddle ----------

def _escape_steps() -> int:
    """Run gradient descent on L(x) = 0.5 * lam * x^2 with lam = -0.01, eta = 0.1 from x = 1e-6 and count the steps
    until |x| >= 1."""
    x, lam, eta, n = 1e-6, -0.01, 0.1, 0
    while abs(x) < 1.0:
        x -= eta * lam * x
        n += 1
    return n


# ---------- multitask-learning ----------

def _pcgrad_first_component() -> float:
    """PCGrad as in Yu et al. (2020), Algorithm 1, for two tasks: project each gradient onto the normal plane of
    every other task's original gradient it conflicts with, then sum; checked to be orthogonal afterwards."""
    import numpy as np

    grads = [np.array([1.0, 0.0]), np.array([-1.0, 1.0])]
    out = []
    for i, g in enumerate(grads):
        pc = g.copy()
        for j, other in enumerate(grads):
            if j != i and pc @ other < 0:
                pc = pc - (pc @ other) / (other @ other) * other
                assert abs(pc @ other) < 1e-12
        out.append(pc)
    return float(np.sum(out, axis=0)[0])


# ---------- norm-penalty-constraint ----------

def _multiplier_value() -> float:
    """The multiplier as the shadow price: minus the derivative of the constrained optimum
    L*(k) = min_{w^2 <= k} (w - 4)^2 at k = 4, with L* found by a dense grid search over feasible w and the
    derivative by a central difference."""
    import numpy as np

    def best(k: float) -> float:
        w = np.linspace(-np.sqrt(k), np.sqrt(k), 2_000_001)
        return float(np.min((w - 4.0) ** 2))

    h = 1e-3
    return -(best(4.0 + h) - best(4.0 - h)) / (2 * h)


# ---------- sgd-minibatch ----------

def _without_replacement_variance() -> float:
    """A population of 1000 gradients, 500 equal to +2 and 500 to -2 (population std 2). The number K of +2 values in
    a 500-subset drawn without replacement is hypergeometric; its exact pmf comes from counting subsets with
    math.comb, and the variance of the batch mean (4K - 1000)/500 follows from that pmf."""
    import math
    from fractions import Fraction

    n_pop, n_plus, b = 1000, 500, 500
    total = math.comb(n_pop, b)
    values = [2] * n_plus + [-2] * (n_pop - n_plus)
    mu = Fraction(sum(values), n_pop)
    assert sum((Fraction(v) - mu) ** 2 for v in values) / n_pop == 4
    pmf = {k: Fraction(math.comb(n_plus, k) * math.comb(n_pop - n_plus, b - k), total) for k in range(b + 1)}
    assert sum(pmf.values()) == 1
    mean = {k: Fraction(4 * k - 2 * b, b) for k in pmf}
    m1 = sum(p * mean[k] for k, p in pmf.items())
    m2 = sum(p * mean[k] ** 2 for k, p in pmf.items())
    return float(m2 - m1 ** 2)


# ---------- vanishing-gradients ----------

def _scaled_orthogonal() -> float:
    """Build a random 64 x 64 orthogonal Q (QR of a Gaussian matrix), backpropagate several random unit vectors 50
    times through (0.9 Q)^T and return the norm ratio, which must be the same for every direction."""
    import numpy as np

    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.standard_normal((64, 64)))
    w = 0.9 * q
    ratios = []
    for _ in range(5):
        g = rng.standard_normal(64)
        g /= np.linalg.norm(g)
        for _ in range(50):
            g = w.T @ g
        ratios.append(float(np.linalg.norm(g)))
    assert max(ratios) - min(ratios) < 1e-9
    return ratios[0]


# ---------- xavier-init ----------

def _residual_branch_scale() -> float:
    """Find the per-branch std s for which 96 independent residual branches (2 per block, 48 blocks) add as much
    variance to the stream as one branch with std 0.02. A branch is a linear map W of a N(0, I) input, whose added
    variance per unit is ||W||_F^2 / width; the sum of the branches is measured on sampled 512 x 512 matrices and
    s is solved from the variance being proportional to s^2."""
    import numpy as np

    rng = np.random.default_rng(0)
    width, n_branches = 512, 2 * 48

    def added_variance(std: float, branches: int) -> float:
        total = np.zeros((width, width))
        for _ in range(branches):
            total += std * rng.standard_normal((width, width), dtype=np.float32)
        return float(np.sum(total ** 2)) / width

    one = added_variance(0.02, 1)
    many = added_variance(0.02, n_branches)
    return 0.02 * float(np.sqrt(one / many))


REFS = {
    ("early-stopping-ensembles", "members-needed"): _members_needed,
    ("gradient-descent", "best-fixed-step"): _best_fixed_step,
    ("label-smoothing", "loss-floor"): _smoothing_loss_floor,
    ("lr-schedule", "cosine-value"): _cosine_value,
    ("local-min-saddle", "escape-steps"): _escape_steps,
    ("multitask-learning", "pcgrad"): _pcgrad_first_component,
    ("norm-penalty-constraint", "multiplier-value"): _multiplier_value,
    ("sgd-minibatch", "without-replacement"): _without_replacement_variance,
    ("vanishing-gradients", "scaled-orthogonal"): _scaled_orthogonal,
    ("xavier-init", "residual-branch-scale"): _residual_branch_scale,
}
