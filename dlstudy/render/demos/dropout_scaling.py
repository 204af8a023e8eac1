"""Render the dropout-scaling demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    p, th = d["p"], d["theory"]
    table = Table(title=f"dropout with p = {fmt(p)} on {d['n']:,} activations (input mean {fmt(d['input']['mean'])})")
    table.add_column("mode")
    table.add_column("mean", justify="right")
    table.add_column("mean / input mean", justify="right")
    table.add_column("theory", justify="right")
    table.add_column("variance", justify="right")
    table.add_row("train, inverted (× 1/(1−p))", fmt(d["inverted"]["mean"]), fmt(d["inverted"]["mean_ratio"]), "1",
                  fmt(d["inverted"]["var"]))
    table.add_row("train, no scaling", fmt(d["unscaled"]["mean"]), fmt(d["unscaled"]["mean_ratio"]),
                  f"1 − p = {fmt(th['unscaled_mean_ratio'])}", "")
    table.add_row("eval (identity)", fmt(d["input"]["mean"]), "1", "1", fmt(d["input"]["var"]))
    table.add_row("torch.nn.Dropout train", fmt(d["torch"]["mean"]), fmt(d["torch"]["mean"] / d["input"]["mean"]), "1", "")
    fit_table(console, table)
    console.print(
        f"kept fraction {fmt(d['inverted']['keep_fraction'])} (torch: {fmt(d['torch']['keep_fraction'])}), expected "
        f"1 − p = {fmt(d['keep_prob'])} ± {fmt(th['keep_fraction_std_error'])}; kept units are multiplied by "
        f"1/(1 − p) = {fmt(d['scale'])} (torch does the same: {'yes' if d['torch']['kept_values_scaled'] else 'no'}); "
        f"torch eval mode returns the input unchanged: {'yes' if d['torch']['eval_identity'] else 'no'}."
    )
    console.print(
        f"train-time variance {fmt(d['inverted']['var'])} (theory {fmt(th['inverted_var'])}) vs eval-time "
        f"{fmt(th['eval_var'])}: the mean is preserved, the variance is not."
    )
    sw = d["sweep"]
    labels = [f"p={fmt(q)}" for q in sw["p"]]
    console.print(bar_chart(labels, sw["unscaled_mean_ratio"], title="no scaling: train mean / input mean (= 1 − p)",
                            colour="red"))
    console.print(bar_chart(labels, sw["inverted_mean_ratio"], title="inverted dropout: train mean / input mean (≈ 1)"))
    console.print(d["lesson"])
