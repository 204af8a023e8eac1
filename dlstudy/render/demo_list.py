"""Rendering of the demo list, a demo's parameter help, and a demo run (dispatch to its renderer)."""

from __future__ import annotations

import importlib

from dlstudy.content.schema import topic_order, topic_title
from dlstudy.text import escape


def demos_text(specs, colour: bool, width: int) -> str:
    """The demo list grouped by topic, one line per demo where the width allows (what each shows in
    full: 'dlstudy demo ID --help')."""
    from dlstudy.render.table import Column, Section, render_table

    columns = [Column("id", "bold green"), Column("what it shows", flexible=True, min_width=16),
               Column("cards", "cyan", flexible=True, min_width=8, whole_words=True, stacked="cards: {}")]
    rows: list = []
    last = None
    for spec in sorted(specs, key=lambda s: (topic_order(s.topic), s.id)):
        if spec.topic != last:
            rows.append(Section(topic_title(spec.topic)))
            last = spec.topic
        rows.append([spec.id, spec.title + (" (torch)" if spec.uses_torch else ""), ", ".join(spec.cards)])
    from dlstudy.render.layout import wrap

    footer = wrap("Run one: dlstudy demo ID; what it shows and its parameters: dlstudy demo ID --help", width)
    return render_table(columns, rows, colour=colour, title=f"{len(specs)} live demos", width=width) + \
        "\n".join(footer) + "\n"


def render_demo_help(con, spec) -> None:
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


def render_run(con, run) -> None:
    from dlstudy.demos.registry import get_spec

    spec = get_spec(run.demo_id)
    shown = ", ".join(f"{k}={_short(v)}" for k, v in run.params.items())
    con.print(f"[bold]{escape(spec.title)}[/]  [dim]{escape(shown)} · seed {run.seed}[/]")
    render = renderer_for(run.demo_id)
    if render is None:
        from rich.pretty import Pretty

        con.print(Pretty(run.to_dict()))
    else:
        render(run.result, con, run.params)


def _short(v) -> str:
    if isinstance(v, list):
        text = ",".join(str(x) for x in v)
        return text if len(text) <= 40 else text[:37] + "..."
    return str(v)


def renderer_for(demo_id: str):
    """The render(result, console, params) function from dlstudy/render/demos/<module>.py, if any
    (the module is named like the demo, with '-' written '_')."""
    short = demo_id.replace("-", "_")
    try:
        module = importlib.import_module(f"dlstudy.render.demos.{short}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(short):
            return None
        raise
    return getattr(module, "render", None)
