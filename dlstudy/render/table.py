"""A fast plain-text table for long lists (thousands of rows), without rich's layout cost.

Columns are sized to their content; the flexible column shrinks (with '…') to fit the terminal.
Colour is ANSI, used only on a terminal and never with NO_COLOR, TERM=dumb or --no-color.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

STYLES = {"bold": "1", "cyan": "36", "green": "32", "magenta": "35", "dim": "2", "yellow": "33", "red": "31"}


@dataclass
class Column:
    name: str
    style: str = ""
    align: str = "left"
    flexible: bool = False
    min_width: int = 4


def paint(text: str, style: str, colour: bool) -> str:
    if not colour or not style:
        return text
    codes = ";".join(STYLES[s] for s in style.split() if s in STYLES)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_table(columns: list[Column], rows: list[list[str]], colour: bool, title: str | None = None,
                 width: int | None = None) -> str:
    from dlstudy.text import clean

    rows = [[clean(cell) for cell in row] for row in rows]  # cells are data
    width = width or shutil.get_terminal_size((100, 24)).columns
    widths = [max([len(c.name)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    gap = 2
    total = sum(widths) + gap * (len(columns) - 1)
    excess = total - width
    for flexible_only in (True, False):  # shrink the widest flexible column first, then any column
        while excess > 0:
            candidates = [i for i, c in enumerate(columns)
                          if widths[i] > c.min_width and (c.flexible or not flexible_only)]
            if not candidates:
                break
            i = max(candidates, key=lambda j: widths[j])
            widths[i] -= 1
            excess -= 1
    lines = []
    if title:
        lines.append(paint(title, "bold", colour))
    head = (" " * gap).join(_fit(c.name, w).ljust(w) for c, w in zip(columns, widths)).rstrip()
    lines.append(paint(head, "bold", colour))
    sep = " " * gap
    specs = [(w, c.align == "right", c.style if colour else "") for c, w in zip(columns, widths)]
    for r in rows:
        cells = []
        for (w, right, style), text in zip(specs, r):
            cell = text if len(text) <= w else text[: max(w - 1, 0)] + "…"
            cell = cell.rjust(w) if right else cell.ljust(w)
            cells.append(paint(cell, style, True) if style else cell)
        lines.append(sep.join(cells).rstrip())
    return "\n".join(lines) + "\n"
