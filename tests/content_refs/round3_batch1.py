"""Independent references for the numeric questions added by content round three, batch 1
(beyond, cnn and foundations cards).

Every value is recomputed from first principles (direct sums over outcomes, enumeration, numpy or
torch), never copied from a card.
"""

from __future__ import annotations


# ---------- autoencoder ----------

def _kl_sparsity() -> float:
    """KL(Bernoulli(0.05) || Bernoulli(0.2)) in nats, as a sum over the two outcomes {1, 0}."""
    import numpy as np

    p = np.array([0.05, 0.95])
    q = np.array([0.2, 0.8])
    return float(np.sum(p * np.log(p / q)))


REFS = {
    ("autoencoder", "kl-sparsity"): _kl_sparsity,
}
