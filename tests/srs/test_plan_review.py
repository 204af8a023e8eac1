"""`review` under a study plan, with a fixed clock: new questions from the plan's pace, the peak rule in
the review-only days, ordinary review again after `plan --clear` and after the date."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Iterator

import pytest

from dlstudy.paths import db_path
from dlstudy.srs import plan
from dlstudy.srs.clock import FixedClock
from dlstudy.srs.queue import Item
from dlstudy.srs.review import ReviewEngine
from tests.srs.conftest import write_deck

DAY0 = datetime(2026, 3, 2, 10, tzinfo=timezone.utc)
W20 = 0.1542  # FSRS-6's default decay, for the forgetting curve written out below


def _day(n: int) -> str:
    return (DAY0 + timedelta(days=n)).isoformat()


def _introduced_per_day() -> Counter:
    """Study day (from DAY0) -> questions introduced that day, from the database."""
    rows = sqlite3.connect(db_path()).execute("SELECT introduced_at FROM question_state").fetchall()
    return Counter(int((at - (DAY0 - timedelta(hours=6)).timestamp()) // 86400) for (at,) in rows)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")


def _served_all_good(engine: ReviewEngine, clock: FixedClock, limit: int = 400) -> Iterator[Item]:
    """Each question one review session serves, in order; each answered Good in 20 seconds after the
    caller has looked at it."""
    for _ in range(limit):
        today = engine.today()
        if not today.items:
            return
        item = today.items[0]
        engine.served(item)
        yield item
        engine.answer(item, 3, duration_ms=20_000)
        clock.advance(seconds=20)


def test_llm_plan_20_days_out_review_introduces_every_question_by_day_15_and_none_after(store):
    """The bundled llm topic, driven through the review engine for 20 days, every answer Good."""
    from dlstudy.content.loader import load_deck

    deck = load_deck()
    llm = {(c.id, q.id) for c in deck.cards if c.topic == "llm" for q in c.questions}
    spec = plan.PlanSpec(date(2026, 3, 22), date(2026, 3, 2), ("llm",), 15)
    store.set_config(plan.PLAN_KEY, spec.to_json())
    clock = FixedClock(DAY0)
    new_per_day: Counter = Counter()
    brought_forward: Counter = Counter()
    left_alone: Counter = Counter()
    for day in range(20):
        clock.set(DAY0 + timedelta(days=day))
        engine = ReviewEngine(store, deck, clock=clock)
        for item in _served_all_good(engine, clock):
            if item.is_new:
                assert item.key in llm  # new questions come only from the syllabus
                new_per_day[day] += 1
            if engine.shaped is not None and item.key in engine.shaped.brought_forward:
                brought_forward[day] += 1
        if engine.shaped is not None:
            left_alone[day] += len(engine.shaped.day.left_alone)
    assert sum(new_per_day[d] for d in range(15)) == len(llm)  # every question introduced by day 15 ...
    assert all(new_per_day[d] == 0 for d in range(15, 20))  # ... and none in the last five days
    assert sum(brought_forward[d] for d in range(15, 20)) > 0  # the peak rule served questions early
    assert all(brought_forward[d] == 0 for d in range(15))  # and only in the review-only days


def _deck(tmp_path, cards: int = 10, questions: int = 4) -> str:
    spec = {f"c{i:02d}": ("alpha", [], questions) for i in range(cards)}
    return str(write_deck(tmp_path / "deck", spec))


def test_review_follows_the_plan_day_by_day_through_the_cli(cli, tmp_path, monkeypatch):
    """Ten cards of four questions, a plan eight days out (two review-only days): every day's session is
    run to its end, each answer rated Good; every question is started by day 6, none after. (Siblings are
    not buried here: with ten cards, a day when all ten have a review due would start nothing new.)"""
    deck = _deck(tmp_path)
    monkeypatch.setenv("DLSTUDY_NOW", _day(0))
    assert cli("--content", deck, "config", "bury_siblings", "off").exit_code == 0
    assert cli("--content", deck, "plan", "--date", "2026-03-10", "-t", "alpha", "--minutes", "10").exit_code == 0
    notes = []
    for day in range(8):
        monkeypatch.setenv("DLSTUDY_NOW", _day(day))
        r = cli("--content", deck, "--no-color", "review", "--topic", "alpha", input="x\n3\n" * 80)
        assert r.exit_code == 0, r.stderr
        notes.append(next(line for line in r.stdout.splitlines() if line.startswith("plan:")))
    introduced = _introduced_per_day()
    assert sum(introduced[d] for d in range(6)) == 40 and introduced[6] == introduced[7] == 0
    assert all(introduced[d] > 0 for d in range(3))  # the pace (7 a day) is kept from the first day
    assert "interview in 8 days (2026-03-10)" in notes[0] and "review only from 2026-03-08" in notes[0]
    assert "review only, for recall on the day" in notes[6]


def _insert_state(store, card: str, qid: str, stability: float, last: datetime, due: datetime) -> None:
    fsrs = {"card_id": 1, "state": 2, "step": None, "stability": stability, "difficulty": 5.0,
            "due": due.isoformat(), "last_review": last.isoformat()}
    with store.transaction() as conn:
        conn.execute("INSERT INTO question_state(card_id, question_id, fsrs, due, state, stability, difficulty, "
                     "last_review, introduced_at, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     (card, qid, json.dumps(fsrs), due.timestamp(), 2, stability, 5.0, last.timestamp(),
                      last.timestamp(), 3, 0))


def test_review_only_days_bring_forward_what_would_be_forgotten_and_leave_alone_what_will_be_recalled(
        cli, store, tmp_path, monkeypatch):
    """Two started questions, three days before the interview (noon on 2026-03-05; the plan, made 13 days
    before it, has three review-only days): one not due for days whose recall then is below the target,
    one FSRS calls due whose recall then is above it."""
    deck = _deck(tmp_path, cards=2, questions=1)
    last = DAY0 - timedelta(days=2)
    _insert_state(store, "c00", "q1", 3.0, last, DAY0 + timedelta(days=2))  # weak: due in two days
    _insert_state(store, "c01", "q1", 900.0, last, DAY0 - timedelta(hours=20))  # strong: due since yesterday
    store.close()
    target = plan.peak_target(0.9)
    f = 0.9 ** (-1 / W20) - 1
    days = 5  # from the last review (2026-02-28 10:00) to noon on the interview day
    assert (1 + f * days / 3.0) ** -W20 < target < (1 + f * days / 900.0) ** -W20
    monkeypatch.setenv("DLSTUDY_NOW", _day(-10))
    assert cli("--content", deck, "plan", "--date", "2026-03-05", "-t", "alpha").exit_code == 0
    monkeypatch.setenv("DLSTUDY_NOW", _day(0))
    r = cli("--content", deck, "--no-color", "review", "--topic", "alpha", "--json", input="x\n3\n" * 6)
    assert r.exit_code == 0, r.stderr
    answered = [(a["card"], a["question"]) for a in json.loads(r.stdout)["answers"]]
    assert ("c00", "q1") in answered  # brought forward although not due
    assert ("c01", "q1") not in answered  # due, but recalled on the day anyway: left alone
    assert "1 brought forward" in r.stderr and "1 due left alone" in r.stderr
    assert "review, early for the interview" in r.stderr


def test_plan_clear_restores_ordinary_review(cli, tmp_path, monkeypatch):
    deck = _deck(tmp_path)
    monkeypatch.setenv("DLSTUDY_NOW", _day(0))
    assert cli("--content", deck, "config", "new_per_day", "2").exit_code == 0
    assert cli("--content", deck, "plan", "--date", "2026-03-20", "-t", "alpha", "--minutes", "10").exit_code == 0
    r = cli("--content", deck, "--no-color", "review", "--topic", "alpha", "--json", input="x\n3\n" * 80)
    with_plan = sum(a["new"] for a in json.loads(r.stdout)["answers"])
    assert with_plan > 2 and "plan: interview in 18 days" in r.stderr  # the plan's allowance, not new_per_day
    assert cli("--content", deck, "plan", "--clear").exit_code == 0
    monkeypatch.setenv("DLSTUDY_NOW", _day(1))
    r = cli("--content", deck, "--no-color", "review", "--topic", "alpha", "--json", input="x\n3\n" * 80)
    assert sum(a["new"] for a in json.loads(r.stdout)["answers"]) == 2  # new_per_day again
    assert "plan:" not in r.stderr


def test_after_the_date_review_says_the_plan_ended_and_schedules_as_usual(cli, tmp_path, monkeypatch):
    deck = _deck(tmp_path)
    monkeypatch.setenv("DLSTUDY_NOW", _day(0))
    assert cli("--content", deck, "config", "new_per_day", "3").exit_code == 0
    assert cli("--content", deck, "plan", "--date", "2026-03-03", "-t", "alpha").exit_code == 0
    monkeypatch.setenv("DLSTUDY_NOW", _day(2))
    r = cli("--content", deck, "--no-color", "review", "--topic", "alpha", "--json", input="x\n3\n" * 40)
    assert r.exit_code == 0, r.stderr
    assert "the interview date 2026-03-03 has passed: the plan has ended and ordinary scheduling has resumed" \
        in r.stderr
    assert sum(a["new"] for a in json.loads(r.stdout)["answers"]) == 3


def test_a_topic_outside_the_syllabus_gets_no_new_questions_while_the_plan_runs(cli, tmp_path, monkeypatch):
    spec = {"a1": ("alpha", [], 3), "o1": ("omega", [], 3)}
    deck = str(write_deck(tmp_path / "deck", spec))
    monkeypatch.setenv("DLSTUDY_NOW", _day(0))
    assert cli("--content", deck, "plan", "--date", "2026-03-20", "-t", "alpha").exit_code == 0
    r = cli("--content", deck, "--no-color", "review", "--topic", "omega", "--json", input="x\n3\n" * 10)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["answers"] == []
    assert "not in its syllabus: no new ones while it runs" in r.stderr


def test_the_forecasts_first_day_introduces_what_review_introduces(store):
    """The forecast follows review's rules for new questions: one new question a card a day while another
    of the card's questions is shown (bury_siblings), and a follow-up straight after its question. On
    the llm topic's first day (minutes to spare), both introduce the same questions' count."""
    from dlstudy.content.loader import load_deck
    from dlstudy.srs import plan_forecast

    deck = load_deck()
    spec = plan.PlanSpec(date(2026, 3, 22), date(2026, 3, 2), ("llm",), 30)
    store.set_config(plan.PLAN_KEY, spec.to_json())
    report, _ = plan_forecast.current(store, deck, DAY0, advise=False)
    assert report is not None and report.forecast is not None
    forecast_new = report.forecast.days[0].new
    clock = FixedClock(DAY0)
    engine = ReviewEngine(store, deck, clock=clock)
    introduced = sum(item.is_new for item in _served_all_good(engine, clock))
    llm_cards = [c for c in deck.cards if c.topic == "llm"]
    with_follow_up = sum(1 for c in llm_cards if c.follow_ups)
    assert introduced == forecast_new
    assert len(llm_cards) <= forecast_new <= len(llm_cards) + with_follow_up * 3


def test_the_forecast_waits_for_siblings_unless_the_pace_needs_them():
    """Three cards of four questions: with bury_siblings one new question a card a day, more only when
    the pace needs them; without it, as many as the minutes allow."""
    from dlstudy.srs import plan_forecast
    from dlstudy.srs.scheduler import make_scheduler
    from dlstudy.srs.settings import Settings

    syllabus = {(f"c{i}", f"q{j}"): "alpha" for i in range(3) for j in range(4)}
    start = DAY0 - timedelta(hours=6)
    base = plan_forecast.Inputs(syllabus, {}, DAY0, DAY0.date(), start, 4)
    far = plan.PlanSpec(date(2026, 4, 30), date(2026, 3, 2), ("alpha",), 60)  # pace: 1 a day
    near = plan.PlanSpec(date(2026, 3, 5), date(2026, 3, 2), ("alpha",), 60)  # pace: more than one a card
    scheduler = make_scheduler(Settings())
    buried = plan_forecast.forecast(far, replace(base, bury_siblings=True), scheduler)
    free = plan_forecast.forecast(far, base, scheduler)
    assert buried.days[0].new == 3  # one a card
    assert free.days[0].new > 3
    hurried = plan_forecast.forecast(near, replace(base, bury_siblings=True), scheduler)
    assert plan.pace(12, (near.cutoff - near.start).days) > 3
    assert hurried.days[0].new >= plan.pace(12, (near.cutoff - near.start).days)
