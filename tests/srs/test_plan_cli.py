"""`dlstudy plan` through the CLI with a fixed clock: set, show, forecast, advice, dashboard, clear, bad input."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
from datetime import datetime, timezone

import pytest

from dlstudy.paths import db_path
from tests.ecosystem.test_json_docs import documented
from tests.srs.conftest import DEFAULT_SPEC, write_deck

NOW = "2026-03-02T10:00:00+00:00"
W20 = 0.1542


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    monkeypatch.setenv("DLSTUDY_NOW", NOW)


def stored_plan() -> str | None:
    if not db_path().exists():
        return None
    rows = sqlite3.connect(db_path()).execute("SELECT value FROM config WHERE key = 'plan'").fetchall()
    return rows[0][0] if rows else None


def plan_json(cli, *args: str) -> dict:
    """The JSON of `dlstudy ARGS --json` (ARGS include the global options and `plan`)."""
    r = cli(*args, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_llm_plan_20_days_out_introduces_every_question_by_day_15_and_none_after(cli):
    r = cli("plan", "--date", "2026-03-22", "--topic", "llm", "--json")
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    assert set(d) == set(documented("dlstudy plan --json"))
    assert d["days_left"] == 20 and d["syllabus"]["topics"] == ["llm"] and d["syllabus"]["started"] == 0
    n = d["syllabus"]["questions"]
    assert n > 100
    days = d["forecast"]
    assert [x["date"] for x in days] == [f"2026-03-{day:02d}" for day in range(2, 22)]  # today .. the day before
    assert sum(x["new"] for x in days[:15]) == n  # every question introduced by day 15 ...
    assert all(x["new"] == 0 for x in days[15:])  # ... and none in the last five days
    assert d["new_per_day"] == -(-n // 15)
    assert all(x["minutes"] <= 30.5 for x in days) and d["on_track"] and d["advice"] == []
    assert 0.9 <= d["expected_recall"]["overall"] <= 1 and set(d["expected_recall"]["by_topic"]) == {"llm"}


def test_a_tight_plan_spreads_new_questions_over_the_introduction_days(cli):
    """With few minutes the pace itself is binding: new questions every day up to day 15, none after."""
    d = plan_json(cli, "plan", "--date", "2026-03-22", "--topic", "llm", "--minutes", "10")
    days = d["forecast"]
    assert all(x["new"] >= 1 for x in days[:15]) and all(x["new"] == 0 for x in days[15:])
    assert sum(x["new"] for x in days) == d["syllabus"]["questions"]


def test_forecast_new_questions_add_up_to_the_syllabus_not_yet_started(cli, tmp_path):
    deck = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    r = cli("--content", deck, "review", "--topic", "alpha", "--new", "3", input="beta1\n\nbeta2\n\nbeta3\n\n")
    assert r.exit_code == 0, r.stderr
    d = plan_json(cli, "--content", deck, "plan", "--date", "2026-03-30", "--topic", "alpha", "--topic", "omega")
    syllabus = d["syllabus"]
    assert syllabus["questions"] == 12 and syllabus["started"] == 3
    assert sum(x["new"] for x in d["forecast"]) == 12 - 3


def _commands(advice: list[str]) -> dict[str, list[str]]:
    """The commands the advice suggests, by kind ('more minutes', 'a later date', 'fewer topics')."""
    out = {}
    for line in advice:
        m = re.match(r"(more minutes|a later date|fewer topics): .*\('dlstudy (plan[^']*)'\)$", line)
        if m:
            out[m.group(1)] = shlex.split(m.group(2))
    return out


def test_a_plan_that_cannot_fit_says_what_would_and_each_suggestion_does(cli):
    d = plan_json(cli, "plan", "--date", "2026-03-22", "--minutes", "30")  # the whole deck in 20 days
    assert not d["on_track"]
    assert re.fullmatch(r"\d+ question\(s\) would not be started before 2026-03-17", d["advice"][0])
    suggested = _commands(d["advice"])
    assert set(suggested) == {"more minutes", "a later date", "fewer topics"}
    before = stored_plan()
    for kind, args in suggested.items():
        cli("plan", "--date", "2026-03-22", "--minutes", "30")  # back to the plan that does not fit
        after = plan_json(cli, *args)
        assert after["on_track"], (kind, args, after["advice"])
        assert after["advice"] == []
    assert before is not None


def test_the_text_view_shows_the_chart_and_the_verdict(cli):
    r = cli("--no-color", "plan", "--date", "2026-03-22", "--topic", "llm")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Interview on Sun 2026-03-22, in 20 days" in out
    assert "minutes per day (you set 30)" in out and "Mon 03-02" in out and "█" in out
    assert "expected recall on the day, per topic" in out
    assert "on track" in out and "from 2026-03-17 review only" in out
    r = cli("--no-color", "plan", "--minutes", "5")  # --minutes alone changes the current plan
    assert r.exit_code == 0, r.stderr
    assert "off track" in r.stdout and "more minutes:" in r.stdout
    assert json.loads(stored_plan())["date"] == "2026-03-22"


def test_dashboard_counts_down_and_clear_restores_ordinary_review(cli, tmp_path):
    deck = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    r = cli("--content", deck, "--no-color")
    assert "interview" not in r.stdout
    assert cli("--content", deck, "plan", "--date", "2026-03-14", "-t", "alpha", "-t", "omega").exit_code == 0
    r = cli("--content", deck, "--no-color")
    assert re.search(r"interview in 12 days · expected recall 0\.\d\d · on track", r.stdout), r.stdout
    r = cli("--content", deck, "plan", "--clear")
    assert r.exit_code == 0 and "plan removed" in r.stdout
    assert stored_plan() is None
    assert "interview" not in cli("--content", deck, "--no-color").stdout
    assert plan_json(cli, "--content", deck, "plan") is None
    assert "no plan to remove" in cli("--content", deck, "plan", "--clear").stdout


def test_after_the_date_the_plan_ends_and_says_so(cli, tmp_path, monkeypatch):
    deck = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    assert cli("--content", deck, "plan", "--date", "2026-03-05").exit_code == 0
    monkeypatch.setenv("DLSTUDY_NOW", "2026-03-05T09:00:00+00:00")
    assert "interview today" in cli("--content", deck, "--no-color").stdout
    monkeypatch.setenv("DLSTUDY_NOW", "2026-03-06T09:00:00+00:00")
    r = cli("--content", deck, "--no-color")
    assert "has passed: the plan has ended and ordinary scheduling has resumed" in r.stdout
    d = plan_json(cli, "--content", deck, "plan")
    assert d["days_left"] == -1 and d["forecast"] == [] and not d["on_track"]
    assert "ordinary scheduling has resumed" in d["advice"][0]
    r = cli("--content", deck, "--no-color", "plan")
    assert "has passed" in r.stdout and "dlstudy plan --clear" in r.stdout


def test_expected_recall_matches_fsrs_forgetting_curve_when_nothing_is_left_to_do(cli, store, tmp_path):
    """Every syllabus question started and stable: nothing is served before the day, and the expected
    recall is the mean of R = (1 + F·t/S)^(-w20) at noon on the interview day, written out here."""
    deck = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    last = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    stabilities = [400.0, 900.0, 250.0, 3000.0]
    with store.transaction() as conn:
        for i, stab in enumerate(stabilities, start=1):
            fsrs = {"card_id": i, "state": 2, "step": None, "stability": stab, "difficulty": 5.0,
                    "due": "2027-01-01T00:00:00+00:00", "last_review": last.isoformat()}
            conn.execute("INSERT INTO question_state(card_id, question_id, fsrs, due, state, stability, difficulty, "
                         "last_review, introduced_at, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         ("delta", f"q{i}", json.dumps(fsrs), datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp(),
                          2, stab, 5.0, last.timestamp(), last.timestamp(), 1, 0))
    store.close()
    d = plan_json(cli, "--content", deck, "plan", "--date", "2026-03-12", "--topic", "omega")
    f = 0.9 ** (-1 / W20) - 1
    days = 11  # 2026-03-01 12:00 to 2026-03-12 12:00 (8 h into the study day that starts at 04:00)
    expected = sum((1 + f * days / s) ** -W20 for s in stabilities) / 4
    assert d["syllabus"] == {"topics": ["omega"], "questions": 4, "started": 4}
    assert all(x["reviews"] == 0 and x["new"] == 0 and x["minutes"] == 0 for x in d["forecast"])
    assert d["expected_recall"]["overall"] == pytest.approx(expected, abs=1e-4)
    assert d["expected_recall"]["by_topic"] == {"omega": d["expected_recall"]["overall"]}
    assert d["on_track"]
    r = cli("--content", deck, "stats", "--json")
    assert json.loads(r.stdout)["plan"] == d  # stats --json carries the same object


@pytest.mark.parametrize("args,message", [
    (["--date", "2026-03-01"], "error: the interview date 2026-03-01 is in the past (today is 2026-03-02)"),
    (["--date", "2028-03-03"], "error: the interview date 2028-03-03 is more than two years away"),
    (["--date", "2026-04-01", "--topic", "lmm"], "error: no topic 'lmm'"),
    (["--date", "2026-04-01", "--minutes", "0"], "error: invalid value for '--minutes': 0 is not in the range"),
    (["--date", "2026-4-1"], "error: --date '2026-4-1' is not a date"),
    (["--minutes", "20"], "error: there is no plan to change"),
    (["--clear", "--date", "2026-04-01"], "error: --clear cannot be combined"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_is_stored(cli, args, message):
    r = cli("plan", *args)
    assert r.exit_code == 2, r.stdout
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith(message), r.stderr
    assert len(lines) <= 2 and all(line.startswith(("error:", "hint:")) for line in lines)
    assert r.stdout == ""
    assert stored_plan() is None
    assert not db_path().exists()  # an empty data folder stays empty: no database is created either


def test_bad_input_leaves_an_existing_plan_as_it_was(cli):
    assert cli("plan", "--date", "2026-04-01", "--topic", "llm").exit_code == 0
    before = stored_plan()
    for args in (["--date", "2026-01-01"], ["--topic", "nope"], ["--date", "2026-05-01", "--minutes", "0"]):
        assert cli("plan", *args).exit_code == 2
        assert stored_plan() == before


def test_a_damaged_stored_plan_is_reported_and_ignored_until_cleared(cli, tmp_path):
    deck = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    assert cli("--content", deck, "plan", "--date", "2026-03-14", "-t", "alpha").exit_code == 0
    con = sqlite3.connect(db_path())
    con.execute("UPDATE config SET value = ? WHERE key = 'plan'", ('{"date": 5}',))
    con.commit()
    con.close()
    r = cli("--content", deck, "plan", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) is None
    assert r.stderr.count("warning: the stored plan is not valid") == 1 and "dlstudy plan --clear" in r.stderr
    r = cli("--content", deck, "--no-color")
    assert r.exit_code == 0 and "the stored plan is not valid" in r.stdout and "interview in" not in r.stdout
    assert "plan removed" in cli("--content", deck, "plan", "--clear").stdout
    assert stored_plan() is None
