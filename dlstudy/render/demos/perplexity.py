"""Render the perplexity demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.perplexity import PerplexityResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: PerplexityResult, console: Console) -> None:
    n = d.tokens
    t = table(f"{n} token{'s' if n != 1 else ''}: probability of the actual next token", "token", "p", "−ln p (nats)",
              "−log₂ p (bits)", text=())
    for i, row in enumerate(zip(d.probs, d.nll, d.bits), start=1):
        t.add(i, *row)
    t.add("mean", "", d.mean_nll, d.mean_bits, style="bold")
    fit_table(console, t)
    if n > 1:
        console.print(bar_chart([f"t{i}" for i in range(1, n + 1)], d.nll, title="per-token NLL (nats)"))

    console.print(
        f"perplexity = exp(mean NLL) = exp({num(d.mean_nll)}) = [bold]{num(d.perplexity)}[/bold]; "
        f"base 2: 2^(mean bits) = 2^{num(d.mean_bits)} = {num(d.perplexity_base2)} (the same number)."
    )
    console.print(f"equivalently 1 / geometric mean of p = 1 / {num(d.geometric_mean_prob)}.")
    w = d.worst_token
    if n > 1:
        console.print(f"token {w['index'] + 1} (p = {num(w['prob'])}) contributes {w['share_of_nll']:.0%} of the total NLL.")
    console.print(
        f"\nuniform model over V = {d.vocab:,} words: every token costs ln V = {num(d.uniform_mean_nll)} nats, "
        f"so its perplexity is {d.uniform_perplexity:,.6g} = V."
    )
    console.print(d.lesson)
