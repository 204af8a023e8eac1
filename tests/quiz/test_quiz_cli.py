"""`dlstudy quiz` end to end through piped stdin: grading, summary, saved attempts, interrupts."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from dlstudy.paths import db_path
from tests.conftest import REPO

DECK = textwrap.dedent("""
    id: quiz-fixture
    title: Quiz fixture
    topic: testing
    summary: One. Two. Three.
    key_points: [first key point, second key point, third key point]
    demos: [uniform-variance]
    questions:
      - id: pick
        kind: choice
        prompt: "Pick the right one."
        options: ["right", "wrong", "also wrong"]
        answer: "right"
        explanation: "Because it is right."
      - id: number
        kind: numeric
        prompt: "Variance of U(-3, 3)?"
        answer: 3
        tolerance: {abs: 0.01}
        explanation: "a²/3."
      - id: word
        kind: short
        prompt: "Name the scheme."
        answer: Xavier
        aliases: [Glorot]
        explanation: "Xavier/Glorot."
      - id: talk
        kind: open
        prompt: "Explain."
        model_answer: "Shift by the max, then log-sum-exp."
        explanation: "Stability."
        rubric:
          - {point: "shift", keywords: ["shift", "max"]}
          - {point: "lse", keywords: ["log-sum-exp", "logsumexp"]}
          - {point: "overflow", keywords: ["overflow"]}
      - id: guess-a2
        kind: predict
        prompt: "Predict theory.variance for a=2."
        demo: uniform-variance
        params: {a: 2, samples: 1000}
        answer_from: theory.variance
        format: numeric
        tolerance: {rel: 0.01}
        explanation: "a²/3."
    """)


@pytest.fixture
def deck_dir(tmp_path):
    d = tmp_path / "deck"
    d.mkdir()
    (d / "quiz-fixture.yaml").write_text(DECK, encoding="utf-8")
    return d


def answers_for(deck_dir, seed, right=True):
    """Right (or wrong) answer lines for each question in the quiz's order, each followed by Enter."""
    from dlstudy.content.loader import load_deck
    from dlstudy.quiz.selection import select_questions

    deck = load_deck([deck_dir], include_bundled=False, use_cache=False)
    items = select_questions([deck.get("quiz-fixture")], 10, seed)
    lines = []
    for _card, q in items:
        if q.kind == "choice":  # by the option's text: the letters change with every showing
            lines.append("right" if right else "wrong")
        elif q.kind == "numeric":
            lines.append("9/3" if right else "4")
        elif q.kind == "short":
            lines.append("glorot" if right else "kaiming")
        elif q.kind == "open":
            lines.append("shift by the max and use logsumexp to avoid overflow" if right else "no idea")
        else:
            lines.append("4/3" if right else "3")
        lines.append("")  # Enter at the post-answer menu
    return items, "\n".join(lines) + "\n"


def test_quiz_end_to_end_all_right(cli, deck_dir):
    items, text = answers_for(deck_dir, seed=11, right=True)
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "-n", "5", "--seed", "11", "--json", input=text)
    assert r.exit_code == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["answered"] == 5 and summary["correct"] == 4  # open answers are self-rated, not "correct"
    assert summary["score"] == 1.0
    assert set(summary["by_kind"]) == {"choice", "numeric", "short", "open", "predict"}
    rows = sqlite3.connect(db_path()).execute("SELECT question_id, correct, rating FROM attempts ORDER BY id").fetchall()
    assert [r_[0] for r_ in rows] == [q.id for _c, q in items]
    assert all(c in (1, None) for _q, c, _r in rows)


def test_quiz_end_to_end_all_wrong_and_summary_names_weakest(cli, deck_dir):
    _items, text = answers_for(deck_dir, seed=5, right=False)
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "-n", "5", "--seed", "5", input=text)
    assert r.exit_code == 0, r.stderr
    assert "Answered 5 of 5" in r.stdout and "right 0 of 4 graded" in r.stdout and "1 open answer(s) scored by your rating" in r.stdout
    assert "Weakest concepts: quiz-fixture" in r.stdout
    assert "by topic" in r.stdout and "by kind" in r.stdout


def test_input_that_does_not_fit_is_asked_again(cli, deck_dir):
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "--kind", "numeric", "-n", "1", "--json",
            input="three\n3\n\n")
    assert r.exit_code == 0
    assert "try again" in r.stderr
    assert json.loads(r.stdout)["correct"] == 1


def test_hint_skip_and_quit_keys(cli, deck_dir):
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "--kind", "short", "-n", "1",
            input="?\n?\ns\n")
    assert "hint 1/3: first key point" in r.stdout and "hint 2/3" in r.stdout
    assert "0 skipped" not in r.stdout and "1 skipped" in r.stdout
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "-n", "3", input="q\n")
    assert r.exit_code == 0 and "No answers" in r.stdout


def test_predict_grade_comes_from_the_live_demo(cli, deck_dir):
    """The same prediction is right for a=2 (4/3) and wrong once the card asks for a=3 (variance 3)."""
    args = ("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "--kind", "predict", "-n", "1", "--json")
    r = cli(*args, input="1.3333\n\n")
    assert json.loads(r.stdout)["correct"] == 1
    path = deck_dir / "quiz-fixture.yaml"
    path.write_text(path.read_text().replace("params: {a: 2, samples: 1000}", "params: {a: 3, samples: 1000}"))
    r = cli(*args, input="1.3333\n\n")
    assert json.loads(r.stdout)["correct"] == 0
    r = cli(*args, input="3\n\n")
    assert json.loads(r.stdout)["correct"] == 1


def test_ctrl_d_keeps_answers_and_prints_summary(cli, deck_dir):
    _items, text = answers_for(deck_dir, seed=2, right=True)
    first_two = "\n".join(text.split("\n")[:4]) + "\n"  # two answers, then EOF
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "-n", "5", "--seed", "2", input=first_two)
    assert r.exit_code == 0
    assert "Answered 2 of 3" in r.stdout or "Answered 2 of 2" in r.stdout
    assert sqlite3.connect(db_path()).execute("SELECT count(*) FROM attempts").fetchone()[0] == 2


def test_ctrl_c_in_a_real_process_exits_130_and_keeps_answers(tmp_path, deck_dir):
    home = tmp_path / "home"
    env = dict(os.environ, DLSTUDY_HOME=str(home), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", str(deck_dir), "quiz", "--card",
                             "quiz-fixture", "--kind", "short", "-n", "1"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO), env=env)
    proc.stdin.write("glorot\n")
    proc.stdin.flush()
    seen = ""
    while "grader:" not in seen:  # the rating prompt: the attempt is saved before it appears
        line = proc.stdout.readline()
        assert line, "process ended early"
        seen += line
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Summary" in out and "Answered 1" in out
    assert "Traceback" not in err
    con = sqlite3.connect(home / "dlstudy.db")
    assert con.execute("SELECT question_id, correct FROM attempts").fetchall() == [("word", 1)]


def test_history_lists_quiz_sessions(cli, deck_dir):
    _items, text = answers_for(deck_dir, seed=3, right=True)
    cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "-n", "5", "--seed", "3", input=text)
    r = cli("history", "--json")
    rows = json.loads(r.stdout)
    assert rows[0]["mode"] == "quiz" and rows[0]["answered"] == 5 and rows[0]["correct"] == 4


def test_interview_mode_asks_follow_ups_and_reports_times(cli, deck_dir):
    lines = "\n".join(["shift max logsumexp overflow", "", "glorot", "", "3", "", "a", "", "x", ""] * 3) + "\n"
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "--interview", "--minutes", "5",
            "--seed", "4", input=lines)
    assert r.exit_code == 0, r.stderr
    assert "Mock interview" in r.stdout and "follow-up" in r.stdout and "⏱" in r.stdout
    assert "self-rating" in r.stdout


def test_unknown_options_are_usage_errors(cli):
    assert cli("quiz", "--kind", "essay").exit_code == 2
    assert cli("quiz", "--topic", "astrology").exit_code == 2
    assert cli("quiz", "--card", "no-such-card").exit_code == 2
