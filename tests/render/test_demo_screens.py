"""Every demo as a terminal shows it: rendered at 60, 100 and 200 columns, with and without colour, and read
back through the pyte terminal emulator.

Checked on the emulated screen: nothing wider than the terminal (no wrapped lines), no background colour or
reverse video anywhere (charts use the terminal's own colours), no number cut with '…', clean chart ticks
(no '-0'), and, without colour, several series of one chart drawn with different marker characters.
"""

from __future__ import annotations

import io
import re

import pyte
import pytest
from rich.cells import cell_len
from rich.console import Console

from dlstudy.demos.registry import all_specs
from dlstudy.demos.runner import run_demo
from dlstudy.render import charts
from dlstudy.render.demo_run import render_run
from tests.render import sgr_codes

IDS = [s.id for s in all_specs()]
WIDTHS = (60, 100, 200)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
CUT_NUMBER = re.compile(r"[0-9.,%]…|…[0-9]")
MARKERS = set("•+xo*#%")



_runs: dict = {}
_screens: dict = {}


def _run(demo_id):
    if demo_id not in _runs:  # each demo runs once for the whole module (torch demos are slow)
        _runs[demo_id] = run_demo(demo_id, {}, seed=0)
    return _runs[demo_id]


class _Spy:
    """Records the line charts drawn (number of series with something to plot, series names), in order."""

    def __init__(self, monkeypatch):
        self.plots = []
        original = charts.LinePlot.__rich_console__
        spy = self

        def recording(plot, console, options):
            spy.plots.append((sum(1 for pts in plot._data().values() if pts), list(plot.series)))
            yield from original(plot, console, options)

        monkeypatch.setattr(charts.LinePlot, "__rich_console__", recording)


def _render(demo_id, width, colour, monkeypatch):
    key = (demo_id, width, colour)
    if key not in _screens:
        spy = _Spy(monkeypatch)
        buf = io.StringIO()
        con = Console(file=buf, width=width, force_terminal=True, color_system="truecolor" if colour else None,
                      no_color=not colour, highlight=False, legacy_windows=False)
        render_run(con, _run(demo_id))
        text = buf.getvalue()
        lines = text.split("\n")
        screen = pyte.Screen(width, len(lines) + 2)
        stream = pyte.Stream(screen)
        stream.feed(text.replace("\n", "\r\n"))
        _screens[key] = (text, screen, list(spy.plots))
    return _screens[key]


def _rows(screen):
    return [line.rstrip() for line in screen.display]


def _chart_blocks(rows):
    """(legend rows, canvas rows, x-tick row) of every line chart: a legend line starting with the first
    series' glyph, then the frame from '┌' to '└'."""
    glyph = charts._LEGEND_GLYPH["braille"] + " "
    blocks = []
    y = 0
    while y < len(rows):
        if rows[y].startswith(glyph):
            top = next((k for k in range(y, min(y + 8, len(rows))) if "┌" in rows[k]), None)
            if top is None:
                y += 1
                continue
            bottom = next(k for k in range(top, len(rows)) if "└" in rows[k])
            left, right = rows[top].index("┌"), rows[top].index("┐")
            canvas = [row[left + 1:right] for row in rows[top + 1:bottom]]
            ticks = [row[:left] for row in rows[top + 1:bottom]]
            blocks.append((rows[y:top], canvas, ticks, rows[bottom + 1] if bottom + 1 < len(rows) else ""))
            y = bottom + 1
        else:
            y += 1
    return blocks


CASES = [(d, w, c) for d in IDS for w in WIDTHS for c in (True, False)]
PART_THREE = ("speculative-decoding", "rope-scaling", "continuous-batching", "grpo-advantage", "pass-at-k",
              "contrastive-temperature")


def test_the_screens_cover_the_demos_of_checklist_part_three():
    assert {(d, w, c) for d in PART_THREE for w in (60, 100, 200) for c in (True, False)} <= set(CASES)


@pytest.mark.parametrize("demo_id,width,colour", CASES,
                         ids=[f"{d}-{w}-{'colour' if c else 'plain'}" for d, w, c in CASES])
def test_demo_reads_well_on_a_terminal(demo_id, width, colour, monkeypatch):
    text, screen, plots = _render(demo_id, width, colour, monkeypatch)
    lines = ANSI.sub("", text).split("\n")

    # nothing wider than the terminal: every line fits, so the emulator never wrapped one
    widest = max(lines, key=cell_len)
    assert cell_len(widest) <= width, f"{cell_len(widest)} > {width}: {widest!r}"
    assert screen.cursor.y == len(lines) - 1, "the terminal wrapped a line"

    # no filled background (white blocks on a dark terminal), no reverse video
    filled = {(x, y, ch.bg) for y, row in screen.buffer.items() for x, ch in row.items()
              if ch.bg != "default" or ch.reverse}
    assert not filled, f"cells with a background: {sorted(filled)[:5]}"
    kinds = {kind for kind, _ in sgr_codes(text)}
    assert "bg" not in kinds, "a background colour is set"
    if not colour:
        assert "fg" not in kinds, "colour although colour is off"

    # no number cut with an ellipsis
    rows = _rows(screen)
    cut = [row for row in rows if CUT_NUMBER.search(row)]
    assert not cut, f"a number is cut: {cut[0]!r}"

    # line charts: legend outside the canvas, clean ticks, series apart without colour
    blocks = _chart_blocks(rows)
    assert len(blocks) == len(plots), (len(blocks), plots)
    for (legend, canvas, ticks, xticks), (n_series, names) in zip(blocks, plots):
        labels = " ".join(ticks) + " " + xticks
        assert not re.search(r"(?<![\w.])-0(\.0*)?(?![\d.e])", labels), f"tick label -0: {labels!r}"
        assert not any(name in row for name in names if len(name) >= 3 for row in canvas), "legend inside the chart"
        assert all(name in " ".join(legend) for name in names if len(name) < width // 2), "legend incomplete"
        kinds = set()
        for row in canvas:
            for ch in row:
                if "\u2800" <= ch <= "\u28ff":
                    kinds.add("braille")
                elif ch in MARKERS:
                    kinds.add(ch)
        if n_series >= 2:
            assert len(kinds) >= 2, f"{n_series} series drawn with the same marker: {kinds}"


def test_kl_asymmetry_chart_is_cropped_to_the_modes(monkeypatch):
    text, screen, plots = _render("kl-asymmetry", 100, False, monkeypatch)
    d = _run("kl-asymmetry").to_dict()
    span = max(abs(v) for v in d["curves"]["x"])
    (legend, canvas, ticks, xticks), = _chart_blocks(_rows(screen))
    values = [abs(float(v)) for v in xticks.split()]
    assert values and max(values) <= 0.7 * span  # most of the empty tails are gone
    assert max(values) >= 5  # but both modes (at ±3) stay in view


def test_xavier_variance_curves_start_at_the_left_edge(monkeypatch):
    """The legend used to sit inside the plot and hide the start of the curves."""
    text, screen, plots = _render("xavier-variance", 60, False, monkeypatch)
    blocks = _chart_blocks(_rows(screen))
    assert len(blocks) == 2
    for legend, canvas, _ticks, _xticks in blocks:
        first_cells = "".join(row[:3] for row in canvas)
        assert sum(ch != " " for ch in first_cells) >= 3  # curves visible from the first column
        assert "N(0, 0.01²)" in " ".join(legend)


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1", "COLORTERM": "truecolor", "TERM": "xterm-256color"},
                                 {"NO_COLOR": "1", "TERM": "xterm-256color"}])
@pytest.mark.parametrize("demo_id", ["xavier-variance", "optimizers"])
def test_cli_demo_at_60_columns(cli, demo_id, env):
    r = cli("demo", demo_id, env={"COLUMNS": "60", **env})
    assert r.exit_code == 0, r.stderr
    kinds = {kind for kind, _ in sgr_codes(r.stdout)}
    assert "bg" not in kinds  # no ESC[107m white block, no background at all
    assert ("fg" in kinds) == ("FORCE_COLOR" in env)
    plain = ANSI.sub("", r.stdout)
    assert max(cell_len(line) for line in plain.splitlines()) <= 60
    assert not CUT_NUMBER.search(plain)
