"""Render the l1-vs-l2 demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.l1_vs_l2 import L1L2Result
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: L1L2Result, console: Console) -> None:
    nd = d.d
    console.print(f"{d.n} samples, {nd} features ({d.design} design), true nonzeros at "
                  f"{d.true_support}; λ_max = max|Xᵀy| = {num(d.lambda_max)}.")
    t = table("regularization path: exact zeros per λ", "λ/λ_max", "ridge zeros", "ridge min |w|", "lasso zeros",
              "lasso ‖w‖₁", "= true set", text=())
    t.columns[-1].justify = "center"
    r, l = d.ridge, d.lasso
    for i, ratio in enumerate(d.ratios):
        t.add(ratio, r["zeros"][i], r["min_abs"][i], f"{l['zeros'][i]}/{nd}", l["l1_norm"][i],
              "yes" if l["support_recovered"][i] else "")
    fit_table(console, t)
    console.print(bar_chart([f"λ/λmax={num(v)}" for v in d.ratios], l["nonzeros"],
                            title="lasso: number of nonzero coefficients"))

    mid = len(d.ratios) // 2
    coef = table(f"coefficients at λ/λ_max = {num(d.ratios[mid])}", "feature", "true", "least squares", "ridge",
                 "lasso", text=())
    for j in range(nd):
        lasso = l["coefs"][mid][j]
        coef.add(j, d.true_coef[j], d.ols[j], r["coefs"][mid][j], "0 (exact)" if lasso == 0 else lasso)
    fit_table(console, coef)
    console.print(d.lesson)
