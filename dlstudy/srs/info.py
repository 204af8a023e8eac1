"""`dlstudy info CARD/QID`: one question's schedule, its whole history and its forgetting curve.

The figures are the stored state's (the replay's: srs/replay.py); each answer's interval is the one
the replay of the question's log gives after it; the curve is FSRS's retrievability at each coming
day, under the current settings. fsrs is imported only for a question that has a state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypedDict

from dlstudy.srs.events import Event, LoggedReview
from dlstudy.srs.ratings import Rating, State

CURVE_DAYS = 28  # the forgetting curve's span: four weeks
MAX_REVIEWS = 1000  # answers listed in full (a longer history: the latest ones)


class ReviewEntry(TypedDict):
    """One answer of `info --json`'s `reviews`."""

    at: str
    rating: str
    suggested_rating: str | None
    overridden: bool
    answer: str | None
    interval_days: float | None
    device: str | None


class EventEntry(TypedDict):
    """One event of `info --json`'s `events`."""

    at: str
    kind: str
    detail: str


@dataclass
class QuestionInfo:
    """What `dlstudy info` shows (the JSON keys of docs/json.md).

    Attributes:
        state: new, learning, review or relearning; due: when it is due (None: new).
        retrievability: FSRS's predicted recall now; curve: (day from now, predicted recall).
        leech: lapses reached leech_threshold; suspended, buried_until, flag: its flags.
        reviews: every answer (oldest first) with the interval it led to; events: its other actions.
    """

    card: str
    question: str
    topic: str | None
    in_deck: bool
    state: str = "new"
    due: float | None = None
    interval_days: float | None = None
    stability: float | None = None
    difficulty: float | None = None
    retrievability: float | None = None
    reps: int = 0
    lapses: int = 0
    leech: bool = False
    leech_threshold: int = 6
    suspended: bool = False
    buried_until: float | None = None
    flag: str | None = None
    desired_retention: float = 0.9
    reviews: list[ReviewEntry] = field(default_factory=list)
    events: list[EventEntry] = field(default_factory=list)
    curve: list[tuple[int, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        out = asdict(self)
        out["due"] = iso(self.due) if self.due is not None else None
        out["buried_until"] = iso(self.buried_until) if self.buried_until is not None else None
        out["curve"] = [{"day": d, "retrievability": r} for d, r in self.curve]
        return out


def iso(t: float) -> str:
    from dlstudy.srs.clock import local_tz
    from dlstudy.srs.scheduler import from_ts

    return from_ts(t).astimezone(local_tz()).isoformat(timespec="seconds")


def _event_detail(event: Event) -> str:
    data = event.data
    if event.kind == "bury" and isinstance(data.get("until"), (int, float)):
        return f"until {iso(float(data['until']))}"
    if event.kind == "reschedule" and isinstance(data.get("due"), (int, float)):
        return f"due {iso(float(data['due']))}"
    if event.kind == "flag":
        return str(data.get("name") or "edit")
    return ""


def _answer_text(details: Any) -> str | None:
    """The learner's answer kept with a review (its details JSON), or None."""
    import json

    try:
        value = json.loads(details).get("answer") if isinstance(details, str) else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def question_info(store: Any, key: tuple[str, str], topic: str | None, in_deck: bool, now: datetime) -> QuestionInfo:
    """The info of one question (by its current ids)."""
    from dlstudy.srs.leech import is_leech, threshold
    from dlstudy.srs.replay import question_history
    from dlstudy.srs.settings import Settings

    config = store.get_config()
    settings = Settings.from_config(config)
    limit = threshold(config)
    info = QuestionInfo(key[0], key[1], topic, in_deck, leech_threshold=limit,
                        desired_retention=settings.desired_retention)
    flags = store.flag_rows([key]).get(key)
    if flags is not None:
        info.suspended, info.buried_until, info.flag = flags.suspended, flags.buried_until, flags.flag
    state = store.state(*key)
    history, _timeline = question_history(store, key) if (state is not None or store.has_records(key)) else ([], None)
    details = {uid: (suggested, bool(overridden), _answer_text(text), device)
               for uid, suggested, overridden, text, device in store.query(
                   "SELECT uid, suggested_rating, overridden, details, device FROM review_log "
                   "WHERE card_id = ? AND question_id = ?", key)}
    for record, after, _flags in history:
        if isinstance(record, LoggedReview):
            suggested, overridden, text, device = details.get(record.uid, (None, False, None, None))
            info.reviews.append(ReviewEntry(
                at=iso(record.at), rating=Rating(record.rating).label,
                suggested_rating=Rating(suggested).label if isinstance(suggested, int) and 1 <= suggested <= 4 else None,
                overridden=overridden, answer=text,
                interval_days=round((after.due - record.at) / 86400, 4) if after is not None else None, device=device))
        else:
            info.events.append(EventEntry(at=iso(record.at), kind=record.kind, detail=_event_detail(record)))
    info.reviews = info.reviews[-MAX_REVIEWS:]
    if state is None:
        return info
    info.state = State(state.state).name.lower()
    from dlstudy.srs.due import due_at

    info.due = due_at(state.due, state.last_review, settings.rollover_hour).timestamp()  # as schedule and show
    info.interval_days = round((state.due - state.last_review) / 86400, 4) if state.last_review is not None else None
    info.stability, info.difficulty = state.stability, state.difficulty
    info.reps, info.lapses = state.reps, state.lapses
    info.leech = is_leech(state.lapses, limit)
    if state.stability:
        from dlstudy.srs.scheduler import make_scheduler, retrievability

        scheduler = make_scheduler(settings)
        info.retrievability = retrievability(scheduler, state.fsrs, now)
        info.curve = [(d, retrievability(scheduler, state.fsrs, now + timedelta(days=d))) for d in range(CURVE_DAYS + 1)]
    return info
