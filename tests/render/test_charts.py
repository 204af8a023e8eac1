"""The shared chart style (render/charts.py): ticks, cropping, legend, markers, no background; tables that fit
(render/fit_table.py)."""

from __future__ import annotations

import io
import math
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from dlstudy.render import charts
from dlstudy.render.fit_table import fit_table
from tests.render import sgr_codes

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _console(width, colour=True):
    buf = io.StringIO()
    con = Console(file=buf, width=width, force_terminal=True, color_system="truecolor" if colour else None,
                  no_color=not colour, highlight=False)
    return con, buf


def _lines(buf):
    return ANSI.sub("", buf.getvalue()).split("\n")


@pytest.mark.parametrize("lo,hi", [(-1e-9, 1.0), (-0.3, 0.3), (-15, 15), (0, 0.39), (-2.5e-5, 7e-5), (1, 20),
                                   (-1.0, -0.2), (1e5, 3e7)])
def test_tick_labels_are_round_and_never_negative_zero(lo, hi):
    ticks = charts.nice_ticks(lo, hi, 5)
    assert len(ticks) >= 2 and all(lo - 1e-12 <= t <= hi + 1e-12 for t in ticks)
    labels = charts.tick_labels(ticks)
    assert len(set(labels)) == len(labels)
    for label, t in zip(labels, ticks):
        assert not re.fullmatch(r"-0(\.0*)?(e[+-]?0+)?", label)
        assert math.isclose(float(label), t, rel_tol=0.02, abs_tol=1e-12 + 1e-6 * (hi - lo))


def test_log_ticks_are_powers_of_ten():
    pos, labels = charts.log_ticks(-32.0, 48.0, 5)
    assert all(float(p).is_integer() for p in pos)
    assert "1" in labels and all(re.fullmatch(r"1|1e[+-]\d+", s) for s in labels)
    pos, labels = charts.log_ticks(math.log10(0.8), math.log10(1.25), 5)  # less than a decade: plain values
    assert len(pos) >= 2 and all(not s.startswith("1e") for s in labels)


def test_crop_range_keeps_the_modes_and_drops_empty_tails():
    xs = [i / 10 for i in range(-150, 151)]
    mix = [0.5 * math.exp(-(x - 3) ** 2 / 2) / math.sqrt(2 * math.pi)
           + 0.5 * math.exp(-(x + 3) ** 2 / 2) / math.sqrt(2 * math.pi) for x in xs]
    lo, hi = charts.crop_range({"p": mix}, xs, 0.01)
    assert -7 < lo < -4.5 and 4.5 < hi < 7


def _series():
    xs = list(range(1, 21))
    return xs, {"a": [1.1 ** i for i in xs], "b": [0.9 ** i for i in xs], "c": [1.0] * 20, "d": [1.0 + i / 100 for i in xs]}


@pytest.mark.parametrize("width", [60, 100, 200])
def test_line_plot_fits_has_no_background_and_keeps_the_legend_outside(width):
    xs, series = _series()
    con, buf = _console(width)
    charts.plot(con, series, x=xs, title="t", xlabel="layer", ylabel="variance", logy=True)
    raw = buf.getvalue()
    kinds = {kind for kind, _ in sgr_codes(raw)}
    assert "bg" not in kinds and "fg" in kinds  # series coloured, no background (no ESC[107m white block)
    lines = _lines(buf)
    assert max(cell_len(line) for line in lines) <= width
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    legend = " ".join(lines[:top])
    for name in series:
        assert f" {name}" in legend
    canvas = lines[top + 1:bottom]
    assert not any("a   " in row or "•••  b" in row for row in canvas)
    assert all(row.rstrip().endswith("│") for row in canvas)


def test_series_stay_apart_without_colour():
    xs, series = _series()
    con, buf = _console(80, colour=False)
    charts.plot(con, series, x=xs, logy=True)
    raw = buf.getvalue()
    assert not {kind for kind, _ in sgr_codes(raw)} & {"fg", "bg"}
    lines = _lines(buf)
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    canvas = "".join(lines[top + 1:bottom])
    seen = {m for m in ("•", "+", "x") if m in canvas}
    assert any("\u2800" <= ch <= "\u28ff" for ch in canvas) and len(seen) >= 2
    legend = " ".join(lines[:top])
    assert all(glyph in legend for glyph in ("⠤⠤⠤ a", "••• b", "+++ c", "xxx d"))


def test_line_plot_string_and_crop():
    xs = [i / 10 for i in range(-150, 151)]
    ys = [math.exp(-(x - 3) ** 2 / 2) for x in xs]
    text = charts.line_plot({"p": ys}, x=xs, width=70, color=False, crop_x=0.01)
    assert "\x1b[" not in text
    tick_row = text.split("\n")[[i for i, line in enumerate(text.split("\n")) if "└" in line][0] + 1]
    values = [float(v) for v in tick_row.split()]
    assert min(values) >= -1 and max(values) <= 8  # cropped to around the mode at 3


def test_nothing_to_plot_is_said_not_crashed():
    con, buf = _console(60)
    charts.plot(con, {"empty": [float("nan")] * 3, "neg": [-1.0, -2.0]}, logy=True)
    assert "no finite values" in buf.getvalue()


def _wide_table():
    t = Table(title="Stack: 20 layers")
    for name in ("init", "Var(W)", "width·Var(W)", "activations, last layer", "forward", "gradient at layer 1",
                 "backward"):
        t.add_column(name, justify="right" if name != "init" else "left")
    t.add_row("N(0, 1)", "1", "256", "1.469e+48", "[red]explodes[/]", "1.423e+48", "[red]explodes[/]")
    t.add_row("Xavier uniform", "0.003906", "1", "0.9197", "[green]stable[/]", "0.9193", "[green]stable[/]")
    return t


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_fit_table_never_cuts_words_or_numbers(width):
    con, buf = _console(width)
    fit_table(con, _wide_table())
    lines = _lines(buf)
    assert max(cell_len(line) for line in lines) <= width
    text = "\n".join(lines)
    assert "…" not in text
    for word in ("1.469e+48", "1.423e+48", "0.003906", "explodes", "stable", "width·Var(W)"):
        assert word in text


def test_fit_table_stacks_rows_when_too_narrow():
    con, buf = _console(60)
    fit_table(con, _wide_table())
    lines = [line.rstrip() for line in _lines(buf)]
    assert "N(0, 1)" in lines and "Xavier uniform" in lines  # one block per row, headed by its first cell
    assert any(re.fullmatch(r"\s+activations, last layer\s+1\.469e\+48", line) for line in lines)


def test_fit_table_keeps_a_table_that_fits():
    con, buf = _console(200)
    fit_table(con, _wide_table())
    assert "┃" in buf.getvalue() and "1.469e+48" in buf.getvalue()
    con, buf = _console(80)  # too wide with borders, fits without: compact, still one line per row
    t = Table()
    for i in range(15):
        t.add_column(f"c{i:02d}", justify="right")
    t.add_row(*[f"{i % 10}.{i % 10}" for i in range(15)])
    fit_table(con, t)
    lines = [line for line in _lines(buf) if line.strip()]
    assert len(lines) == 3 and "c14" in lines[0] and "┃" not in lines[0]


@pytest.mark.parametrize("width", [30, 60, 200])
def test_bar_chart_fits_and_keeps_values(width):
    con, buf = _console(width)
    con.print(charts.bar_chart(["softmax |V|=100,000", "hierarchical |V|=100,000"], [3.0e7, 1700.0], log=True,
                               title="multiply-adds per step (log scale)"))
    lines = _lines(buf)
    assert max(cell_len(line) for line in lines) <= width
    text = "\n".join(lines)
    assert "3.000e+07" in text and "1700" in text and "…" not in text
    assert "█" in text
