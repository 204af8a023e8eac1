"""Probes through the CLI, piped: `p` at the rating prompt of an open answer (or `quiz --probe`,
`config probe always`, a mock interview) asks each rubric point as an either/or; the points answered
right make the pre-selection by the one rule; the results are stored with the answer in both logs,
in both history exports and in `history`, and `quiz --json` lists every point with its mark and probe.

Expected ratings follow the rule as documented (README, issue 25), with four points so that they do
not hang on the exact thresholds: 4 or 3 of 4 points → good, 2 → hard, 0 or 1 → again."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import textwrap

import pytest

from dlstudy.paths import db_path

DECK = textwrap.dedent("""
    id: probe-fixture
    title: Probe fixture
    topic: probing
    summary: "One. Two. Three."
    key_points: [a, b, c]
    questions:
      - id: kl
        kind: open
        prompt: "How do the forward and reverse KL fits of a bimodal p differ?"
        model_answer: "Forward KL covers both modes; reverse KL locks onto one mode. Maximum likelihood minimizes the forward KL, variational inference the reverse KL."
        explanation: "Mass-covering versus mode-seeking."
        rubric:
          - point: "Forward KL covers both modes"
            keywords: ["covers both", "mass-covering"]
            misconception: "Reverse KL covers both modes."
            cues: ["reverse & covers both | mass-covering & !forward"]
          - point: "Reverse KL locks onto one mode"
            keywords: ["one mode", "mode-seeking"]
            misconception: "Forward KL locks onto one mode."
            cues: ["forward & one mode | mode-seeking & !reverse"]
          - point: "Maximum likelihood minimizes the forward KL"
            keywords: ["maximum likelihood"]
            misconception: "Maximum likelihood minimizes the reverse KL."
            cues: ["maximum likelihood & reverse"]
          - point: "Variational inference minimizes the reverse KL"
            keywords: ["variational"]
            misconception: "Variational inference minimizes the forward KL."
            cues: ["variational & forward"]
""")
POINTS = ["Forward KL covers both modes", "Reverse KL locks onto one mode",
          "Maximum likelihood minimizes the forward KL", "Variational inference minimizes the reverse KL"]
WRONG = ["Reverse KL covers both modes", "Forward KL locks onto one mode",
         "Maximum likelihood minimizes the reverse KL", "Variational inference minimizes the forward KL"]
PARTIAL = "Forward KL covers both modes."  # one point of four mentioned: the grader suggests again
QUESTION = ["--question", "probe-fixture/kl"]


@pytest.fixture
def deck(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    # keyword marks only: with the optional semantic extra installed, 'mentioned' marks read 'likely'
    assert cli("config", "semantic", "off").exit_code == 0
    d = tmp_path / "deck"
    d.mkdir()
    (d / "probe-fixture.yaml").write_text(DECK, encoding="utf-8")
    return str(d)


def shown_probes(out: str) -> list[tuple[str, str]]:
    """The (a, b) statements of every probe, in the order shown."""
    pairs = re.findall(r"^\s+a\) (.+)\n\s+b\) (.+)$", out, flags=re.M)
    return [(a.strip(), b.strip()) for a, b in pairs]


def attempt(con: sqlite3.Connection) -> tuple:
    return con.execute("SELECT rating, suggested_rating, overridden, details FROM attempts").fetchone()


def test_p_at_the_rating_prompt_asks_each_point_and_the_points_answered_right_make_the_pre_selection(cli, deck):
    answers = [POINTS[0], POINTS[1], POINTS[2], WRONG[3]]  # typed statements: right, right, right, wrong
    r = cli("--content", deck, "quiz", *QUESTION, "--seed", "5", "--json",
            input=PARTIAL + "\np\n" + "\n".join(answers) + "\n\n")
    assert r.exit_code == 0, r.stderr
    shown = shown_probes(r.stderr)
    assert [set(pair) for pair in shown] == [{p, w} for p, w in zip(POINTS, WRONG)]
    assert "Enter = 1 → again" in r.stderr  # before the probes: the grader's one mention
    assert "the right statement: Variational inference minimizes the reverse KL" in r.stderr
    assert "Enter = 1 2 3 → good" in r.stderr  # after them: the three points answered right
    data = json.loads(r.stdout)["answers"][0]
    assert (data["rating"], data["suggested_rating"], data["overridden"]) == (3, 3, False)
    assert [(p["point"], p["counted"], p["probe"]) for p in data["points"]] == [
        (POINTS[0], True, "right"), (POINTS[1], True, "right"), (POINTS[2], True, "right"), (POINTS[3], False, "wrong")]
    assert [p["mark"] for p in data["points"]] == ["mentioned", None, None, None]
    rating, suggested, overridden, details = attempt(sqlite3.connect(db_path()))
    assert (rating, suggested, overridden) == (3, 3, 0)
    details = json.loads(details)
    assert [(p["point"], p["right"]) for p in details["probes"]] == [(1, True), (2, True), (3, True), (4, False)]
    assert details["probes"][3]["answer"] == WRONG[3] and details["suggested_before_probes"] == 1
    assert details["probes_before_model_answer"] is False  # p comes after the rubric was shown

    # the same seed shows the same order: now answer by letter, two right and two wrong -> hard
    letters = [("a" if pair[0] == POINTS[i] else "b") if i < 2 else ("b" if pair[0] == POINTS[i] else "a")
               for i, pair in enumerate(shown)]
    r = cli("--content", deck, "quiz", *QUESTION, "--seed", "5", "--json",
            input=PARTIAL + "\np\n" + "\n".join(letters) + "\n\n")
    assert shown_probes(r.stderr) == shown
    data = json.loads(r.stdout)["answers"][0]
    assert [p["probe"] for p in data["points"]] == ["right", "right", "wrong", "wrong"]
    assert (data["rating"], data["suggested_rating"]) == (2, 2)


def test_a_rating_typed_after_the_probes_is_an_override_of_their_pre_selection(cli, deck):
    r = cli("--content", deck, "quiz", *QUESTION, "--seed", "1", "--json",
            input=PARTIAL + "\np\n" + "\n".join(WRONG) + "\ngood\n")
    data = json.loads(r.stdout)["answers"][0]
    assert (data["rating"], data["suggested_rating"], data["overridden"]) == (3, 1, True)
    assert [p["counted"] for p in data["points"]] == [False] * 4


def test_quiz_probe_asks_them_before_the_model_answer_then_reads_the_rating_line(cli, deck):
    r = cli("--content", deck, "quiz", *QUESTION, "--seed", "2", "--probe",
            input=PARTIAL + "\n" + "\n".join(POINTS) + "\n\n")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.index("1/4") < out.index("Model answer:")  # an interviewer does not give the answer first
    assert len(shown_probes(out)) == 4 and "probe right" in out
    assert "saved: good" in out and "not a choice here" not in out and "try again" not in out


def test_unreadable_probe_answers_are_asked_again_and_p_is_offered_once(cli, deck):
    r = cli("--content", deck, "quiz", *QUESTION, "--seed", "3",
            input=PARTIAL + "\np\nc\nmaybe both\n" + "\n".join(POINTS) + "\np\n\n")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("try again") == 2
    assert "the probes are answered already" in r.stdout and "saved: good" in r.stdout


def test_q_at_a_probe_keeps_the_answer_and_ends_the_session(cli, deck):
    r = cli("--content", deck, "quiz", *QUESTION, *QUESTION, "--seed", "4", "--probe", "--json",
            input=PARTIAL + f"\n{POINTS[0]}\nq\n")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["answered"] == 1 and data["asked"] == 1
    assert [p["probe"] for p in data["answers"][0]["points"]] == ["right", None, None, None]
    _rating, _suggested, _o, details = attempt(sqlite3.connect(db_path()))
    assert len(json.loads(details)["probes"]) == 1 and json.loads(details)["probes_before_model_answer"] is True


def test_config_probe_always_probes_reviews_and_the_review_log_keeps_the_results(cli, deck, monkeypatch):
    monkeypatch.setenv("DLSTUDY_NOW", "2026-03-02T10:00:00+00:00")
    assert cli("config", "probe", "sometimes").exit_code == 2
    assert cli("config", "probe", "always").exit_code == 0
    r = cli("--content", deck, "review", "--topic", "probing", "--new", "1",
            input=PARTIAL + "\n" + "\n".join([POINTS[0], POINTS[1], WRONG[2], WRONG[3]]) + "\n\n")
    assert r.exit_code == 0, r.stderr
    rating, suggested, overridden, details = sqlite3.connect(db_path()).execute(
        "SELECT rating, suggested_rating, overridden, details FROM review_log").fetchone()
    assert (rating, suggested, overridden) == (2, 2, 0)  # 2 of 4 points -> hard
    assert [p["right"] for p in json.loads(details)["probes"]] == [True, True, False, False]


def test_a_mock_interview_follows_an_open_answer_with_the_probes(cli, deck):
    r = cli("--content", deck, "quiz", "--interview", "--card", "probe-fixture", "-n", "1", "--seed", "1",
            input=PARTIAL + "\n" + "\n".join(POINTS) + "\n\n")
    assert r.exit_code == 0, r.stderr
    assert "The interviewer follows up" in r.stdout and len(shown_probes(r.stdout)) == 4
    assert "saved: good" in r.stdout


def test_probe_results_are_in_history_and_both_exports(cli, deck, tmp_path):
    cli("--content", deck, "quiz", *QUESTION, "--seed", "6", input=PARTIAL + "\np\n" + "\n".join(
        [POINTS[0], WRONG[1], POINTS[2], POINTS[3]]) + "\n\n")
    cli("--content", deck, "quiz", *QUESTION, "--seed", "6", input=PARTIAL + "\n\n")  # no probes
    sessions = json.loads(cli("history", "--json").stdout)
    assert [s["probes"] for s in sessions] == [None, {"asked": 4, "right": 3}]  # newest first
    assert "3/4 right" in cli("history").stdout
    assert cli("export", "history", str(tmp_path / "h.csv"), "--csv").exit_code == 0
    rows = list(csv.DictReader((tmp_path / "h.csv").open(encoding="utf-8")))
    assert [(row["probes_asked"], row["probes_right"]) for row in rows] == [("4", "3"), ("", "")]
    assert cli("export", "history", str(tmp_path / "h.json"), "--json").exit_code == 0
    data = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    assert [(p["point"], p["right"]) for p in data[0]["probes"]] == list(zip(POINTS, [True, False, True, True]))
    assert data[1]["probes"] is None


def test_json_points_without_probes_show_the_grader_s_marks(cli, deck):
    r = cli("--content", deck, "quiz", *QUESTION, "--seed", "1", "--json",
            input="Forward KL locks onto one mode.\n\n")  # the misconception of point 2
    data = json.loads(r.stdout)["answers"][0]
    assert [(p["mark"], p["counted"], p["probe"]) for p in data["points"]] == [
        (None, False, None), ("contradicted", False, None), (None, False, None), (None, False, None)]
    assert data["rating"] == 1
    r = cli("--content", deck, "quiz", *QUESTION, "--seed", "1", "--json",
            input="Forward KL covers both modes while reverse KL is mode-seeking.\n2 3\n")
    data = json.loads(r.stdout)["answers"][0]
    assert [p["mark"] for p in data["points"]] == ["mentioned", "mentioned", None, None]
    assert [p["counted"] for p in data["points"]] == [False, True, True, False]  # the points typed count
    assert data["rating"] == 2
