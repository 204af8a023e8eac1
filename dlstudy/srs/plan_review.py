"""The study plan in `review` (and the dashboard's new column): today's queue (srs/queue.py) reshaped by
the plan's rules for the day (srs/plan.py's day_plan, the rule the forecast and the simulation follow).

While a plan runs, new questions come only from its syllabus, as many as the day's rule allows (the
pace, more while the day's minutes last), before the due reviews on a day that cannot hold both.
Siblings wait as usual (bury_siblings), except when the pace cannot be kept without them. In
the review-only days the peak rule orders the reviews: what would not be recalled on the day is
brought forward (within the day's minutes), what will be is left alone. Questions outside the
syllabus keep their ordinary schedule. After the date nothing changes: ordinary scheduling.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Callable, Iterable, Mapping, Sequence

from dlstudy.srs import clock, plan
from dlstudy.srs.due import Key, blocked, day_end, follow_groups
from dlstudy.srs.plan import PlanSpec
from dlstudy.srs.queue import Plan, plan_today


@dataclass
class Context(plan.Countdown):
    """What a session reads once about the plan.

    Attributes:
        spec: the stored plan; today: the study day the session started on.
        syllabus: the plan's questions among the session's cards (suspended ones left out).
        budget: the answers the plan's minutes allow in a day at the learner's seconds per answer.
        interview: the moment recall on the day is measured (UTC).
    """

    spec: PlanSpec
    today: date
    syllabus: set[Key]
    budget: float
    interview: datetime


def load(store: Any, cards: Sequence[Any], settings: Any, now: datetime) -> tuple[Context | None, str | None]:
    """The plan for a session over `cards` (None without a plan), and the warning for a stored plan that is
    not valid."""
    spec, problem = plan.stored_plan(store.get_config())
    if spec is None:
        return None, problem
    from dlstudy.srs.plan_forecast import syllabus_of

    today = date.fromisoformat(clock.study_day(now, settings.rollover_hour))
    seconds = plan.seconds_per_answer(store.recent_durations(plan.TIMED_ANSWERS_USED))
    syllabus = set(syllabus_of(cards, spec.topics, store.suspended()))
    return Context(spec, today, syllabus, spec.minutes * 60.0 / seconds,
                   plan.interview_moment(spec.date, settings.rollover_hour)), None


@dataclass
class Reshaped:
    """Today's queue under the plan.

    Attributes:
        order: the session's questions, in order.
        day: the plan's rule for the day (new questions, the reviews' order, what is left alone).
        new: the new questions chosen from the syllabus.
        brought_forward: questions served before they are due, for the interview.
    """

    order: list[Key]
    day: plan.DayPlan[Key]
    new: list[Key] = field(default_factory=list)
    brought_forward: set[Key] = field(default_factory=set)


def reshape(ctx: Context, base: Plan, cards: Sequence[Any], states: Mapping[Key, Any], flags: Mapping[Key, Any],
            answered: Sequence[tuple[str, str, float | None]], settings: Any, now: datetime,
            scheduler: Callable[[], Any], *, shown: Iterable[Key] = (), skipped: Iterable[Key] = (),
            session_new: int | None = None, more: int = 0) -> Reshaped:
    """Today's queue (`base`, from plan_today over the same cards) as the plan serves it. scheduler: builds
    fsrs's scheduler when the day needs it (the review-only days)."""
    t = now.timestamp()
    start = clock.day_start(now, settings.rollover_hour).timestamp()
    end = day_end(now, settings.rollover_hour)
    skip = set(skipped)
    today_keys = {(c, q) for c, q, _i in answered} | set(shown)
    new_today = len({(c, q) for c, q, intro in answered if (c, q) in ctx.syllabus and intro is not None
                     and intro >= start})
    unstarted = sum(1 for k in ctx.syllabus if k not in states and k not in skip and not blocked(flags.get(k), t))
    steps = list(base.due.steps)
    due = steps + list(base.reviews)
    groups = follow_groups(cards)

    def candidates() -> list[plan.Candidate[Key]]:
        """Started syllabus questions the peak rule may serve: not blocked, skipped or answered today, and
        not a sibling of a question shown today (bury_siblings)."""
        out = []
        for key in ctx.syllabus:
            row = states.get(key)
            if row is None or key in skip or blocked(flags.get(key), t) or key in base.due.buried:
                continue
            if key in today_keys and key not in steps:
                continue
            if settings.bury_siblings and base.due.claimed.get(key[0], set()) - {groups.get(key)}:
                continue
            out.append(plan.Candidate(key, plan.card_of(json.loads(row.fsrs_json))))
        return out

    today = date.fromisoformat(clock.study_day(now, settings.rollover_hour))
    fsrs = scheduler() if today >= ctx.spec.cutoff else None
    day = plan.day_plan(ctx.spec, today=today, due=due,
                        candidates=candidates, unstarted=unstarted, new_today=new_today,
                        answers_today=float(len(answered)), budget_answers=ctx.budget,
                        due_answers=float(len(due) + len(base.due.later)),  # steps later today are answers too
                        per_new=plan.answers_per_new(len(settings.learning_steps)), scheduler=fsrs, now=now,
                        day_end=datetime.fromtimestamp(end, now.tzinfo), interview=ctx.interview)
    wanted = day.first + day.new
    new: list[Key] = []
    if wanted > 0:
        syllabus_cards = [c for c in cards if any((c.id, q) in ctx.syllabus for q in c.question_ids)]

        def choose(count: int, bury: bool) -> list[Key]:
            chosen = plan_today(syllabus_cards, states, flags, answered,
                                replace(settings, new_per_day=base.new_done + count, bury_siblings=bury), now,
                                shown=shown, skipped=skipped, session_new=session_new, more=more)
            return [k for k in chosen.new if k in ctx.syllabus]

        new = choose(wanted, settings.bury_siblings)[:wanted]
        need = min(day.pace, wanted)
        if len(new) < need and settings.bury_siblings:  # siblings wait, unless the pace needs them today
            new += [k for k in choose(need, False) if k not in new][:need - len(new)]
    first = min(day.first, len(new))
    step_set = set(steps)
    reviews = [k for k in day.reviews if k not in step_set]
    order = list(dict.fromkeys(steps + new[:first] + reviews + new[first:] + list(day.extra)))
    due_set = set(due)
    return Reshaped(order, day, new, {k for k in order if k in ctx.syllabus and k in states and k not in due_set})


def note(ctx: Context, shaped: Reshaped | None) -> str:
    """The line a session starts with while a plan runs (or once it has ended)."""
    spec = ctx.spec
    if ctx.ended:
        return (f"the interview date {spec.date} has passed: the plan has ended and ordinary scheduling has resumed "
                "('dlstudy plan --clear' removes it)")
    when = {0: "today", 1: "tomorrow"}.get(ctx.days_left, f"in {ctx.days_left} days")
    head = f"plan: interview {when} ({spec.date})"
    if not ctx.syllabus:
        return f"{head} · these questions are not in its syllabus: no new ones while it runs, reviews as usual"
    if shaped is None:
        return head
    day = shaped.day
    if not day.peak:
        return (f"{head} · {len(shaped.new)} new question(s) now (the pace asks {day.pace}); review only from "
                f"{spec.cutoff}")
    parts = [f"{head} · review only, for recall on the day"]
    if shaped.brought_forward:
        parts.append(f"{len(shaped.brought_forward)} brought forward")
    if day.left_alone:
        parts.append(f"{len(day.left_alone)} due left alone (recalled on the day anyway)")
    if shaped.new:
        parts.append(f"{len(shaped.new)} still to start")
    return " · ".join(parts)
