"""Ratings and card states, with the same numbers as fsrs's Rating and State (which need not be
imported for them): what the review log stores and what every screen names."""

from __future__ import annotations

from enum import IntEnum


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Rating | None":
        """'3', 'good', 'g' -> Rating.GOOD; None if text names no rating."""
        t = text.strip().lower()
        if t in ("1", "2", "3", "4"):
            return cls(int(t))
        for r in cls:
            if t == r.label:
                return r
        return None


class State(IntEnum):
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


def is_lapse(state_before: int | None, rating: int) -> bool:
    """The one lapse rule, live and in rebuilds: forgetting (Again) a question in the review state."""
    return state_before == State.REVIEW and rating == Rating.AGAIN
