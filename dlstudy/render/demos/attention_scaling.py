"""Render the attention-scaling demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    r = result.to_dict()
    rows = r["rows"]
    n = r["seq_len"]

    table = Table(title=f"q, k with i.i.d. N(0, 1) entries; softmax over n = {n} keys")
    table.add_column("d", justify="right")
    table.add_column("Var q·k", justify="right")
    table.add_column("= d?", justify="right")
    table.add_column("Var q·k/√d", justify="right")
    table.add_column("max w raw", justify="right")
    table.add_column("max w /√d", justify="right")
    table.add_column("H raw", justify="right")
    table.add_column("H /√d", justify="right")
    for row in rows:
        table.add_row(str(row["d"]), fmt(row["var_unscaled"]), fmt(row["theory_var"]), fmt(row["var_scaled"]),
                      fmt(row["max_weight_unscaled"]), fmt(row["max_weight_scaled"]),
                      fmt(row["entropy_unscaled"]), fmt(row["entropy_scaled"]))
    fit_table(console, table)
    console.print("max w = average largest softmax weight; H = average attention entropy (nats).")
    console.print(f"uniform attention over {n} keys would have entropy ln {n} = {fmt(r['max_entropy'])} nats "
                  f"and max weight {fmt(1 / n)}.")

    labels, values = [], []
    for row in rows:
        labels += [f"d={row['d']} raw", f"d={row['d']} /√d"]
        values += [row["max_weight_unscaled"], row["max_weight_scaled"]]
    console.print(bar_chart(labels, values, title="average largest attention weight (1 = one-hot, saturated)"))
    last = rows[-1]
    console.print(f"at d = {last['d']}: {last['saturated_unscaled']:.0%} of unscaled queries put > 0.99 on one key, "
                  f"{last['saturated_scaled']:.0%} with scaling.")

    ex = r["example"]
    et = Table(title=f"worked example: one query, 4 keys, d = {ex['dim']}")
    et.add_column("key", justify="right")
    et.add_column("q·k", justify="right")
    et.add_column("q·k/√d", justify="right")
    et.add_column("softmax raw", justify="right")
    et.add_column("softmax /√d", justify="right")
    for i, vals in enumerate(zip(ex["scores"], ex["scaled_scores"], ex["weights_unscaled"], ex["weights_scaled"])):
        et.add_row(str(i + 1), *(fmt(v) for v in vals))
    fit_table(console, et)
    console.print(r["lesson"])
