"""The learner is the final judge: every auto-graded answer's rating can be overridden; the override is
stored, shown in history and both exports, and schedules exactly like that rating would."""

from __future__ import annotations

import csv
import json
import sqlite3
import textwrap
import zipfile
from datetime import datetime

import pytest

from dlstudy.paths import db_path

DECK = textwrap.dedent("""
    id: judge
    title: Judge
    topic: judging
    summary: "One. Two. Three."
    key_points: [a]
    questions:
      - id: word
        kind: short
        prompt: "Who proposed the initialization with variance 2/(n_in + n_out)?"
        answer: Glorot
        aliases: [Xavier]
        reject: [Kaiming]
        explanation: "Glorot and Bengio, 2010."
      - id: talk
        kind: open
        prompt: "Why subtract the max in softmax?"
        model_answer: "To avoid overflow; softmax is shift invariant, so the result is the same."
        explanation: "Overflow."
        rubric:
          - point: "exp overflows for large logits"
            keywords: [overflow]
          - point: "softmax is shift invariant"
            keywords: [shift invariant, invariant]
""")


@pytest.fixture
def deck(tmp_path):
    d = tmp_path / "deck"
    d.mkdir()
    (d / "judge.yaml").write_text(DECK, encoding="utf-8")
    return str(d)


def _fsrs_replay(card_id, qid, rating, when):
    from fsrs import Card, Rating, Scheduler

    from dlstudy.srs.scheduler import fsrs_card_id

    card = Card(card_id=fsrs_card_id(card_id, qid), due=when)
    new, _ = Scheduler(desired_retention=0.9, enable_fuzzing=False).review_card(card, Rating(rating), when)
    return new


def test_review_override_is_stored_and_schedules_as_that_rating(cli, deck, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_NOW", "2026-03-02T10:00:00+00:00")
    cli("config", "fuzz", "false")
    # a wrong answer ("Kaiming", the misconception) that the learner overrides to Good: '3' at the rating prompt
    r = cli("--content", deck, "review", "--topic", "judging", "--new", "1", input="Kaiming\n3\n")
    assert r.exit_code == 0, r.stderr
    assert "grader: wrong" in r.stdout and "the grader said again" in r.stdout
    con = sqlite3.connect(db_path())
    rating, suggested, overridden = con.execute(
        "SELECT rating, suggested_rating, overridden FROM review_log").fetchone()
    assert (rating, suggested, overridden) == (3, 1, 1)
    due, stability = con.execute("SELECT due, stability FROM question_state").fetchone()
    expected = _fsrs_replay("judge", "word", 3, datetime.fromisoformat("2026-03-02T10:00:00+00:00"))
    assert due == pytest.approx(expected.due.timestamp()) and stability == pytest.approx(expected.stability)
    # visible in history and in both exports
    hist = json.loads(cli("history", "--json").stdout)
    assert hist[0]["overrides"] == 1
    out = tmp_path / "h.csv"
    assert cli("export", "history", str(out), "--csv").exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["overridden"] == "True" and rows[0]["suggested_rating"] == "1" and rows[0]["rating"] == "3"
    out = tmp_path / "h.json"
    cli("export", "history", str(out), "--json")
    assert json.loads(out.read_text())[0]["overridden"] is True


def test_enter_accepts_the_suggestion_and_no_override_is_recorded(cli, deck):
    r = cli("--content", deck, "review", "--topic", "judging", "--new", "1", input="xavier\n\n")
    assert r.exit_code == 0 and "grader: right" in r.stdout
    con = sqlite3.connect(db_path())
    assert con.execute("SELECT rating, suggested_rating, overridden FROM review_log").fetchone() == (3, 3, 0)


def test_quiz_json_has_suggested_rating_and_overridden(cli, deck):
    r = cli("--content", deck, "quiz", "--question", "judge/word", "--question", "judge/talk", "--json",
            input="Glorot\nhard\nIt would overflow, and softmax is shift invariant\n1\n")
    assert r.exit_code == 0, r.stderr
    answers = json.loads(r.stdout)["answers"]
    assert [a["question"] for a in answers] == ["word", "talk"]  # exactly those, in that order
    assert answers[0]["suggested_rating"] == 3 and answers[0]["rating"] == 2 and answers[0]["overridden"] is True
    # open: the learner marked point 1 only -> half the points -> hard (the grader had pre-marked both)
    assert answers[1]["suggested_rating"] == 3 and answers[1]["rating"] == 2 and answers[1]["overridden"] is True


def test_quiz_score_counts_the_rating_the_learner_chose(cli, deck):
    # a wrong answer overridden to good is a right answer; a right one overridden to again is not
    r = cli("--content", deck, "quiz", "--question", "judge/word", "--json", input="Kaiming\n3\n")
    data = json.loads(r.stdout)
    assert data["answers"][0]["correct"] is True and data["correct"] == 1 and data["score"] == 1.0
    r = cli("--content", deck, "quiz", "--question", "judge/word", "--json", input="Glorot\nagain\n")
    data = json.loads(r.stdout)
    assert data["answers"][0]["correct"] is False and data["correct"] == 0 and data["score"] == 0.0


def test_quiz_question_refuses_unknown_ids(cli, deck):
    r = cli("--content", deck, "quiz", "--question", "judge/nope")
    assert r.exit_code == 2 and "no question 'nope'" in r.stderr
    assert cli("--content", deck, "quiz", "--question", "judge").exit_code == 2


def test_anki_export_shuffles_options_per_note_deterministically(cli, tmp_path):
    def orders(path):
        with zipfile.ZipFile(path) as z:
            z.extract("collection.anki2", tmp_path / path.stem)
        con = sqlite3.connect(tmp_path / path.stem / "collection.anki2")
        return {f.split("\x1f")[6]: f.split("\x1f")[:2] for (f,) in con.execute("SELECT flds FROM notes")}

    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    for p in (a, b):
        assert cli("export", "anki", str(p), "--topic", "neurons").exit_code == 0
    first, second = orders(a), orders(b)
    assert first == second  # the same option order in two exports
    positions = []
    for front, back in first.values():
        if "<ol class='options'" in front and back[:2] in ("a)", "b)", "c)", "d)", "e)"):
            positions.append(back[0])
    assert len(positions) >= 8
    most = max(positions.count(p) for p in set(positions))
    # shuffled per note: the right answer is under several letters, none holding it most of the time (the
    # bound leaves room for chance: 6 of 13 under one letter happens with four options)
    assert len(set(positions)) >= 3 and most / len(positions) <= 0.55, positions
