"""Prompts in a real pseudo-terminal (line editing on, as a user meets them): after Enter, Ctrl-C,
Ctrl-D and the interview timer, nothing is printed on the prompt's line; the next header starts a line
of its own. Rendered through the pyte terminal emulator."""

from __future__ import annotations

import pytest

from tests import terminal

COLS, ROWS = 100, 400


def run_in_pty(args: list[str], keys: list[str], home, end: str | None = None, timeout: float = 60) -> list[str]:
    """The screen after running dlstudy on a 100 x 400 pty without colour, typing the keys."""
    return terminal.run_in_pty(args, keys, home, end=end, timeout=timeout, cols=COLS, rows=ROWS).lines


def assert_nothing_glued(lines: list[str]) -> None:
    for line in lines:
        for prompt in ("> ", ">> ", "grader:", "lab> "):
            if line.startswith(prompt) or prompt in line[:60]:
                rest = line.split(prompt, 1)[1]
                assert "───" not in rest and "Summary" not in rest and "Q2/" not in rest, line


@pytest.mark.slow
@pytest.mark.parametrize("args,keys,end", [
    (["quiz", "--question", "softmax/shift", "--question", "softmax/trick-name"], ["a\r", "\r", "logsumexp\r", "\r"],
     None),
    (["quiz", "--question", "softmax/shift", "--question", "softmax/trick-name"], ["a\r", "^C"], None),
    (["quiz", "--question", "softmax/shift", "--question", "softmax/trick-name"], ["a\r"], "^D"),
    (["review", "--new", "2", "--topic", "neurons"], ["x\r", "\r", "x\r", "\r"], "^D"),
    (["drill", "uniform-variance", "-n", "2", "--seed", "1"], ["1\r", "\r", "1\r", "\r"], "^D"),
    (["quiz", "--interview", "--minutes", "1", "-n", "1", "--seed", "2"], ["an answer\r", "s\r", "\r"], "^D"),
], ids=["quiz-enter", "quiz-ctrl-c", "quiz-ctrl-d", "review", "drill", "interview"])
def test_prompt_lines_end_before_anything_else_is_printed(tmp_path, args, keys, end):
    lines = run_in_pty(args, keys, tmp_path / "home", end=end)
    text = "\n".join(lines)
    assert "Summary" in text or "summary" in text, text[-2000:]
    assert_nothing_glued(lines)
