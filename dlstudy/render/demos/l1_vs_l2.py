"""Render the l1-vs-l2 demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    nd = d["d"]
    console.print(f"{d['n']} samples, {nd} features ({d['design']} design), true nonzeros at "
                  f"{d['true_support']}; λ_max = max|Xᵀy| = {fmt(d['lambda_max'])}.")
    table = Table(title="regularization path: exact zeros per λ")
    table.add_column("λ/λ_max", justify="right")
    table.add_column("ridge zeros", justify="right")
    table.add_column("ridge min |w|", justify="right")
    table.add_column("lasso zeros", justify="right")
    table.add_column("lasso ‖w‖₁", justify="right")
    table.add_column("= true set", justify="center")
    r, l = d["ridge"], d["lasso"]
    for i, ratio in enumerate(d["ratios"]):
        table.add_row(fmt(ratio), str(r["zeros"][i]), fmt(r["min_abs"][i]),
                      f"{l['zeros'][i]}/{nd}", fmt(l["l1_norm"][i]), "yes" if l["support_recovered"][i] else "")
    fit_table(console, table)
    console.print(bar_chart([f"λ/λmax={fmt(v)}" for v in d["ratios"]], l["nonzeros"],
                            title="lasso: number of nonzero coefficients"))

    mid = len(d["ratios"]) // 2
    coef = Table(title=f"coefficients at λ/λ_max = {fmt(d['ratios'][mid])}")
    for name in ("feature", "true", "least squares", "ridge", "lasso"):
        coef.add_column(name, justify="right")
    for j in range(nd):
        lasso = l["coefs"][mid][j]
        coef.add_row(str(j), fmt(d["true_coef"][j]), fmt(d["ols"][j]), fmt(r["coefs"][mid][j]),
                     "0 (exact)" if lasso == 0 else fmt(lasso))
    fit_table(console, coef)
    console.print(d["lesson"])
