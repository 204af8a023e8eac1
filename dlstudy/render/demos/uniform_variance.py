"""Render the uniform-variance demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.uniform_variance import UniformVarianceResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: UniformVarianceResult, console: Console) -> None:
    t = table(f"U(-a, a) with a = {num(d.a)}, {d.samples:,} samples", "quantity", "theory", "samples")
    t.add("variance", f"a²/3 = {num(d.theory['variance'])}", d.empirical["variance"])
    t.add("std", f"a/√3 = {num(d.theory['std'])}", d.empirical["std"])
    t.add("mean", "0", d.empirical["mean"])
    fit_table(console, t)
    console.print(f"relative error of the sampled variance: {d.relative_error:.2%}")
    x = d.xavier_example
    console.print(
        f"\nWhy Xavier uses √(6/(n_in+n_out)): with n_in={x['fan_in']}, n_out={x['fan_out']} the bound is "
        f"{num(x['bound'])}, and bound²/3 = {num(x['variance'])} = 2/(n_in+n_out) = {num(x['target'])}."
    )
