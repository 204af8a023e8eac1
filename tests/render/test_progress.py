"""The status line (dlstudy/render/progress.py): only on a terminal, one line that never wraps,
cleared at the end; the text is sanitized."""

from __future__ import annotations

import io

import pytest

from dlstudy.render.progress import CLEAR, Status, fit


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def term(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "30")  # a StringIO has no terminal size: COLUMNS decides


def test_updates_rewrite_one_line_and_done_clears_it():
    out = Tty()
    with Status(stream=out) as status:
        status.update("loading torch…")
        status.update("running 2 demos 1/2")
    assert out.getvalue() == f"\rloading torch…{CLEAR}\rrunning 2 demos 1/2{CLEAR}\r{CLEAR}"


def test_text_is_cut_to_the_width_and_sanitized():
    out = Tty()
    status = Status(stream=out)
    status.update("a\x1b]0;title\x07 b\nc\td " + "x" * 100)
    written = out.getvalue()
    assert written.startswith("\r") and written.endswith(CLEAR)
    text = written[1:-len(CLEAR)]
    assert "\x1b" not in text and "\x07" not in text and "\n" not in text and "\t" not in text
    assert text.startswith("a]0;title b c d xx") and text.endswith("…") and len(text) == 29


def test_wide_characters_count_two_cells():
    assert fit("漢字漢字漢字", 12) == "漢字漢字漢字"
    assert fit("漢字漢字漢字", 7) == "漢字漢…"
    assert fit("short", 10) == "short" and fit("anything", 0) == ""


@pytest.mark.parametrize("how", ["not a terminal", "disabled", "dumb"])
def test_silent_unless_a_terminal_and_enabled(how, monkeypatch):
    out = io.StringIO() if how == "not a terminal" else Tty()
    if how == "dumb":
        monkeypatch.setenv("TERM", "dumb")
    with Status(enabled=how != "disabled", stream=out) as status:
        status.update("running")
        status.progress("writing")(1, 2)
    assert out.getvalue() == ""


def test_done_without_an_update_writes_nothing_and_an_error_clears_the_line():
    out = Tty()
    Status(stream=out).done()
    assert out.getvalue() == ""
    with pytest.raises(KeyboardInterrupt):
        with Status(stream=out) as status:
            status.update("running")
            raise KeyboardInterrupt
    assert out.getvalue().endswith(f"\r{CLEAR}")
