"""Render the lr-range-test demo."""

from __future__ import annotations

import math

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt
from dlstudy.render.charts import plot as _plot


def render(result, console, params) -> None:
    d = result.to_dict()
    th = d["theory"]
    console.print(f"{d['problem']} regression, {len(d['lrs'])} minibatches of {params['batch_size']}; the learning rate "
                  f"grows ×{th['lr_growth_per_batch']:.4f} per batch from {fmt(d['lrs'][0])}.")
    xs = [math.log10(v) for v in d["lrs"]]
    _plot(console, {"smoothed loss": d["smoothed"], "minibatch loss": d["loss"]}, x=xs,
          title="loss vs learning rate", xlabel="log10 lr", ylabel="loss", logy=True)
    step = max(1, len(d["lrs"]) // 12)
    table = Table(title="loss along the sweep (every few batches)")
    table.add_column("lr", justify="right")
    table.add_column("smoothed loss", justify="right")
    for i in list(range(0, len(d["lrs"]), step)) + ([len(d["lrs"]) - 1] if (len(d["lrs"]) - 1) % step else []):
        table.add_row(fmt(d["lrs"][i]), fmt(d["smoothed"][i]))
    fit_table(console, table)
    console.print(f"steepest descent at lr ≈ {fmt(d['steepest_lr'])} (suggested); minimum of the smoothed loss at lr ≈ "
                  f"{fmt(d['min_loss_lr'])}, so the 'minimum / 10' rule gives {fmt(d['rule_of_thumb_lr'])}.")
    if d["diverged"]:
        console.print(f"[bold red]diverged[/] at lr ≈ {fmt(d['divergence_lr'])}: the loss left {params['stop_factor']}× "
                      "its best value and the test stopped.")
    else:
        console.print("no divergence within the range: raise lr_max to see where training blows up.")
    console.print(f"For this problem plain gradient descent diverges above 2/λ_max = {fmt(th['gd_stable_below'])} "
                  "(λ_max = largest curvature). Pick a learning rate on the falling part of the curve, well below the "
                  "minimum, never at the minimum itself.")
