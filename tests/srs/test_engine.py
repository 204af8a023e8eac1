"""The review engine against the fsrs scheduler itself, over weeks of simulated days."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from dlstudy.srs.due import day_end, is_due
from dlstudy.srs.review import ReviewEngine
from dlstudy.srs.scheduler import Settings, fsrs_card_id


def _settings(store, **over):
    for k, v in over.items():
        store.set_config(k, str(v))
    return Settings.from_config(store.get_config())


def test_sixty_days_follow_the_fsrs_scheduler_and_respect_limits(store, deck, frozen):
    settings = _settings(store, new_per_day=3, reviews_per_day=5)
    rnd = random.Random(7)
    answers: dict[tuple[str, str], list[tuple[datetime, int]]] = defaultdict(list)
    per_day_new: Counter = Counter()
    per_day_rev: Counter = Counter()
    start = frozen.now()
    for day in range(60):
        frozen.set(start + timedelta(days=day))
        engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
        for _ in range(200):
            item = engine.next_item()
            if item is None:
                break
            now = frozen.now()
            state = store.state(*item.key)
            assert item.is_new == (state is None)
            if state is not None:  # due (its study day has come, or its step's time), or a step learned ahead
                assert is_due(state.due, state.last_review, (now + timedelta(minutes=20)).timestamp(),
                              day_end(now, settings.rollover_hour))
            rating = 1 if rnd.random() < 0.2 else rnd.choice([3, 3, 3, 2, 4])
            engine.answer(item, rating)
            answers[item.key].append((now, rating))
            (per_day_new if state is None else per_day_rev)[day] += 1
            frozen.set(now + timedelta(minutes=rnd.randint(1, 12)))
    assert max(per_day_new.values()) <= 3
    assert sum(per_day_new.values()) == 12  # all 12 questions introduced, three a day
    assert max(per_day_rev.values()) <= 5 + 12  # reviews capped; learning steps re-asked count as reviews too
    # every stored state equals an independent replay of the same answers through fsrs
    reference = Scheduler(enable_fuzzing=False, desired_retention=0.9)
    for (cid, qid), seq in answers.items():
        card = FsrsCard(card_id=fsrs_card_id(cid, qid), due=seq[0][0])
        for when, rating in seq:
            card, _ = reference.review_card(card, Rating(rating), review_datetime=when)
        stored = store.state(cid, qid)
        assert abs(stored.due - card.due.timestamp()) < 1e-6, (cid, qid)
        assert abs(stored.stability - card.stability) < 1e-9
    assert store.query("SELECT count(*) FROM review_log")[0][0] == sum(len(v) for v in answers.values())


def test_review_limit_bounds_reviews_and_new_questions_together(store, deck, frozen):
    """Anki's rule: reviews_per_day counts the day's answers, new ones included."""
    settings = _settings(store, new_per_day=12, reviews_per_day=2, bury_siblings="off")
    engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
    first = engine.queue()
    assert len(first) == 2 and all(i.is_new for i in first)  # 12 new allowed, but 2 answers a day
    for item in first:
        engine.answer(item, 4)
    assert engine.queue() == []
    frozen.advance(days=30)
    engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
    due = engine.queue()
    assert len(due) == 2 and not any(i.is_new for i in due)  # the due reviews take the day's two


def test_new_questions_come_in_prerequisite_order(store, deck, frozen):
    settings = _settings(store, new_per_day=12, bury_siblings="off")
    order = [i.card.id for i in ReviewEngine(store, deck, clock=frozen, settings=settings).queue()]
    assert order.index("beta") < order.index("zeta") < order.index("gamma")
    assert len(order) == 12


def test_due_reviews_come_before_new_questions(store, deck, frozen):
    settings = _settings(store, new_per_day=2)
    engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
    for item in engine.queue():
        engine.answer(item, 4)  # easy: straight to review
    frozen.advance(days=30)
    kinds = [i.is_new for i in ReviewEngine(store, deck, clock=frozen, settings=_settings(store, new_per_day=2)).queue()]
    assert kinds == [False, False, True, True]  # what forgetting costs first, then new questions


def test_undo_restores_the_exact_previous_state(store, deck, frozen):
    settings = _settings(store)
    engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
    item = engine.next_item()
    engine.answer(item, 3)
    frozen.advance(days=3)
    before = store.state(*item.key)
    logs_before = store.query("SELECT * FROM review_log ORDER BY id")
    engine.answer(item, 1)
    assert store.state(*item.key) != before
    back = engine.undo()
    assert back.key == item.key
    assert store.state(*item.key) == before
    assert store.query("SELECT * FROM review_log ORDER BY id") == logs_before
    engine.undo()  # undo the first answer too: the question is new again
    assert store.state(*item.key) is None
    # then the device's earlier actions, one step at a time (issue 27): the fixture's setting
    assert engine.undo().what == "setting fuzz = false"
    assert engine.undo() is None


def test_rerate_replaces_the_rating_atomically(store, deck, frozen):
    engine = ReviewEngine(store, deck, clock=frozen, settings=_settings(store))
    item = engine.next_item()
    done = engine.answer(item, 3)
    engine.rerate(done, 4)
    assert [r for (r,) in store.query("SELECT rating FROM review_log")] == [4]


def test_bury_until_the_next_study_day_and_suspend_for_good(store, deck, frozen):
    settings = _settings(store, rollover_hour=4)
    engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
    first, second = engine.queue()[:2]
    engine.bury(first)
    engine.suspend(second)
    keys = [i.key for i in engine.queue()]
    assert first.key not in keys and second.key not in keys
    frozen.set(datetime(2026, 3, 3, 3, 59, tzinfo=timezone.utc))  # still the same study day
    assert first.key not in [i.key for i in ReviewEngine(store, deck, clock=frozen, settings=settings).queue()]
    frozen.set(datetime(2026, 3, 3, 4, 0, tzinfo=timezone.utc))  # next study day
    keys = [i.key for i in ReviewEngine(store, deck, clock=frozen, settings=_settings(store, new_per_day=20)).queue()]
    assert first.key in keys and second.key not in keys


def test_rollover_hour_decides_which_day_an_answer_counts_for(store, deck, frozen):
    settings = _settings(store, new_per_day=2, rollover_hour=4)
    frozen.set(datetime(2026, 3, 2, 23, 0, tzinfo=timezone.utc))
    engine = ReviewEngine(store, deck, clock=frozen, settings=settings)
    for item in [i for i in engine.queue() if i.is_new]:
        engine.answer(item, 4)
    frozen.set(datetime(2026, 3, 3, 3, 30, tzinfo=timezone.utc))  # before 4 am: same study day
    assert not [i for i in ReviewEngine(store, deck, clock=frozen, settings=settings).queue() if i.is_new]
    frozen.set(datetime(2026, 3, 3, 4, 30, tzinfo=timezone.utc))  # after 4 am: a new day
    assert len([i for i in ReviewEngine(store, deck, clock=frozen, settings=settings).queue() if i.is_new]) == 2
    settings = _settings(store, rollover_hour=0)
    frozen.set(datetime(2026, 3, 3, 0, 30, tzinfo=timezone.utc))
    assert len([i for i in ReviewEngine(store, deck, clock=frozen, settings=settings).queue() if i.is_new]) == 2


def test_topic_filter_and_session_limit(store, deck, frozen):
    settings = _settings(store, new_per_day=20)
    assert {i.card.topic for i in ReviewEngine(store, deck, clock=frozen, settings=settings, topic="omega").queue()} == {"omega"}
    assert len(ReviewEngine(store, deck, clock=frozen, settings=settings, limit=3).queue()) == 3
    assert len(ReviewEngine(store, deck, clock=frozen, settings=settings, new_limit=1).queue()) == 1
