"""Your questions, under your control (issue 27), through the CLI: info, leeches, undo of anything across
runs, forget, reschedule, suspend, unbury, named flags, rename; every action an event of the log, and
`doctor --rebuild` replaying all of it without changing anything."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from dlstudy.paths import db_path
from tests.srs.history_deck import RIGHT, WRONG, at, derived, tables, write_history_deck


@pytest.fixture
def deck(tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    return write_history_deck(tmp_path / "deck")


def review(cli, deck: str, text: str, env: dict[str, str], *extra: str):
    r = cli("--content", deck, "review", "--topic", "hist", *extra, input=text, env=env)
    assert r.exit_code == 0, r.stdout + r.stderr
    return r


def started(cli, deck: str) -> None:
    """Five questions answered twice on day 1 (good: a learning step, then the review state)."""
    assert cli("config", "fuzz", "false", env=at(1, 9)).exit_code == 0
    review(cli, deck, (RIGHT + "\n") * 5, at(1))
    review(cli, deck, (RIGHT + "\n") * 5, at(1, 10, 15))
    con = sqlite3.connect(db_path())
    assert con.execute("SELECT count(*) FROM question_state WHERE state = 2").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 10


def kinds() -> list[str]:
    return [k for (k,) in sqlite3.connect(db_path()).execute("SELECT kind FROM events ORDER BY seq")]


# ------------------------------------------------------------------------------------------- bad input

BAD = [
    (["info", "c9/q"], "no question 'c9/q'"),
    (["info", "c1"], "give a question as CARD/QID"),
    (["forget", "nope"], "no card with id 'nope'"),
    (["forget", "c1/zz"], "no question 'c1/zz'"),
    (["suspend", "c9"], "no card with id 'c9'"),
    (["flag", "c9/q", "x"], "no question 'c9/q'"),
    (["flag", "c1/q", "Bad Name"], "is not a flag name"),
    (["reschedule", "c9/q", "--due", "2026-03-20"], "no question 'c9/q'"),
    (["reschedule", "c1/q", "--due", "2026-03-01"], "is in the past"),
    (["reschedule", "c1/q", "--due", "soon"], "is not a date"),
    (["rename", "c1/q", "c2/q"], "has history of its own"),
    (["rename", "c9/q", "c8/q"], "no history for 'c9/q'"),
    (["rename", "c1", "c2/q"], "give a card id"),
    (["unbury", "c9"], "no card with id 'c9'"),
    (["unbury"], "nothing is buried"),
    (["unsuspend", "c1/q"], "is not suspended"),
]


@pytest.mark.parametrize("args, message", BAD, ids=[" ".join(a) for a, _m in BAD])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli, deck, args, message):
    started(cli, deck)
    before = tables()
    r = cli("--content", deck, *args, env=at(3, 12))
    assert r.exit_code == 2, r.stdout + r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0], r.stderr
    assert "Traceback" not in r.stderr
    assert tables() == before


def test_undo_with_nothing_to_undo(cli, deck):
    r = cli("undo", env=at(1))
    assert r.exit_code == 2 and r.stderr.startswith("error: nothing to undo"), r.stderr
    started(cli, deck)
    for _ in range(11):  # 10 answers and the setting: one step at a time
        r = cli("undo", env=at(3, 12))
        assert r.exit_code == 0 and r.stdout.startswith("undone: "), r.stdout + r.stderr
    r = cli("undo", env=at(3, 12))
    assert r.exit_code == 2 and "nothing to undo" in r.stderr
    con = sqlite3.connect(db_path())
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM question_state").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM events WHERE kind = 'undo'").fetchone()[0] == 11  # tombstones stay


# ------------------------------------------------------------------------------------------- undo restores

def schedule(cli, deck: str, *filters: str, env: dict[str, str] | None = None) -> list[dict]:
    r = cli("--content", deck, "schedule", "--topic", "hist", "--json", *filters, env=env or at(3, 12))
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_undo_after_each_action_restores_the_exact_state_and_rebuild_changes_nothing(cli, deck):
    started(cli, deck)
    base = derived()
    listed = schedule(cli, deck)
    assert len(listed) == 5
    steps = [["forget", "c1/q"], ["forget", "c2"], ["reschedule", "c1/q", "--due", "2026-03-20"],
             ["rename", "c1/q", "c1/renamed"], ["rename", "c2", "c2-new"], ["suspend", "c3"],
             ["flag", "c4/q", "unclear"], ["config", "desired_retention", "0.8"]]
    for args in steps:
        r = cli("--content", deck, *args, env=at(3, 12))
        assert r.exit_code == 0, (args, r.stdout + r.stderr)
        assert derived() != base, args
        changed = derived()
        r = cli("--content", deck, "doctor", "--rebuild", env=at(3, 12))  # the caches are what the log says
        assert r.exit_code == 0 and "0 cached value(s) changed" in r.stdout, (args, r.stdout)
        assert derived() == changed, args
        r = cli("undo", env=at(3, 12))
        assert r.exit_code == 0 and r.stdout.startswith("undone: "), r.stdout + r.stderr
        assert derived() == base, args
        assert schedule(cli, deck) == listed, args
    # an answer, then undo in a later run
    review(cli, deck, RIGHT + "\n", at(6))
    assert derived() != base
    r = cli("undo", env=at(6, 11))
    assert "undone: " in r.stdout and "your answer (good)" in r.stdout, r.stdout
    assert derived() == base
    assert schedule(cli, deck) == listed
    r = cli("--content", deck, "doctor", "--rebuild", env=at(6, 12))
    assert "0 cached value(s) changed" in r.stdout, r.stdout
    assert derived() == base
    assert set(kinds()) >= {"forget", "reschedule", "rename", "suspend", "flag", "config", "undo"}


def test_u_in_review_undoes_a_suspension_then_the_previous_runs_answer(cli, deck):
    started(cli, deck)
    base = derived()
    # issue 27: printf '!\nu\nq\n' | dlstudy review said "suspended", then "nothing to undo"
    r = review(cli, deck, "!\nu\nq\n", at(6))
    assert "suspended " in r.stdout and "undone: suspension of " in r.stdout, r.stdout
    assert derived() == base
    r = review(cli, deck, RIGHT + "\n" + "q\n", at(6, 11))
    after_answer = derived()
    assert after_answer != base
    r = review(cli, deck, "u\nq\n", at(6, 12))  # a new run: u takes back the previous run's last answer
    assert "undone: " in r.stdout and "your answer (good)" in r.stdout, r.stdout
    assert derived() == base


# ------------------------------------------------------------------------------------------- forget, reschedule

def test_forget_makes_a_question_new_and_keeps_its_history(cli, deck):
    started(cli, deck)
    r = cli("--content", deck, "forget", "c1/q", env=at(3, 12))
    assert r.exit_code == 0 and "2 answer(s) stay" in r.stdout, r.stdout
    info = json.loads(cli("--content", deck, "info", "c1/q", "--json", env=at(3, 12)).stdout)
    assert info["state"] == "new" and info["reps"] == 0 and info["due"] is None
    assert [x["rating"] for x in info["reviews"]] == ["good"] * 2
    assert [e["kind"] for e in info["events"]] == ["forget"]
    # it is asked as a new question again (the only new one), and scheduled from scratch
    review(cli, deck, RIGHT + "\n" + "q\n", at(1, 10, 20), "--new", "1")
    info = json.loads(cli("--content", deck, "info", "c1/q", "--json", env=at(1, 12)).stdout)
    assert info["reps"] == 1 and info["state"] == "learning" and len(info["reviews"]) == 3


def test_reschedule_moves_the_due_date_and_nothing_else(cli, deck):
    started(cli, deck)
    before = json.loads(cli("--content", deck, "info", "c1/q", "--json", env=at(3, 12)).stdout)
    r = cli("--content", deck, "reschedule", "c1/q", "--due", "2026-03-20", env=at(3, 12))
    assert r.exit_code == 0, r.stderr
    after = json.loads(cli("--content", deck, "info", "c1/q", "--json", env=at(3, 12)).stdout)
    assert after["due"] == "2026-03-20T04:00:00+00:00"  # from the start of that study day (rollover 4 h)
    assert (after["stability"], after["difficulty"], after["reps"]) == \
        (before["stability"], before["difficulty"], before["reps"])
    r = cli("--content", deck, "reschedule", "c9/q", "--due", "2026-03-20", env=at(3, 12))
    assert r.exit_code == 2


# ------------------------------------------------------------------------------------------- flags, suspend, bury

def test_suspend_a_card_unsuspend_one_question_and_named_flags(cli, deck):
    started(cli, deck)
    r = cli("--content", deck, "suspend", "c5", env=at(3, 12))
    assert r.exit_code == 0 and "suspended c5/q" in r.stdout
    r = cli("--content", deck, "suspend", "c5/q", env=at(3, 12))
    assert r.exit_code == 2 and "already suspended" in r.stderr
    assert cli("unsuspend", "c5/q", env=at(3, 13)).exit_code == 0
    assert cli("--content", deck, "flag", "c1/q", "unclear", env=at(3, 14)).exit_code == 0
    rows = json.loads(cli("suspended", "--json").stdout)
    assert [(x["card"], x["flag"]) for x in rows] == [("c1", "unclear")]
    assert cli("--content", deck, "flag", "c1/q", "--clear", env=at(3, 15)).exit_code == 0
    assert json.loads(cli("suspended", "--json").stdout) == []
    assert kinds()[-4:] == ["suspend", "unsuspend", "flag", "unflag"]


def test_colon_f_name_at_the_prompt_and_unbury(cli, deck):
    started(cli, deck)
    r = review(cli, deck, ":f tricky\n:b\nq\n", at(6))
    assert "flagged " in r.stdout and "'tricky'" in r.stdout and "buried " in r.stdout, r.stdout
    flags = {(c, f) for c, f in sqlite3.connect(db_path()).execute("SELECT card_id, flag FROM question_flags")}
    assert ("c1", "tricky") in flags or any(f == "tricky" for _c, f in flags)
    r = cli("--content", deck, "unbury", env=at(6, 11))
    assert r.exit_code == 0 and "unburied" in r.stdout, r.stderr
    assert sqlite3.connect(db_path()).execute("SELECT count(*) FROM question_flags WHERE buried_until IS NOT NULL"
                                              ).fetchone()[0] == 0
    r = review(cli, deck, ":f Not A Name\nq\n", at(6, 12))
    assert "a flag name is" in r.stdout


# ------------------------------------------------------------------------------------------- rename

def test_rename_moves_history_and_check_says_did_you_rename(cli, deck, tmp_path):
    started(cli, deck)
    # the learner renames the question id in the deck file: c1/q -> c1/screening
    path = tmp_path / "deck" / "c1.yaml"
    path.write_text(path.read_text().replace("  - id: q\n", "  - id: screening\n"), encoding="utf-8")
    r = cli("--content", deck, "show", "c1", env=at(3, 12))
    assert "not started (1 new questions)" in r.stdout, r.stdout  # only questions in the deck count
    r = cli("--content", deck, "check", "--fast", env=at(3, 12))
    assert "c1/q: 2 answer(s); did you rename it to c1/screening? 'dlstudy rename c1/q c1/screening'" in r.stdout, \
        r.stdout
    assert json.loads(cli("--content", deck, "check", "--fast", "--json").stdout)["history"] == [
        {"card": "c1", "question": "q", "answers": 2, "did_you_rename_to": "c1/screening"}]
    before = json.loads(cli("--content", deck, "info", "c1/q", "--json", env=at(3, 12)).stdout)
    r = cli("--content", deck, "rename", "c1/q", "c1/screening", env=at(3, 12))
    assert r.exit_code == 0 and "renamed c1/q → c1/screening" in r.stdout, r.stdout + r.stderr
    after = json.loads(cli("--content", deck, "info", "c1/screening", "--json", env=at(3, 12)).stdout)
    for field in ("state", "due", "stability", "difficulty", "reps", "lapses"):
        assert after[field] == before[field], field
    assert len(after["reviews"]) == 2
    r = cli("--content", deck, "check", "--fast", env=at(3, 12))
    assert "did you rename" not in r.stdout
    r = cli("--content", deck, "show", "c1", env=at(3, 12))
    assert "1/1 questions started" in r.stdout
    # rebuilding replays the rename: the history stays under the new id
    snapshot = derived()
    assert "0 cached value(s) changed" in cli("doctor", "--rebuild", env=at(3, 13)).stdout
    assert derived() == snapshot


def test_a_card_rename_and_a_review_under_the_new_id(cli, deck, tmp_path):
    started(cli, deck)
    for name in ("c2",):
        path = tmp_path / "deck" / f"{name}.yaml"
        path.write_text(path.read_text().replace("id: c2\n", "id: c2-new\n"), encoding="utf-8")
        path.rename(path.with_name("c2-new.yaml"))
    r = cli("--content", deck, "check", "--fast", env=at(3, 12))
    assert "did you rename its card to c2-new? 'dlstudy rename c2 c2-new'" in r.stdout, r.stdout
    assert cli("--content", deck, "rename", "c2", "c2-new", env=at(3, 12)).exit_code == 0
    review(cli, deck, (RIGHT + "\n") * 5, at(20))  # everything is due by then
    info = json.loads(cli("--content", deck, "info", "c2-new/q", "--json", env=at(20, 12)).stdout)
    assert len(info["reviews"]) == 3 and info["reps"] == 3
    snapshot = derived()
    assert "0 cached value(s) changed" in cli("doctor", "--rebuild", env=at(20, 13)).stdout
    assert derived() == snapshot


# ------------------------------------------------------------------------------------------- leeches

def test_a_leech_is_marked_listed_taught_before_it_is_asked_and_not_suspended(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    deck = write_history_deck(tmp_path / "deck", {"base": [], "leechy": ["base"]})
    assert cli("config", "leech_threshold", "2", env=at(1, 8)).exit_code == 0
    assert cli("config", "fuzz", "false", env=at(1, 8)).exit_code == 0
    # base (a prerequisite): answered once, then suspended; leechy: easy (straight to review), forgotten twice
    review(cli, deck, RIGHT + "e\n" + RIGHT + "e\n", at(1))
    assert cli("--content", deck, "suspend", "base/q", env=at(1, 11)).exit_code == 0
    day = 1
    for _lapse in range(2):
        info = json.loads(cli("--content", deck, "info", "leechy/q", "--json", env=at(day, 12)).stdout)
        due = datetime.fromisoformat(info["due"]).astimezone(timezone.utc) + timedelta(hours=1)
        env = {"DLSTUDY_NOW": due.isoformat(), "DLSTUDY_TZ_UTC": "1"}
        r = review(cli, deck, WRONG + "\n" + "q\n", env, "--new", "0")
        # relearning step, then easy back to review
        later = {"DLSTUDY_NOW": (due + timedelta(minutes=30)).isoformat(), "DLSTUDY_TZ_UTC": "1"}
        review(cli, deck, RIGHT + "e\n" + "q\n", later, "--new", "0")
        day = (due + timedelta(minutes=30)).day
    assert "is now a leech" in r.stdout, r.stdout
    data = json.loads(cli("leeches", "--json").stdout)
    assert [(x["card"], x["question"], x["lapses"]) for x in data] == [("leechy", "q", 2)]
    assert set(data[0]) == {"card", "question", "lapses", "last_answers", "suspended"}  # docs/json.md
    assert [a["rating"] for a in data[0]["last_answers"]][-2:] == ["again", "easy"]
    assert data[0]["suspended"] is False
    assert [x["card"] for x in json.loads(cli("suspended", "--json").stdout)] == ["base"]
    stats = json.loads(cli("--content", deck, "stats", "--json").stdout)
    assert stats["questions"]["leeches"] == ["leechy/q"]
    info = json.loads(cli("--content", deck, "info", "leechy/q", "--json").stdout)
    assert info["leech"] is True and info["lapses"] == 2
    # its next showing teaches before it asks: key points and pitfalls, prerequisites with their mastery
    due = datetime.fromisoformat(info["due"]).astimezone(timezone.utc) + timedelta(hours=1)
    r = review(cli, deck, "q\n", {"DLSTUDY_NOW": due.isoformat(), "DLSTUDY_TZ_UTC": "1"}, "--new", "0")
    out = r.stdout
    assert "leech" in out and "leechy point one" in out and "leechy pitfall" in out, out
    assert "prerequisites: base (" in out and "mastered" in out, out
    assert out.index("leechy point one") < out.index("Question of leechy?"), out
    assert [x["card"] for x in json.loads(cli("suspended", "--json").stdout)] == ["base"]  # leechy never is


# ------------------------------------------------------------------------------------------- info against fsrs

def test_info_figures_match_an_independent_fsrs_replay_of_the_same_log(cli, tmp_path, monkeypatch):
    from fsrs import Card, Rating, Scheduler

    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    deck = write_history_deck(tmp_path / "one", {"c1": []})

    assert cli("config", "fuzz", "false", env=at(1, 8)).exit_code == 0
    plan = [(at(1), RIGHT + "\n"), (at(1, 10, 5), RIGHT + "\n"), (at(4), WRONG + "\n"), (at(4, 10, 20), RIGHT + "h\n"),
            (at(9), RIGHT + "e\n")]
    for env, text in plan:
        review(cli, deck, text + "q\n", env, "--new", "1")
    now = datetime(2026, 3, 12, 15, 0, tzinfo=timezone.utc)
    data = json.loads(cli("--content", deck, "info", "c1/q", "--json",
                          env={"DLSTUDY_NOW": now.isoformat(), "DLSTUDY_TZ_UTC": "1"}).stdout)
    log = sqlite3.connect(db_path()).execute(
        "SELECT reviewed_at, rating FROM review_log WHERE card_id = 'c1' ORDER BY reviewed_at").fetchall()
    assert [r for _t, r in log] == [3, 3, 1, 2, 4]
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    card = Card(due=datetime.fromtimestamp(log[0][0], timezone.utc))
    lapses, intervals = 0, []
    for t, rating in log:
        when = datetime.fromtimestamp(t, timezone.utc)
        lapses += card.state == 2 and rating == 1
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
        intervals.append((card.due - when).total_seconds() / 86400)
    assert data["stability"] == pytest.approx(card.stability, rel=1e-9)
    assert data["difficulty"] == pytest.approx(card.difficulty, rel=1e-9)
    assert data["retrievability"] == pytest.approx(scheduler.get_card_retrievability(card, now), rel=1e-9)
    assert (data["reps"], data["lapses"]) == (5, lapses) and lapses == 1
    assert [x["interval_days"] for x in data["reviews"]] == pytest.approx([round(i, 4) for i in intervals], abs=1e-4)
    # due as schedule and show say it: a review from the start of its study day (rollover 4 h, UTC here)
    day_start = card.due.replace(hour=4, minute=0, second=0, microsecond=0)
    if card.due.hour < 4:
        day_start -= timedelta(days=1)
    assert card.state == 2 and datetime.fromisoformat(data["due"]) == day_start
    schedule = json.loads(cli("--content", deck, "schedule", "--json",
                              env={"DLSTUDY_NOW": now.isoformat(), "DLSTUDY_TZ_UTC": "1"}).stdout)
    [row] = [q for q in schedule if (q["card"], q["question"]) == ("c1", "q")]
    assert datetime.fromisoformat(row["due"]) == day_start
    curve = data["curve"]
    assert len(curve) == 29 and curve[7]["retrievability"] == pytest.approx(
        scheduler.get_card_retrievability(card, now + timedelta(days=7)), rel=1e-9)
    assert [x["rating"] for x in data["reviews"]] == ["good", "good", "again", "hard", "easy"]
    r = cli("--content", deck, "info", "c1/q", env={"DLSTUDY_NOW": now.isoformat(), "DLSTUDY_TZ_UTC": "1"})
    assert r.exit_code == 0 and "desired retention 90%" in r.stdout and "Forgetting curve" in r.stdout, r.stdout
    assert "5 answer(s), oldest first" in r.stdout


def test_show_lists_each_questions_figures(cli, deck):
    started(cli, deck)
    r = cli("--content", deck, "show", "c1", env=at(3, 12))
    lines = r.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.split()[:3] == ["question", "state", "due"])
    assert lines[head + 1].split()[:2] == ["q", "review"], r.stdout


def test_schedule_filters_and_marks(cli, deck):
    started(cli, deck)
    assert cli("--content", deck, "flag", "c2/q", "unclear", env=at(3, 12)).exit_code == 0
    assert cli("--content", deck, "reschedule", "c3/q", "--due", "2026-03-25", env=at(3, 12)).exit_code == 0
    every = schedule(cli, deck)
    assert {(x["card"], x["flag"], x["leech"]) for x in every} >= {("c2", "unclear", False)}
    assert [x["card"] for x in schedule(cli, deck, "--flag", "unclear")] == ["c2"]
    assert "c3" not in [x["card"] for x in schedule(cli, deck, "--due-before", "2026-03-25")]
    assert "c3" in [x["card"] for x in schedule(cli, deck, "--due-before", "2026-03-26")]
    assert len(schedule(cli, deck, "--state", "review")) == 5 and schedule(cli, deck, "--state", "learning") == []
    assert schedule(cli, deck, "--leech") == [] and schedule(cli, deck, "--lapses-at-least", "1") == []
    assert cli("config", "leech_threshold", "1", env=at(3, 12)).exit_code == 0
    review(cli, deck, (WRONG + "\n") * 5 + "q\n", at(25))  # every question lapses once
    assert len(schedule(cli, deck, "--leech", env=at(25, 12))) == 5
    assert len(schedule(cli, deck, "--lapses-at-least", "1", env=at(25, 12))) == 5
    r = cli("--content", deck, "schedule", "--topic", "hist", "--leech", env=at(25, 12))
    assert r.stdout.count("leech") >= 5, r.stdout
    for bad in (["--state", "nope"], ["--flag", "Bad Name"], ["--due-before", "soon"]):
        r = cli("--content", deck, "schedule", *bad)
        assert r.exit_code == 2 and r.stderr.startswith("error:"), (bad, r.stderr)


def test_a_rename_undone_can_be_made_again_and_undone_events_follow_their_question(cli, deck, tmp_path):
    """An undone suspension stays with its question through a rename and its undo: after rename and undo,
    the same rename is accepted again, and check suggests it again (not another id)."""
    started(cli, deck)
    assert cli("--content", deck, "suspend", "c1/q", env=at(3, 10)).exit_code == 0
    assert cli("--content", deck, "undo", env=at(3, 10, 1)).exit_code == 0  # the suspension, undone
    path = tmp_path / "deck" / "c1.yaml"
    path.write_text(path.read_text().replace("  - id: q\n", "  - id: qq\n"), encoding="utf-8")
    r = cli("--content", deck, "rename", "c1/q", "c1/qq", env=at(3, 11))
    assert r.exit_code == 0, r.stdout + r.stderr
    r = cli("--content", deck, "undo", env=at(3, 11, 1))
    assert r.exit_code == 0 and "rename" in r.stdout, r.stdout + r.stderr
    con = sqlite3.connect(db_path())
    assert con.execute("SELECT card_id, question_id FROM events WHERE kind = 'suspend'").fetchall() == [("c1", "q")]
    r = cli("--content", deck, "check", "--fast", env=at(3, 12))
    assert "did you rename it to c1/qq?" in r.stdout, r.stdout
    r = cli("--content", deck, "rename", "c1/q", "c1/qq", env=at(3, 12))
    assert r.exit_code == 0 and "renamed c1/q → c1/qq" in r.stdout, r.stdout + r.stderr
    assert "0 cached value(s) changed" in cli("doctor", "--rebuild", env=at(3, 13)).stdout
