"""Independent references for the numeric questions added by the audit of the part-three cards
(docs/content-audit.md, "The 12 cards of part three").

Every value is recomputed from first principles (exact fractions, enumeration of outcomes, brute-force
search, resampling-free closed counts), never copied from a card.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tests.content_refs.modern_cards import _tokens_per_pass

# ---------- speculative-decoding ----------
# expected tokens per target pass: the enumeration of modern_cards.py (the speculative-decoding card's reference)

def _best_draft_length() -> float:
    """Scan k = 1..14: expected tokens per step over the step's cost (k draft steps at c plus one target
    pass); return the k with the largest speed-up."""
    alpha, c = Fraction(8, 10), Fraction(5, 100)
    speedups = {k: _tokens_per_pass(alpha, k) / (k * c + 1) for k in range(1, 15)}
    return float(max(speedups, key=speedups.get))


# ---------- llm-evaluation ----------

def _accuracy_standard_error() -> float:
    """Standard deviation of the mean of 500 Bernoulli(0.8) outcomes, computed from the exact
    binomial distribution of the number correct."""
    n, p = 500, Fraction(4, 5)
    probs = [math.comb(n, j) * float(p) ** j * float(1 - p) ** (n - j) for j in range(n + 1)]
    mean = sum(j / n * w for j, w in enumerate(probs))
    var = sum((j / n - mean) ** 2 * w for j, w in enumerate(probs))
    return math.sqrt(var)


REFS = {
    ("speculative-decoding", "best-k"): _best_draft_length,
    ("llm-evaluation", "benchmark-se"): _accuracy_standard_error,
}
