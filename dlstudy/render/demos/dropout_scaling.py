"""Render the dropout-scaling demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.dropout_scaling import DropoutResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: DropoutResult, console: Console) -> None:
    p, th = d.p, d.theory
    t = table(f"dropout with p = {num(p)} on {d.n:,} activations (input mean {num(d.input['mean'])})", "mode", "mean",
              "mean / input mean", "theory", "variance")
    inv, uns, inp, tc = d.inverted, d.unscaled, d.input, d.torch
    t.add("train, inverted (× 1/(1−p))", inv["mean"], inv["mean_ratio"], "1", inv["var"])
    t.add("train, no scaling", uns["mean"], uns["mean_ratio"], f"1 − p = {num(th['unscaled_mean_ratio'])}", "")
    t.add("eval (identity)", inp["mean"], "1", "1", inp["var"])
    t.add("torch.nn.Dropout train", tc["mean"], tc["mean"] / inp["mean"], "1", "")
    fit_table(console, t)
    console.print(
        f"kept fraction {num(d.inverted['keep_fraction'])} (torch: {num(d.torch['keep_fraction'])}), expected "
        f"1 − p = {num(d.keep_prob)} ± {num(th['keep_fraction_std_error'])}; kept units are multiplied by "
        f"1/(1 − p) = {num(d.scale)} (torch does the same: {'yes' if d.torch['kept_values_scaled'] else 'no'}); "
        f"torch eval mode returns the input unchanged: {'yes' if d.torch['eval_identity'] else 'no'}."
    )
    console.print(
        f"train-time variance {num(d.inverted['var'])} (theory {num(th['inverted_var'])}) vs eval-time "
        f"{num(th['eval_var'])}: the mean is preserved, the variance is not."
    )
    sw = d.sweep
    labels = [f"p={num(q)}" for q in sw["p"]]
    console.print(bar_chart(labels, sw["unscaled_mean_ratio"], title="no scaling: train mean / input mean (= 1 − p)",
                            colour="red"))
    console.print(bar_chart(labels, sw["inverted_mean_ratio"], title="inverted dropout: train mean / input mean (≈ 1)"))
    console.print(d.lesson)
