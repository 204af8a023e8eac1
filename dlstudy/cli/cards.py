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
    ctx: typer.Context,
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic (e.g. foundations, nlp).",
                                         autocompletion=completion.topics),
    tag: Optional[str] = typer.Option(None, "--tag", help="Only cards with this tag."),
    search: Optional[str] = typer.Option(None, "--search", "-s", help="Text to look for in id, title, summary, tags."),
    as_json: bool = typer.Option(False, "--json", help="Print the cards as JSON (see 'dlstudy docs json')."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|zh",
                                       help="Titles in this language where the card has them "
                                            "(default: 'dlstudy config lang', else en)."),
) -> None:
    app = ctx.obj
    lang = app.language(lang)
    if search:  # full text search needs the cards' text
        from dlstudy.content.query import filter_cards

        collection = app.deck()
        selected = filter_cards(collection.cards, topic=topic, tag=tag, search=search)
    else:  # the light index is enough (and fast for big decks)
        collection = app.index()
        selected = [c for c in collection.cards
                    if (topic is None or c.topic == topic) and (tag is None or tag in c.tags)]
    app.check_topic(topic, collection)
    if as_json:
        import json

        listing = [
            {"id": c.id, "title": c.title, "topic": c.topic, "level": c.level, "tags": list(c.tags),
             "questions": c.n_questions, "demos": list(c.demos),
             "prerequisites": list(c.prerequisites), "path": c.path, "bundled": c.bundled}
            for c in selected
        ]
        typer.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    import sys

    from dlstudy.render.card_list import cards_rows

    columns, rows = cards_rows(selected, lang=lang, topic_column=topic is None)
    from dlstudy.render.table import render_table

    title = f"{len(selected)} cards" + (f" in {topic}" if topic else "")
    sys.stdout.write(render_table(columns, rows, colour=app.colour(sys.stdout), title=title, width=app.width()))
    if not selected:
        sys.stdout.write("No cards match. Try without filters, or 'dlstudy cards --search WORD'.\n")
