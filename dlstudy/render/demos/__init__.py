"""One renderer per demo, in a module named like the demo's (dlstudy/render/demos/<module>.py):
`render(d, console)`, where `d` is the demo's own result dataclass, its fields plain Python as
`--json` shows them (lists, dicts, floats). What the renderers share is here: `num` writes a number
as demo output shows it, and `table` starts a table whose `add` writes numbers with `num`; print a
table with `fit_table` (render/fit_table.py), charts with `bar_chart` and `plot` (render/charts.py).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rich.style import StyleType
from rich.table import Table

from dlstudy.render.charts import DIGITS
from dlstudy.text import fmt


def num(v: object) -> str:
    """A number as demo output writes it: DIGITS (4) significant figures (dlstudy.text.fmt)."""
    return fmt(v, DIGITS)


def cell(v: object) -> str:
    """A table cell: text (Rich markup) as given, None empty, an int whole, any other number with num()."""
    if isinstance(v, str):
        return v
    if v is None:
        return ""
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return num(v)


class DemoTable(Table):
    """A rich Table with `add`, a row whose cells go through cell()."""

    def add(self, *values: object, style: StyleType | None = None) -> None:
        self.add_row(*(cell(v) for v in values), style=style)


def table(title: str | None, *headers: str, text: Collection[int] = (0,), **options: Any) -> DemoTable:
    """A demo table with these column headers: numbers right-aligned, the columns whose index is in
    `text` (the first, unless told) left-aligned. Options go to rich's Table (box=None, ...)."""
    t = DemoTable(title=title, **options)
    for i, header in enumerate(headers):
        t.add_column(header, justify="left" if i in text else "right")
    return t
