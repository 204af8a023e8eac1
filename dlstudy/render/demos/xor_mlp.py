"""Render the xor-mlp demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.xor_mlp import XorMlpResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: XorMlpResult, console: Console) -> None:
    lin, mlp, rs = d.linear, d.mlp, d.restarts
    console.print(f"XOR, 4 points, full-batch gradient descent: {d.epochs} epochs, lr {num(d.lr)}, "
                  f"MLP 2-{d.hidden}-1 with {d.activation}, init N(0, {num(d.init_scale)}²).")
    t = table("predicted P(y = 1) for each point", "x₁, x₂", "XOR", "logistic regression", "MLP", "MLP hidden units",
              text=(0, 4))
    for i, (p, y) in enumerate(zip(d.points, d.labels)):
        hid = ", ".join(num(v) for v in mlp["hidden"][i][:6]) + (" …" if d.hidden > 6 else "")
        t.add(f"{p[0]:g}, {p[1]:g}", str(y), lin["outputs"][i], mlp["outputs"][i], hid)
    fit_table(console, t)

    s = table("summary", "model", "accuracy", "final loss")
    s.add("logistic regression", f"{lin['accuracy']:.0%}", lin["final_loss"])
    s.add("best possible linear classifier", f"{lin['best_accuracy']:.0%}", "")
    s.add("MLP (restart 0)", f"{mlp['accuracy']:.0%}", mlp["final_loss"])
    s.add(f"MLP, {rs['count']} random inits", f"{rs['solved']}/{rs['count']} solve XOR ({rs['success_rate']:.0%})",
          f"median {num(sorted(rs['final_losses'])[rs['count'] // 2])}")
    fit_table(console, s)
    console.print(f"chance-level loss ln 2 = {num(d.chance_loss)}: predicting 0.5 for every point.")
    if len(mlp["loss"]) > 1:
        _plot(console, {"logistic regression": lin["loss"], "MLP": mlp["loss"]},
              title="training loss (mean binary cross-entropy)", xlabel="epoch", ylabel="loss", logy=True)
    if d.init_scale == 0:
        console.print("[yellow]All-zero init: every hidden unit gets the same (here zero) gradient, so the units "
                      "never differ and the MLP is no better than a constant.[/]")
    console.print(d.lesson)
