"""Render the perplexity demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    n = d["tokens"]
    table = Table(title=f"{n} token{'s' if n != 1 else ''}: probability of the actual next token")
    table.add_column("token", justify="right")
    table.add_column("p", justify="right")
    table.add_column("−ln p (nats)", justify="right")
    table.add_column("−log₂ p (bits)", justify="right")
    for i, (p, a, b) in enumerate(zip(d["probs"], d["nll"], d["bits"]), start=1):
        table.add_row(str(i), fmt(p), fmt(a), fmt(b))
    table.add_row("mean", "", fmt(d["mean_nll"]), fmt(d["mean_bits"]), style="bold")
    fit_table(console, table)
    if n > 1:
        console.print(bar_chart([f"t{i}" for i in range(1, n + 1)], d["nll"], title="per-token NLL (nats)"))

    console.print(
        f"perplexity = exp(mean NLL) = exp({fmt(d['mean_nll'])}) = [bold]{fmt(d['perplexity'])}[/bold]; "
        f"base 2: 2^(mean bits) = 2^{fmt(d['mean_bits'])} = {fmt(d['perplexity_base2'])} (the same number)."
    )
    console.print(f"equivalently 1 / geometric mean of p = 1 / {fmt(d['geometric_mean_prob'])}.")
    w = d["worst_token"]
    if n > 1:
        console.print(f"token {w['index'] + 1} (p = {fmt(w['prob'])}) contributes {w['share_of_nll']:.0%} of the total NLL.")
    console.print(
        f"\nuniform model over V = {d['vocab']:,} words: every token costs ln V = {fmt(d['uniform_mean_nll'])} nats, "
        f"so its perplexity is {d['uniform_perplexity']:,.6g} = V."
    )
    console.print(d["lesson"])
