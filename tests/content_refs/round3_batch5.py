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


REFS = {
    ("early-stopping-ensembles", "members-needed"): _members_needed,
}
