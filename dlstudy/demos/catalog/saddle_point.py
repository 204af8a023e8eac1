"""saddle-point: classify critical points by Hessian eigenvalues; saddles dominate in high dimension."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict) -> None:
    cost = int(values["trials"]) * sum(int(d) ** 3 for d in values["dims"])
    if cost > 60_000_000:
        raise ParamError(f"parameters 'trials' × sum of dims³ is {cost:,}; keep it at most 60,000,000 "
                         "(fewer trials or smaller dims)")


SPEC = DemoSpec(
    id="saddle-point",
    title="Hessian eigenvalues at critical points",
    description="Minimum, maximum or saddle from the Hessian's eigenvalue signs; random critical points are mostly saddles.",
    topic="foundations",
    cards=("hessian-critical-points", "local-min-saddle"),
    params=(
        Param("dims", "int_list", [1, 2, 3, 5, 10, 20], "dimensions of the random symmetric Hessians",
              min=1, max=100, max_len=10),
        Param("trials", "int", 2000, "random Hessians per dimension", min=10, max=20_000),
        Param("h", "float", 1e-4, "step of the finite-difference Hessian", min=1e-6, max=0.5),
    ),
    headline=(
        ("saddle share, last listed dimension", "random[-1].saddle_fraction"),
        ("minimum share, last listed dimension", "random[-1].minimum_fraction"),
        ("saddle share rises with dimension", "saddle_fraction_increases"),
        ("max finite-difference error", "max_fd_error"),
    ),
    check=_check,
)


# name -> (formula, f, analytic gradient, analytic Hessian, critical points)
def _functions():
    return {
        "bowl": ("x² + 2y²",
                 lambda x, y: x * x + 2 * y * y,
                 lambda x, y: (2 * x, 4 * y),
                 lambda x, y: ((2.0, 0.0), (0.0, 4.0)),
                 [(0.0, 0.0)]),
        "cap": ("−x² − y²",
                lambda x, y: -x * x - y * y,
                lambda x, y: (-2 * x, -2 * y),
                lambda x, y: ((-2.0, 0.0), (0.0, -2.0)),
                [(0.0, 0.0)]),
        "saddle": ("x² − y²",
                   lambda x, y: x * x - y * y,
                   lambda x, y: (2 * x, -2 * y),
                   lambda x, y: ((2.0, 0.0), (0.0, -2.0)),
                   [(0.0, 0.0)]),
        "tilted": ("x² + 3xy + y²",
                   lambda x, y: x * x + 3 * x * y + y * y,
                   lambda x, y: (2 * x + 3 * y, 3 * x + 2 * y),
                   lambda x, y: ((2.0, 3.0), (3.0, 2.0)),
                   [(0.0, 0.0)]),
        "cubic": ("x³ − 3x − y³ + 3y",
                  lambda x, y: x**3 - 3 * x - y**3 + 3 * y,
                  lambda x, y: (3 * x * x - 3, -3 * y * y + 3),
                  lambda x, y: ((6.0 * x, 0.0), (0.0, -6.0 * y)),
                  [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)]),
        "monkey": ("x³ − 3xy²",
                   lambda x, y: x**3 - 3 * x * y * y,
                   lambda x, y: (3 * x * x - 3 * y * y, -6 * x * y),
                   lambda x, y: ((6.0 * x, -6.0 * y), (-6.0 * y, -6.0 * x)),
                   [(0.0, 0.0)]),
    }


def classify(eigenvalues, tol: float = 1e-6) -> str:
    """Second-derivative test from the eigenvalue signs."""
    pos = any(v > tol for v in eigenvalues)
    neg = any(v < -tol for v in eigenvalues)
    if pos and neg:
        return "saddle"
    if any(abs(v) <= tol for v in eigenvalues):
        return "degenerate"  # a zero eigenvalue: the second-order test cannot decide
    return "minimum" if pos else "maximum"


def fd_hessian(f, x, y, h):
    """Central finite differences of f: second partials from function values only."""
    fxx = (f(x + h, y) - 2 * f(x, y) + f(x - h, y)) / (h * h)
    fyy = (f(x, y + h) - 2 * f(x, y) + f(x, y - h)) / (h * h)
    fxy = (f(x + h, y + h) - f(x + h, y - h) - f(x - h, y + h) + f(x - h, y - h)) / (4 * h * h)
    return ((fxx, fxy), (fxy, fyy))


def random_symmetric(rng, trials: int, d: int):
    """GOE-style symmetric matrices: (G + Gᵀ)/2 with G standard normal."""
    G = rng.standard_normal((trials, d, d))
    return (G + G.transpose(0, 2, 1)) / 2


@dataclass
class SaddlePointResult(DemoResult):
    functions: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    max_fd_error: float = 0.0
    random: list = field(default_factory=list)
    saddle_fraction_increases: bool = False


def run(params: dict[str, Any], rng: Generator) -> SaddlePointResult:
    import numpy as np

    h = float(params["h"])
    funcs = {}
    counts = {"minimum": 0, "maximum": 0, "saddle": 0, "degenerate": 0}
    max_err = 0.0
    for name, (formula, f, grad, hess, points) in _functions().items():
        rows = []
        for (x, y) in points:
            H = np.array(hess(x, y), dtype=float)
            H_fd = np.array(fd_hessian(f, x, y, h), dtype=float)
            eig = np.linalg.eigvalsh(H)
            kind = classify(eig)
            counts[kind] += 1
            err = float(np.abs(H - H_fd).max())
            max_err = max(max_err, err)
            rows.append({"point": [x, y], "gradient_norm": float(np.hypot(*grad(x, y))), "hessian": H,
                         "hessian_fd": H_fd, "fd_error": err, "eigenvalues": eig,
                         "eigenvalues_fd": np.linalg.eigvalsh(H_fd), "kind": kind})
        funcs[name] = {"formula": formula, "points": rows}

    random = []
    for d in params["dims"]:
        d = int(d)
        trials = int(params["trials"])
        eig = np.linalg.eigvalsh(random_symmetric(rng, trials, d))  # ascending per matrix
        n_min = int((eig[:, 0] > 0).sum())
        n_max = int((eig[:, -1] < 0).sum())
        random.append({
            "d": d, "trials": trials,
            "minimum_fraction": n_min / trials,
            "maximum_fraction": n_max / trials,
            "saddle_fraction": (trials - n_min - n_max) / trials,
            "mean_negative_eigenvalues": float((eig < 0).sum(axis=1).mean()),
        })
    fracs = [r["saddle_fraction"] for r in sorted(random, key=lambda r: r["d"])]
    increasing = len(fracs) > 1 and all(b >= a for a, b in zip(fracs, fracs[1:]))
    return SaddlePointResult(functions=funcs, counts=counts, max_fd_error=max_err, random=random,
                             saddle_fraction_increases=bool(increasing))
