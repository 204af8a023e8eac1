"""Cheap due/new counts for the dashboard (no fsrs import, read-only, no database created): today's
plan (srs/queue.py) over the whole deck, as `dlstudy review` would take it, counted per topic."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any


def due_counts(deck: Any, now: datetime) -> dict[str, Any]:
    """Per topic: due now and later today (srs/due.py's definition), the new questions today's plan
    brings (`new_by_topic`, today's allowance) and the questions never seen (`unseen_by_topic`)."""
    from dlstudy.paths import db_path
    from dlstudy.srs.clock import day_start
    from dlstudy.srs.queue import plan_today
    from dlstudy.srs.settings import Settings, config_problems

    topic_of = {(c.id, qid): c.topic for c in deck.cards for qid in c.question_ids}
    states: dict[Any, Any] = {}
    flags: dict[Any, Any] = {}
    answered: list[Any] = []
    stored: dict[str, str] = {}
    if db_path().exists():
        from dlstudy.srs.store import Store

        with Store.open(create=False, readonly=True) as store:
            stored = store.get_config()
            settings = Settings.from_config(stored)
            states, flags = store.state_index(), store.flags()
            answered = store.reviews_since(day_start(now, settings.rollover_hour).timestamp())
    settings = Settings.from_config(stored)
    plan = plan_today(deck.cards, states, flags, answered, settings, now)
    new = plan.new
    planned = False
    if stored.get("plan"):  # a study plan decides today's new questions (srs/plan_review.py), as in review
        new, planned = _study_plan_new(deck, plan, states, flags, answered, settings, now), True

    def per_topic(keys: list[Any]) -> dict[str, int]:
        return dict(Counter(topic_of[k] for k in keys if k in topic_of))

    return {"due": plan.counts.now, "later_today": plan.counts.later,
            "due_by_topic": per_topic(plan.due.steps + plan.due.reviews), "later_by_topic": per_topic(plan.due.later),
            "new_by_topic": per_topic(new), "unseen_by_topic": per_topic([k for k in topic_of if k not in states]),
            "new_today": len(new), "new_from_plan": planned, "held": plan.held_reviews, "new_held": plan.new_held,
            "reviewed_ever": bool(states), "settings_problems": config_problems(stored)}


def _study_plan_new(deck: Any, plan: Any, states: Any, flags: Any, answered: Any, settings: Any,
                    now: datetime) -> list[Any]:
    """The new questions a study plan brings today (its syllabus, its pace and minutes); the plain
    allowance once the plan has ended or when the stored one is not valid."""
    from dlstudy.srs.plan_review import load, reshape
    from dlstudy.srs.store import Store

    with Store.open(create=False, readonly=True) as store:
        ctx, _problem = load(store, deck.cards, settings, now)
    if ctx is None or ctx.ended:
        return list(plan.new)

    def scheduler() -> Any:
        from dlstudy.srs.scheduler import make_scheduler

        return make_scheduler(settings)

    return reshape(ctx, plan, deck.cards, states, flags, answered, settings, now, scheduler).new
