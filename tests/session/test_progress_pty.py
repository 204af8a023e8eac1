"""The status line on slow steps, as a terminal shows it: on a terminal's stderr while `check`,
`export anki` and a torch demo work, gone from the final screen, never wider than the terminal;
nothing of it when the output is piped or with --json."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.quiz.test_quiz_cli import deck_dir  # noqa: F401 - the fixture deck's folder
from tests.terminal import run_in_pty

STATUS = re.compile(rb"\r([^\r\n\x1b]*)\x1b\[K")  # carriage return, text, clear to the end of the line


@pytest.fixture
def deck(deck_dir, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DLSTUDY_CACHE_DIR", str(tmp_path / "cache"))  # a cold demo-result cache
    return deck_dir


def on_tty(args, tmp_path, cols=100):
    capture = run_in_pty(args, [], tmp_path / "home", cols=cols, timeout=120)
    raw = capture.raw.encode()
    shown = [m.decode("utf-8", "replace") for m in STATUS.findall(raw) if m]
    return shown, capture.lines, raw


def piped(args, tmp_path):
    env = dict(os.environ, DLSTUDY_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "dlstudy", *args], capture_output=True, env=env, cwd=str(REPO),
                          timeout=120)


def assert_no_status(screen):
    for line in screen:
        assert "reading cards" not in line and "running 1 demo" not in line and "loading torch" not in line, line


@pytest.mark.slow
def test_check_shows_its_steps_on_a_terminal_and_clears_them(deck, tmp_path):
    shown, screen, _ = on_tty(["check", str(deck)], tmp_path, cols=60)
    assert "reading cards…" in shown and "running 1 demo for predict questions 1/1" in shown, shown
    assert_no_status(screen)
    text = [line for line in screen if line]
    assert text[0].startswith("ok: 1 cards") and len(text) == 1, text  # only the named deck is checked


@pytest.mark.slow
def test_the_status_is_cut_to_the_terminal_width(deck, tmp_path):
    shown, screen, _ = on_tty(["check", str(deck)], tmp_path, cols=30)
    running = [s for s in shown if s.startswith("running")]
    assert running and all(len(s) <= 29 for s in shown), shown
    assert running[0].endswith("…")
    assert_no_status(screen)


@pytest.mark.slow
def test_json_on_a_terminal_and_piped_output_have_no_status(deck, tmp_path):
    shown, screen, raw = on_tty(["check", str(deck), "--json"], tmp_path)
    assert shown == [] and b"\x1b[K" not in raw and re.search(rb"\r(?!\n)", raw) is None
    assert b'"predict"' in raw
    for args in (["check", str(deck)], ["--content", str(deck), "export", "anki", str(tmp_path / "p.apkg"),
                                        "--topic", "testing"]):
        r = piped(args, tmp_path)
        assert r.returncode == 0, r.stderr
        assert b"\r" not in r.stdout and b"\r" not in r.stderr and b"running" not in r.stderr, r.stderr


@pytest.mark.slow
def test_export_anki_shows_demos_then_notes(deck, tmp_path):
    out = tmp_path / "t.apkg"
    shown, screen, _ = on_tty(["--content", str(deck), "export", "anki", str(out), "--topic", "testing"], tmp_path)
    assert shown[:2] == ["running 1 demo for predict questions 1/1", "writing 5 notes"], shown
    assert_no_status(screen)
    assert any(line.startswith("wrote 5 notes") for line in screen) and out.is_file()
    shown, _screen, _ = on_tty(["--content", str(deck), "export", "anki", str(out), "--topic", "testing", "--force"],
                               tmp_path)
    assert shown == ["writing 5 notes"], shown  # the demo's result and text come from the cache


@pytest.mark.slow
def test_a_torch_demo_says_it_is_loading_torch(tmp_path):
    shown, screen, _ = on_tty(["demo", "dropout-scaling"], tmp_path)
    assert shown[:2] == ["loading torch…", "running dropout-scaling…"], shown
    assert_no_status(screen)
    assert any("Dropout" in line or "dropout" in line for line in screen)
    r = piped(["demo", "dropout-scaling"], tmp_path)
    assert r.returncode == 0 and b"loading torch" not in r.stderr and b"\r" not in r.stderr
