"""l1-vs-l2: ridge vs lstsq on the augmented system, lasso vs its KKT conditions, a brute-force check and the
orthonormal-design closed forms (soft thresholding)."""

import numpy as np
import pytest

from dlstudy.demos.runner import run_demo


def _data(params, seed=0):
    run = run_demo("l1-vs-l2", params, seed=seed)
    X, y = run.result.inputs["X"], run.result.inputs["y"]
    return run.to_dict(), X - X.mean(axis=0), y - y.mean()


@pytest.mark.parametrize("params", [{}, {"n": 8, "d": 20, "k_true": 2}, {"design": "orthonormal", "n": 40}])
def test_ridge_equals_lstsq_on_the_augmented_system(params):
    d, Xc, yc = _data(params, seed=1)
    p = Xc.shape[1]
    for lam, coef in zip(d["lambdas"], d["ridge"]["coefs"]):
        A = np.vstack([Xc, np.sqrt(lam) * np.eye(p)])
        b = np.concatenate([yc, np.zeros(p)])
        ref = np.linalg.lstsq(A, b, rcond=None)[0]
        assert np.allclose(coef, ref, rtol=1e-8, atol=1e-10)
    assert d["summary"]["ridge_zeros_total"] == 0


@pytest.mark.parametrize("params", [{}, {"n": 8, "d": 20, "k_true": 2}, {"n": 200, "d": 30, "k_true": 10, "noise": 3.0}])
def test_lasso_satisfies_kkt_conditions(params):
    d, Xc, yc = _data(params, seed=2)
    for lam, coef in zip(d["lambdas"], d["lasso"]["coefs"]):
        w = np.array(coef)
        g = Xc.T @ (yc - Xc @ w)  # minus the gradient of ½‖y − Xw‖²
        nz = w != 0
        scale = 1e-7 * (1 + np.abs(Xc.T @ yc).max())
        assert np.all(np.abs(g[nz] - lam * np.sign(w[nz])) <= scale)
        assert np.all(np.abs(g[~nz]) <= lam + scale)
    # λ ≥ λ_max = max|Xᵀy| gives all zeros (subgradient condition at w = 0)
    lam_max = float(np.abs(Xc.T @ yc).max())
    assert d["lambda_max"] == pytest.approx(lam_max, rel=1e-12)
    for ratio, zeros in zip(d["ratios"], d["lasso"]["zeros"]):
        if ratio >= 1:
            assert zeros == Xc.shape[1]


def test_lasso_is_a_minimum_by_brute_force_and_by_a_second_solver():
    """Small problem: random perturbations never lower the objective, the subgradient contains 0, and proximal
    gradient descent (ISTA) lands on the same point with the same zeros."""
    d, Xc, yc = _data({"n": 30, "d": 4, "k_true": 2, "ratios": [0.05, 0.3, 0.6]}, seed=5)
    rng = np.random.default_rng(0)
    for lam, coef in zip(d["lambdas"], d["lasso"]["coefs"]):
        w = np.array(coef)

        def f(v, lam=lam):
            return 0.5 * np.sum((yc - Xc @ v) ** 2) + lam * np.sum(np.abs(v))

        best = f(w)
        for _ in range(2000):
            v = w + rng.normal(scale=rng.choice([1e-3, 1e-2, 1e-1]), size=w.size)
            if rng.random() < 0.5:
                v[rng.integers(w.size)] = 0.0
            assert f(v) >= best - 1e-9
        # subgradient of the objective contains 0 at w: check each coordinate
        g = -Xc.T @ (yc - Xc @ w)
        for j in range(w.size):
            if w[j] == 0:
                assert abs(g[j]) <= lam + 1e-7
            else:
                assert abs(g[j] + lam * np.sign(w[j])) <= 1e-7
        # compare with a proximal-gradient (ISTA) solution, a second method
        L = np.linalg.eigvalsh(Xc.T @ Xc).max()
        v = np.zeros(w.size)
        for _ in range(20000):
            z = v - (Xc.T @ (Xc @ v - yc)) / L
            v = np.sign(z) * np.maximum(np.abs(z) - lam / L, 0)
        assert np.allclose(v, w, atol=1e-6)
        assert [x == 0 for x in w] == [x == 0 for x in v]


def test_orthonormal_design_closed_forms():
    d, Xc, yc = _data({"design": "orthonormal", "n": 50, "d": 8, "k_true": 3}, seed=3)
    assert np.allclose(Xc.T @ Xc, np.eye(8), atol=1e-10)
    z = Xc.T @ yc
    for lam, ridge, lasso in zip(d["lambdas"], d["ridge"]["coefs"], d["lasso"]["coefs"]):
        assert np.allclose(ridge, z / (1 + lam), rtol=1e-8, atol=1e-10)
        soft = np.sign(z) * np.maximum(np.abs(z) - lam, 0)
        assert np.allclose(lasso, soft, rtol=1e-8, atol=1e-9)
        assert d["lasso"]["zeros"][d["lambdas"].index(lam)] == int(np.sum(np.abs(z) <= lam))


def test_lasso_recovers_the_true_support_with_little_noise():
    d, _, _ = _data({"n": 200, "d": 10, "k_true": 3, "noise": 0.1, "ratios": [0.05]}, seed=4)
    nonzero = [j for j, c in enumerate(d["lasso"]["coefs"][0]) if c != 0]
    assert nonzero == d["true_support"]
