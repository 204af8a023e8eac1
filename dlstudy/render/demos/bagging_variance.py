"""Render the bagging-variance demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.bagging_variance import BaggingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: BaggingResult, console: Console) -> None:
    console.print(
        f"{d.trials} training sets of {d.n} points from sin(πx) + noise; each model is a degree-{d.degree} "
        f"polynomial (tiny ridge 0.01) fitted to a bootstrap resample. One model: σ² = {num(d.sigma2)}; two models on the same data "
        f"are correlated with ρ = {num(d.rho)}."
    )
    t = table("prediction variance of the average of B bootstrap models", "B", "measured variance",
              "ρσ² + (1−ρ)σ²/B", "bias²", text=())
    for row in zip(d.B, d.empirical_variance, d.theory_variance, d.bias2):
        t.add(*row)
    fit_table(console, t)
    console.print(bar_chart([f"B={b}" for b in d.B], d.empirical_variance, title="measured variance vs B"))
    console.print(
        f"floor ρσ² = {num(d.covariance)}; one model fitted on the full (not resampled) data: variance "
        f"{num(d.full_data_fit_variance)}."
    )
    c = d.closed_form
    console.print(f"\nclosed form for B estimators with variance σ² = {num(c['sigma2'])} and pairwise correlation "
                  f"ρ = {num(c['rho'])}:")
    cf = table(None, "B", "ρσ² + (1−ρ)σ²/B", text=(), box=None)
    for b, v in zip(c["B"], c["variance"]):
        cf.add(b, v)
    fit_table(console, cf)
    console.print(f"limit B → ∞: ρσ² = {num(c['limit'])} (independent models would reach 0).")
    console.print(d.lesson)
