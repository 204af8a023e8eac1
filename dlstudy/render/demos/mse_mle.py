"""Render the mse-mle demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.mse_mle import MseMleResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: MseMleResult, console: Console) -> None:
    t = d.true
    console.print(f"{d.n} points y = {num(t['w'])}·x + {num(t['b'])} + {d.noise} noise (std {num(t['sigma'])})")
    fits = table("Two ways to fit the line", "method", "w", "b")
    ls, gr = d.least_squares, d.grid
    fits.add("least squares (normal equations)", ls["w"], ls["b"])
    for g in d.gradient_ascent:
        fits.add(f"max Gaussian log-lik, σ fixed at {num(g['sigma'])}", g["w"], g["b"])
    fits.add(f"grid minimum of the NLL (step {num(gr['step'])})", gr["w"], gr["b"])
    fits.add("least absolute deviations (Laplace MLE)", d.lad["w"], d.lad["b"])
    fit_table(console, fits)
    console.print(f"largest |gradient ascent − least squares| = {num(d.max_abs_difference)}"
                  f" ({'same solution' if d.same_solution else 'not converged yet: raise steps'})")
    nll = d.nll
    console.print(
        f"\nNLL at σ = {num(nll['sigma'])}: sum of −log densities = {num(nll['direct'])}; "
        f"n/2·log(2πσ²) + SSE/(2σ²) = {num(nll['formula'])}."
    )
    console.print(f"MLE of the noise variance: σ² = SSE/n = {num(nll['sigma_mle_squared'])} (σ = {num(nll['sigma_mle'])}).")
    ll = table("Log-likelihood of each fit (scale set to its MLE)", "fit", "Gaussian model", "Laplace model")
    for name, v in d.log_likelihood.items():
        ll.add(name, v["gaussian"], v["laplace"])
    fit_table(console, ll)
    console.print(
        "The σ only scales the squared-error term and adds a constant, so every σ gives the same (w, b): "
        "least squares is the Gaussian MLE. Under Laplace noise the MLE minimizes absolute error instead "
        f"(best under Gaussian: {d.best_fit_under['gaussian']}, under Laplace: {d.best_fit_under['laplace']})."
    )
