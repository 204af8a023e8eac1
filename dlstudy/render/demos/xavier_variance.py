"""Render the xavier-variance demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt
from dlstudy.render.charts import plot as _plot

LABELS = {
    "normal_1": "N(0, 1)",
    "normal_0.01": "N(0, 0.01²)",
    "xavier_uniform": "Xavier uniform",
    "xavier_normal": "Xavier normal",
}



def render(result, console, params) -> None:
    d = result.to_dict()
    th, em = d["theory"], d["empirical"]
    n_in, n_out = d["fan_in"], d["fan_out"]
    t = Table(title=f"One weight matrix, n_in={n_in}, n_out={n_out} (torch shape {tuple(em['shape'])})")
    t.add_column("quantity")
    t.add_column("theory", justify="right")
    t.add_column("sampled", justify="right")
    t.add_row("Var(W), xavier_uniform_", f"2/(n_in+n_out) = {fmt(th['variance'])}", fmt(em["xavier_uniform_variance"]))
    t.add_row("Var(W), xavier_normal_", f"2/(n_in+n_out) = {fmt(th['variance'])}", fmt(em["xavier_normal_variance"]))
    t.add_row("uniform bound a", f"√(6/(n_in+n_out)) = {fmt(th['uniform_bound'])}",
              f"max |w| = {fmt(em['xavier_uniform_max_abs'])}")
    fit_table(console, t)
    console.print("Forward needs n_in·Var(W) = 1, backward needs n_out·Var(W) = 1; Xavier takes the compromise "
                  "Var(W) = 2/(n_in+n_out), and U(-a, a) has variance a²/3, hence a = √(6/(n_in+n_out)).\n")

    depth, width = d["depth"], d["width"]
    layers = d["layers"]
    t = Table(title=f"Stack: {depth} layers × {width} units, activation {d['activation']}, batch {d['batch']}, "
                    f"input variance {fmt(d['input_variance'])}")
    t.add_column("init")
    t.add_column("Var(W)", justify="right")
    t.add_column("width·Var(W)", justify="right")
    t.add_column("activations, last layer", justify="right")
    t.add_column("forward")
    t.add_column("gradient at layer 1", justify="right")
    t.add_column("backward")
    style = {"explodes": "red", "overflows": "bold red", "vanishes": "yellow", "stable": "green"}
    for name, row in layers.items():
        ft, bt = row["forward_trend"], row["backward_trend"]
        t.add_row(LABELS.get(name, name), fmt(row["weight_variance"]), fmt(th["linear_gain_per_layer"][name]),
                  fmt(row["forward_variance"][-1]), f"[{style.get(ft, '')}]{ft}[/]",
                  fmt(row["backward_variance"][0]), f"[{style.get(bt, '')}]{bt}[/]")
    fit_table(console, t)
    if depth > 1:
        xs = list(range(1, depth + 1))
        _plot(console, {LABELS[k]: v["forward_variance"] for k, v in layers.items()}, x=xs,
              title="activation variance after each layer (forward)", xlabel="layer", ylabel="variance", logy=True)
        _plot(console, {LABELS[k]: v["backward_variance"] for k, v in layers.items()}, x=xs,
              title="gradient variance at each layer's input (backward)", xlabel="layer", ylabel="variance",
              logy=True)
    for note in d["notes"]:
        console.print(f"[dim]{note}[/]")
    console.print("Lesson: each layer multiplies the variance by about width·Var(W) (times what the activation "
                  "keeps); > 1 explodes, < 1 vanishes, exponentially in depth. Xavier makes that factor 1 both ways.")
