"""Render the uniform-variance demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    table = Table(title=f"U(-a, a) with a = {fmt(d['a'])}, {d['samples']:,} samples")
    table.add_column("quantity")
    table.add_column("theory", justify="right")
    table.add_column("samples", justify="right")
    table.add_row("variance", f"a²/3 = {fmt(d['theory']['variance'])}", fmt(d["empirical"]["variance"]))
    table.add_row("std", f"a/√3 = {fmt(d['theory']['std'])}", fmt(d["empirical"]["std"]))
    table.add_row("mean", "0", fmt(d["empirical"]["mean"]))
    fit_table(console, table)
    console.print(f"relative error of the sampled variance: {d['relative_error']:.2%}")
    x = d["xavier_example"]
    console.print(
        f"\nWhy Xavier uses √(6/(n_in+n_out)): with n_in={x['fan_in']}, n_out={x['fan_out']} the bound is "
        f"{fmt(x['bound'])}, and bound²/3 = {fmt(x['variance'])} = 2/(n_in+n_out) = {fmt(x['target'])}."
    )
