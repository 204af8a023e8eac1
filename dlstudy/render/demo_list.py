"""The demo list (`dlstudy demo`): grouped by topic, one line per demo where the width allows."""

from __future__ import annotations

from collections.abc import Sequence

from dlstudy.content.schema import topic_order, topic_title
from dlstudy.demos.spec import DemoSpec


def demos_text(specs: Sequence[DemoSpec], colour: bool, width: int) -> str:
    """The demo list grouped by topic, one line per demo where the width allows (what each shows in
    full: 'dlstudy demo ID --help')."""
    from dlstudy.render.layout import wrap
    from dlstudy.render.table import Column, Section, render_table

    columns = [Column("id", "bold green"), Column("what it shows", flexible=True, min_width=16),
               Column("cards", "cyan", flexible=True, min_width=8, whole_words=True, stacked="cards: {}")]
    rows: list[Section | list[str]] = []
    last = None
    for spec in sorted(specs, key=lambda s: (topic_order(s.topic), s.id)):
        if spec.topic != last:
            rows.append(Section(topic_title(spec.topic)))
            last = spec.topic
        rows.append([spec.id, spec.title + (" (torch)" if spec.uses_torch else ""), ", ".join(spec.cards)])
    footer = wrap("Run one: dlstudy demo ID; what it shows and its parameters: dlstudy demo ID --help", width)
    return render_table(columns, rows, colour=colour, title=f"{len(specs)} live demos", width=width) + \
        "\n".join(footer) + "\n"
