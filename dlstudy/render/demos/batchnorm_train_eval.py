"""Render the batchnorm-train-eval demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt
from dlstudy.render.charts import plot as _plot
from dlstudy.text import escape


def _vec(values) -> str:
    return "(" + ", ".join(fmt(v) for v in values) + ")"


def render(result, console, params) -> None:
    d = result.to_dict()
    t, r, e = d["train"], d["running"], d["eval"]
    table = Table(title=f"after {d['steps']} training batches of {d['batch']} (momentum {fmt(d['momentum'])})")
    table.add_column("feature", justify="right")
    table.add_column("batch mean", justify="right")
    table.add_column("batch var (÷n)", justify="right")
    table.add_column("running mean", justify="right")
    table.add_column("running var", justify="right")
    table.add_column("train out mean", justify="right")
    table.add_column("eval out mean", justify="right")
    for j in range(d["features"]):
        table.add_row(str(j), fmt(t["batch_mean"][j]), fmt(t["batch_var"][j]), fmt(r["final_mean"][j]),
                      fmt(r["final_var"][j]), fmt(t["output_mean"][j]), fmt(e["output_mean"][j]))
    fit_table(console, table)
    console.print(
        f"train mode: every feature of the output has batch mean β = {fmt(d['beta'])} exactly and std ≈ |γ| = "
        f"{fmt(abs(d['gamma']))}. Running stats start at mean 0, var 1; after {d['steps']} steps the start still "
        f"weighs (1 − momentum)^steps = {fmt(r['init_weight'])}."
    )
    if d["steps"] > 1:
        steps = list(range(1, d["steps"] + 1))
        _plot(console, {"running mean (feature 0)": [row[0] for row in r["mean"]],
                        "running var (feature 0)": [row[0] for row in r["var"]]},
              x=steps, title="running statistics per training step", xlabel="step")
    console.print(
        f"same fresh batch in eval mode vs train mode: max |difference| = {fmt(e['max_abs_train_vs_eval'])} "
        "(eval uses running stats, train uses the batch's own)."
    )
    b = d["batch_one"]
    console.print(
        f"\n[bold]batch size 1[/bold]: batch variance {_vec(b['batch_var'])} → normalized value 0 → "
        f"output {_vec(b['output'])} = β for any input."
    )
    if b["torch_raises"]:
        console.print(f"torch.nn.BatchNorm1d in train mode refuses it: [italic]{escape(b['torch_error'])}[/italic]")
    console.print(f"in eval mode one sample is fine: {_vec(b['eval_mode_output'])}")
    tt = d["torch"]
    console.print(
        f"\nnumpy vs torch.nn.BatchNorm1d (float64): max |diff| train output {fmt(tt['train_output_max_abs_diff'])}, "
        f"eval output {fmt(tt['eval_output_max_abs_diff'])}, running mean {fmt(tt['running_mean_max_abs_diff'])}, "
        f"running var {fmt(tt['running_var_max_abs_diff'])}."
    )
    console.print(d["lesson"])
