"""The `dlstudy cards` list as a fast plain table (no rich import: it must stay instant for big decks)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from dlstudy.content.schema import CardRow
    from dlstudy.render.table import Column


def _title(card: CardRow, lang: str) -> str:
    if lang == "zh":
        return card.zh_title or card.title
    return card.title


def cards_rows(cards: Sequence[CardRow], lang: str = "en", topic_column: bool = True
               ) -> tuple[list[Column], list[list[str]]]:
    """Columns and rows for the fast plain table of `dlstudy cards` (without the topic column when every
    card is of one topic the user asked for)."""
    from dlstudy.render.table import Column

    columns = [Column("id", "bold cyan"), Column("title", flexible=True, min_width=16),
               Column("topic", "magenta"), Column("level"), Column("Q", align="right", stacked="{} questions"),
               Column("demos", "green", flexible=True, min_width=8, whole_words=True, stacked="demos: {}",
                      below=True)]
    rows = [[c.id, _title(c, lang), c.topic, c.level, str(c.n_questions), ", ".join(c.demos)] for c in cards]
    if not topic_column:
        del columns[2]
        rows = [r[:2] + r[3:] for r in rows]
    return columns, rows
