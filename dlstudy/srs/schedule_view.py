"""`dlstudy schedule`: every started question with its schedule, soonest due first (the view Anki's
browser gives). Read-only; fsrs is imported only when there are questions to compute recall for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from dlstudy.srs.due import due_at
from dlstudy.srs.ratings import State


class ScheduleRow(TypedDict):
    """One question of `schedule --json` (docs/json.md)."""

    card: str
    question: str
    topic: str
    state: str
    due: str
    interval_days: float | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    reps: int
    lapses: int
    leech: bool
    suspended: bool
    flag: str | None


@dataclass(frozen=True)
class Filters:
    """`schedule`'s filters (None: not filtering on it).

    Attributes:
        due_before: only questions due before this time (the start of a study day); state: learning,
        review or relearning; leech: only leeches; lapses_at_least: at least this many lapses; flag: only
        questions with this flag.
    """

    due_before: float | None = None
    state: str | None = None
    leech: bool = False
    lapses_at_least: int | None = None
    flag: str | None = None

    def keep(self, row: ScheduleRow, due: float) -> bool:
        return ((self.due_before is None or due < self.due_before) and (self.state is None or row["state"] == self.state)
                and (not self.leech or row["leech"])
                and (self.lapses_at_least is None or row["lapses"] >= self.lapses_at_least)
                and (self.flag is None or row["flag"] == self.flag))


def schedule_rows(store: Any, cards: list[Any], now: datetime, settings: Any,
                  filters: Filters | None = None) -> list[ScheduleRow]:
    """The started questions of these cards, soonest due first (`due`: when it becomes due, srs/due.py;
    `retrievability`: FSRS's predicted recall now)."""
    from dlstudy.srs.clock import local_tz
    from dlstudy.srs.leech import is_leech, threshold
    from dlstudy.srs.scheduler import make_scheduler, retrievability

    topic_of = {(c.id, q): c.topic for c in cards for q in c.question_ids}
    states = [s for s in store.states() if s.key in topic_of]
    if not states:
        return []
    flags = store.flags()
    limit = threshold(store.get_config())
    scheduler = make_scheduler(settings)
    rows = []
    for s in states:
        when = due_at(s.due, s.last_review, settings.rollover_hour)
        flag = flags.get(s.key) or {}
        row = ScheduleRow(
            card=s.card_id, question=s.question_id, topic=topic_of[s.key], state=State(s.state).name.lower(),
            due=when.astimezone(local_tz()).isoformat(timespec="seconds"),
            interval_days=round((s.due - s.last_review) / 86400, 4) if s.last_review is not None else None,
            stability=None if s.stability is None else round(s.stability, 4),
            difficulty=None if s.difficulty is None else round(s.difficulty, 4),
            retrievability=round(retrievability(scheduler, s.fsrs, now), 4) if s.stability else None,
            reps=s.reps, lapses=s.lapses, leech=is_leech(s.lapses, limit), suspended=bool(flag.get("suspended")),
            flag=flag.get("flag"))
        if filters is None or filters.keep(row, when.timestamp()):
            rows.append((when, s.key, row))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]
