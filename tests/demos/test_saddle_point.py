"""saddle-point against torch autograd Hessians, a determinant/trace test and Cholesky-based Monte Carlo."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.catalog.saddle_point import _functions
from tests.demos import result_dict


def _torch_hessian_kind(f, x, y):
    p = torch.tensor([x, y], dtype=torch.float64)
    g = torch.autograd.functional.jacobian(lambda q: f(q[0], q[1]), p)
    H = torch.autograd.functional.hessian(lambda q: f(q[0], q[1]), p)
    det = float(torch.linalg.det(H))
    tr = float(torch.trace(H))
    # 2×2 second-derivative test without eigenvalues: det < 0 saddle; det > 0 min or max by the trace
    if det < -1e-9:
        kind = "saddle"
    elif det > 1e-9:
        kind = "minimum" if tr > 0 else "maximum"
    else:
        kind = "degenerate"
    return float(g.norm()), H.numpy(), kind


def test_builtin_critical_points_against_autograd():
    d = result_dict("saddle-point", {"dims": [2], "trials": 10})
    counts = {"minimum": 0, "maximum": 0, "saddle": 0, "degenerate": 0}
    for name, (_, f, _, _, points) in _functions().items():
        for (x, y), row in zip(points, d["functions"][name]["points"]):
            gnorm, H, kind = _torch_hessian_kind(f, x, y)
            assert gnorm < 1e-12  # really a critical point
            assert np.allclose(row["hessian"], H, atol=1e-12)
            assert np.allclose(row["hessian_fd"], H, atol=1e-5)
            assert np.allclose(sorted(row["eigenvalues"]), np.linalg.eigvalsh(H), atol=1e-12)
            assert row["kind"] == kind, (name, x, y)
            counts[kind] += 1
    assert d["counts"] == counts == {"minimum": 2, "maximum": 2, "saddle": 4, "degenerate": 1}
    assert d["functions"]["saddle"]["points"][0]["kind"] == "saddle"  # x² − y²


def test_one_dimension_has_no_saddles():
    d = result_dict("saddle-point", {"dims": [1], "trials": 4000}, seed=3)
    r = d["random"][0]
    assert r["saddle_fraction"] == 0.0
    assert abs(r["minimum_fraction"] - 0.5) < 5 * math.sqrt(0.25 / 4000)


@pytest.mark.parametrize("dim", [2, 3, 4])
def test_saddle_fraction_matches_cholesky_monte_carlo(dim):
    trials = 5000
    d = result_dict("saddle-point", {"dims": [dim], "trials": trials}, seed=11)
    gen = np.random.default_rng(12345)  # an independent sample
    n_def = 0
    for _ in range(trials):
        G = gen.standard_normal((dim, dim))
        A = (G + G.T) / 2
        for M in (A, -A):  # positive definite (a minimum) or negative definite (a maximum)
            try:
                np.linalg.cholesky(M)
                n_def += 1
            except np.linalg.LinAlgError:
                pass
    ref = 1 - n_def / trials
    sd = math.sqrt(max(ref * (1 - ref), 1e-4) / trials)
    assert abs(d["random"][0]["saddle_fraction"] - ref) < 6 * sd


def test_saddles_dominate_as_dimension_grows():
    d = result_dict("saddle-point", {"dims": [1, 2, 4, 8], "trials": 3000})
    fr = [r["saddle_fraction"] for r in d["random"]]
    assert fr[0] == 0.0 and fr[-1] > 0.99 and d["saddle_fraction_increases"] is True
    # by symmetry about half of the eigenvalues are negative on average
    for r in d["random"]:
        assert abs(r["mean_negative_eigenvalues"] - r["d"] / 2) < 0.1 * r["d"] + 0.05
