"""Render the saddle-point demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    table = Table(title="Critical points of built-in functions (gradient = 0)")
    table.add_column("f(x, y)")
    table.add_column("point")
    table.add_column("Hessian eigenvalues", justify="right")
    table.add_column("finite-diff eigenvalues", justify="right")
    table.add_column("kind")
    for name, f in d["functions"].items():
        for p in f["points"]:
            table.add_row(f"{name}: {f['formula']}", f"({fmt(p['point'][0])}, {fmt(p['point'][1])})",
                          ", ".join(fmt(v) for v in p["eigenvalues"]),
                          ", ".join(fmt(v) for v in p["eigenvalues_fd"]), p["kind"])
    fit_table(console, table)
    c = d["counts"]
    console.print(f"{c['minimum']} minima, {c['maximum']} maxima, {c['saddle']} saddles, {c['degenerate']} degenerate "
                  f"(a zero eigenvalue: the test cannot decide). Largest finite-difference error: {fmt(d['max_fd_error'])}.")
    rt = Table(title="Random symmetric Hessians (GOE): how often is a critical point a saddle?")
    rt.add_column("dimension", justify="right")
    rt.add_column("minimum", justify="right")
    rt.add_column("maximum", justify="right")
    rt.add_column("saddle", justify="right")
    rt.add_column("mean # negative eigenvalues", justify="right")
    for r in d["random"]:
        rt.add_row(str(r["d"]), f"{r['minimum_fraction']:.2%}", f"{r['maximum_fraction']:.2%}",
                   f"{r['saddle_fraction']:.2%}", fmt(r["mean_negative_eigenvalues"]))
    fit_table(console, rt)
    console.print(bar_chart([f"d={r['d']}" for r in d["random"]], [r["saddle_fraction"] for r in d["random"]],
                            title="share of saddles"))
    console.print("All eigenvalues positive is a minimum, all negative a maximum, mixed signs a saddle. With d "
                  "random eigenvalues, all d sharing one sign becomes rare fast, so most critical points in high "
                  "dimension are saddles, not local minima.")
