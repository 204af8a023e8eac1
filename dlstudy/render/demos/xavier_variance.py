"""Render the xavier-variance demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.xavier_variance import XavierVarianceResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

LABELS = {
    "normal_1": "N(0, 1)",
    "normal_0.01": "N(0, 0.01²)",
    "xavier_uniform": "Xavier uniform",
    "xavier_normal": "Xavier normal",
}


def render(d: XavierVarianceResult, console: Console) -> None:
    th, em = d.theory, d.empirical
    n_in, n_out = d.fan_in, d.fan_out
    t = table(f"One weight matrix, n_in={n_in}, n_out={n_out} (torch shape {tuple(em['shape'])})", "quantity", "theory",
              "sampled")
    t.add("Var(W), xavier_uniform_", f"2/(n_in+n_out) = {num(th['variance'])}", em["xavier_uniform_variance"])
    t.add("Var(W), xavier_normal_", f"2/(n_in+n_out) = {num(th['variance'])}", em["xavier_normal_variance"])
    t.add("uniform bound a", f"√(6/(n_in+n_out)) = {num(th['uniform_bound'])}",
          f"max |w| = {num(em['xavier_uniform_max_abs'])}")
    fit_table(console, t)
    console.print("Forward needs n_in·Var(W) = 1, backward needs n_out·Var(W) = 1; Xavier takes the compromise "
                  "Var(W) = 2/(n_in+n_out), and U(-a, a) has variance a²/3, hence a = √(6/(n_in+n_out)).\n")

    depth, width = d.depth, d.width
    layers = d.layers
    t = table(f"Stack: {depth} layers × {width} units, activation {d.activation}, batch {d.batch}, "
              f"input variance {num(d.input_variance)}", "init", "Var(W)", "width·Var(W)", "activations, last layer",
              "forward", "gradient at layer 1", "backward", text=(0, 4, 6))
    style = {"explodes": "red", "overflows": "bold red", "vanishes": "yellow", "stable": "green"}
    for name, row in layers.items():
        ft, bt = row["forward_trend"], row["backward_trend"]
        t.add(LABELS.get(name, name), row["weight_variance"], th["linear_gain_per_layer"][name],
              row["forward_variance"][-1], f"[{style.get(ft, '')}]{ft}[/]", row["backward_variance"][0],
              f"[{style.get(bt, '')}]{bt}[/]")
    fit_table(console, t)
    if depth > 1:
        xs = list(range(1, depth + 1))
        _plot(console, {LABELS[k]: v["forward_variance"] for k, v in layers.items()}, x=xs,
              title="activation variance after each layer (forward)", xlabel="layer", ylabel="variance", logy=True)
        _plot(console, {LABELS[k]: v["backward_variance"] for k, v in layers.items()}, x=xs,
              title="gradient variance at each layer's input (backward)", xlabel="layer", ylabel="variance",
              logy=True)
    for note in d.notes:
        console.print(f"[dim]{note}[/]")
    console.print("Lesson: each layer multiplies the variance by about width·Var(W) (times what the activation "
                  "keeps); > 1 explodes, < 1 vanishes, exponentially in depth. Xavier makes that factor 1 both ways.")
