"""Render the pass-at-k demo."""

from __future__ import annotations

import math

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.pass_at_k import PassAtKResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 12


def _rows(d: PassAtKResult) -> list[dict[str, float]]:
    """At most MAX_ROWS rows of the by-k table, evenly spread, always with the k asked for."""
    rows = d.by_k
    if len(rows) <= MAX_ROWS:
        return rows
    step = len(rows) / (MAX_ROWS - 1)
    picked = {round(j * step) for j in range(MAX_ROWS - 1)} | {len(rows) - 1}
    keep = [rows[i] for i in sorted(i for i in picked if i < len(rows))]
    if all(int(r["k"]) != d.k for r in keep):
        keep = sorted([*keep, {"k": d.k, "pass_at_k": d.pass_at_k, "naive": d.naive}], key=lambda r: r["k"])
    return keep


def render(d: PassAtKResult, console: Console) -> None:
    n, c, k = d.n, d.c, d.k
    top, bottom = math.comb(n - c, k), math.comb(n, k)
    ratio = f" = 1 − {top:,}/{bottom:,}" if bottom < 10**12 else ""
    console.print(f"{n} samples, {c} correct: unbiased pass@{k} = 1 − C({n - c}, {k})/C({n}, {k}){ratio} = "
                  f"[bold]{num(d.pass_at_k)}[/] (stable product form: {num(d.stable_product)}); plug-in "
                  f"1 − (1 − {c}/{n})^{k} = [bold]{num(d.naive)}[/].")
    t = table(f"both estimates from the same {n} samples", "k", "unbiased pass@k", "plug-in", "difference", text=())
    for row in _rows(d):
        mark = " ◀" if int(row["k"]) == k else ""
        gap = row["pass_at_k"] - row["naive"]
        t.add(f"{int(row['k'])}{mark}", row["pass_at_k"], row["naive"], 0.0 if abs(gap) < 1e-12 else gap)
    fit_table(console, t)
    b = d.bias
    s = table(f"averaged over problems whose samples succeed at rate p = {num(b['p'])} (c ~ Binomial({n}, p))",
              "", f"pass@{k}", text=(0,))
    s.add(f"true 1 − (1 − p)^{k}", b["true"])
    s.add("unbiased estimator, exact mean", b["mean_unbiased"])
    s.add("plug-in, exact mean", b["mean_naive"])
    s.add(f"unbiased estimator, mean of {int(b['problems']):,} simulated problems", b["simulated_unbiased"])
    s.add(f"plug-in, mean of {int(b['problems']):,} simulated problems", b["simulated_naive"])
    fit_table(console, s)
    console.print(escape(d.lesson))
