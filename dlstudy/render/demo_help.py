"""A demo's help (`dlstudy demo ID --help`, `?` in the lab): what it shows, its parameters with defaults
and bounds, an example, its headline figures and its cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlstudy.text import escape

if TYPE_CHECKING:
    from rich.console import Console

    from dlstudy.demos.spec import DemoSpec


def render_demo_help(con: Console, spec: DemoSpec) -> None:
    from rich.table import Table

    con.print(f"[bold]{escape(spec.title)}[/]  [green]{spec.id}[/]")
    con.print(escape(spec.description))
    con.print(f"\nUsage: dlstudy demo {spec.id} [KEY=VALUE]... [--seed N] [--json] [-i]\n")
    table = Table(title="Parameters", title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("default")
    table.add_column("allowed", overflow="fold")
    table.add_column("meaning", overflow="fold")
    for p in spec.params:
        table.add_row(p.name, escape(p.default_text()), escape(p.bounds_text()), escape(p.help))
    con.print(table)
    if spec.params:
        p = spec.params[0]
        con.print(f"\nExample: [green]dlstudy demo {spec.id} {p.name}={escape(p.default_text())} --seed 1[/]")
    if spec.headline:
        con.print("Headline figures (the lab's 'what changed' table, with their --json paths): "
                  + "; ".join(f"{escape(label)} [dim]({escape(path)})[/]" for label, path in spec.headline))
    con.print(f"Try the lab: [green]dlstudy demo {spec.id} -i[/] (change parameters, see what changes)")
    con.print(f"Cards: {', '.join(spec.cards)}")
