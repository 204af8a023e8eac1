"""A fast plain-text table for long lists (thousands of rows), without rich's layout cost.

Widths are display widths (a Chinese character takes two cells). Fixed columns (ids, short values)
are never cut: they are what the user types next. Flexible columns share the free width and wrap
onto more lines instead of being cut; when even that would squeeze a flexible column below its
minimum (or split a word of a `whole_words` column), every row becomes a block instead:

    attention  nlp  intermediate  7 questions
      Attention: alignment scores, softmax weights, context vectors
      demos: attention-scaling

Colour is ANSI, used only on a terminal and never with NO_COLOR, TERM=dumb or --no-color.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Literal, Sequence

from dlstudy.render.layout import cells, pad, wrap
from dlstudy.text import clean

STYLES = {"bold": "1", "cyan": "36", "green": "32", "magenta": "35", "dim": "2", "yellow": "33", "red": "31"}
GAP = 2
INDENT = "  "  # of the wrapped lines of a block


@dataclass
class Column:
    name: str
    style: str = ""
    align: Literal["left", "right"] = "left"
    flexible: bool = False  # takes a share of the free width and wraps
    min_width: int = 4  # narrowest a flexible column may get before rows become blocks
    whole_words: bool = False  # never split a word (lists of ids)
    stacked: str = "{}"  # how a fixed cell reads in a block ("{} questions"), or a flexible one ("demos: {}")
    below: bool = False  # may go on a line under its row (as in a block) to give the others room


@dataclass
class Section:
    """A heading row between groups of rows (a topic)."""

    title: str


def paint(text: str, style: str, colour: bool) -> str:
    if not colour or not style:
        return text
    codes = _codes(style)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


Row = list[str]  # the cells of a row, one per column (cleaned)


def _longest_word(data: list[Row], i: int) -> int:
    return max([0] + [cells(w) for r in data for w in r[i].split()])


def column_widths(columns: list[Column], natural: list[int], floors: list[int], width: int) -> list[int] | None:
    """Each column's width from its natural width (its widest cell) and the floor of a flexible one, or
    None when the flexible columns cannot get their floors."""
    widths = list(natural)
    flex = [i for i, c in enumerate(columns) if c.flexible]
    free = width - GAP * (len(columns) - 1) - sum(natural[i] for i, c in enumerate(columns) if not c.flexible)
    if sum(natural[i] for i in flex) <= free:
        return widths
    spare = free - sum(floors[i] for i in flex)
    if spare < 0:
        return None
    # above their floors, the flexible columns share what is left in proportion to what they lack
    lack = {i: natural[i] - floors[i] for i in flex}
    total = sum(lack.values())
    for i in flex:
        widths[i] = floors[i] + (lack[i] * spare // total if total else 0)
    return widths


def render_table(columns: list[Column], rows: Sequence[Sequence[Any] | Section], colour: bool,
                 title: str | None = None, width: int = 100) -> str:
    """The table as text no line of which is wider than `width` cells. Rows are lists of cells (one per
    column) or Section headings. Of the layouts that fit (a grid; a grid with the `below` columns on a
    line under each row; one block per row) the one estimated shortest is drawn."""
    table: list[Row | Section] = [r if isinstance(r, Section) else [clean(cell) for cell in r] for r in rows]  # data
    data = [r for r in table if not isinstance(r, Section)]
    sizes = [[cells(t) for t in r] for r in data]
    natural = [max([cells(c.name)] + [size[i] for size in sizes]) for i, c in enumerate(columns)]
    floors = [min(natural[i], max(c.min_width, _longest_word(data, i) if c.whole_words else 0)) if c.flexible else 0
              for i, c in enumerate(columns)]
    head = [paint(clean(title), "bold", colour)] if title else []
    options: list[tuple[int, Callable[[], list[str]]]] = []  # (estimated lines, draw)
    every = list(range(len(columns)))
    for keep in (every, [i for i in every if not columns[i].below]):
        if options and len(keep) == len(columns):
            continue
        grid_columns = [columns[i] for i in keep]
        widths = column_widths(grid_columns, [natural[i] for i in keep], [floors[i] for i in keep], width)
        if widths is None:
            continue
        below = [i for i in every if i not in keep]
        indent = _below_indent(grid_columns, widths, width)
        estimate = sum(max([1] + [_lines(size[i], w) for i, w in zip(keep, widths) if columns[i].flexible])
                       + sum(_lines(size[i] + 7, width - indent) for i in below if size[i]) for size in sizes)
        options.append((estimate, partial(_grid, columns, keep, widths, table, sizes, below, indent, colour, width)))
        if not below and estimate == len(data):
            break  # every row on one line: nothing is shorter
    if not options or options[0][0] > len(data):
        estimate = sum(1 + sum(_lines(size[i] + 7, width - len(INDENT)) for i, c in enumerate(columns)
                               if c.flexible and size[i]) for size in sizes)
        options.append((estimate + 1, partial(_blocks, columns, table, colour, width)))  # +1: a grid has a header
    return "\n".join(head + min(options, key=lambda o: o[0])[1]()) + "\n"


def _lines(size: int, width: int) -> int:
    return max(1, -(-size // max(width, 1)))


def _below_indent(columns: list[Column], widths: list[int], width: int) -> int:
    """Where the lines under a row start: under the first flexible column (or near the margin)."""
    first_flex = next((k for k, c in enumerate(columns) if c.flexible), 0)
    indent = sum(widths[:first_flex]) + GAP * first_flex
    return indent if width - indent >= 20 else len(INDENT)


def _grid(columns: list[Column], keep: list[int], widths: list[int], rows: list[Row | Section], sizes: list[list[int]],
          below: list[int], indent: int, colour: bool, width: int) -> list[str]:
    sep = " " * GAP
    shown = [columns[i] for i in keep]
    lines = [paint(sep.join(pad(c.name, w) for c, w in zip(shown, widths)).rstrip(), "bold", colour)]
    spec = [(i, w, c.flexible, c.align == "right", f"\x1b[{_codes(c.style)}m" if colour and _codes(c.style) else "")
            for i, c, w in zip(keep, shown, widths)]
    n = 0
    for row in rows:
        if isinstance(row, Section):
            lines.append(paint(clean(row.title), "bold magenta", colour))
            continue
        size = sizes[n]
        n += 1
        if all(size[i] <= w for i, w, *_ in spec):  # the common case: the row is one line
            out = []
            for i, w, _flex, right, style in spec:
                gap = " " * (w - size[i])
                cell = gap + row[i] if right else row[i] + gap
                out.append(f"{style}{cell}\x1b[0m" if style and row[i] else cell)
            lines.append(sep.join(out).rstrip())
        else:
            parts = [wrap(row[i], w) if flex and size[i] > w else [row[i]] for i, w, flex, *_ in spec]
            for k in range(max(len(p) for p in parts)):
                out = []
                for (_i, w, _flex, right, style), p in zip(spec, parts):
                    cell = pad(p[k] if k < len(p) else "", w, right=right)
                    out.append(f"{style}{cell}\x1b[0m" if style and k < len(p) and p[k] else cell)
                lines.append(sep.join(out).rstrip())
        for i in below:
            if row[i]:
                c = columns[i]
                lines += [paint(x, c.style, colour) for x in wrap(c.stacked.format(row[i]), width, " " * indent)]
    return lines


def _codes(style: str) -> str:
    return ";".join(STYLES[s] for s in style.split() if s in STYLES)


def _blocks(columns: list[Column], rows: list[Row | Section], colour: bool, width: int) -> list[str]:
    """One block per row: the fixed cells on a line, then each flexible cell wrapped below."""
    lines: list[str] = []
    for r in rows:
        if isinstance(r, Section):
            lines.append(paint(clean(r.title), "bold magenta", colour))
            continue
        head = [(c.stacked.format(text), c.style) for c, text in zip(columns, r) if not c.flexible and text]
        line: list[str] = []
        used = 0
        for text, style in head:  # fixed cells, wrapped onto more lines only if the screen is that narrow
            need = cells(text) + (GAP if line else 0)
            if line and used + need > width:
                lines.append((" " * GAP).join(line))
                line, used = [], 0
                need = cells(text)
            line.append(paint(text, style, colour))
            used += need
        if line:
            lines.append((" " * GAP).join(line))
        for c, text in zip(columns, r):
            if c.flexible and text:
                for piece in wrap(c.stacked.format(text), width, INDENT):
                    lines.append(paint(piece, c.style, colour))
    return lines

