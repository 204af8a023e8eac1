"""Render the mse-mle demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    t = d["true"]
    console.print(f"{d['n']} points y = {fmt(t['w'])}·x + {fmt(t['b'])} + {d['noise']} noise (std {fmt(t['sigma'])})")
    table = Table(title="Two ways to fit the line")
    table.add_column("method")
    table.add_column("w", justify="right")
    table.add_column("b", justify="right")
    ls = d["least_squares"]
    table.add_row("least squares (normal equations)", fmt(ls["w"]), fmt(ls["b"]))
    for g in d["gradient_ascent"]:
        table.add_row(f"max Gaussian log-lik, σ fixed at {fmt(g['sigma'])}", fmt(g["w"]), fmt(g["b"]))
    gr = d["grid"]
    table.add_row(f"grid minimum of the NLL (step {fmt(gr['step'])})", fmt(gr["w"]), fmt(gr["b"]))
    table.add_row("least absolute deviations (Laplace MLE)", fmt(d["lad"]["w"]), fmt(d["lad"]["b"]))
    fit_table(console, table)
    console.print(f"largest |gradient ascent − least squares| = {fmt(d['max_abs_difference'])}"
                  f" ({'same solution' if d['same_solution'] else 'not converged yet: raise steps'})")
    nll = d["nll"]
    console.print(
        f"\nNLL at σ = {fmt(nll['sigma'])}: sum of −log densities = {fmt(nll['direct'])}; "
        f"n/2·log(2πσ²) + SSE/(2σ²) = {fmt(nll['formula'])}."
    )
    console.print(f"MLE of the noise variance: σ² = SSE/n = {fmt(nll['sigma_mle_squared'])} (σ = {fmt(nll['sigma_mle'])}).")
    ll = Table(title="Log-likelihood of each fit (scale set to its MLE)")
    ll.add_column("fit")
    ll.add_column("Gaussian model", justify="right")
    ll.add_column("Laplace model", justify="right")
    for name, v in d["log_likelihood"].items():
        ll.add_row(name, fmt(v["gaussian"]), fmt(v["laplace"]))
    fit_table(console, ll)
    console.print(
        "The σ only scales the squared-error term and adds a constant, so every σ gives the same (w, b): "
        "least squares is the Gaussian MLE. Under Laplace noise the MLE minimizes absolute error instead "
        f"(best under Gaussian: {d['best_fit_under']['gaussian']}, under Laplace: {d['best_fit_under']['laplace']})."
    )
