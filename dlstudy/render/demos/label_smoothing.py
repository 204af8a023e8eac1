"""Render the label-smoothing demo."""

from __future__ import annotations

import math

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt
from dlstudy.render.charts import plot as _plot

MAX_ROWS = 12



def render(result, console, params) -> None:
    d = result.to_dict()
    k, eps, y = d["K"], d["epsilon"], d["y"]
    table = Table(title=f"K = {k} classes, ε = {fmt(eps)}, true class y = {y}")
    table.add_column("class", justify="right")
    table.add_column("one-hot", justify="right")
    table.add_column("smoothed q'", justify="right")
    table.add_column("logit", justify="right")
    table.add_column("softmax p", justify="right")
    table.add_column("∂L/∂z = p − q'", justify="right")
    rows = list(range(k)) if k <= MAX_ROWS else sorted({y, *range(MAX_ROWS - 1)})
    for i in rows:
        table.add_row(str(i) + (" ← y" if i == y else ""), fmt(d["hard_target"][i]), fmt(d["target"][i]),
                      fmt(d["logits"][i]), fmt(d["probs"][i]), fmt(d["grad"]["smoothed"][i]),
                      style="bold" if i == y else None)
    if k > MAX_ROWS:
        table.add_row("…", "", "", "", "", "")
    fit_table(console, table)
    console.print(f"q'(y) = (1 − ε) + ε/K = {fmt(d['target_true'])}; q'(k≠y) = ε/K = {fmt(d['target_other'])}.")
    loss = d["loss"]
    console.print(bar_chart(["hard CE −ln p_y", "smoothed CE", "floor H(q')"],
                            [loss["hard"], loss["smoothed"], loss["target_entropy"]], title="cross-entropy (nats)"))
    console.print(f"smoothed CE = (1 − ε)·hard + ε·mean_k(−ln p_k) = {fmt(loss['smoothed'])}; it can never go below "
                  f"the target's entropy {fmt(loss['target_entropy'])} (the gap is KL(q' ‖ p) = {fmt(loss['kl_to_target'])}).")
    c = d["curve"]
    _plot(console, {"one-hot target": c["loss_hard"], "smoothed target": c["loss_smoothed"]}, x=c["gaps"],
          title="loss vs logit gap (true logit g, others 0)", xlabel="gap g", ylabel="loss")
    picks = sorted(set(range(0, len(c["gaps"]), 25)) | {len(c["gaps"]) - 1})
    sample = Table(title="loss at a few gaps", box=None)
    sample.add_column("gap g", justify="right")
    sample.add_column("one-hot CE", justify="right")
    sample.add_column("smoothed CE", justify="right")
    for i in picks:
        sample.add_row(fmt(c["gaps"][i]), fmt(c["loss_hard"][i]), fmt(c["loss_smoothed"][i]))
    fit_table(console, sample)
    gap = d["optimal"]["gap"]
    gap_text = "∞ (ε = 0: no smoothing)" if not isinstance(gap, (int, float)) or math.isinf(gap) else fmt(gap)
    console.print(
        f"best gap: one-hot → ∞ (the loss only decreases: {'yes' if c['hard_decreasing'] else 'no'}); smoothed → "
        f"ln((1 − ε + ε/K)/(ε/K)) = [bold]{gap_text}[/bold] (grid minimum at {fmt(c['argmin_gap'])}), "
        f"where the loss equals H(q') = {fmt(d['optimal']['loss'])}."
    )
    console.print(d["lesson"])
