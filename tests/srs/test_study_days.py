"""Review that keeps Anki's promises (issue 26): study days, one schedule whoever computes it, due before
new, new across the syllabus, siblings apart, limits that explain themselves.

The month is simulated through the CLI with DLSTUDY_NOW (in-process, several rollover hours and time
zones); what is checked is computed here from the outputs (`review --json`, `schedule --json`) with
zoneinfo, not with dlstudy's own clock code.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dlstudy.paths import db_path
from tests.srs.conftest import CARD, QUESTION

TOPICS = ["foundations", "training", "nlp", "llm", "vision"]
FOLLOW = """  - id: q{n}
    kind: short
    prompt: "And question {n} of {id}, after question {parent}?"
    answer: "{id}{n}"
    explanation: "Because."
    follows: q{parent}
"""


def write_syllabus(root: Path) -> Path:
    """5 topics x 3 cards x 3 questions (one card with a follow-up), prerequisites inside and across topics."""
    root.mkdir(parents=True, exist_ok=True)
    for t, topic in enumerate(TOPICS):
        for i in range(3):
            cid = f"{topic[:3]}{i}"
            pre = [f"{topic[:3]}{i - 1}"] if i else ([f"{TOPICS[t - 1][:3]}0"] if t else [])
            qs = "".join(QUESTION.format(n=n, id=cid) for n in (1, 2, 3))
            if cid == "tra1":
                qs += FOLLOW.format(n=4, id=cid, parent=2)
            (root / f"{cid}.yaml").write_text(CARD.format(id=cid, topic=topic, pre=pre, questions=qs.rstrip("\n")),
                                              encoding="utf-8")
    return root


def follow_root(key: tuple[str, str]) -> tuple[str, str]:
    return (key[0], "q2") if key == ("tra1", "q4") else key


@pytest.fixture(autouse=True)
def syllabus_only(monkeypatch):
    """The test decks alone, without the bundled cards (the CLI runs in-process)."""
    from dlstudy.content import loader

    real = loader._roots
    monkeypatch.setattr(loader, "_roots", lambda user_dirs, include_bundled: real(user_dirs, False))


@pytest.fixture
def zone(monkeypatch):
    """Set the process's time zone (TZ and tzset), and put it back afterwards."""
    def set_zone(name: str) -> ZoneInfo:
        monkeypatch.setenv("TZ", name)
        time.tzset()
        return ZoneInfo(name)

    monkeypatch.delenv("DLSTUDY_TZ_UTC", raising=False)
    yield set_zone
    monkeypatch.undo()
    time.tzset()


def study_day(when: datetime, tz: ZoneInfo, rollover: int) -> date:
    """The study day of a moment: the local date, the day starting at the rollover hour (independent of dlstudy)."""
    return (when.astimezone(tz) - timedelta(hours=rollover)).date()


def _answers_input(rnd: random.Random, n: int = 60) -> str:
    """n answers, each a wrong line and the learner's rating (again 15%, hard 10%, good 60%, easy 15%)."""
    return "".join(f"x\n{rnd.choices([1, 2, 3, 4], [15, 10, 60, 15])[0]}\n" for _ in range(n))


def _snapshot() -> list[tuple]:
    con = sqlite3.connect(db_path())
    try:
        return con.execute("SELECT * FROM question_state ORDER BY card_id, question_id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("rollover,tz_name", [(4, "UTC"), (0, "Asia/Kolkata"), (22, "Pacific/Honolulu")])
def test_a_simulated_month(cli, tmp_path, zone, rollover, tz_name):
    """30 days, three visits a day (an hour after the rollover, a quarter of an hour later, in the evening),
    every question answered: reviews due from the rollover of their day and all day, previews = the
    schedule, due before new, every topic started within 3 days, siblings apart, rebuild changes nothing."""
    tz = zone(tz_name)
    d = str(write_syllabus(tmp_path / "deck"))
    assert cli("config", "rollover_hour", str(rollover)).exit_code == 0
    rnd = random.Random(rollover)
    first_day = datetime(2026, 3, 2, tzinfo=tz)
    due_of: dict[tuple[str, str], datetime] = {}  # when each question comes back, as its last answer said
    shown_on: dict[date, dict[str, set]] = defaultdict(lambda: defaultdict(set))  # day -> card -> questions
    new_topics_by_day: dict[int, set[str]] = defaultdict(set)
    served_due = reviews_checked = 0
    for day in range(30):
        start = first_day + timedelta(days=day, hours=rollover)  # the rollover moment of this study day
        for visit in (timedelta(hours=1), timedelta(hours=1, minutes=15), timedelta(hours=14)):
            now = start + visit
            today = study_day(now, tz, rollover)
            assert today == (first_day + timedelta(days=day)).date()
            due_now = {k for k, when in due_of.items() if when <= now}
            r = cli("--content", d, "review", "--json", input=_answers_input(rnd, 150),
                    env={"DLSTUDY_NOW": now.isoformat(), "NO_COLOR": "1"})
            assert r.exit_code == 0, r.stderr[-2000:]
            answers = json.loads(r.stdout)["answers"]
            seen_here: set = set()
            first_new = next((i for i, a in enumerate(answers) if a["new"] and
                              not (i and follow_root((a["card"], a["question"])) ==
                                   follow_root((answers[i - 1]["card"], answers[i - 1]["question"])))), len(answers))
            for i, a in enumerate(answers):
                key = (a["card"], a["question"])
                due = datetime.fromisoformat(a["due"])
                assert a["previews"][["again", "hard", "good", "easy"][a["rating"] - 1]] == a["due"]  # preview = scheduled
                if due - now >= timedelta(hours=1):  # a review (a day or more): due at the rollover of its day
                    local = due.astimezone(tz)
                    assert (local.hour, local.minute, local.second) == (rollover, 0, 0), (a, local)
                    assert study_day(due, tz, rollover) > today
                    reviews_checked += 1
                else:  # a learning step: at its time, minutes away
                    assert timedelta(0) < due - now <= timedelta(minutes=15, seconds=1), a  # hard: 1.5 steps
                if key not in seen_here and not a["new"]:  # a question shown again: it was due (or learned ahead)
                    assert due_of[key] <= now + timedelta(minutes=20), (key, due_of[key], now)
                    if key in due_now:
                        served_due += 1
                        assert i < first_new, (key, "a due review after a new question", answers)
                seen_here.add(key)
                due_of[key] = due
                shown_on[today][key[0]].add(follow_root(key))
                if a["new"]:
                    new_topics_by_day[day].add(next(t for t in TOPICS if key[0].startswith(t[:3])))
            for key in due_now - seen_here:  # due but not asked: only a sibling of a question shown today waits
                assert shown_on[today][key[0]] - {follow_root(key)}, (key, "due and not asked", now)
        if day == 14:
            before = _snapshot()
            assert cli("--content", d, "doctor", "--rebuild",
                       env={"DLSTUDY_NOW": (start + timedelta(hours=15)).isoformat()}).exit_code == 0
            assert _snapshot() == before  # the log replayed gives every state exactly
    assert set().union(*(new_topics_by_day[i] for i in range(3))) == set(TOPICS)  # every topic within 3 days
    for day, cards in shown_on.items():  # siblings apart: one question (with its follow-ups) of a card a day
        assert all(len(groups) == 1 for groups in cards.values()), (day, dict(cards))
    assert served_due > 20 and reviews_checked > 30  # the checks above really ran
    before = _snapshot()
    assert cli("--content", d, "doctor", "--rebuild").exit_code == 0
    assert _snapshot() == before


def test_siblings_are_asked_on_the_same_day_with_bury_siblings_off(cli, tmp_path, zone):
    """The sibling check of the month can fail: with bury_siblings off, a card's questions come together."""
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    cli("config", "bury_siblings", "off")
    r = cli("--content", d, "review", "--json", input="x\n3\n" * 10,
            env={"DLSTUDY_NOW": "2026-03-02T09:00:00+00:00"})
    cards = [a["card"] for a in json.loads(r.stdout)["answers"]]
    assert len(cards) > len(set(cards))


def test_a_review_answered_in_the_evening_is_due_the_next_morning_of_its_day(cli, tmp_path, zone):
    """Issue 26, 1: easy on Dec 7 at 20:00 -> next on its day; on that day at 08:00 it is due now, and
    `stats` and the dashboard say so (not 'later today')."""
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    r = cli("--content", d, "review", "--new", "1", "--json", input="x\n4\n",
            env={"DLSTUDY_NOW": "2026-12-07T20:00:00+00:00", "COLUMNS": "200"})
    [a] = json.loads(r.stdout)["answers"]
    due = datetime.fromisoformat(a["due"])
    assert (due.hour, due.minute) == (4, 0)  # the study day's start (rollover 4)
    morning = (due.replace(hour=8)).isoformat()
    stats = json.loads(cli("--content", d, "stats", "--json", env={"DLSTUDY_NOW": morning}).stdout)
    assert (stats["due_now"], stats["later_today"]) == (1, 0)
    assert "1 question(s) due now" in cli("--content", d, env={"DLSTUDY_NOW": morning}).stdout
    r = cli("--content", d, "review", "--json", input="x\n3\n", env={"DLSTUDY_NOW": morning})
    assert [(x["card"], x["new"]) for x in json.loads(r.stdout)["answers"]][0] == (a["card"], False)


def test_undo_and_answer_again_show_the_same_previews(cli, tmp_path, zone):
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    env = {"DLSTUDY_NOW": "2026-03-02T09:00:00+00:00", "COLUMNS": "300", "NO_COLOR": "1"}
    cli("--content", d, "review", "--new", "1", input="x\n4\n", env=env)  # easy: a review some days ahead
    env["DLSTUDY_NOW"] = "2026-03-20T09:00:00+00:00"
    # answer, undo at the next question, answer the same question again (three times)
    r = cli("--content", d, "review", "--limit", "2", input="x\n3\nu\n" * 3 + "x\n3\n", env=env)
    lines = [ln for ln in r.stdout.splitlines() if "(again " in ln]
    assert len(lines) == 4 and r.stdout.count("undone") == 3
    previews = [ln[ln.index("(again "):] for ln in lines]
    assert len(set(previews)) == 1, previews


def test_the_review_limit_says_it_is_reached_and_more_goes_on(cli, tmp_path, zone):
    """Issue 26, 5: after reviews_per_day, `review` says the limit is reached and how to go on;
    `--more N` answers N more; reviews_per_day 0 also holds new questions back."""
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    cli("config", "new_per_day", "12")
    day1 = {"DLSTUDY_NOW": "2026-03-02T09:00:00+00:00", "COLUMNS": "300", "NO_COLOR": "1"}
    r = cli("--content", d, "review", "--json", input="x\n4\n" * 12, env=day1)  # 12 easy: reviews days ahead
    assert json.loads(r.stdout)["answered"] == 12
    cli("config", "reviews_per_day", "3")
    later = {**day1, "DLSTUDY_NOW": "2026-04-20T09:00:00+00:00"}
    r = cli("--content", d, "review", "--json", input="x\n3\n" * 20, env=later)
    assert json.loads(r.stdout)["answered"] == 3
    out = " ".join(r.stderr.split())
    assert "Today's review limit is reached (3 answers a day" in out and "dlstudy review --more" in out, out
    assert "question(s) due now: dlstudy review to continue" not in out
    r = cli("--content", d, "review", input="x\n3\n" * 20, env=later)  # the limit holds: nothing more today
    assert "Nothing answered." in r.stdout and "--more" in r.stdout
    r = cli("--content", d, "review", "--more", "2", "--json", input="x\n3\n" * 20, env=later)
    answers = json.loads(r.stdout)["answers"]
    assert len(answers) == 2 and not any(a["new"] for a in answers)  # two more, due reviews first
    assert "today's review limit holds" in " ".join(cli("--content", d, env=later).stdout.split())
    cli("config", "reviews_per_day", "0")
    fresh = {**day1, "DLSTUDY_NOW": "2026-04-21T09:00:00+00:00"}
    r = cli("--content", d, "review", "--json", input="x\n3\n" * 20, env=fresh)
    assert json.loads(r.stdout)["answered"] == 0  # no reviews, and no new questions either (Anki's rule)
    assert "Today's review limit is reached (0 answers a day" in " ".join(r.stderr.split())


def test_the_new_limit_says_it_is_reached_and_new_help_agrees(cli, tmp_path, zone):
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    cli("config", "new_per_day", "2")
    env = {"DLSTUDY_NOW": "2026-03-02T09:00:00+00:00", "COLUMNS": "300", "NO_COLOR": "1"}
    r = cli("--content", d, "review", "--new", "5", "--json", input="x\n4\n" * 10, env=env)
    assert json.loads(r.stdout)["answered"] == 2  # --new caps the session within today's limit
    out = " ".join(r.stderr.split())
    assert "Today's new-question limit is reached (2 a day)" in out and "dlstudy review --more" in out, out
    r = cli("--content", d, "review", "--more", "1", "--json", input="x\n4\n" * 10, env=env)
    assert [a["new"] for a in json.loads(r.stdout)["answers"]] == [True]
    help_text = " ".join(cli("review", "--help").stdout.split())
    assert "within today's limits" in help_text and "overrides the daily limit" not in help_text


def test_limit_never_drops_a_due_review_for_a_new_one(cli, tmp_path, zone):
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    env = {"DLSTUDY_NOW": "2026-03-02T09:00:00+00:00", "NO_COLOR": "1"}
    cli("--content", d, "review", "--new", "2", input="x\n4\n" * 2, env=env)
    env["DLSTUDY_NOW"] = "2026-04-20T09:00:00+00:00"
    r = cli("--content", d, "review", "--limit", "2", "--json", input="x\n3\n" * 5, env=env)
    assert [a["new"] for a in json.loads(r.stdout)["answers"]] == [False, False]


def test_the_dashboard_new_column_is_todays_allowance_beside_the_unseen(cli, tmp_path, zone):
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    cli("config", "new_per_day", "4")
    env = {"DLSTUDY_NOW": "2026-03-02T09:00:00+00:00", "COLUMNS": "200", "NO_COLOR": "1"}
    out = cli("--content", d, env=env).stdout
    rows = {line.split("(")[1].split(")")[0]: line for line in out.splitlines() if "(" in line and "│" in line}
    allowance = {t: int(rows[t].split("│")[-2].split()[0]) for t in TOPICS}
    assert sum(allowance.values()) == 4 and sum(1 for n in allowance.values() if n) == 4  # 4 topics, one each
    assert all("of 9 unseen" in rows[t] or "of 10 unseen" in rows[t] for t in TOPICS)
    r = cli("--content", d, "review", "--json", input="x\n3\n" * 10, env=env)
    served = defaultdict(int)
    for a in json.loads(r.stdout)["answers"]:
        if a["new"]:
            served[next(t for t in TOPICS if a["card"].startswith(t[:3]))] += 1
    assert dict(served) == {t: n for t, n in allowance.items() if n}  # the dashboard said what review did


def test_new_order_deck_is_topic_by_topic(cli, tmp_path, zone):
    zone("UTC")
    d = str(write_syllabus(tmp_path / "deck"))
    cli("config", "new_order", "deck")
    r = cli("--content", d, "review", "--json", input="x\n3\n" * 30, env={"DLSTUDY_NOW": "2026-03-02T09:00:00+00:00"})
    cards = [a["card"] for a in json.loads(r.stdout)["answers"] if a["new"]]
    assert cards[:3] == ["fou0", "fou1", "fou2"]  # foundations first, in prerequisite order


def test_review_order_retrievability_takes_the_weakest_first(store, deck, frozen):
    """A question due long ago but learned well, and one due later but barely learned: by due date the
    first comes first; by predicted recall (Anki's answer to a backlog) the second."""
    from dlstudy.srs.review import ReviewEngine
    from dlstudy.srs.scheduler import make_scheduler, retrievability
    from dlstudy.srs.settings import Settings

    store.set_config("bury_siblings", "off")
    engine = ReviewEngine(store, deck, clock=frozen)
    strong = engine.next_item()
    engine.answer(strong, 4)  # easy: stability about 8 days, due about 8 days later
    frozen.advance(days=30)
    weak = next(i for i in ReviewEngine(store, deck, clock=frozen).queue() if i.is_new)
    engine = ReviewEngine(store, deck, clock=frozen)
    engine.answer(weak, 3)
    frozen.advance(minutes=10)
    engine.answer(next(i for i in engine.queue() if i.key == weak.key), 3)  # graduates: small stability
    frozen.advance(days=30)
    orders = {}
    for order in ("due", "retrievability"):
        store.set_config("review_order", order)
        settings = Settings.from_config(store.get_config())
        items = [i for i in ReviewEngine(store, deck, clock=frozen, settings=settings).queue() if not i.is_new]
        orders[order] = [i.key for i in items]
        scheduler = make_scheduler(settings)
        recall = [retrievability(scheduler, i.state.fsrs, frozen.now()) for i in items]
    assert orders["due"] == [strong.key, weak.key]
    assert orders["retrievability"] == [weak.key, strong.key] and recall == sorted(recall)


def test_learning_steps_relearning_steps_and_maximum_interval_reach_the_scheduler(cli, store, deck, frozen):
    from dlstudy.srs.review import ReviewEngine
    from dlstudy.srs.scheduler import make_scheduler
    from dlstudy.srs.settings import Settings

    assert cli("config", "learning_steps", "2m 15m 1h").stdout.strip() == "learning_steps = 2m,15m,1h"
    assert cli("config", "relearning_steps", "").stdout.strip() == "relearning_steps = (none)"
    assert cli("config", "maximum_interval", "30").exit_code == 0
    for key, bad in (("learning_steps", "10"), ("learning_steps", "1m," * 11), ("relearning_steps", "0m"),
                     ("maximum_interval", "0"), ("maximum_interval", "36501"), ("new_order", "random"),
                     ("review_order", "random"), ("bury_siblings", "maybe")):
        r = cli("config", key, bad)
        assert r.exit_code == 2 and "error:" in r.stderr, (key, bad, r.stderr)
    settings = Settings.from_config(store.get_config())
    scheduler = make_scheduler(settings)
    assert scheduler.learning_steps == (timedelta(minutes=2), timedelta(minutes=15), timedelta(hours=1))
    assert scheduler.relearning_steps == () and scheduler.maximum_interval == 30
    engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
    item = engine.next_item()
    states = engine.next_states(item, frozen.now())
    assert states.previews()[1] - states.at == 120  # again: the first learning step, 2 minutes
    for _ in range(8):  # easy over and over: never beyond the maximum interval
        states = engine.next_states(item, frozen.now())
        engine.answer(item, 4, states=states)
        assert states.previews()[4] - states.at <= 30 * 86400
        frozen.set(datetime.fromtimestamp(states.previews()[4], timezone.utc))
        item = next(i for i in engine.queue() if i.key == item.key)
    assert "Anki" in cli("config").stdout  # the defaults are documented as Anki's


# ---------- 2. one schedule, whoever computes it ----------

@pytest.mark.parametrize("interval,lower,middle,upper", [
    # Anki's own cases (rslib/src/scheduler/states/fuzz.rs, minimum 1, maximum 1000): factors 0, 0.5, 0.99
    (1.0, 1, 1, 1), (2.49, 2, 2, 2), (2.5, 2, 3, 4), (7.0, 5, 7, 9), (17.0, 14, 17, 20), (37.0, 33, 37, 41)])
def test_fuzz_follows_ankis_ranges(interval, lower, middle, upper):
    from dlstudy.srs.fuzz import fuzzed_days

    assert [fuzzed_days(interval, f, 1, 1000) for f in (0.0, 0.5, 0.99)] == [lower, middle, upper]


@pytest.mark.parametrize("interval,minimum,maximum,expected", [
    (2.0, 3, 1000, (3, 4, 4)), (100.0, 1, 99, (92, 96, 99)), (100.0, 97, 103, (97, 100, 103)),
    (100.0, 101, 1000, (101, 105, 108))])
def test_fuzz_respects_the_bounds_as_anki_does(interval, minimum, maximum, expected):
    from dlstudy.srs.fuzz import fuzzed_days

    assert tuple(fuzzed_days(interval, f, minimum, maximum) for f in (0.0, 0.5, 0.99)) == expected


def test_fuzz_is_seeded_by_the_question_and_its_review_count():
    from dlstudy.srs.fuzz import fuzz_factor

    assert fuzz_factor("bayes-rule", "screening-test", 3) == fuzz_factor("bayes-rule", "screening-test", 3)
    factors = {fuzz_factor("card", f"q{i}", reps) for i in range(50) for reps in range(5)}
    assert len(factors) == 250 and all(0 <= f < 1 for f in factors)
    assert 0.3 < sum(factors) / len(factors) < 0.7  # spread over [0, 1)


@pytest.mark.slow
def test_rebuild_moves_no_due_date_on_a_10000_review_history(tmp_path, monkeypatch):
    """10,000 answers with fuzz on (through the function the live path uses), then `doctor --rebuild`:
    every state is reproduced exactly."""
    from dlstudy.srs.answer import record_answer
    from dlstudy.srs.rebuild import rebuild_states
    from dlstudy.srs.records import Answer
    from dlstudy.srs.scheduler import make_scheduler
    from dlstudy.srs.settings import Settings
    from dlstudy.srs.store import Store

    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    rnd = random.Random(26)
    with Store.open(tmp_path / "big.db") as store:
        settings = Settings.from_config(store.get_config())
        assert settings.fuzz
        scheduler = make_scheduler(settings)
        due = {(f"card{i % 60}", f"q{i}"): 1.8e9 + rnd.random() * 86400 * 30 for i in range(400)}
        for _ in range(10_000):
            key = min(due, key=due.__getitem__)
            at = due[key] + rnd.random() * 86400 * 3
            rating = rnd.choices([1, 2, 3, 4], [10, 10, 70, 10])[0]
            recorded = record_answer(store, scheduler, Answer(key[0], key[1], at, rating, 1000), journal=False)
            due[key] = max(recorded.scheduled.due, at + 60)
        before = store.query("SELECT * FROM question_state ORDER BY card_id, question_id")
        assert store.query("SELECT count(*) FROM review_log")[0][0] == 10_000
        rebuild_states(store)
        after = store.query("SELECT * FROM question_state ORDER BY card_id, question_id")
    moved = sum(1 for b, a in zip(before, after) if b[3] != a[3])
    assert len(before) == len(after) == 400 and moved == 0 and before == after


# ---------- 6. small things ----------

def test_review_help_lists_the_keys_the_prompts_read(cli):
    from dlstudy.session.keys import AFTER_KEYS, REVIEW_COMMANDS

    text = " ".join(cli("review", "--help").stdout.split())
    assert "u answer again" not in text and "r answer again" in text
    assert all(f"{k} {v}" in text for k, v in AFTER_KEYS.items())
    assert all(cmd in text for cmd in ("u undo last", "! suspend", ":b bury", ":f flag")) and len(REVIEW_COMMANDS) == 4


def test_the_keys_the_help_lists_do_what_it_says(cli, tmp_path, monkeypatch):
    """At the rating prompt r answers again and q quits; at the question u undoes, :b buries, ! suspends,
    :f flags (the asker reads the keys from session/keys.py, which the help lists)."""
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = str(write_syllabus(tmp_path / "deck"))
    r = cli("--content", d, "review", input="x\nr\nx\n3\nu\nx\n3\n:b\n!\n:f\nx\nq\n")
    assert "answer discarded" in r.stdout and "undone:" in r.stdout and "buried" in r.stdout
    assert "suspended" in r.stdout and "flagged" in r.stdout and "Review summary" in r.stdout


def test_history_hides_sessions_without_an_answer_unless_all(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = str(write_syllabus(tmp_path / "deck"))
    cli("--content", d, "review", input="q\n")  # quit at the first prompt
    cli("--content", d, "review", input="x\n3\n")
    rows = json.loads(cli("history", "--json").stdout)
    assert [r["answered"] for r in rows] == [1]
    assert sorted(r["answered"] for r in json.loads(cli("history", "--all", "--json").stdout)) == [0, 1]


def test_the_heatmap_legend_counts_whole_reviews():
    from dlstudy.render.stats import legend_steps

    assert legend_steps(55) == ["░ 1-13", "▒ 14-27", "▓ 28-41", "█ 42-55"]
    assert legend_steps(2) == ["▒ 1", "█ 2"]  # a shade no day can have is left out
    for top in range(1, 60):  # each count has exactly the shade the calendar draws for it
        shades = {n: min(4, max(1, -(-4 * n // top))) for n in range(1, top + 1)}
        listed = {}
        for step in legend_steps(top):
            shade, span = step.split(" ")
            lo, _, hi = span.partition("-")
            for n in range(int(lo), int(hi or lo) + 1):
                listed[n] = " ░▒▓█".index(shade)
        assert listed == shades, top


def test_one_bit_is_singular():
    from dlstudy.kinds.base import Tolerance
    from dlstudy.kinds.numeric import grade_value

    assert grade_value("1", 1.0, Tolerance(abs=0.01), "bits", None).expected == "1 bit"
    assert grade_value("2", 2.0, Tolerance(abs=0.01), "bits", None).expected == "2 bits"
    assert grade_value("1", 1.0, Tolerance(abs=0.01), "bits/byte", None).expected == "1 bits/byte"
