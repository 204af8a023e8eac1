"""Render the attention-scaling demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.attention_scaling import AttentionScalingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: AttentionScalingResult, console: Console) -> None:
    rows, n = d.rows, d.seq_len
    t = table(f"q, k with i.i.d. N(0, 1) entries; softmax over n = {n} keys", "d", "Var q·k", "= d?", "Var q·k/√d",
              "max w raw", "max w /√d", "H raw", "H /√d", text=())
    for row in rows:
        t.add(row["d"], *(row[k] for k in ("var_unscaled", "theory_var", "var_scaled", "max_weight_unscaled",
                                           "max_weight_scaled", "entropy_unscaled", "entropy_scaled")))
    fit_table(console, t)
    console.print("max w = average largest softmax weight; H = average attention entropy (nats).")
    console.print(f"uniform attention over {n} keys would have entropy ln {n} = {num(d.max_entropy)} nats "
                  f"and max weight {num(1 / n)}.")

    labels, values = [], []
    for row in rows:
        labels += [f"d={row['d']} raw", f"d={row['d']} /√d"]
        values += [row["max_weight_unscaled"], row["max_weight_scaled"]]
    console.print(bar_chart(labels, values, title="average largest attention weight (1 = one-hot, saturated)"))
    last = rows[-1]
    console.print(f"at d = {last['d']}: {last['saturated_unscaled']:.0%} of unscaled queries put > 0.99 on one key, "
                  f"{last['saturated_scaled']:.0%} with scaling.")

    ex = d.example
    t = table(f"worked example: one query, 4 keys, d = {ex['dim']}", "key", "q·k", "q·k/√d", "softmax raw",
              "softmax /√d", text=())
    for i, vals in enumerate(zip(ex["scores"], ex["scaled_scores"], ex["weights_unscaled"], ex["weights_scaled"])):
        t.add(i + 1, *vals)
    fit_table(console, t)
    console.print(d.lesson)
