"""The command screens as a terminal shows them: dashboard, cards (English and Chinese), show, stats,
quiz and review, each run on a real pseudo-terminal of 60, 100 and 200 columns with colour on, and read
back through the pyte terminal emulator (the demo screens have tests/render/test_demo_screens.py).

On every screen: no line the program wrote is wider than the terminal (widths measured independently
of dlstudy, with rich's cell table, so a Chinese character counts two), no cell has a background colour
or reverse video, and the ids a user types next (card ids, question ids, demo ids) appear whole.
"""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from tests.terminal import run_in_pty

WIDTHS = (60, 100, 200)
pytestmark = pytest.mark.slow


def _ids_whole(text: str, ids) -> list[str]:
    """The ids that do not appear as a whole word (not followed by '…' or more of an id)."""
    return [i for i in ids if not re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-]|…)", text)]


def _check_screen(capture, cols: int) -> str:
    assert capture.returncode in (0, None), "\n".join(capture.lines)
    too_wide = [(cell_len(line), line) for line in capture.written_lines() if cell_len(line) > cols]
    assert not too_wide, too_wide[:3]
    for y, row in capture.screen.buffer.items():
        for x, char in row.items():
            assert char.bg == "default" and not char.reverse, (y, x, char, capture.lines[y])
    return "\n".join(capture.lines)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    from tests.conftest import run_subprocess

    home = tmp_path_factory.mktemp("deck-home")
    r = run_subprocess("cards", "--json", env={"DLSTUDY_HOME": str(home)})
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def studied_home(tmp_path_factory):
    """A home with a few reviews in its log, so stats has something to draw."""
    from tests.conftest import run_subprocess

    home = tmp_path_factory.mktemp("studied")
    run_subprocess("review", "--new", "4", "--topic", "neurons", input="1\n\n" * 12,
                   env={"DLSTUDY_HOME": str(home)})
    return home


@pytest.mark.parametrize("cols", WIDTHS)
def test_dashboard(cols, tmp_path):
    text = _check_screen(run_in_pty([], [], tmp_path, cols=cols, colour=True), cols)
    assert _ids_whole(text, ["foundations", "nlp", "llm", "dlstudy review"] if cols >= 100 else ["nlp", "llm"]) == []


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize("args", [["cards"], ["cards", "--topic", "nlp"], ["cards", "--lang", "zh"],
                                  ["cards", "--topic", "llm", "--lang", "zh"]], ids=["all", "nlp", "zh", "llm-zh"])
def test_cards_show_every_id_whole(cols, args, deck, tmp_path):
    capture = run_in_pty(args, [], tmp_path, cols=cols, colour=True)
    text = _check_screen(capture, cols)
    topic = args[2] if "--topic" in args else None
    ids = [c["id"] for c in deck if topic is None or c["topic"] == topic]
    assert len(ids) > 5
    assert _ids_whole(text, ids) == []
    if "zh" in args and topic:  # the Chinese titles are there, not cut
        assert "缓存" in text and "…" not in text


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize("args", [["show", "softmax"], ["show", "softmax", "--lang", "zh"], ["show", "lstm", "--tex"],
                                  ["show", "kv-cache", "--lang", "zh"]], ids=["en", "zh", "tex", "zh-llm"])
def test_show(cols, args, tmp_path):
    text = _check_screen(run_in_pty(args, [], tmp_path, cols=cols, colour=True), cols)
    card = args[1]
    demo = {"softmax": "softmax-overflow", "lstm": None, "kv-cache": "kv-cache"}[card]
    assert _ids_whole(text, [f"[{card}]"[1:-1]] + ([f"dlstudy demo {demo}"] if demo else [])) == []
    if "--tex" in args:
        assert "TeX:" in text
    else:
        assert "TeX:" not in text


@pytest.mark.parametrize("cols", WIDTHS)
def test_stats(cols, studied_home):
    text = _check_screen(run_in_pty(["stats"], [], studied_home, cols=cols, colour=True), cols)
    assert "Reviews per day" in text and "mastery" in text


@pytest.mark.parametrize("cols", WIDTHS)
def test_quiz(cols, tmp_path):
    keys = ["a\r", "\r", "logsumexp\r", "\r", "it shifts by the max\r", "\r"]
    capture = run_in_pty(["quiz", "--question", "softmax/shift", "--question", "softmax/trick-name",
                          "--question", "kv-cache/explain-cache"], keys, tmp_path, cols=cols, colour=True, end="^D")
    text = _check_screen(capture, cols)
    assert "Summary" in text or "summary" in text


@pytest.mark.parametrize("cols", WIDTHS)
def test_review(cols, tmp_path):
    capture = run_in_pty(["review", "--new", "2", "--topic", "nlp"], ["1\r", "\r", "1\r", "\r", "1\r", "\r"],
                         tmp_path, cols=cols, colour=True, end="^D")
    text = _check_screen(capture, cols)
    assert "summary" in text.lower()
    recorded = re.findall(r"recorded ([\w-]+/[\w-]+)", text)
    assert recorded, text[-1500:]


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize("args", [["demo"], ["demo", "kv-cache", "--help"], ["history"], ["suspended"], ["config"],
                                  ["doctor"], ["docs"]],
                         ids=["demo-list", "demo-help", "history", "suspended", "config", "doctor", "docs"])
def test_other_tables(cols, args, studied_home):
    """Every other command that prints a table: within the width, no background, the ids whole."""
    capture = run_in_pty(args, [], studied_home, cols=cols, colour=True)
    assert capture.returncode in (0, 1, None)  # doctor may find the fresh home's backups missing: exit 1 is fine
    capture.returncode = 0
    text = _check_screen(capture, cols)
    if args == ["demo"]:
        from dlstudy.demos.registry import all_specs

        assert _ids_whole(text, [s.id for s in all_specs()]) == []
    if args[:2] == ["demo", "kv-cache"]:
        assert _ids_whole(text, ["kv-cache", "seq_len", "kv_heads"]) == []


@pytest.mark.parametrize("cols", WIDTHS)
def test_lab_screen(cols, tmp_path):
    """The lab's 'what changed' table after two changes of parameters."""
    capture = run_in_pty(["demo", "kv-cache", "-i"], ["seq_len=4096\r", "kv_heads=2\r", "q\r"], tmp_path, cols=cols,
                         colour=True)
    text = _check_screen(capture, cols)
    assert "what changed" in text.lower() or "previous" in text.lower(), text[-2000:]
