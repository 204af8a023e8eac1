"""The values the progress database holds and the review path passes around, as typed data: a
question's FSRS state (`StateRow`), one review answer (`Answer`, also the recovery journal's entry),
the state one rating leads to (`Scheduled`) and the four of them computed once per answer
(`NextStates`), one quiz attempt (`Attempt`). Plain data: no SQL, no fsrs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

from dlstudy.srs.events import legacy_uid, new_uid


@dataclass
class StateRow:
    """One question's scheduling state (a row of `question_state`, rebuildable from the review log).

    Attributes:
        fsrs: fsrs's `Card.to_dict()` of the question.
        due: when it is due next (Unix time); state: 1 learning, 2 review, 3 relearning.
        last_review: the time of its latest answer; introduced_at: the time of its first one.
        reps: answers in its log; lapses: reviews forgotten (Again in the review state).
    """

    card_id: str
    question_id: str
    fsrs: dict[str, Any]
    due: float
    state: int
    stability: float | None
    difficulty: float | None
    last_review: float | None
    introduced_at: float
    reps: int
    lapses: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.card_id, self.question_id)


STATE_FIELDS = tuple(f.name for f in fields(StateRow))  # the question_state columns, in order
STATE_COLUMNS = ", ".join(STATE_FIELDS)


def state_values(row: StateRow) -> tuple[Any, ...]:
    """A state as the values of an INSERT of every column (the fsrs dict as JSON)."""
    return tuple(json.dumps(row.fsrs) if f == "fsrs" else getattr(row, f) for f in STATE_FIELDS)


def state_from_values(values: tuple[Any, ...]) -> StateRow:
    """A state from a SELECT of every column (STATE_COLUMNS)."""
    row = dict(zip(STATE_FIELDS, values))
    row["fsrs"] = json.loads(row["fsrs"])
    return StateRow(**row)


def state_before_json(row: StateRow | None) -> str | None:
    """The state an answer replaced, without its key, as the log's `state_before` keeps it."""
    return json.dumps({f: getattr(row, f) for f in STATE_FIELDS[2:]}) if row is not None else None


class IndexRow(NamedTuple):
    """A question's state as queues and counts read it: every column, the fsrs dict left as JSON text
    (decoded only for the question about to be shown: `full`)."""

    due: float
    state: int
    introduced_at: float
    last_review: float | None
    reps: int
    lapses: int
    stability: float | None
    difficulty: float | None
    fsrs_json: str

    def full(self, key: tuple[str, str]) -> StateRow:
        return StateRow(key[0], key[1], json.loads(self.fsrs_json), self.due, self.state, self.stability,
                        self.difficulty, self.last_review, self.introduced_at, self.reps, self.lapses)


@dataclass(frozen=True)
class Flags:
    """A question's flags (a row of `question_flags`; all defaults: no row).

    Attributes:
        suspended: out of reviews until unsuspended; buried_until: hidden until this time.
        flag: the flag's name (None: not flagged); note: a note kept with the flag.
    """

    suspended: bool = False
    buried_until: float | None = None
    flag: str | None = None
    note: str | None = None

    @property
    def empty(self) -> bool:
        return not self.suspended and self.buried_until is None and self.flag is None


NO_FLAGS = Flags()


@dataclass(frozen=True)
class Scheduled:
    """The state one rating leads to.

    Attributes:
        fsrs: fsrs's `Card.to_dict()` after the rating; due, state, stability, difficulty: its columns.
        lapse: whether the rating counts as a lapse (forgetting a question in the review state).
    """

    fsrs: dict[str, Any]
    due: float
    state: int
    stability: float | None
    difficulty: float | None
    lapse: bool


@dataclass(frozen=True)
class NextStates:
    """The four outcomes of one answer, computed once: the previews shown at the rating prompt are
    their due times, and the rating chosen is written as it was previewed.

    Attributes:
        current: the question's state when it was shown (None: a new question).
        at: the time of the answer (Unix time).
        by_rating: rating (1-4) -> the state it leads to.
        pushed: `at` was pushed ahead of the clock by another device's record of the question or this
            device's floor: the answer raises the floor to it (EventStore.floor).
    """

    current: StateRow | None
    at: float
    by_rating: dict[int, Scheduled]
    pushed: bool = False

    def __getitem__(self, rating: int) -> Scheduled:
        return self.by_rating[rating]

    @property
    def reps_after(self) -> int:
        """The question's answer count once this answer is recorded."""
        return (self.current.reps if self.current is not None else 0) + 1

    def previews(self) -> dict[int, float]:
        """rating -> the due time it gives (what the rating prompt shows)."""
        return {r: s.due for r, s in sorted(self.by_rating.items())}


@dataclass(frozen=True)
class Answer:
    """One review answer as the review log records it and the recovery journal keeps it.

    Attributes:
        at: the time of the answer (Unix time); duration_ms: how long it took.
        details: the grader's evidence (answer text, score, covered points, ...).
        suggested: the grader's rating; overridden: the learner chose another one.
        uid: its global id (made with the answer, so that a journal replayed twice writes it once).
    """

    card_id: str
    question_id: str
    at: float
    rating: int
    duration_ms: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    session_id: int | None = None
    suggested: int | None = None
    overridden: bool = False
    uid: str = field(default_factory=new_uid)

    @property
    def key(self) -> tuple[str, str]:
        return (self.card_id, self.question_id)

    def entry(self) -> dict[str, Any]:
        """The answer as a recovery-journal entry (the format journals already on disk use)."""
        return {"type": "review", "card": self.card_id, "question": self.question_id, "at": self.at,
                "rating": self.rating, "duration_ms": self.duration_ms, "details": self.details,
                "session_id": self.session_id, "suggested": self.suggested, "overridden": self.overridden,
                "uid": self.uid}

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> "Answer":
        """A journal entry read back (ValueError, KeyError or TypeError when it is not one)."""
        duration = entry.get("duration_ms")
        card, question, at, rating = str(entry["card"]), str(entry["question"]), float(entry["at"]), int(entry["rating"])
        uid = entry.get("uid")  # an entry journaled before answers had ids: the id its migration would give
        return cls(card, question, at, rating,
                   int(duration) if isinstance(duration, int) and not isinstance(duration, bool) else 0,
                   dict(entry.get("details") or {}), entry.get("session_id"), entry.get("suggested"),
                   bool(entry.get("overridden")),
                   uid if isinstance(uid, str) and uid else legacy_uid("review", card, question, at, rating))


@dataclass
class Attempt:
    """One quiz, drill or interview answer (a row of `attempts`)."""

    session_id: int | None
    card_id: str
    question_id: str
    kind: str
    answered_at: float
    duration_ms: int = 0
    answer: str | None = None
    correct: bool | None = None
    score: float | None = None
    rating: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    suggested_rating: int | None = None
    overridden: bool = False
    uid: str = field(default_factory=new_uid)


def attempt_entry(a: Attempt) -> dict[str, Any]:
    """An attempt as a recovery-journal entry."""
    return {"type": "attempt", "attempt": dict(vars(a))}
