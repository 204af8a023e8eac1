"""Render the lr-range-test demo."""

from __future__ import annotations

import math

from rich.console import Console

from dlstudy.demos.catalog.lr_range_test import LrRangeResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: LrRangeResult, console: Console) -> None:
    th = d.theory
    console.print(f"{d.problem} regression, {len(d.lrs)} minibatches of {d.batch_size}; the learning rate "
                  f"grows ×{th['lr_growth_per_batch']:.4f} per batch from {num(d.lrs[0])}.")
    xs = [math.log10(v) for v in d.lrs]
    _plot(console, {"smoothed loss": d.smoothed, "minibatch loss": d.loss}, x=xs,
          title="loss vs learning rate", xlabel="log10 lr", ylabel="loss", logy=True)
    step = max(1, len(d.lrs) // 12)
    t = table("loss along the sweep (every few batches)", "lr", "smoothed loss", text=())
    for i in list(range(0, len(d.lrs), step)) + ([len(d.lrs) - 1] if (len(d.lrs) - 1) % step else []):
        t.add(d.lrs[i], d.smoothed[i])
    fit_table(console, t)
    console.print(f"steepest descent at lr ≈ {num(d.steepest_lr)} (suggested); minimum of the smoothed loss at lr ≈ "
                  f"{num(d.min_loss_lr)}, so the 'minimum / 10' rule gives {num(d.rule_of_thumb_lr)}.")
    if d.diverged:
        console.print(f"[bold red]diverged[/] at lr ≈ {num(d.divergence_lr)}: the loss left {d.stop_factor}× "
                      "its best value and the test stopped.")
    else:
        console.print("no divergence within the range: raise lr_max to see where training blows up.")
    console.print(f"For this problem plain gradient descent diverges above 2/λ_max = {num(th['gd_stable_below'])} "
                  "(λ_max = largest curvature). Pick a learning rate on the falling part of the curve, well below the "
                  "minimum, never at the minimum itself.")
