"""FSRS scheduling through the fsrs package: the outcomes of an answer (Anki's fuzz, deterministic), retrievability."""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, cast

from dlstudy.srs.fuzz import fuzz_factor, fuzzed_days
from dlstudy.srs.ratings import State, is_lapse
from dlstudy.srs.records import NextStates, Scheduled, StateRow
from dlstudy.srs.settings import (
    CONFIG_HELP,
    DEFAULTS,
    Settings,
    config_problems,
    problem_text,
    valid_config,
    validate_config,
)

if TYPE_CHECKING:
    from fsrs.card import CardDict  # noqa: F401 - named in casts

# the settings moved to srs/settings.py; these names stay importable from here
__all__ = ["CONFIG_HELP", "DEFAULTS", "Settings", "config_problems", "problem_text", "valid_config", "validate_config"]


def fsrs_card_id(card_id: str, question_id: str) -> int:
    return zlib.crc32(f"{card_id}/{question_id}".encode()) + 1


def make_scheduler(settings: Settings) -> Any:
    """fsrs's Scheduler with the learner's retention, parameters, steps and maximum interval, its random fuzz
    off (dlstudy fuzzes review intervals itself, deterministically: next_state)."""
    from fsrs import Scheduler

    def build(**parameters: Any) -> Any:
        return Scheduler(desired_retention=settings.desired_retention, learning_steps=settings.learning_steps,
                         relearning_steps=settings.relearning_steps, maximum_interval=settings.maximum_interval,
                         enable_fuzzing=False, **parameters)

    if settings.parameters:
        try:
            return build(parameters=settings.parameters)
        except (ValueError, TypeError):  # stored parameters FSRS refuses: schedule with the defaults
            pass
    return build()


def ts(dt: datetime) -> float:
    return dt.timestamp()


def from_ts(t: float) -> datetime:
    return datetime.fromtimestamp(t, tz=timezone.utc)


def next_state(scheduler: Any, current: StateRow | None, card_id: str, question_id: str, rating: int,
               when: datetime, duration_ms: int | None = None, fuzz: bool = True) -> Scheduled:
    """The state one rating leads to from `current` (None: a new question), answered at `when`. A review
    interval (in days) gets Anki's fuzz, seeded by the question and its answer count (srs/fuzz.py): the
    same answer always schedules the same day."""
    from fsrs import Card

    card = Card.from_dict(cast("CardDict", current.fsrs)) if current is not None else None
    new = advance(scheduler, card, card_id, question_id, current.reps if current is not None else 0, rating, when,
                  duration_ms, fuzz)
    cols = state_columns(new)
    return Scheduled(cols["fsrs"], cols["due"], cols["state"], cols["stability"], cols["difficulty"],
                     is_lapse(current.state if current is not None else None, rating))


_RATINGS: dict[int, Any] = {}


def advance(scheduler: Any, card: Any, card_id: str, question_id: str, reps: int, rating: int, when: datetime,
            duration_ms: int | None = None, fuzz: bool = True) -> Any:
    """fsrs's card after one rating (`card` None: a new question), with dlstudy's fuzz (next_state; the
    replay calls it with the card it carries from the previous answer: the same computation)."""
    if not _RATINGS:
        from fsrs import Rating

        _RATINGS.update({int(r): r for r in Rating})
    if card is None:
        from fsrs import Card

        card = Card(card_id=fsrs_card_id(card_id, question_id), due=when)
    chosen = _RATINGS.get(rating)
    if chosen is None:  # not 1-4: fsrs's own error
        from fsrs import Rating

        chosen = Rating(rating)
    new, _log = scheduler.review_card(card, chosen, review_datetime=when, review_duration=duration_ms)
    if fuzz and new.state == State.REVIEW:
        days = (new.due - when) / timedelta(days=1)
        factor = fuzz_factor(card_id, question_id, reps)
        new.due = when + timedelta(days=fuzzed_days(days, factor, 1, scheduler.maximum_interval))
    return new


def next_states(scheduler: Any, current: StateRow | None, card_id: str, question_id: str, when: datetime,
                duration_ms: int | None = None, fuzz: bool = True) -> NextStates:
    """The four outcomes of answering at `when`, computed once (Anki's SchedulingStates): the previews
    shown at the rating prompt, and the state the rating chosen is written as."""
    return NextStates(current, ts(when), {r: next_state(scheduler, current, card_id, question_id, r, when, duration_ms,
                                                        fuzz) for r in (1, 2, 3, 4)})


def state_columns(card) -> dict:
    d = card.to_dict()
    return {"fsrs": d, "due": card.due.timestamp(), "state": int(card.state), "stability": card.stability,
            "difficulty": card.difficulty}


def retrievability(scheduler: Any, fsrs_state: dict[str, Any], when: datetime) -> float:
    from fsrs import Card

    return float(scheduler.get_card_retrievability(Card.from_dict(cast("CardDict", fsrs_state)), when))
