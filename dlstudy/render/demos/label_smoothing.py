"""Render the label-smoothing demo."""

from __future__ import annotations

import math

from rich.console import Console

from dlstudy.demos.catalog.label_smoothing import LabelSmoothingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 12


def render(d: LabelSmoothingResult, console: Console) -> None:
    k, eps, y = d.K, d.epsilon, d.y
    t = table(f"K = {k} classes, ε = {num(eps)}, true class y = {y}", "class", "one-hot", "smoothed q'", "logit",
              "softmax p", "∂L/∂z = p − q'", text=())
    rows = list(range(k)) if k <= MAX_ROWS else sorted({y, *range(MAX_ROWS - 1)})
    for i in rows:
        t.add(str(i) + (" ← y" if i == y else ""), d.hard_target[i], d.target[i], d.logits[i], d.probs[i],
              d.grad["smoothed"][i], style="bold" if i == y else None)
    if k > MAX_ROWS:
        t.add("…", "", "", "", "", "")
    fit_table(console, t)
    console.print(f"q'(y) = (1 − ε) + ε/K = {num(d.target_true)}; q'(k≠y) = ε/K = {num(d.target_other)}.")
    loss = d.loss
    console.print(bar_chart(["hard CE −ln p_y", "smoothed CE", "floor H(q')"],
                            [loss["hard"], loss["smoothed"], loss["target_entropy"]], title="cross-entropy (nats)"))
    console.print(f"smoothed CE = (1 − ε)·hard + ε·mean_k(−ln p_k) = {num(loss['smoothed'])}; it can never go below "
                  f"the target's entropy {num(loss['target_entropy'])} (the gap is KL(q' ‖ p) = {num(loss['kl_to_target'])}).")
    c = d.curve
    _plot(console, {"one-hot target": c["loss_hard"], "smoothed target": c["loss_smoothed"]}, x=c["gaps"],
          title="loss vs logit gap (true logit g, others 0)", xlabel="gap g", ylabel="loss")
    picks = sorted(set(range(0, len(c["gaps"]), 25)) | {len(c["gaps"]) - 1})
    sample = table("loss at a few gaps", "gap g", "one-hot CE", "smoothed CE", text=(), box=None)
    for i in picks:
        sample.add(c["gaps"][i], c["loss_hard"][i], c["loss_smoothed"][i])
    fit_table(console, sample)
    gap = d.optimal["gap"]
    gap_text = "∞ (ε = 0: no smoothing)" if not isinstance(gap, (int, float)) or math.isinf(gap) else num(gap)
    console.print(
        f"best gap: one-hot → ∞ (the loss only decreases: {'yes' if c['hard_decreasing'] else 'no'}); smoothed → "
        f"ln((1 − ε + ε/K)/(ε/K)) = [bold]{gap_text}[/bold] (grid minimum at {num(c['argmin_gap'])}), "
        f"where the loss equals H(q') = {num(d.optimal['loss'])}."
    )
    console.print(d.lesson)
