"""Render the backprop-check demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.backprop_check import BackpropCheckResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

PAIRS = ("manual_vs_autograd", "manual_vs_numeric", "autograd_vs_numeric")


def _mark(ok: bool) -> str:
    return "[green]pass[/]" if ok else "[red]FAIL[/]"


def render(d: BackpropCheckResult, console: Console) -> None:
    console.print(f"MLP {d.in_dim} → {d.hidden} ({d.activation}) → {d.classes} classes, batch N = "
                  f"{d.batch}, {d.n_params} parameters, {d.dtype}, ε = {num(d.eps)}, bug = {d.bug}; "
                  f"loss = mean softmax cross-entropy = {num(d.loss)}.")
    t = table("relative error ‖a − b‖ / (‖a‖ + ‖b‖) per parameter tensor", "tensor", "shape", "manual vs autograd",
              "manual vs numeric", "autograd vs numeric")
    for name, row in d.per_param.items():
        t.add(name, "×".join(str(s) for s in row["shape"]), *(row[k] for k in PAIRS))
    m = d.max_rel_error
    t.add("max", "", *(m[k] for k in PAIRS), style="bold")
    fit_table(console, t)
    tol = d.tolerance
    console.print(f"manual vs autograd (tolerance {num(tol['autograd'])}): {_mark(d.passed['autograd'])};  "
                  f"manual vs finite differences (tolerance {num(tol['numeric'])}): {_mark(d.passed['numeric'])}")
    console.print(bar_chart(["manual vs autograd", "manual vs numeric", "autograd vs numeric"],
                            [max(m[k], 1e-17) for k in PAIRS], title="max relative error (log scale)", log=True))
    console.print(f"machine epsilon u = {num(d.machine_epsilon)}: the best central-difference step is about "
                  f"u^(1/3) ≈ {num(d.suggested_eps)} (error ≈ ε²·|f‴|/6 + u·|L|/ε).")
    if d.relu_kinks_within_eps:
        console.print(f"[yellow]{d.relu_kinks_within_eps} ReLU pre-activations lie within ±ε of 0: there the "
                      "finite difference straddles the kink.[/]")
    console.print(d.lesson)
