"""Lines on a real pseudo-terminal, as a user meets them (line editing on, rendered through pyte):

- a pasted answer of three lines is one answer, with bracketed-paste markers (the terminal's paste mode)
  and without them (a terminal or line editor without it): nothing reaches the rating prompt;
- the demo lab opened with `d` from a question: Enter goes back to the questions (it used to run the
  card's second demo), and the next prompt starts a line of its own (it used to be glued: `lab> grader:`).
"""

from __future__ import annotations

import sqlite3

import pytest

from tests import terminal

ANSWER = ["Subtracting the max keeps exp from overflowing.", "Softmax is shift invariant,",
          "so the probabilities do not change."]
OPEN = ["quiz", "--question", "softmax/why-fuse", "--seed", "1"]


def saved_answers(home) -> list[tuple[str, int]]:
    con = sqlite3.connect(home / "dlstudy.db")
    return list(con.execute("SELECT answer, rating FROM attempts ORDER BY id"))


def run(home, args: list[str], keys: list[str]) -> terminal.Capture:
    return terminal.run_in_pty(args, keys, home, cols=100, rows=400, timeout=90)


@pytest.mark.slow
@pytest.mark.parametrize("paste", [
    "\x1b[200~" + "\r".join(ANSWER) + "\x1b[201~",  # bracketed paste; Enter sends it (the next key)
    "\r".join(ANSWER) + "\r",  # no markers: the three lines arrive together
], ids=["bracketed", "unbracketed"])
def test_a_pasted_answer_of_three_lines_is_one_answer(tmp_path, paste):
    bracketed = paste.startswith("\x1b")
    cap = run(tmp_path, OPEN, ([paste, "\r"] if bracketed else [paste]) + ["\r"])
    text = "\n".join(cap.lines)
    assert cap.returncode == 0, text[-3000:]
    if bracketed:  # a terminal brackets pastes only when asked to: the prompt asks for it
        assert "\x1b[?2004h" in cap.raw
    assert "not a choice here" not in text and "saved:" in text, text[-3000:]
    assert [answer for answer, _rating in saved_answers(tmp_path)] == ["\n".join(ANSWER)]
    assert text.count("Model answer:") == 1


@pytest.mark.slow
def test_enter_in_the_lab_goes_back_and_leaves_a_clean_line(tmp_path):
    cap = run(tmp_path, ["quiz", "--question", "xavier-init/var-300-100"], ["0.005\r", "d\r", "\r", "\r"])
    text = "\n".join(cap.lines)
    assert cap.returncode == 0, text[-3000:]
    assert "Xavier/Glorot initialization keeps the variance level" in text  # the card's first demo ran
    assert "Variance of a uniform distribution" not in text  # and Enter did not open its second one
    assert "n next demo (uniform-variance)" in text
    lab = [line for line in cap.lines if line.startswith("lab>")]
    assert lab == ["lab>"], lab  # Enter typed there, and nothing printed after it on that line
    after = cap.lines[cap.lines.index("lab>") + 1:]
    assert after[0].startswith("grader: right"), after[:3]  # the rating prompt again, on a line of its own
    assert ">>" in after and after[after.index(">>") + 1].startswith("saved: good"), after[:8]
    assert "Summary" in text
    assert saved_answers(tmp_path) == [("0.005", 3)]
