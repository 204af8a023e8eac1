"""Tables that fit: a rich Table printed so that no word or number is ever cut, at any width.

`fit_table(console, table)` prints the table as is when it fits, with borders dropped and columns
wrapped only at spaces when that is enough, and otherwise as stacked blocks (one per row,
`header  value` lines). `fit(table)` is the same as a renderable, for Columns, Group and the like.
Demo renderers build their tables with `dlstudy.render.demos.table`; the list screens (cards, the
demo list) use the plain renderer of render/table.py instead.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from dlstudy.render.charts import LABEL_STYLE

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text


def _as_text(console: Console, renderable: RenderableType | None) -> Text | None:
    from rich.text import Text

    if isinstance(renderable, str):
        return console.render_str(renderable)
    return renderable if isinstance(renderable, Text) else None


def _looks_numeric(s: str) -> bool:
    s = s.strip().replace(",", "").replace("%", "")
    try:
        float(s)
        return True
    except ValueError:
        return False


Range = tuple[int, int, int]  # a column's (longest word, widest body cell, widest cell with the header)


class FitTable:
    """A rich Table that never cuts a word or a number: printed as is when it fits, with columns wrapped only at
    spaces when that is enough, and as stacked blocks (one per row, `header  value` lines) otherwise."""

    def __init__(self, table: Table) -> None:
        self.table = table

    @staticmethod
    def _ranges(table: Table, console: Console, options: ConsoleOptions) -> list[Range]:
        """Per column (with padding): (longest word, widest body cell, widest cell including the header)."""
        from rich.measure import Measurement

        big = options.update_width(10_000)
        out = []
        for i, column in enumerate(table.columns):
            m = table._measure_column(console, big, column)
            pad = table._get_padding_width(i)
            body = max((Measurement.get(console, big, cell).maximum for cell in column._cells), default=0) + pad
            body = min(max(body, 1), m.maximum)
            lo = m.maximum if (column.no_wrap or column.width is not None) else m.minimum
            out.append((lo, max(lo, body), m.maximum))
        return out

    @staticmethod
    def _compact(table: Table) -> Table:
        """The same table without borders and padding (a rule under the header, one space between columns)."""
        from rich import box

        compact = copy.copy(table)
        compact.box = box.SIMPLE_HEAD if table.show_header else None
        compact.show_edge = False
        compact.padding = (0, 1 if compact.box is None else 0)
        compact.pad_edge = False
        compact.show_lines = False
        return compact

    @classmethod
    def _layout(cls, table: Table, console: Console, options: ConsoleOptions,
                wrap: bool) -> tuple[list[int], tuple[int, int]] | None:
        """(column widths with padding that fit options.max_width without cutting a word, score), or None.
        The score counts the columns whose body cells wrap, then those whose header wraps (lower is better)."""
        ranges = cls._ranges(table, console, options)
        room = options.max_width - table._extra_width
        if sum(hi for _, _, hi in ranges) <= room:
            return [hi for _, _, hi in ranges], (0, 0)
        if not wrap or sum(lo for lo, _, _ in ranges) > room:
            return None
        widths = [lo for lo, _, _ in ranges]
        spare = room - sum(widths)
        # first stop body cells from wrapping, then headers; columns that need least go first
        for phase in (1, 2):
            for i in sorted(range(len(ranges)), key=lambda j: ranges[j][phase] - widths[j]):
                give = max(0, min(ranges[i][phase] - widths[i], spare))
                widths[i] += give
                spare -= give
        score = (sum(w < body for w, (_, body, _) in zip(widths, ranges)),
                 sum(w < hi for w, (_, _, hi) in zip(widths, ranges)))
        return widths, score

    def choose(self, console: Console, options: ConsoleOptions) -> tuple[Literal["table", "stacked"], Table | None]:
        """('table', table) to print (possibly compacted, with fixed column widths), or ('stacked', None)."""
        table = self.table
        if not table.columns:
            return "table", table
        compact = self._compact(table)
        for candidate in (table, compact):  # natural widths, with borders, then without
            if self._layout(candidate, console, options, wrap=False) is not None:
                return "table", candidate
        best: tuple[tuple[tuple[int, int], int], Table, list[int]] | None = None
        for rank, candidate in enumerate((table, compact)):
            layout = self._layout(candidate, console, options, wrap=True)
            if layout is not None and (best is None or (layout[1], rank) < best[0]):
                best = ((layout[1], rank), candidate, layout[0])
        if best is None:
            return "stacked", None
        _, candidate, widths = best
        fitted = copy.copy(candidate)
        fitted.columns = [replace(c, width=max(1, w - candidate._get_padding_width(i)), min_width=None,
                                  max_width=None) for i, (c, w) in enumerate(zip(candidate.columns, widths))]
        return "table", fitted

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        kind, table = self.choose(console, options)
        if kind == "table" and table is not None:
            yield table
        else:
            yield from self._stacked(console, options)

    def _stacked(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        from rich.table import Table
        from rich.text import Text

        table = self.table
        if table.title:
            title = _as_text(console, table.title)
            if title is None:
                yield table.title
            else:
                title = title.copy()
                title.stylize("italic")
                yield title
        columns = table.columns
        n_rows = max((len(c._cells) for c in columns), default=0)
        headers = [_as_text(console, c.header) if table.show_header else None for c in columns]
        first_header = headers[0].plain.strip() if headers and headers[0] is not None else ""
        for r in range(n_rows):
            cells: list[RenderableType] = [c._cells[r] if r < len(c._cells) else "" for c in columns]
            head = _as_text(console, cells[0])
            grid = Table.grid(padding=(0, 1), pad_edge=False)
            grid.add_column(style=LABEL_STYLE)
            grid.add_column()
            heading: Text | None
            if head is not None:
                heading = head.copy()
                if first_header and _looks_numeric(heading.plain):
                    heading = Text.assemble(first_header + " ", heading)
                heading.stylize("bold")
                rest = list(zip(headers[1:], cells[1:]))
            else:
                heading = None
                rest = list(zip(headers, cells))
            for header, cell in rest:
                if isinstance(cell, str) and not cell.strip():
                    continue
                if isinstance(cell, Text) and not cell.plain.strip():
                    continue
                grid.add_row(Text("  ") + (header.copy() if header is not None else Text("")), cell)
            if heading is not None and heading.plain.strip():
                yield heading
            if grid.row_count:
                yield grid
        if table.caption:
            caption = _as_text(console, table.caption)
            yield caption if caption is not None else table.caption

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        table = self.table
        natural = sum(hi for _, _, hi in self._ranges(table, console, options)) + table._extra_width
        return Measurement(min(20, natural, options.max_width), min(natural, options.max_width))


def fit_table(console: Console, table: Table) -> None:
    """Print a rich Table so that no word or number is ever cut (see FitTable)."""
    console.print(FitTable(table))


def fit(table: Table) -> FitTable:
    """The table as a renderable that fits any width (for Columns, Group and the like)."""
    return FitTable(table)
