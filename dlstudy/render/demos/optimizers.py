"""Render the optimizers demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt
from dlstudy.render.charts import plot as _plot


def render(result, console, params) -> None:
    d = result.to_dict()
    prob = d["problem"]
    desc = {"quadratic": f"½(x² + κy²) with κ = {fmt(params['condition'])}",
            "saddle": "x² + y⁴/4 − y²/2, started next to the saddle at the origin",
            "rosenbrock": "(1 − x)² + 100(y − x²)²"}[prob]
    console.print(f"Problem: {desc}; start {tuple(d['start'])}; lr = {fmt(params['lr'])}, budget {params['steps']} steps; "
                  f"converged = loss − optimum ≤ {fmt(d['threshold'])} and staying there.")
    table = Table()
    table.add_column("optimizer")
    table.add_column("steps to converge", justify="right")
    table.add_column("first below threshold", justify="right")
    table.add_column("final loss − optimum", justify="right")
    table.add_column("final point", justify="right")
    for name, o in d["optimizers"].items():
        steps = "diverged" if o["diverged"] else ("—" if o["steps_to_threshold"] is None else str(o["steps_to_threshold"]))
        first = "—" if o["first_hit"] is None else str(o["first_hit"])
        table.add_row(name, steps, first, fmt(o["final_gap"]),
                      f"({fmt(o['final_point'][0])}, {fmt(o['final_point'][1])})")
    fit_table(console, table)
    any_curve = next(iter(d["optimizers"].values()))
    series = {name: o["curve_gap"] for name, o in d["optimizers"].items()}
    _plot(console, series, x=any_curve["curve_steps"], title="loss − optimum", xlabel="step", ylabel="gap", logy=True)
    if d["sgd_stable_lr_limit"] is not None:
        console.print(f"Plain SGD is stable only for lr < 2/κ = {fmt(d['sgd_stable_lr_limit'])} (largest curvature κ).")
    console.print(f"Converged: {', '.join(d['ranking']) or 'none'} (fastest first). Momentum accumulates speed along the "
                  "flat direction; Adagrad's step shrinks as squared gradients pile up; RMSProp and Adam rescale each "
                  "coordinate, so κ barely matters to them, but with a constant lr RMSProp hovers instead of settling.")
