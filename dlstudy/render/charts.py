"""Terminal charts that read well on dark and light terminals, at any width, with or without colour.

One style for every demo:
- no background fill anywhere (the terminal's own colours), a dim frame, mid-tone series colours that read on
  black and on white, and a distinct marker per series (braille, •, +, x, o, ...) so series stay apart
  without colour;
- the legend on its own line above the chart (never over the curves), axes fitted to the data (optionally
  cropped to where the series are non-negligible), clean tick labels (no ``-0.0``);
- charts and bars size themselves to the width they are rendered at; numbers are written with
  ``dlstudy.text.fmt`` at 4 significant figures (tables that fit any width are in render/fit_table.py).

plotext is imported only when a line chart is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dlstudy.text import fmt

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

#: Significant figures of the numbers a chart writes (bar values, tick labels that are not round).
DIGITS = 4

# ---------------------------------------------------------------------------------------------------- style

#: Series colours: mid-tone (relative luminance ~0.2-0.3), readable on black and on white backgrounds.
SERIES_COLOURS = ("#2e8bd0", "#d55e00", "#009e73", "#cc79a7", "#c08a00", "#8a63d2", "#4f9d2d", "#c0504d")
#: Series markers, in the same order: the first series is drawn in braille, the others in distinct characters.
SERIES_MARKERS = ("braille", "•", "+", "x", "o", "*", "#", "%")
#: Legend glyphs for the markers (braille drawn as a short line of dots).
_LEGEND_GLYPH = {"braille": "⠤⠤⠤"}
FRAME_STYLE = "dim"
TICK_STYLE = ""
TITLE_STYLE = "bold"
LABEL_STYLE = "dim"
BAR_COLOUR = SERIES_COLOURS[0]
#: Widest line chart drawn (wider terminals get this width; the chart is never wider than the terminal).
MAX_PLOT_WIDTH = 120
MIN_PLOT_WIDTH = 30
_FRAME_CHARS = set("┌┐└┘─│┤├┬┴┼")


def series_style(i: int) -> tuple[str, str]:
    """(colour, marker) of the i-th series of a chart."""
    return SERIES_COLOURS[i % len(SERIES_COLOURS)], SERIES_MARKERS[i % len(SERIES_MARKERS)]


# ---------------------------------------------------------------------------------------------------- ticks

def nice_step(span: float, n: int) -> float:
    """A 1-2-2.5-5 step that cuts `span` into about n - 1 intervals."""
    if not span > 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag * (1 + 1e-9):
            return m * mag
    return 10 * mag


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values inside [lo, hi] (at least the two ends when no round value falls inside)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi <= lo:
        return [lo]
    step = nice_step(hi - lo, n)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    ticks = [k * step for k in range(first, last + 1)]
    ticks = [0.0 if abs(t) < step * 1e-9 else t for t in ticks]
    return ticks if len(ticks) >= 2 else [lo, hi]


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Labels for evenly spaced ticks: one number of decimals for all, never '-0'."""
    if not ticks:
        return []
    step = min((abs(b - a) for a, b in zip(ticks, ticks[1:]) if b != a), default=abs(ticks[0]) or 1.0)
    big = max(abs(t) for t in ticks)
    if big >= 1e5 or (big and big < 1e-3) or step < 1e-4:
        for digits in range(1, 7):  # fewest significant digits that show every tick exactly enough
            labels = [_sci(t, digits) for t in ticks]
            if all(abs(float(s) - t) <= step * 1e-3 for s, t in zip(labels, ticks)):
                break
    else:
        decimals = 0
        while decimals < 6 and abs(round(step, decimals) - step) > step * 1e-6:
            decimals += 1
        labels = [f"{t:.{decimals}f}" for t in ticks]
    return [_no_neg_zero(s) for s in labels]


def _sci(t: float, digits: int) -> str:
    return "0" if t == 0 else f"{t:.{digits - 1}e}"


def _no_neg_zero(s: str) -> str:
    if s.startswith("-") and not any(c in "123456789" for c in s.split("e")[0]):
        return s[1:]
    return s


def _power_label(k: float) -> str:
    k = int(round(k))
    return "1" if k == 0 else f"1e{k:+d}"


def log_ticks(lo: float, hi: float, n: int = 5) -> tuple[list[float], list[str]]:
    """Tick positions (in log10 units) and labels (the values) for a log axis spanning lo..hi (log10)."""
    if hi - lo >= 1:
        step = max(1, math.ceil((hi - lo) / max(n - 1, 1)))
        for s in (1, 2, 3, 5, 10, 20, 25, 50, 100):  # whole decades, a round number of them
            if s >= step:
                step = s
                break
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        pos = [float(k * step) for k in range(first, last + 1)]
        if len(pos) >= 2:
            return pos, [_power_label(p) for p in pos]
    values = [v for v in nice_ticks(10 ** lo, 10 ** hi, n) if v > 0]
    if len(values) < 2:
        values = [10 ** lo, 10 ** hi]
        return [lo, hi], [fmt(v, DIGITS) for v in values]
    return [math.log10(v) for v in values], tick_labels(values)


# ---------------------------------------------------------------------------------------------------- bars

class BarChart:
    """Horizontal bars that size themselves to the width they are printed at (a rich renderable)."""

    def __init__(self, labels: Sequence[object], values: Sequence[float | None], title: str | None = None,
                 width: int = 40, log: bool = False, colour: str = BAR_COLOUR) -> None:
        self.labels = [str(label) for label in labels]
        self.values = list(values)[: len(self.labels)]
        self.title, self.width, self.log, self.colour = title, width, log, colour

    def _value_text(self) -> list[str]:
        return ["nan" if v is None else fmt(v, DIGITS) for v in self.values]

    def _frac(self) -> Callable[[float], float]:
        finite = [v for v in self.values if v is not None and math.isfinite(v)]
        if self.log:
            pos = [v for v in finite if v > 0]
            lo = min(math.log10(v) for v in pos) if pos else 0.0
            hi = max(math.log10(v) for v in pos) if pos else 1.0
            span = (hi - lo) or 1.0
            return lambda v: 0.02 + 0.98 * (math.log10(v) - lo) / span if v > 0 else 0.0
        top = max((abs(v) for v in finite), default=1.0) or 1.0
        return lambda v: abs(v) / top

    def _bar(self, v: float | None, width: int) -> Text:
        from rich.text import Text

        if v is None or not math.isfinite(v):
            return Text("overflow" if v is not None and not math.isnan(v) else "n/a", style="bold red")
        n = self._frac()(v) * width
        full = int(n)
        return Text("█" * full + ("▌" if n - full >= 0.5 else ""), style=self.colour)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.table import Table
        from rich.text import Text

        values = self._value_text()
        label_w = max((cell_len(s) for s in self.labels), default=0)
        value_w = max((len(s) for s in values), default=0)
        room = options.max_width - label_w - value_w - 4  # the bar's room: 1-cell gaps around it
        if self.title:
            yield Text(self.title, style="italic", justify="left")
        if room >= 8:  # one line per bar: label, bar, value
            bar_w = min(self.width, room)
            table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 1))
            table.add_column(justify="right", no_wrap=True)
            table.add_column(no_wrap=True, width=bar_w)
            table.add_column(justify="right", no_wrap=True)
            for label, v, text in zip(self.labels, self.values, values):
                table.add_row(Text(label), self._bar(v, bar_w), text)
            yield table
        else:  # very narrow: label and value on one line, the bar below
            bar_w = max(4, min(self.width, options.max_width - 1))
            for label, v, text in zip(self.labels, self.values, values):
                yield Text.assemble((label, LABEL_STYLE), "  ", text)
                yield self._bar(v, bar_w)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        label_w = max((cell_len(s) for s in self.labels), default=0)
        value_w = max((len(s) for s in self._value_text()), default=0)
        return Measurement(min(label_w + value_w + 2, options.max_width),
                           min(label_w + value_w + 3 + self.width, options.max_width))


def bar_chart(labels: Sequence[object], values: Sequence[float | None], title: str | None = None, width: int = 40,
              log: bool = False, colour: str = BAR_COLOUR) -> BarChart:
    """Horizontal bars (a rich renderable). log=True scales bars by log10 (for values spanning decades).
    `width` is the widest bar; bars shrink to fit narrower terminals."""
    return BarChart(labels, values, title=title, width=width, log=log, colour=colour)


# ---------------------------------------------------------------------------------------------------- lines

Points = list[tuple[float, float]]


def _points(xs: Sequence[float | None], ys: Sequence[float | None], logy: bool) -> Points:
    pts = []
    for a, b in zip(xs, ys):
        if a is None or b is None or not math.isfinite(a) or not math.isfinite(b) or (logy and b <= 0):
            continue
        pts.append((float(a), math.log10(b) if logy else float(b)))
    return pts


def crop_range(series: Mapping[str, Sequence[float | None]], x: Sequence[float], threshold: float) -> tuple[float, float]:
    """The x range where at least one series has |y| >= threshold · (largest |y| of all series), with a small
    margin on each side (never beyond the data)."""
    xs = [float(v) for v in x]
    peak = max((abs(v) for ys in series.values() for v in ys if v is not None and math.isfinite(v)), default=0.0)
    if not xs or peak == 0:
        return (min(xs), max(xs)) if xs else (0.0, 1.0)
    keep = [a for ys in series.values() for a, v in zip(xs, ys)
            if v is not None and math.isfinite(v) and abs(v) >= threshold * peak]
    if not keep:
        return min(xs), max(xs)
    lo, hi = min(keep), max(keep)
    pad = 0.05 * (hi - lo)
    return max(min(xs), lo - pad), min(max(xs), hi + pad)


class LinePlot:
    """A line chart (a rich renderable): title, legend line, y-axis label, plotext canvas. Sized at render time."""

    def __init__(self, series: Mapping[str, Sequence[float | None]], x: Sequence[float] | None = None,
                 title: str = "", xlabel: str = "", ylabel: str = "", logy: bool = False, width: int | None = None,
                 height: int = 15, crop_x: float | None = None) -> None:
        self.series = {str(k): list(v) for k, v in series.items()}
        self.x = list(x) if x is not None else None
        self.title, self.xlabel, self.ylabel, self.logy = title, xlabel, ylabel, logy
        self.width, self.height, self.crop_x = width, height, crop_x

    # the data actually drawn: {name: [(x, y)]} in plot units (log10 y when logy)
    def _data(self) -> dict[str, Points]:
        out = {}
        for name, ys in self.series.items():
            xs = self.x if self.x is not None else list(range(1, len(ys) + 1))
            out[name] = _points(xs, ys, self.logy)
        if self.crop_x is not None:
            allx = sorted({a for pts in out.values() for a, _ in pts})
            if allx:
                raw = {n: list(ys) for n, ys in self.series.items()}
                xs0 = self.x if self.x is not None else list(range(1, max(len(v) for v in raw.values()) + 1))
                lo, hi = crop_range(raw, xs0, self.crop_x)
                out = {n: [(a, b) for a, b in pts if lo <= a <= hi] for n, pts in out.items()}
        return out

    def build(self, width: int) -> list[str]:
        """The canvas lines (plain text, no escape codes), each at most `width` cells."""
        import plotext as plt

        data = self._data()
        allx = [a for pts in data.values() for a, _ in pts]
        ally = [b for pts in data.values() for _, b in pts]
        if not allx:
            return ["(no finite values to plot)"]
        x0, x1 = min(allx), max(allx)
        y0, y1 = min(ally), max(ally)
        if x1 == x0:
            x0, x1 = x0 - 0.5, x1 + 0.5
        if y1 == y0:
            pad = abs(y0) * 0.1 or (0.5 if self.logy else 1.0)
            y0, y1 = y0 - pad, y1 + pad
        height = max(6, self.height)
        target = width
        for _ in range(6):
            plt.clear_figure()
            plt.theme("clear")
            plt.plotsize(target, height)
            for i, (_name, pts) in enumerate(data.items()):
                if pts:
                    plt.plot([a for a, _ in pts], [b for _, b in pts], marker=series_style(i)[1])
            plt.xlim(x0, x1)
            plt.ylim(y0, y1)
            n_x = max(2, min(8, (target - 8) // 12))
            xt = nice_ticks(x0, x1, n_x)
            if all(float(v).is_integer() for v in allx) and any(not float(t).is_integer() for t in xt):
                xt = [t for t in xt if float(t).is_integer()] or xt
            plt.xticks(xt, tick_labels(xt))
            n_y = max(2, min(6, height // 3))
            if self.logy:
                yt, yl = log_ticks(y0, y1, n_y)
            else:
                yt = nice_ticks(y0, y1, n_y)
                yl = tick_labels(yt)
            plt.yticks(yt, yl)
            if self.xlabel:
                plt.xlabel(self.xlabel)
            text = plt.build()
            plt.clear_figure()
            import re

            lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).rstrip() for line in text.splitlines()]
            while lines and not lines[-1].strip():
                lines.pop()
            widest = max((len(line) for line in lines), default=0)
            if widest <= width:
                return lines
            target -= widest - width
        return [line[:width] for line in lines]

    def _legend(self, width: int) -> list[Text]:
        from rich.cells import cell_len
        from rich.text import Text

        items: list[Text] = []
        data = self._data()
        for i, name in enumerate(self.series):
            colour, marker = series_style(i)
            glyph = _LEGEND_GLYPH.get(marker, marker * 3)
            item = Text.assemble((glyph, colour), " ", name)
            if not data.get(name):
                item.append(" (nothing to plot)", style="dim")
            items.append(item)
        lines: list[Text] = []
        line = Text()
        for item in items:
            if line.cell_len and line.cell_len + 3 + item.cell_len > width:
                lines.append(line)
                line = Text()
            if line.cell_len:
                line.append("   ")
            line.append_text(item)
        if line.cell_len:
            lines.append(line)
        for line in lines:
            if cell_len(line.plain) > width:
                line.truncate(width)
        return lines

    def _colour(self, lines: list[str]) -> list[Text]:
        """rich Texts of the canvas: series characters in their colour, the frame dim, ticks plain."""
        from rich.text import Text

        marker_style: dict[str, str] = {}
        for i in range(len(self.series)):
            colour, marker = series_style(i)
            marker_style.setdefault(marker, colour)
        braille = marker_style.get("braille")
        top = next((k for k, line in enumerate(lines) if "┌" in line), None)
        bottom = next((k for k, line in enumerate(lines) if "└" in line), None)
        left = lines[top].index("┌") if top is not None else -1
        right = lines[top].index("┐") if top is not None and "┐" in lines[top] else -1
        out = []
        for k, line in enumerate(lines):
            t = Text(no_wrap=True, overflow="crop")
            inside = top is not None and bottom is not None and top < k < bottom
            for j, ch in enumerate(line):
                style = None
                if inside and left < j < right:
                    if "\u2800" <= ch <= "\u28ff":
                        style = braille
                    elif ch in marker_style:
                        style = marker_style[ch]
                if style is None and ch in _FRAME_CHARS:
                    style = FRAME_STYLE
                t.append(ch, style=style or TICK_STYLE or None)
            out.append(t)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        width = min(options.max_width, self.width or MAX_PLOT_WIDTH)
        yield Text("")
        if self.title:
            yield Text(self.title, style=TITLE_STYLE)
        if width < MIN_PLOT_WIDTH:
            yield Text("(terminal too narrow for this chart)", style="dim")
            return
        yield from self._legend(width)
        if self.ylabel or self.logy:
            yield Text((self.ylabel or "y") + (" (log scale)" if self.logy else ""), style=LABEL_STYLE)
        yield from self._colour(self.build(width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        width = min(options.max_width, self.width or MAX_PLOT_WIDTH)
        return Measurement(min(MIN_PLOT_WIDTH, width), width)


def line_plot(series: Mapping[str, Sequence[float | None]], x: Sequence[float] | None = None, title: str = "",
              xlabel: str = "", ylabel: str = "", logy: bool = False, width: int | None = None,
              height: int = 15, color: bool = True, crop_x: float | None = None) -> str:
    """The chart rendered to a string (ANSI colours when color=True; plain text otherwise)."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    con = Console(file=buf, width=width or 70, force_terminal=color, color_system="truecolor" if color else None,
                  no_color=not color, highlight=False)
    con.print(LinePlot(series, x=x, title=title, xlabel=xlabel, ylabel=ylabel, logy=logy, width=width,
                       height=height, crop_x=crop_x))
    return buf.getvalue()


def plot(console: Console, series: Mapping[str, Sequence[float | None]], **kw: Any) -> None:
    """Print a line chart on a rich console, sized to the console. Keywords as LinePlot (x, title, xlabel,
    ylabel, logy, height, width, crop_x: crop x to where some series has |y| >= crop_x · its overall peak)."""
    kw.pop("color", None)
    console.print(LinePlot(series, **kw))


def print_plot(console: Console, text: str) -> None:
    """Print a pre-rendered plot string through rich without re-interpreting its escape codes."""
    from rich.text import Text

    console.print(Text.from_ansi(text))
