"""Independent references for the numeric questions added by audit batch A
(foundations, neurons and beyond cards: softmax, cross-entropy, kl-divergence, bayes-rule).

Every value is recomputed from first principles (torch autograd, direct sums, numerical
integration, numerical optimization, enumeration with exact fractions), never copied from a card.
"""

from __future__ import annotations

import math
from fractions import Fraction

# ---------- softmax ----------

def _softmax_jacobian_offdiag() -> float:
    """d p_1 / d z_3 by autograd for logits whose softmax is (0.2, 0.3, 0.5)."""
    import torch

    z = torch.log(torch.tensor([0.2, 0.3, 0.5], dtype=torch.float64))
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), z)
    return float(jac[0, 2])


def _online_running_sum() -> float:
    """Logits seen so far with max 2 and sum of exp(z - 2) = 1.5 are {2, 2 + ln 0.5}; then 4 arrives.
    The new running sum is simply sum(exp(z - max)) over all three logits, computed directly."""
    import numpy as np

    z = np.array([2.0, 2.0 + math.log(0.5), 4.0])
    assert math.isclose(float(np.exp(z[:2] - 2.0).sum()), 1.5)
    return float(np.exp(z - z.max()).sum())


# ---------- cross-entropy ----------

def _ce_logit_gradient() -> float:
    import torch
    import torch.nn.functional as F

    z = torch.tensor([[2.0, 1.0, 0.0]], dtype=torch.float64, requires_grad=True)
    F.cross_entropy(z, torch.tensor([0])).backward()
    return float(z.grad[0, 0])


def _label_smoothing_floor() -> float:
    """Minimize PyTorch's label-smoothed cross-entropy (eps = 0.1, 10 classes) over the logits."""
    import torch
    import torch.nn.functional as F

    z = torch.zeros(1, 10, dtype=torch.float64, requires_grad=True)
    y = torch.tensor([3])
    opt = torch.optim.LBFGS([z], lr=1.0, max_iter=500, tolerance_grad=1e-12, tolerance_change=1e-15,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(z, y, label_smoothing=0.1)
        loss.backward()
        return loss

    for _ in range(5):
        opt.step(closure)
    with torch.no_grad():
        return float(F.cross_entropy(z, y, label_smoothing=0.1))


# ---------- kl-divergence ----------

def _kl_numeric(mu1: float, s1: float, mu2: float, s2: float) -> float:
    """KL(N(mu1, s1^2) || N(mu2, s2^2)) by numerical integration of p log(p/q) on a fine grid."""
    import numpy as np

    x = np.linspace(-40.0, 40.0, 800_001)
    logp = -0.5 * ((x - mu1) / s1) ** 2 - math.log(s1 * math.sqrt(2 * math.pi))
    logq = -0.5 * ((x - mu2) / s2) ** 2 - math.log(s2 * math.sqrt(2 * math.pi))
    f = np.exp(logp) * (logp - logq)
    return float(np.sum((f[1:] + f[:-1]) * 0.5 * np.diff(x)))


# ---------- bayes-rule ----------

def _two_positive_tests() -> float:
    """Enumerate (ill, test1, test2) with tests conditionally independent given the status."""
    prev, sens, fpr = Fraction(1, 100), Fraction(99, 100), Fraction(5, 100)
    joint = {}
    for ill in (True, False):
        p_ill = prev if ill else 1 - prev
        p_pos = sens if ill else fpr
        for t1 in (True, False):
            for t2 in (True, False):
                joint[(ill, t1, t2)] = p_ill * (p_pos if t1 else 1 - p_pos) * (p_pos if t2 else 1 - p_pos)
    num = joint[(True, True, True)]
    return float(num / (num + joint[(False, True, True)]))


def _odds_update() -> float:
    """Prior 0.2 and a result with P(D|H) = 0.8, P(D|not H) = 0.1 (likelihood ratio 8): plain Bayes."""
    prior, l_h, l_not = Fraction(2, 10), Fraction(8, 10), Fraction(1, 10)
    assert l_h / l_not == 8
    return float(prior * l_h / (prior * l_h + (1 - prior) * l_not))


REFS = {
    ("softmax", "jacobian-offdiag"): _softmax_jacobian_offdiag,
    ("softmax", "online-running-sum"): _online_running_sum,
    ("cross-entropy", "ce-logit-gradient"): _ce_logit_gradient,
    ("cross-entropy", "label-smoothing-floor"): _label_smoothing_floor,
    ("kl-divergence", "kl-gaussians"): lambda: _kl_numeric(0.0, 1.0, 1.0, 2.0),
    ("kl-divergence", "vae-kl-term"): lambda: _kl_numeric(1.0, 0.5, 0.0, 1.0),
    ("bayes-rule", "two-positive-tests"): _two_positive_tests,
    ("bayes-rule", "odds-update"): _odds_update,
}
