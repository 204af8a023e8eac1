"""Render the optimizers demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.optimizers import OptimizersResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: OptimizersResult, console: Console) -> None:
    prob = d.problem
    desc = {"quadratic": f"½(x² + κy²) with κ = {num(d.condition)}",
            "saddle": "x² + y⁴/4 − y²/2, started next to the saddle at the origin",
            "rosenbrock": "(1 − x)² + 100(y − x²)²"}[prob]
    console.print(f"Problem: {desc}; start {tuple(d.start)}; lr = {num(d.lr)}, budget {d.steps} steps; "
                  f"converged = loss − optimum ≤ {num(d.threshold)} and staying there.")
    t = table(None, "optimizer", "steps to converge", "first below threshold", "final loss − optimum", "final point")
    for name, o in d.optimizers.items():
        steps = "diverged" if o["diverged"] else ("—" if o["steps_to_threshold"] is None else str(o["steps_to_threshold"]))
        first = "—" if o["first_hit"] is None else str(o["first_hit"])
        t.add(name, steps, first, o["final_gap"], f"({num(o['final_point'][0])}, {num(o['final_point'][1])})")
    fit_table(console, t)
    any_curve = next(iter(d.optimizers.values()))
    series = {name: o["curve_gap"] for name, o in d.optimizers.items()}
    _plot(console, series, x=any_curve["curve_steps"], title="loss − optimum", xlabel="step", ylabel="gap", logy=True)
    if d.sgd_stable_lr_limit is not None:
        console.print(f"Plain SGD is stable only for lr < 2/κ = {num(d.sgd_stable_lr_limit)} (largest curvature κ).")
    console.print(f"Converged: {', '.join(d.ranking) or 'none'} (fastest first). Momentum accumulates speed along the "
                  "flat direction; Adagrad's step shrinks as squared gradients pile up; RMSProp and Adam rescale each "
                  "coordinate, so κ barely matters to them, but with a constant lr RMSProp hovers instead of settling.")
