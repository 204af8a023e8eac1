"""The calibration section of `dlstudy stats`: a reliability chart (predicted recall against the share of
reviews recalled, one row per bin of predicted recall, with its count), log loss and RMSE(bins) under the
learner's parameters and under FSRS's defaults, and one line of reading.

The chart follows the stats charts' style (render/charts.py): no background, mid-tone colours that read on
dark and light terminals, a distinct character per series so it reads without colour, the legend on its own
line above the chart, sized to the width it is printed at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlstudy.render.charts import BAR_COLOUR, FRAME_STYLE, LABEL_STYLE, SERIES_COLOURS, TITLE_STYLE

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

MARKER = "┃"  # where a bin's bar would end if the predictions were exact
MARKER_STYLE = f"bold {SERIES_COLOURS[1]}"
EMPTY = "·"  # the rest of the 0-100% track
MAX_BAR = 40
MIN_BAR = 12  # narrower than this: the numbers only, one line per bin
HEADERS = ("predicted", "recalled", "reviews")


def _pct(v: float) -> str:
    return f"{v:.0%}"


class ReliabilityChart:
    """One row per bin of predicted recall: the bin's mean prediction, a bar of the share of its reviews
    that were recalled on a 0-100% track with a marker at the prediction, the share and the count."""

    def __init__(self, bins: list[dict[str, Any]], width: int = MAX_BAR) -> None:
        self.bins = bins
        self.width = width

    def bar(self, actual: float, predicted: float, width: int) -> Text:
        """The track of one bin: █ up to the share recalled (▌ for half a cell), the marker in the cell of
        the prediction (right after the bar's end when the two agree), dim dots for the rest."""
        from rich.text import Text

        cells = max(0.0, min(1.0, actual)) * width
        full = int(cells)
        chars = ["█"] * full + (["▌"] if cells - full >= 0.5 and full < width else [])
        chars += [EMPTY] * (width - len(chars))
        mark = min(width - 1, max(0, int(predicted * width)))
        text = Text(no_wrap=True, overflow="crop")
        for i, ch in enumerate(chars):
            if i == mark:
                text.append(MARKER, style=MARKER_STYLE)
            else:
                text.append(ch, style=FRAME_STYLE if ch == EMPTY else BAR_COLOUR)
        return text

    def scale(self, width: int) -> Text:
        """0%, 50% and 100% under the track."""
        from rich.text import Text

        cells = [" "] * width
        for label, at in (("0%", 0), ("50%", width // 2 - 1), ("100%", width - 4)):
            cells[at:at + len(label)] = list(label)
        return Text("".join(cells[:width]), style=LABEL_STYLE)

    def legend(self) -> Text:
        from rich.text import Text

        return Text.assemble(("█", BAR_COLOUR), " share recalled   ", (MARKER, MARKER_STYLE),
                             " predicted recall (bars end here when predictions are exact)")

    def _numbers(self) -> list[tuple[str, str, str]]:
        return [(_pct(b["predicted"]), _pct(b["actual"]), f"{int(b['n']):,}") for b in self.bins]

    def _fixed(self) -> int:
        """The cells of everything but the track: the three number columns and a space between columns."""
        from rich.cells import cell_len

        rows = self._numbers() + [HEADERS]
        return sum(max(cell_len(r[i]) for r in rows) for i in range(3)) + 3

    def _room(self, max_width: int) -> int:
        return min(self.width, max_width - self._fixed())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.table import Table
        from rich.text import Text

        yield self.legend()
        room = self._room(options.max_width)
        if room < MIN_BAR:  # too narrow for a track: the numbers, one line per bin
            for pred, actual, n in self._numbers():
                yield Text.assemble((pred, ""), (" predicted · ", LABEL_STYLE), (actual, ""),
                                    (" recalled · ", LABEL_STYLE), (n, ""), (" reviews", LABEL_STYLE))
            return
        table = Table(show_header=True, header_style=LABEL_STYLE, box=None, pad_edge=False, padding=(0, 1, 0, 0),
                      show_edge=False)
        table.add_column(HEADERS[0], justify="right", no_wrap=True)
        table.add_column("", no_wrap=True, width=room)
        table.add_column(HEADERS[1], justify="right", no_wrap=True)
        table.add_column(HEADERS[2], justify="right", no_wrap=True)
        for b, (pred, actual, n) in zip(self.bins, self._numbers()):
            table.add_row(pred, self.bar(float(b["actual"]), float(b["predicted"]), room), actual, n)
        table.add_row("", self.scale(room), "", "")
        yield table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        fixed = self._fixed()
        return Measurement(min(options.max_width, fixed + MIN_BAR), min(options.max_width, fixed + self.width))


def render_calibration(con: Console, cal: dict[str, Any], reviews_total: int) -> None:
    """The calibration section from `stats --json`'s `calibration` object."""
    from dlstudy.srs.calibration import MAX_REPLAY, Calibration

    c = Calibration.from_dict(cal)
    con.print()
    if not c.enough:
        con.print(f"[{TITLE_STYLE}]Calibration[/]: {c.reading()}")
        return
    con.print(f"[{TITLE_STYLE}]Calibration: predicted recall against what happened[/]")
    con.print(f"[dim]{c.reviews_used:,} reviews made a day or more after the one before, in bins of predicted "
              "recall[/]")
    if reviews_total > MAX_REPLAY:
        con.print(f"[dim](the histories of the questions reviewed most recently: about {MAX_REPLAY:,} of your "
                  f"{reviews_total:,} reviews)[/]")
    con.print(ReliabilityChart(c.bins))
    if c.personal:
        con.print(f"under your parameters:  log loss {c.log_loss:.3f} · RMSE(bins) {c.rmse_bins:.3f}")
        con.print(f"under FSRS's defaults:  log loss {c.default_log_loss:.3f} · RMSE(bins) {c.default_rmse_bins:.3f}"
                  " [dim](lower is better)[/]")
    else:
        con.print(f"under your parameters (FSRS's defaults): log loss {c.log_loss:.3f} · RMSE(bins) "
                  f"{c.rmse_bins:.3f} [dim](lower is better)[/]")
    con.print(c.reading())
