"""The one definition of what is due, used by the dashboard, `stats`, `review` and --json.

A question is *due now* when its FSRS due time has passed, and *later today* when it falls due
before the study day ends (learning steps of minutes or hours); suspended and buried questions are
neither. New questions are counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dlstudy.srs import clock


@dataclass(frozen=True)
class DueCounts:
    now: int = 0
    later: int = 0

    def to_dict(self) -> dict:
        return {"due_now": self.now, "later_today": self.later}


def day_end(now: datetime, rollover_hour: int) -> float:
    """The timestamp at which the current study day ends."""
    return (clock.day_start(now, rollover_hour) + timedelta(days=1)).timestamp()


def blocked(flag: dict | None, t: float) -> bool:
    """Suspended, or buried until later than t."""
    return bool(flag and (flag["suspended"] or (flag["buried_until"] and flag["buried_until"] > t)))


def is_due(due: float, t: float) -> bool:
    return due <= t


def count_due(states: dict, flags: dict, keys, t: float, end: float) -> DueCounts:
    """states: (card, question) -> (due, ...); keys: the questions that count (the deck, a topic)."""
    now = later = 0
    for key, row in states.items():
        if key not in keys or blocked(flags.get(key), t):
            continue
        due = row.due
        if is_due(due, t):
            now += 1
        elif due < end:
            later += 1
    return DueCounts(now, later)
