"""Terminal charts: horizontal bars (rich only) and line plots (plotext, imported on use)."""

from __future__ import annotations

import math
from typing import Sequence


def _fmt(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "nan"
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    if abs(v) >= 1e4 or abs(v) < 1e-3:
        return f"{v:.3e}"
    return f"{v:.4g}"


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str | None = None, width: int = 40,
              log: bool = False, colour: str = "cyan"):
    """A rich Table of horizontal bars. log=True scales bars by log10 (for values spanning decades)."""
    from rich.table import Table
    from rich.text import Text

    finite = [v for v in values if v is not None and math.isfinite(v)]
    if log:
        pos = [v for v in finite if v > 0]
        lo = min(math.log10(v) for v in pos) if pos else 0.0
        hi = max(math.log10(v) for v in pos) if pos else 1.0
        span = (hi - lo) or 1.0

        def frac(v: float) -> float:
            return 0.02 + 0.98 * (math.log10(v) - lo) / span if v > 0 else 0.0
    else:
        top = max((abs(v) for v in finite), default=1.0) or 1.0

        def frac(v: float) -> float:
            return abs(v) / top

    table = Table(title=title, show_header=False, box=None, pad_edge=False, padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for label, v in zip(labels, values):
        if v is None or not math.isfinite(v):
            bar = Text("overflow" if v is not None and not math.isnan(v) else "n/a", style="bold red")
        else:
            n = frac(v) * width
            full = int(n)
            bar = Text("█" * full + ("▌" if n - full >= 0.5 else ""), style=colour)
        table.add_row(str(label), bar, _fmt(v))
    return table


def line_plot(series: dict[str, Sequence[float]], x: Sequence[float] | None = None, title: str = "",
              xlabel: str = "", ylabel: str = "", logy: bool = False, width: int | None = None,
              height: int = 15, color: bool = True) -> str:
    """A plotext line plot rendered to a string (no colour codes when color=False)."""
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width or 70, height)
    if not color:
        plt.theme("clear")
    for name, ys in series.items():
        xs = list(x) if x is not None else list(range(1, len(ys) + 1))
        pts = [(a, b) for a, b in zip(xs, ys) if b is not None and math.isfinite(b) and (not logy or b > 0)]
        if not pts:
            continue
        xs2, ys2 = zip(*pts)
        if logy:
            ys2 = [math.log10(v) for v in ys2]
        plt.plot(list(xs2), list(ys2), label=name, marker="braille")
    plt.title(title)
    plt.xlabel(xlabel)
    plt.ylabel(("log10 " if logy else "") + ylabel)
    out = plt.build()
    plt.clear_figure()
    if not color:
        import re

        out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    return out


def plot(console, series: dict[str, Sequence[float]], **kw) -> None:
    """Print a line plot on a rich console (plain when the console has no colour)."""
    print_plot(console, line_plot(series, color=not console.no_color, **kw))


def print_plot(console, text: str) -> None:
    """Print a plotext string through rich without re-interpreting its escape codes."""
    from rich.text import Text

    console.print(Text.from_ansi(text))


def fmt(v: float) -> str:
    return _fmt(v)
