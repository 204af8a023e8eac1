"""Render the bagging-variance demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    console.print(
        f"{d['trials']} training sets of {d['n']} points from sin(πx) + noise; each model is a degree-{d['degree']} "
        f"polynomial (tiny ridge 0.01) fitted to a bootstrap resample. One model: σ² = {fmt(d['sigma2'])}; two models on the same data "
        f"are correlated with ρ = {fmt(d['rho'])}."
    )
    table = Table(title="prediction variance of the average of B bootstrap models")
    table.add_column("B", justify="right")
    table.add_column("measured variance", justify="right")
    table.add_column("ρσ² + (1−ρ)σ²/B", justify="right")
    table.add_column("bias²", justify="right")
    for b, e, t, b2 in zip(d["B"], d["empirical_variance"], d["theory_variance"], d["bias2"]):
        table.add_row(str(b), fmt(e), fmt(t), fmt(b2))
    fit_table(console, table)
    console.print(bar_chart([f"B={b}" for b in d["B"]], d["empirical_variance"], title="measured variance vs B"))
    console.print(
        f"floor ρσ² = {fmt(d['covariance'])}; one model fitted on the full (not resampled) data: variance "
        f"{fmt(d['full_data_fit_variance'])}."
    )
    c = d["closed_form"]
    console.print(f"\nclosed form for B estimators with variance σ² = {fmt(c['sigma2'])} and pairwise correlation "
                  f"ρ = {fmt(c['rho'])}:")
    cf = Table(box=None)
    cf.add_column("B", justify="right")
    cf.add_column("ρσ² + (1−ρ)σ²/B", justify="right")
    for b, v in zip(c["B"], c["variance"]):
        cf.add_row(str(b), fmt(v))
    fit_table(console, cf)
    console.print(f"limit B → ∞: ρσ² = {fmt(c['limit'])} (independent models would reach 0).")
    console.print(d["lesson"])
