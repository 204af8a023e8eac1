"""References for the uniform-variance card."""

import math

import numpy as np


def _var_uniform(a: float) -> float:
    # numerical integration of x² · 1/(2a) over (-a, a), midpoint rule
    n = 100_000
    xs = -a + (np.arange(n) + 0.5) * (2 * a / n)
    return float(np.sum(xs**2) / n)


REFS = {
    ("uniform-variance", "var-formula"): lambda: _var_uniform(3.0),
    ("uniform-variance", "bound-for-target"): lambda: math.sqrt(3 * 0.01),
}
