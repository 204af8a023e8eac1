"""Rich rendering of cards: the cards table and a full card."""

from __future__ import annotations

from collections import Counter

from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlstudy.content.schema import Card, topic_title
from dlstudy.render.tex import tex_to_unicode


def _title(card: Card, lang: str) -> str:
    return card.zh.get("title", card.title) if lang == "zh" else card.title


def cards_table(cards: list[Card], lang: str = "en") -> Table:
    table = Table(title=f"{len(cards)} cards", title_justify="left", expand=False)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("topic", style="magenta")
    table.add_column("level")
    table.add_column("Q", justify="right")
    table.add_column("demos", style="green", overflow="fold")
    for c in cards:
        table.add_row(c.id, escape(_title(c, lang)), c.topic, c.level, str(len(c.questions)), ", ".join(c.demos))
    return table


def render_card(con, card: Card, lang: str = "en", progress: dict | None = None) -> None:
    from dlstudy.demos.registry import get_spec

    title = _title(card, lang)
    summary = card.zh.get("summary", card.summary) if lang == "zh" else card.summary
    head = Text.assemble((title, "bold"), "  ", (f"[{card.id}]", "cyan"))
    meta = f"topic: {topic_title(card.topic)} · level: {card.level}"
    if card.tags:
        meta += " · tags: " + ", ".join(card.tags)
    con.print(Panel(Text(summary), title=head, title_align="left", subtitle=meta, subtitle_align="left"))
    if card.key_points:
        con.print("[bold]Key points[/]")
        for kp in card.key_points:
            con.print(f"  • {escape(kp)}")
    if card.formulas:
        con.print("\n[bold]Formulas[/]")
        for f in card.formulas:
            label = f"{escape(f.label)}: " if f.label else ""
            con.print(f"  {label}[bold yellow]{escape(tex_to_unicode(f.tex))}[/]")
            con.print(f"     [dim]TeX: {escape(f.tex)}[/]")
    if card.pitfalls:
        con.print("\n[bold]Pitfalls[/] [dim](what interviewers probe)[/]")
        for p in card.pitfalls:
            con.print(f"  [red]✗[/] {escape(p)}")
    if card.prerequisites:
        con.print("\n[bold]Prerequisites[/]: " + ", ".join(f"[cyan]{p}[/]" for p in card.prerequisites))
    if card.demos:
        con.print("\n[bold]Live demos[/]")
        for demo_id in card.demos:
            spec = get_spec(demo_id)
            desc = f" — {escape(spec.description)}" if spec else ""
            con.print(f"  [green]dlstudy demo {demo_id}[/]{desc}")
    kinds = Counter(q.kind for q in card.questions)
    kinds_text = ", ".join(f"{n} {k}" for k, n in kinds.items())
    con.print(f"\n[bold]Questions[/]: {len(card.questions)} ({kinds_text}) — practise with "
              f"[green]dlstudy quiz --card {card.id}[/]")
    if progress:
        con.print(f"[bold]Your progress[/]: {escape(progress.get('text', ''))}")
    if card.sources:
        con.print(f"[dim]sources: notes {', '.join(card.sources)}[/]")
