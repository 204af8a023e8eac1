"""Leeches: questions that keep lapsing. A question is a leech once its lapses (forgetting it in the
review state) reach `config leech_threshold` (default 6, as a mark, never a suspension: Anki suspends
leeches silently; dlstudy marks them, teaches the card before asking them again, and leaves suspending to
the learner). Forgetting a question (`dlstudy forget`) starts its count again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LAST_ANSWERS = 5  # answers listed per leech


def threshold(config: dict[str, str]) -> int:
    """The leech threshold from the stored settings (the default when the stored value is not valid)."""
    from dlstudy.srs.settings import valid_config

    return int(valid_config(config)["leech_threshold"])


def is_leech(lapses: int, limit: int) -> bool:
    return lapses >= limit


def became_leech(lapses_before: int, lapses_after: int, limit: int) -> bool:
    """An answer that made the question a leech (its lapse reached the threshold)."""
    return lapses_before < limit <= lapses_after


@dataclass(frozen=True)
class Leech:
    """A leech as `dlstudy leeches` lists it.

    Attributes:
        lapses: its lapses; last_answers: its latest answers, newest last, as (time, rating).
        suspended: whether the learner suspended it.
    """

    card: str
    question: str
    lapses: int
    last_answers: tuple[tuple[float, int], ...]
    suspended: bool


def leeches(store: Any, limit: int) -> list[Leech]:
    """Every question whose lapses reach the threshold, most lapses first."""
    rows = store.query("SELECT card_id, question_id, lapses FROM question_state WHERE lapses >= ? "
                       "ORDER BY lapses DESC, card_id, question_id", (limit,))
    suspended = store.suspended()
    out = []
    for card, question, lapses in rows:
        last = store.query("SELECT reviewed_at, rating FROM review_log WHERE card_id = ? AND question_id = ? "
                           "ORDER BY reviewed_at DESC, uid DESC LIMIT ?", (card, question, LAST_ANSWERS))
        out.append(Leech(card, question, int(lapses), tuple((float(at), int(r)) for at, r in reversed(last)),
                         (card, question) in suspended))
    return out
