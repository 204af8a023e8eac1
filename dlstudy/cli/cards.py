"""`dlstudy cards`: a filterable table of concept cards."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """List concept cards, optionally filtered.

\b
Examples:
  dlstudy cards
  dlstudy cards --topic nlp
  dlstudy cards --tag init --search variance
  dlstudy cards --json | jq '.[].id'
"""
EPILOG = "Then: 'dlstudy show ID' to read a card, 'dlstudy quiz --card ID' to practise it."


def cards(
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic (e.g. foundations, nlp).",
                                         autocompletion=completion.topics),
    tag: Optional[str] = typer.Option(None, "--tag", help="Only cards with this tag."),
    search: Optional[str] = typer.Option(None, "--search", "-s", help="Text to look for in id, title, summary, tags."),
    as_json: bool = typer.Option(False, "--json", help="Print the cards as JSON (see docs/json.md)."),
    lang: str = typer.Option("en", "--lang", help="en or zh (Chinese titles where the card has them)."),
) -> None:
    from dlstudy.cli import state
    from dlstudy.content.query import filter_cards
    from dlstudy.errors import UsageError

    deck = state.deck()
    if topic is not None and topic not in deck.topics():
        raise UsageError(f"no topic '{topic}'", hint=f"topics: {', '.join(deck.topics())}")
    selected = filter_cards(deck.cards, topic=topic, tag=tag, search=search)
    if as_json:
        import json

        rows = [
            {"id": c.id, "title": c.title, "topic": c.topic, "level": c.level, "tags": c.tags,
             "questions": len(c.questions), "demos": c.demos, "prerequisites": c.prerequisites,
             "path": c.path, "bundled": c.bundled}
            for c in selected
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    import sys

    from dlstudy.render.card_list import cards_rows

    columns, rows = cards_rows(selected, lang=lang)
    from dlstudy.render.table import render_table

    sys.stdout.write(render_table(columns, rows, title=f"{len(selected)} cards"))
    if not selected:
        sys.stdout.write("No cards match. Try without filters, or 'dlstudy cards --search WORD'.\n")
