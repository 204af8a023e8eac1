"""The study plan's rules (dlstudy/srs/plan.py): the peak rule, pacing, the stored plan.

Retrievability is checked against FSRS-6's forgetting curve written out here,
R = (1 + F·t/S)^(-w20) with F = 0.9^(-1/w20) - 1 and t in whole days, not against the code under test."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler, State

from dlstudy.errors import UsageError
from dlstudy.srs import plan

W20 = 0.1542  # FSRS-6's default decay
NOW = datetime(2026, 3, 10, 10, tzinfo=timezone.utc)
INTERVIEW = datetime(2026, 3, 20, 12, tzinfo=timezone.utc)


def recall(stability: float, days: int) -> float:
    f = 0.9 ** (-1 / W20) - 1
    return (1 + f * days / stability) ** -W20


def review_card(stability: float, last: datetime, due: datetime, difficulty: float = 5.0) -> Card:
    return Card(card_id=1, state=State.Review, step=None, stability=stability, difficulty=difficulty, due=due,
                last_review=last)


def scheduler() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def test_peak_rule_brings_forward_a_question_below_the_target_and_leaves_one_above_alone():
    target = plan.peak_target(0.9)
    assert target == pytest.approx(0.97)
    last = NOW - timedelta(days=2)
    days_to_interview = (INTERVIEW - last).days  # 12 whole days from the last review
    weak = review_card(20.0, last, due=NOW + timedelta(days=15))  # not due for two weeks ...
    strong = review_card(2000.0, last, due=NOW - timedelta(hours=1))  # ... and one FSRS says is due now
    assert recall(20.0, days_to_interview) < target < recall(2000.0, days_to_interview)
    q = plan.peak_queue([plan.Candidate("weak", weak), plan.Candidate("strong", strong)], scheduler=scheduler(),
                        now=NOW, interview=INTERVIEW, target=target)
    assert [s.key for s in q.serve] == ["weak"]
    assert q.serve[0].brought_forward  # served although it is not due
    assert q.serve[0].recall_on_day == pytest.approx(recall(20.0, days_to_interview), abs=1e-9)
    assert q.left_alone == ["strong"]  # due, but it will still be recalled on the day: not reviewed needlessly


def test_a_due_question_below_the_target_is_served_and_not_marked_brought_forward():
    due = review_card(5.0, NOW - timedelta(days=6), due=NOW - timedelta(hours=2))
    q = plan.peak_queue([plan.Candidate("due", due)], scheduler=scheduler(), now=NOW, interview=INTERVIEW,
                        target=0.97)
    assert [(s.key, s.brought_forward) for s in q.serve] == [("due", False)]


def test_due_steps_come_first_and_steps_not_due_wait():
    s = scheduler()
    learning, _ = s.review_card(Card(card_id=2, due=NOW), Rating.Good, review_datetime=NOW - timedelta(minutes=30))
    assert learning.state == State.Learning and learning.due <= NOW  # its 10-minute step is due
    later, _ = s.review_card(Card(card_id=3, due=NOW), Rating.Good, review_datetime=NOW - timedelta(minutes=1))
    assert later.state == State.Learning and later.due > NOW
    weak = review_card(3.0, NOW - timedelta(days=1), due=NOW + timedelta(days=2))
    q = plan.peak_queue([plan.Candidate("weak", weak), plan.Candidate("step", learning),
                         plan.Candidate("later", later)], scheduler=s, now=NOW, interview=INTERVIEW, target=0.97)
    assert [x.key for x in q.serve] == ["step", "weak"]


def test_served_in_order_of_the_recall_a_review_is_expected_to_add():
    """The gain is p·R_pass + (1-p)·R_fail - R, with every term taken from fsrs directly here."""
    s = scheduler()
    cards = {f"q{i}": review_card(stab, NOW - timedelta(days=ago), due=NOW + timedelta(days=1), difficulty=d)
             for i, (stab, ago, d) in enumerate([(1.5, 3, 8.0), (6.0, 2, 5.0), (12.0, 9, 3.0), (40.0, 30, 6.0)])}
    q = plan.peak_queue([plan.Candidate(k, c) for k, c in cards.items()], scheduler=s, now=NOW, interview=INTERVIEW,
                        target=0.99)
    assert len(q.serve) == 4

    def gain(card: Card) -> float:
        p = s.get_card_retrievability(card, NOW)
        passed, _ = s.review_card(card, Rating.Good, review_datetime=NOW)
        failed, _ = s.review_card(card, Rating.Again, review_datetime=NOW)
        failed, _ = s.review_card(failed, Rating.Good, review_datetime=failed.due)  # the one relearning step
        assert failed.state == State.Review
        return (p * s.get_card_retrievability(passed, INTERVIEW) + (1 - p) * s.get_card_retrievability(failed, INTERVIEW)
                - s.get_card_retrievability(card, INTERVIEW))

    expected = sorted(cards, key=lambda k: -gain(cards[k]))
    assert [x.key for x in q.serve] == expected
    for x in q.serve:
        assert x.gain == pytest.approx(gain(cards[x.key]), abs=1e-12)


def test_pacing_leaves_the_last_quarter_for_review_only():
    assert plan.review_only_days(20) == 5  # 20 days out: new questions on days 1-15
    assert plan.review_only_days(3) == 0 and plan.review_only_days(4) == 1
    assert plan.review_only_days(200) == plan.MAX_REVIEW_ONLY_DAYS
    spec = plan.PlanSpec(date(2026, 3, 22), date(2026, 3, 2))
    assert spec.cutoff == date(2026, 3, 17)  # 2026-03-02 + 15 days: the first review-only day
    assert plan.pace(147, 15) == 10 and plan.pace(150, 15) == 10 and plan.pace(151, 15) == 11
    assert plan.pace(5, 0) == 0 and plan.pace(0, 4) == 0


def test_new_allowance_is_the_pace_or_what_the_minutes_allow():
    assert plan.new_allowance(pace_left=4, unstarted=100, spare_answers=5.0, per_new=2.5) == 4
    assert plan.new_allowance(pace_left=4, unstarted=100, spare_answers=50.0, per_new=2.5) == 20
    assert plan.new_allowance(pace_left=4, unstarted=3, spare_answers=50.0, per_new=2.5) == 3
    assert plan.new_allowance(pace_left=-2, unstarted=10, spare_answers=-4.0, per_new=2.5) == 0


def test_seconds_per_answer_is_the_median_of_timed_answers_after_enough_of_them():
    assert plan.seconds_per_answer([12_000] * 19) == plan.DEFAULT_SECONDS_PER_ANSWER
    times = [10_000] * 10 + [30_000] * 11 + [None, 0, -5]
    assert plan.seconds_per_answer(times) == 30.0
    assert plan.seconds_per_answer([3_600_000] * 25) == plan.MAX_SECONDS_COUNTED  # a break is not an answer


def test_the_stored_plan_round_trips_and_a_damaged_one_is_reported():
    spec = plan.PlanSpec(date(2026, 5, 1), date(2026, 3, 2), ("llm", "nlp"), 45)
    assert plan.PlanSpec.from_json(spec.to_json()) == spec
    assert plan.stored_plan({}) == (None, None)
    assert plan.stored_plan({"plan": spec.to_json()}) == (spec, None)
    for bad in ("{", "[]", '{"date": "2026-13-01", "start": "2026-03-02"}',
                '{"date": "2026-05-01", "start": "2026-03-02", "minutes": 0}',
                '{"date": "2026-05-01", "start": "2026-03-02", "topics": "llm"}',
                '{"date": "2026-01-01", "start": "2026-03-02"}'):
        got, why = plan.stored_plan({"plan": bad})
        assert got is None and "dlstudy plan --clear" in why


@pytest.mark.parametrize("when,topics,minutes,message", [
    (date(2026, 3, 1), (), 30, "in the past"),
    (date(2028, 3, 3), (), 30, "more than two years away"),
    (date(2026, 5, 1), ("lmm",), 30, "no topic 'lmm'"),
    (date(2026, 5, 1), (), 0, "--minutes must be from 1 to 600"),
])
def test_bad_plans_are_refused(when, topics, minutes, message):
    spec = plan.PlanSpec(when, date(2026, 3, 2), topics, minutes)
    with pytest.raises(UsageError, match=message):
        plan.check_spec(spec, ["llm", "nlp"], today=date(2026, 3, 2))
    plan.check_spec(plan.PlanSpec(date(2028, 3, 1), date(2026, 3, 2), ("llm",), 600), ["llm"],
                    today=date(2026, 3, 2))  # two years to the day, and the bounds themselves, are fine


def test_interview_moment_is_eight_hours_into_the_study_day(monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    assert plan.interview_moment(date(2026, 3, 20), 4) == datetime(2026, 3, 20, 12, tzinfo=timezone.utc)
    assert plan.interview_moment(date(2026, 3, 20), 0) == datetime(2026, 3, 20, 8, tzinfo=timezone.utc)


def _day(spec, today, **kw):
    args = {"today": today, "due": [], "candidates": lambda: [], "unstarted": 0, "new_today": 0,
            "answers_today": 0.0, "budget_answers": 90.0, "per_new": 2.5, "scheduler": scheduler(), "now": NOW,
            "day_end": NOW + timedelta(hours=18), "interview": INTERVIEW}
    return plan.day_plan(spec, **{**args, **kw})


def test_a_day_before_the_review_only_days_paces_new_questions():
    spec = plan.PlanSpec(date(2026, 3, 20), date(2026, 3, 2))  # 18 days: 4 review-only, cutoff 03-16
    today = date(2026, 3, 10)  # 6 introduction days left
    d = _day(spec, today, due=["a", "b"], unstarted=60, budget_answers=90.0)
    assert (d.peak, d.pace, d.first, d.reviews) == (False, 10, 0, ["a", "b"])
    assert d.new == int((90 - 2) // 2.5)  # more than the pace while the minutes allow
    d = _day(spec, today, due=["a", "b"], unstarted=60, new_today=4, answers_today=80.0)
    assert d.pace == 11 - 4  # ceil(64 / 6) = 11 a day, 4 done: 7 still asked for today ...
    assert (d.first, d.new) == (7, 0)  # ... and with 10 answers left, they come before the two reviews
    tight = _day(spec, today, due=[f"r{i}" for i in range(85)], unstarted=60)  # 85 due + 10 new do not fit 90
    assert tight.first == 10 and tight.new == 0  # the pace first


def test_a_review_only_day_serves_the_peak_rule_and_what_is_still_unstarted_when_behind():
    spec = plan.PlanSpec(date(2026, 3, 20), date(2026, 3, 2))
    last = NOW - timedelta(days=2)
    cards = {"weak": review_card(20.0, last, due=NOW + timedelta(days=15)),
             "due": review_card(4.0, NOW - timedelta(days=5), due=NOW - timedelta(hours=1)),
             "strong": review_card(2000.0, last, due=NOW - timedelta(hours=1))}
    pool = lambda: [plan.Candidate(k, c) for k, c in cards.items()]  # noqa: E731
    d = _day(spec, date(2026, 3, 17), due=["due", "strong", "other"], candidates=pool)
    assert d.peak and d.new == 0 and d.left_alone == ["strong"]
    assert set(d.reviews) == {"weak", "due", "other"} and d.reviews[-1] == "other"  # outside the syllabus: last
    d = _day(spec, date(2026, 3, 17), due=["due", "strong"], candidates=pool, answers_today=89.0)
    assert d.reviews == ["due"]  # no minutes left: nothing brought forward, the due one still served
    d = _day(spec, date(2026, 3, 17), due=["due"], candidates=pool, unstarted=5)
    assert d.reviews == ["due"] and d.new == 5 and d.extra == ["weak"]  # behind: due, new, then brought forward
