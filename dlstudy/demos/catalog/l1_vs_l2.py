"""l1-vs-l2: lasso sets coefficients exactly to zero along its path, ridge only shrinks them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult, raw_field
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    import numpy as np
    from numpy.random import Generator
    from numpy.typing import NDArray


def _check(values: dict) -> None:
    if values["k_true"] > values["d"]:
        raise ParamError(f"parameter 'k_true' must be at most d = {values['d']} (allowed: 1..d), got {values['k_true']}")
    if values["design"] == "orthonormal" and values["n"] <= values["d"]:
        raise ParamError(f"parameter 'n' must be more than d = {values['d']} for design=orthonormal "
                         f"(centred orthonormal columns need n > d), got {values['n']}")


SPEC = DemoSpec(
    id="l1-vs-l2",
    title="L1 (lasso) vs L2 (ridge): sparsity along the path",
    description="Ridge (XᵀX + λI)⁻¹Xᵀy shrinks every coefficient; lasso by coordinate descent zeroes them out "
                "one by one as λ grows.",
    topic="training",
    cards=("weight-decay-l2", "l1-lasso"),
    params=(
        Param("n", "int", 60, "number of samples", min=5, max=500),
        Param("d", "int", 10, "number of features", min=2, max=30),
        Param("k_true", "int", 3, "how many true coefficients are nonzero (at most d)", min=1, max=30),
        Param("noise", "float", 0.5, "standard deviation of the noise on y", min=0.0, max=10.0),
        Param("ratios", "float_list", [0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0, 1.5],
              "λ values as fractions of λ_max = max|Xᵀy| (lasso is all zeros from 1 on)", min=1e-4, max=10.0,
              min_len=1, max_len=30),
        Param("design", "choice", "random", "random correlated features, or orthonormal columns (closed forms)",
              choices=("random", "orthonormal")),
    ),
    headline=(
        ("lasso zeros, summed over all λ", "summary.lasso_zeros_total"),
        ("ridge zeros, summed over all λ", "summary.ridge_zeros_total"),
        ("lasso zeros at the last listed λ", "lasso.zeros[-1]"),
        ("ridge ‖w‖₂ at the last listed λ", "ridge.l2_norm[-1]"),
    ),
    check=_check,
)


@dataclass
class L1L2Result(DemoResult):
    n: int = 0
    d: int = 0
    design: str = ""
    objective: dict = field(default_factory=dict)  # the two penalized losses, in words
    true_coef: list[float] = field(default_factory=list)
    true_support: list[int] = field(default_factory=list)  # indices of the nonzero true coefficients
    lambda_max: float = 0.0  # smallest λ at which the lasso solution is all zeros
    lambdas: list = field(default_factory=list)
    ratios: list = field(default_factory=list)
    ols: list = field(default_factory=list)  # λ = 0 (least squares on the centred data)
    ridge: dict = field(default_factory=dict)  # coefs per λ, zeros per λ, smallest |coef| per λ
    lasso: dict = field(default_factory=dict)  # coefs per λ, zeros, nonzeros, sweeps, support_recovered, kkt_violation
    summary: dict = field(default_factory=dict)  # ridge_zeros_total, lasso_zeros_at_lambda_max, ...
    lesson: str = ""
    inputs: dict[str, NDArray[np.float64]] = raw_field()  # X and y: for tests and scripts, not in --json


def soft_threshold(z, t):
    import numpy as np

    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def _lasso_cd(gram, xty, lam, w0, tol=1e-12, max_sweeps=20_000):
    """Coordinate descent for ½‖y − Xw‖² + λ‖w‖₁ in covariance form (gram = XᵀX, xty = Xᵀy; warm start w0).

    For each j: ρ_j = x_jᵀ(y − Σ_{k≠j} x_k w_k) = (Xᵀy)_j − (XᵀX w)_j + (XᵀX)_jj w_j, then w_j = S(ρ_j, λ)/(XᵀX)_jj.
    Returns (w, sweeps).
    """
    import numpy as np

    w = w0.copy()
    for sweep in range(1, max_sweeps + 1):
        biggest = 0.0
        for j in range(len(w)):
            cjj = gram[j, j]
            if cjj == 0.0:
                continue
            old = w[j]
            rho = xty[j] - gram[j] @ w + cjj * old
            new = float(soft_threshold(rho, lam)) / cjj
            if new != old:
                w[j] = new
                biggest = max(biggest, abs(new - old))
        if biggest <= tol * (1.0 + float(np.max(np.abs(w)))):
            return w, sweep
    return w, max_sweeps


def run(params: dict[str, Any], rng: Generator) -> L1L2Result:
    import numpy as np

    n, d, k = int(params["n"]), int(params["d"]), int(params["k_true"])
    noise, design = float(params["noise"]), params["design"]
    ratios = [float(v) for v in params["ratios"]]

    if design == "orthonormal":
        raw = rng.normal(size=(n, d))
        q, _ = np.linalg.qr(raw - raw.mean(axis=0))
        X = q
    else:
        z = rng.normal(size=(n, 1))
        X = rng.normal(size=(n, d)) + 0.5 * z  # correlated features
    true = np.zeros(d)
    support = np.sort(rng.choice(d, size=k, replace=False))
    true[support] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(1.0, 3.0, size=k)
    y = X @ true + 2.0 + noise * rng.normal(size=n)  # an intercept of 2 that is never penalized

    # centre: the intercept is fitted separately and not regularized
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    xty = Xc.T @ yc
    gram = Xc.T @ Xc
    lam_max = float(np.max(np.abs(xty)))
    lambdas = [r * lam_max for r in ratios]
    ols = np.linalg.lstsq(Xc, yc, rcond=None)[0]

    ridge_coefs, ridge_zeros, ridge_min = [], [], []
    for lam in lambdas:
        w = np.linalg.solve(gram + lam * np.eye(d), xty) if lam > 0 else ols
        ridge_coefs.append(w)
        ridge_zeros.append(int(np.sum(w == 0.0)))
        ridge_min.append(float(np.min(np.abs(w))))

    # lasso path from large λ to small with warm starts, then reported in the user's order
    order = sorted(range(len(lambdas)), key=lambda i: -lambdas[i])
    lasso_coefs: list = [None] * len(lambdas)
    sweeps: list = [0] * len(lambdas)
    w = np.zeros(d)
    for i in order:
        w, sweeps[i] = _lasso_cd(gram, xty, lambdas[i], w)
        lasso_coefs[i] = w.copy()
    zeros = [int(np.sum(c == 0.0)) for c in lasso_coefs]
    kkt = []
    for lam, c in zip(lambdas, lasso_coefs):
        g = xty - gram @ c  # x_jᵀ residual: = λ·sign(w_j) where w_j ≠ 0, |·| ≤ λ where w_j = 0
        viol = np.where(c != 0.0, np.abs(g - lam * np.sign(c)), np.maximum(np.abs(g) - lam, 0.0))
        kkt.append(float(np.max(viol)) / max(lam_max, 1e-300))
    true_set = {int(i) for i in support}

    return L1L2Result(
        n=n, d=d, design=design,
        objective={"ridge": "½‖y − Xw − b‖² + (λ/2)‖w‖²  →  w = (XᵀX + λI)⁻¹Xᵀy on centred data",
                   "lasso": "½‖y − Xw − b‖² + λ‖w‖₁  →  coordinate descent with soft thresholding",
                   "intercept": "b is fitted by centring X and y and is never penalized"},
        true_coef=true.tolist(), true_support=support.tolist(), lambda_max=lam_max, lambdas=lambdas, ratios=ratios, ols=ols,
        ridge={"coefs": ridge_coefs, "zeros": ridge_zeros, "min_abs": ridge_min,
               "l2_norm": [float(np.linalg.norm(c)) for c in ridge_coefs]},
        lasso={"coefs": lasso_coefs, "zeros": zeros, "nonzeros": [d - z for z in zeros], "sweeps": sweeps,
               "support_recovered": [{int(i) for i in np.flatnonzero(c)} == true_set for c in lasso_coefs],
               "kkt_violation": kkt, "l1_norm": [float(np.sum(np.abs(c))) for c in lasso_coefs]},
        summary={"ridge_zeros_total": int(sum(ridge_zeros)), "lasso_zeros_total": int(sum(zeros)),
                 "lasso_all_zero_from_lambda_max": all(z == d for r, z in zip(ratios, zeros) if r >= 1.0)},
        lesson="The L1 penalty has a kink at zero, so a coefficient stays exactly 0 until its correlation with the "
               "residual exceeds λ: lasso selects features. The L2 penalty is smooth, so ridge shrinks every "
               "coefficient towards 0 but none reaches it.",
        inputs={"X": X, "y": y},
    )
