"""Render the xor-mlp demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt
from dlstudy.render.charts import plot as _plot


def render(result, console, params) -> None:
    d = result.to_dict()
    lin, mlp, rs = d["linear"], d["mlp"], d["restarts"]
    console.print(f"XOR, 4 points, full-batch gradient descent: {d['epochs']} epochs, lr {fmt(d['lr'])}, "
                  f"MLP 2-{d['hidden']}-1 with {d['activation']}, init N(0, {fmt(d['init_scale'])}²).")
    t = Table(title="predicted P(y = 1) for each point")
    t.add_column("x₁, x₂")
    t.add_column("XOR", justify="right")
    t.add_column("logistic regression", justify="right")
    t.add_column("MLP", justify="right")
    t.add_column("MLP hidden units", justify="left")
    for i, (p, y) in enumerate(zip(d["points"], d["labels"])):
        hid = ", ".join(fmt(v) for v in mlp["hidden"][i][:6]) + (" …" if d["hidden"] > 6 else "")
        t.add_row(f"{p[0]:g}, {p[1]:g}", str(y), fmt(lin["outputs"][i]), fmt(mlp["outputs"][i]), hid)
    fit_table(console, t)

    s = Table(title="summary")
    s.add_column("model")
    s.add_column("accuracy", justify="right")
    s.add_column("final loss", justify="right")
    s.add_row("logistic regression", f"{lin['accuracy']:.0%}", fmt(lin["final_loss"]))
    s.add_row("best possible linear classifier", f"{lin['best_accuracy']:.0%}", "")
    s.add_row("MLP (restart 0)", f"{mlp['accuracy']:.0%}", fmt(mlp["final_loss"]))
    s.add_row(f"MLP, {rs['count']} random inits", f"{rs['solved']}/{rs['count']} solve XOR "
              f"({rs['success_rate']:.0%})", f"median {fmt(sorted(rs['final_losses'])[rs['count'] // 2])}")
    fit_table(console, s)
    console.print(f"chance-level loss ln 2 = {fmt(d['chance_loss'])}: predicting 0.5 for every point.")
    if len(mlp["loss"]) > 1:
        _plot(console, {"logistic regression": lin["loss"], "MLP": mlp["loss"]},
              title="training loss (mean binary cross-entropy)", xlabel="epoch", ylabel="loss", logy=True)
    if d["init_scale"] == 0:
        console.print("[yellow]All-zero init: every hidden unit gets the same (here zero) gradient, so the units "
                      "never differ and the MLP is no better than a constant.[/]")
    console.print(d["lesson"])
