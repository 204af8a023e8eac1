"""mse-mle: least squares = maximum likelihood under additive Gaussian noise (and L1 = Laplace)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="mse-mle",
    title="Squared error is Gaussian maximum likelihood",
    description="Fit y = w·x + b: least squares and maximizing the Gaussian log-likelihood give the same line.",
    topic="foundations",
    cards=("mse-gaussian-mle",),
    params=(
        Param("n", "int", 200, "number of data points", min=5, max=20_000),
        Param("w", "float", 2.0, "true slope", min=-100.0, max=100.0),
        Param("b", "float", -1.0, "true intercept", min=-100.0, max=100.0),
        Param("sigma", "float", 0.5, "noise standard deviation", min=1e-3, max=100.0),
        Param("noise", "choice", "gaussian", "noise distribution (laplace has the same standard deviation)",
              choices=("gaussian", "laplace")),
        Param("steps", "int", 500, "gradient-ascent steps on the log-likelihood", min=1, max=5000),
    ),
    headline=(
        ("least-squares slope w", "least_squares.w"),
        ("max |least squares − MLE|", "max_abs_difference"),
        ("maximum-likelihood σ", "nll.sigma_mle"),
        ("same line from LS and MLE", "same_solution"),
    ),
)

LOG_2PI = math.log(2 * math.pi)


@dataclass
class MseMleResult(DemoResult):
    n: int
    noise: str
    true: dict = field(default_factory=dict)
    least_squares: dict = field(default_factory=dict)  # closed-form normal equations
    gradient_ascent: list = field(default_factory=list)  # maximize Gaussian log-lik with different fixed sigma
    max_abs_difference: float = 0.0  # |gradient ascent - least squares| over w, b and sigmas
    same_solution: bool = False  # within 1e-6
    nll: dict = field(default_factory=dict)  # direct sum of -log pdf vs the closed formula
    grid: dict = field(default_factory=dict)  # brute-force grid minimum of the NLL
    lad: dict = field(default_factory=dict)  # least absolute deviations = Laplace MLE
    log_likelihood: dict = field(default_factory=dict)  # each fit under each noise model (MLE scale)
    best_fit_under: dict = field(default_factory=dict)


def gaussian_nll_direct(res, sigma):
    """Sum over points of -log of the Gaussian density value N(r; 0, sigma²)."""
    import numpy as np

    dens = np.exp(-(res**2) / (2 * sigma**2)) / math.sqrt(2 * math.pi * sigma**2)
    return float(-np.sum(np.log(np.maximum(dens, 1e-300))))


def gaussian_loglik(res, sigma):
    n = len(res)
    return float(-n / 2 * (LOG_2PI + 2 * math.log(sigma)) - float((res**2).sum()) / (2 * sigma**2))


def laplace_loglik(res, scale):
    n = len(res)
    return float(-n * math.log(2 * scale) - float(abs(res).sum()) / scale)


def fit_lad(x, y, iters: int = 200):
    """min over (w, b) of sum |y - w x - b|: for fixed w the best b is a median of y - w x, and the
    profiled objective is convex in w, so a golden-section search on w finds the optimum."""
    import numpy as np

    def cost(w):
        r = y - w * x
        return float(np.abs(r - np.median(r)).sum())

    slope_range = (float(y.max() - y.min()) / max(float(x.max() - x.min()), 1e-12)) * 2 + 1.0
    lo, hi = -slope_range, slope_range
    g = (math.sqrt(5) - 1) / 2
    a, c = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fc = cost(a), cost(c)
    for _ in range(iters):
        if fa <= fc:
            hi, c, fc = c, a, fa
            a = hi - g * (hi - lo)
            fa = cost(a)
        else:
            lo, a, fa = a, c, fc
            c = lo + g * (hi - lo)
            fc = cost(c)
    w = (lo + hi) / 2
    b = float(np.median(y - w * x))
    return w, b


def run(params: dict[str, Any], rng: Generator) -> MseMleResult:
    import numpy as np

    n, w_true, b_true, sigma = int(params["n"]), float(params["w"]), float(params["b"]), float(params["sigma"])
    x = rng.uniform(-2.0, 2.0, size=n)
    if params["noise"] == "gaussian":
        eps = rng.normal(0.0, sigma, size=n)
    else:
        eps = rng.laplace(0.0, sigma / math.sqrt(2.0), size=n)  # Laplace(0, s) has variance 2 s²
    y = w_true * x + b_true + eps

    # closed form: normal equations X^T X [w, b] = X^T y
    X = np.column_stack([x, np.ones(n)])
    w_ls, b_ls = np.linalg.solve(X.T @ X, X.T @ y)
    res_ls = y - w_ls * x - b_ls
    sse = float((res_ls**2).sum())

    # maximize the mean Gaussian log-likelihood over (w, b) by gradient ascent, for several fixed sigmas
    lam_max = float(np.linalg.eigvalsh(X.T @ X / n).max())
    ga = []
    max_diff = 0.0
    for s in (sigma, 5.0 * sigma):
        theta = np.zeros(2)
        step = s * s / lam_max  # 1/L for the mean log-likelihood, whose curvature is E[x x^T]/s²
        for _ in range(int(params["steps"])):
            r = y - X @ theta
            grad = X.T @ r / (n * s * s)  # d/dθ of mean log N(y; Xθ, s²)
            theta = theta + step * grad
        ga.append({"sigma": s, "w": float(theta[0]), "b": float(theta[1])})
        max_diff = max(max_diff, abs(theta[0] - w_ls), abs(theta[1] - b_ls))

    sigma_mle = math.sqrt(sse / n)
    formula = n / 2 * math.log(2 * math.pi * sigma**2) + sse / (2 * sigma**2)

    # brute force: NLL over a grid of (w, b) centred on the truth, sigma fixed
    half = 30.0 * sigma / math.sqrt(n) + 0.05
    ws = np.linspace(w_true - half, w_true + half, 81)
    bs = np.linspace(b_true - half, b_true + half, 81)
    # SSE(w, b) from sufficient statistics: no (grid x grid x n) array, so memory stays O(grid + n)
    sx, sy, sxx, sxy, syy = x.sum(), y.sum(), (x * x).sum(), (x * y).sum(), (y * y).sum()
    W, B = ws[:, None], bs[None, :]
    sse_grid = syy - 2 * W * sxy - 2 * B * sy + W * W * sxx + 2 * W * B * sx + n * B * B
    nll_grid = n / 2 * math.log(2 * math.pi * sigma**2) + sse_grid / (2 * sigma**2)
    i, j = np.unravel_index(int(np.argmin(nll_grid)), nll_grid.shape)

    w_lad, b_lad = fit_lad(x, y)
    res_lad = y - w_lad * x - b_lad
    fits = {"least_squares": res_ls, "lad": res_lad}
    loglik = {}
    for name, r in fits.items():
        loglik[name] = {
            "gaussian": gaussian_loglik(r, math.sqrt(float((r**2).mean()))),
            "laplace": laplace_loglik(r, float(np.abs(r).mean())),
        }
    best = {
        model: max(fits, key=lambda k: loglik[k][model]) for model in ("gaussian", "laplace")
    }

    return MseMleResult(
        n=n,
        noise=params["noise"],
        true={"w": w_true, "b": b_true, "sigma": sigma},
        least_squares={"w": float(w_ls), "b": float(b_ls), "sse": sse, "mse": sse / n},
        gradient_ascent=ga,
        max_abs_difference=float(max_diff),
        same_solution=bool(max_diff < 1e-6),
        nll={"sigma": sigma, "direct": gaussian_nll_direct(res_ls, sigma), "formula": formula,
             "sigma_mle": sigma_mle, "sigma_mle_squared": sigma_mle**2,
             "at_sigma_mle": n / 2 * (math.log(2 * math.pi * sigma_mle**2) + 1)},
        grid={"step": float(ws[1] - ws[0]), "w": float(ws[i]), "b": float(bs[j]),
              "nll": float(nll_grid[i, j])},
        lad={"w": float(w_lad), "b": float(b_lad), "sae": float(np.abs(res_lad).sum()),
             "mae": float(np.abs(res_lad).mean())},
        log_likelihood=loglik,
        best_fit_under=best,
    )
