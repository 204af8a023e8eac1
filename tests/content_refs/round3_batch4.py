"""Independent references for the numeric questions added by content round three, batch 4
(rnn and training cards).

Every value is recomputed from first principles (enumeration with exact fractions, numpy, torch),
never copied from a card.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

# ---------- ctc ----------


def _ctc_collapse(path: tuple[str, ...], blank: str = "-") -> str:
    """Merge consecutive repeats, then drop blanks."""
    merged = [s for i, s in enumerate(path) if i == 0 or s != path[i - 1]]
    return "".join(s for s in merged if s != blank)


def _ctc_total_probability_of_a() -> float:
    """Enumerate every two-frame path over {a, blank} with p(a) = 0.4, p(blank) = 0.6 per frame."""
    p = {"a": Fraction(2, 5), "-": Fraction(3, 5)}
    total = Fraction(0)
    for path in itertools.product("a-", repeat=2):
        if _ctc_collapse(path) == "a":
            total += p[path[0]] * p[path[1]]
    return float(total)


# ---------- bagging-boosting-stacking ----------


def _boosting_pseudo_residual() -> float:
    """Negative derivative of the log-loss of sigmoid(F) at F = 0, y = 1, by torch autograd."""
    import torch

    f = torch.zeros((), dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(f, torch.ones((), dtype=torch.float64))
    loss.backward()
    assert f.grad is not None
    return float(-f.grad)


# ---------- class-imbalance ----------


def _prior_corrected_probability() -> float:
    """Build an explicit joint distribution: a score bin where the class likelihood ratio makes the model say 0.9
    under a 50:50 prior, then recompute P(fraud | bin) by Bayes under a 1:99 prior (exact fractions)."""
    model_p = Fraction(9, 10)
    # likelihood ratio p(x | fraud) / p(x | normal) implied by a calibrated 0.9 under equal priors
    ratio = model_p / (1 - model_p)
    p_x_fraud, p_x_normal = ratio, Fraction(1)  # any pair with this ratio
    prior = Fraction(1, 100)
    joint_fraud = prior * p_x_fraud
    joint_normal = (1 - prior) * p_x_normal
    return float(joint_fraud / (joint_fraud + joint_normal))


# ---------- distributed-training ----------


def _accumulation_token_weight() -> float:
    """Accumulate (mean over real tokens)/2 of two micro-batches with 10 and 30 tokens; the gradient of the
    accumulated loss with respect to each token's loss is that token's weight (torch autograd)."""
    import torch

    a = torch.ones(10, dtype=torch.float64, requires_grad=True)
    b = torch.ones(30, dtype=torch.float64, requires_grad=True)
    for losses in (a, b):
        (losses.mean() / 2).backward()
    assert a.grad is not None and b.grad is not None
    return float(a.grad[0] / b.grad[0])


# ---------- distribution-shift ----------


def _effective_sample_size() -> float:
    """Effective sample size as the ratio Var(plain mean of n unit-variance values) / Var(weighted mean): the
    weighted mean Σwᵢxᵢ/Σw of independent unit-variance xᵢ has variance Σw²/(Σw)², and a plain mean of n
    values has 1/n, so n_eff = (Σw)²/Σw². Computed by Monte Carlo with numpy and checked against the exact value."""
    import numpy as np

    w = np.array([1.0, 1.0, 1.0, 1.0, 6.0])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((400_000, w.size))
    var_weighted = float(((x @ w) / w.sum()).var())
    n_eff = 1.0 / var_weighted
    exact = float(Fraction(int(w.sum()) ** 2, int((w**2).sum())))
    assert abs(n_eff - exact) / exact < 0.02
    return exact


REFS: dict[tuple[str, str], Callable[[], float]] = {
    ("ctc", "greedy-vs-total"): _ctc_total_probability_of_a,
    ("bagging-boosting-stacking", "pseudo-residual"): _boosting_pseudo_residual,
    ("class-imbalance", "prior-correction"): _prior_corrected_probability,
    ("distributed-training", "accumulation-token-weight"): _accumulation_token_weight,
    ("distribution-shift", "effective-sample-size"): _effective_sample_size,
}
