"""Render the batchnorm-train-eval demo."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console

from dlstudy.demos.catalog.batchnorm_train_eval import BatchNormResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table
from dlstudy.text import escape


def _vec(values: Iterable[float]) -> str:
    return "(" + ", ".join(num(v) for v in values) + ")"


def render(d: BatchNormResult, console: Console) -> None:
    t, r, e = d.train, d.running, d.eval
    rows = table(f"after {d.steps} training batches of {d.batch} (momentum {num(d.momentum)})", "feature",
                 "batch mean", "batch var (÷n)", "running mean", "running var", "train out mean", "eval out mean",
                 text=())
    for j in range(d.features):
        rows.add(j, t["batch_mean"][j], t["batch_var"][j], r["final_mean"][j], r["final_var"][j],
                 t["output_mean"][j], e["output_mean"][j])
    fit_table(console, rows)
    console.print(
        f"train mode: every feature of the output has batch mean β = {num(d.beta)} exactly and std ≈ |γ| = "
        f"{num(abs(d.gamma))}. Running stats start at mean 0, var 1; after {d.steps} steps the start still "
        f"weighs (1 − momentum)^steps = {num(r['init_weight'])}."
    )
    if d.steps > 1:
        steps = list(range(1, d.steps + 1))
        _plot(console, {"running mean (feature 0)": [row[0] for row in r["mean"]],
                        "running var (feature 0)": [row[0] for row in r["var"]]},
              x=steps, title="running statistics per training step", xlabel="step")
    console.print(
        f"same fresh batch in eval mode vs train mode: max |difference| = {num(e['max_abs_train_vs_eval'])} "
        "(eval uses running stats, train uses the batch's own)."
    )
    b = d.batch_one
    console.print(
        f"\n[bold]batch size 1[/bold]: batch variance {_vec(b['batch_var'])} → normalized value 0 → "
        f"output {_vec(b['output'])} = β for any input."
    )
    if b["torch_raises"]:
        console.print(f"torch.nn.BatchNorm1d in train mode refuses it: [italic]{escape(b['torch_error'])}[/italic]")
    console.print(f"in eval mode one sample is fine: {_vec(b['eval_mode_output'])}")
    tt = d.torch
    console.print(
        f"\nnumpy vs torch.nn.BatchNorm1d (float64): max |diff| train output {num(tt['train_output_max_abs_diff'])}, "
        f"eval output {num(tt['eval_output_max_abs_diff'])}, running mean {num(tt['running_mean_max_abs_diff'])}, "
        f"running var {num(tt['running_var_max_abs_diff'])}."
    )
    console.print(d.lesson)
