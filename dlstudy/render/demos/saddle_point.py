"""Render the saddle-point demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.saddle_point import SaddlePointResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: SaddlePointResult, console: Console) -> None:
    t = table("Critical points of built-in functions (gradient = 0)", "f(x, y)", "point", "Hessian eigenvalues",
              "finite-diff eigenvalues", "kind", text=(0, 1, 4))
    for name, f in d.functions.items():
        for p in f["points"]:
            t.add(f"{name}: {f['formula']}", f"({num(p['point'][0])}, {num(p['point'][1])})",
                  ", ".join(num(v) for v in p["eigenvalues"]), ", ".join(num(v) for v in p["eigenvalues_fd"]), p["kind"])
    fit_table(console, t)
    c = d.counts
    console.print(f"{c['minimum']} minima, {c['maximum']} maxima, {c['saddle']} saddles, {c['degenerate']} degenerate "
                  f"(a zero eigenvalue: the test cannot decide). Largest finite-difference error: {num(d.max_fd_error)}.")
    rt = table("Random symmetric Hessians (GOE): how often is a critical point a saddle?", "dimension", "minimum",
               "maximum", "saddle", "mean # negative eigenvalues", text=())
    for r in d.random:
        rt.add(r["d"], *(f"{r[k]:.2%}" for k in ("minimum_fraction", "maximum_fraction", "saddle_fraction")),
               r["mean_negative_eigenvalues"])
    fit_table(console, rt)
    console.print(bar_chart([f"d={r['d']}" for r in d.random], [r["saddle_fraction"] for r in d.random],
                            title="share of saddles"))
    console.print("All eigenvalues positive is a minimum, all negative a maximum, mixed signs a saddle. With d "
                  "random eigenvalues, all d sharing one sign becomes rare fast, so most critical points in high "
                  "dimension are saddles, not local minima.")
