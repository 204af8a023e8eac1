"""Render the backprop-check demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def _mark(ok: bool) -> str:
    return "[green]pass[/]" if ok else "[red]FAIL[/]"


def render(result, console, params) -> None:
    d = result.to_dict()
    console.print(f"MLP {d['in_dim']} → {d['hidden']} ({d['activation']}) → {d['classes']} classes, batch N = "
                  f"{d['batch']}, {d['n_params']} parameters, {d['dtype']}, ε = {fmt(d['eps'])}, bug = {d['bug']}; "
                  f"loss = mean softmax cross-entropy = {fmt(d['loss'])}.")
    t = Table(title="relative error ‖a − b‖ / (‖a‖ + ‖b‖) per parameter tensor")
    t.add_column("tensor")
    t.add_column("shape", justify="right")
    t.add_column("manual vs autograd", justify="right")
    t.add_column("manual vs numeric", justify="right")
    t.add_column("autograd vs numeric", justify="right")
    for name, row in d["per_param"].items():
        t.add_row(name, "×".join(str(s) for s in row["shape"]), fmt(row["manual_vs_autograd"]),
                  fmt(row["manual_vs_numeric"]), fmt(row["autograd_vs_numeric"]))
    m = d["max_rel_error"]
    t.add_row("max", "", fmt(m["manual_vs_autograd"]), fmt(m["manual_vs_numeric"]), fmt(m["autograd_vs_numeric"]),
              style="bold")
    fit_table(console, t)
    tol = d["tolerance"]
    console.print(f"manual vs autograd (tolerance {fmt(tol['autograd'])}): {_mark(d['passed']['autograd'])};  "
                  f"manual vs finite differences (tolerance {fmt(tol['numeric'])}): {_mark(d['passed']['numeric'])}")
    console.print(bar_chart(["manual vs autograd", "manual vs numeric", "autograd vs numeric"],
                            [max(m["manual_vs_autograd"], 1e-17), max(m["manual_vs_numeric"], 1e-17),
                             max(m["autograd_vs_numeric"], 1e-17)], title="max relative error (log scale)", log=True))
    console.print(f"machine epsilon u = {fmt(d['machine_epsilon'])}: the best central-difference step is about "
                  f"u^(1/3) ≈ {fmt(d['suggested_eps'])} (error ≈ ε²·|f‴|/6 + u·|L|/ε).")
    if d["relu_kinks_within_eps"]:
        console.print(f"[yellow]{d['relu_kinks_within_eps']} ReLU pre-activations lie within ±ε of 0: there the "
                      "finite difference straddles the kink.[/]")
    console.print(d["lesson"])
