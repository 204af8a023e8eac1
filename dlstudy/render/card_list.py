"""The `dlstudy cards` list as a fast plain table (no rich import: it must stay instant for big decks)."""

from __future__ import annotations

from dlstudy.content.schema import Card


def _title(card: Card, lang: str) -> str:
    return card.zh.get("title", card.title) if lang == "zh" else card.title


def cards_rows(cards: list[Card], lang: str = "en"):
    """Columns and rows for the fast plain table of `dlstudy cards`."""
    from dlstudy.render.table import Column

    columns = [Column("id", "bold cyan", min_width=10), Column("title", flexible=True, min_width=12),
               Column("topic", "magenta", min_width=5), Column("level", min_width=5), Column("Q", align="right"),
               Column("demos", "green", flexible=True, min_width=5)]
    rows = [[c.id, _title(c, lang), c.topic, c.level, str(len(c.questions)), ", ".join(c.demos)] for c in cards]
    return columns, rows
