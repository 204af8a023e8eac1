"""The history's records as plain data: every action is an event with a stable global id (`uid`), the
device that made it and its time; reviews and quiz answers keep their own tables with the same two
fields (docs/architecture.md, "History and events").

Pure: no SQL, no fsrs. The order every replay uses (`order_key`), the ids of migrated rows
(`legacy_uid`), and how a rename maps the ids a record was made under to the question it belongs to
now (`Renames.final`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, get_args

# The kinds of events. A question's events change its flags or its schedule; `config` a setting,
# `rename` the ids of a question or a card, `undo` names the uids it undoes (a tombstone).
FlagKind = Literal["suspend", "unsuspend", "bury", "unbury", "flag", "unflag"]
ScheduleKind = Literal["forget", "reschedule"]
QuestionKind = Literal[FlagKind, ScheduleKind]
EventKind = Literal[QuestionKind, "rename", "config", "undo"]
FLAG_KINDS: tuple[FlagKind, ...] = get_args(FlagKind)
SCHEDULE_KINDS: tuple[ScheduleKind, ...] = get_args(ScheduleKind)
QUESTION_KINDS: tuple[QuestionKind, ...] = FLAG_KINDS + SCHEDULE_KINDS
KINDS: tuple[EventKind, ...] = get_args(EventKind)

UID_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{7,63}")
DEVICE_RE = re.compile(r"[0-9a-f]{16}")
FLAG_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,23}")
DEFAULT_FLAG = "edit"  # `:f` alone: flagged for editing
# The device of the rows from before schema 4 (made before devices were told apart): the same in every
# copy of a database, so that two copies migrate to the same records; any device may undo them.
LEGACY_DEVICE = "0" * 16
STEP = 0.001  # seconds between two actions stamped on one question (see stamp)
MAX_ID = 200  # characters of a card or question id in the log


def new_uid() -> str:
    """A fresh global id (a random UUID, 32 hex digits)."""
    import uuid  # imported on first use: a session's first prompt needs none

    return uuid.uuid4().hex


def new_device_id() -> str:
    import uuid

    return uuid.uuid4().hex[:16]


def legacy_uid(*parts: object) -> str:
    """The id of a row that existed before ids did: a hash of what the row is (e.g. review, card,
    question, time, rating), so that two copies of one database migrate to the same ids. Floats are
    written exactly (repr)."""
    import hashlib

    text = "\x1f".join(repr(float(p)) if isinstance(p, float) else str(p) for p in parts)
    return "m" + hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).hexdigest()[:31]


def order_key(at: float, is_review: bool, uid: str) -> tuple[float, int, str]:
    """The one order of the log: time, then events before answers made at the same moment, then uid."""
    return (at, 1 if is_review else 0, uid)


def valid_flag_name(name: str) -> bool:
    return bool(FLAG_NAME_RE.fullmatch(name))


@dataclass(frozen=True)
class Event:
    """One action of the log other than an answer (a row of `events`).

    Attributes:
        uid: its global id; device: the database that made it; at: its time (Unix time).
        kind: one of KINDS; card, question: the ids it was made under (None where it names none).
        data: what the kind needs: bury {until}, flag {name, note}, reschedule {due}, rename {to_card,
            to_question}, config {key, value (None: the default)}, undo {targets, what, rows}; `group`
            when one action made several events.
    """

    uid: str
    device: str
    at: float
    kind: EventKind
    card: str | None = None
    question: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str] | None:
        return (self.card, self.question) if self.card is not None and self.question is not None else None

    @property
    def order(self) -> tuple[float, int, str]:
        return order_key(self.at, False, self.uid)


@dataclass(frozen=True)
class LoggedReview:
    """One answer as the replay reads it: the ids it was made under, its time and rating."""

    uid: str
    card: str
    question: str
    at: float
    rating: int
    duration_ms: int | None = None
    device: str = ""

    @property
    def order(self) -> tuple[float, int, str]:
        return order_key(self.at, True, self.uid)


class Renames:
    """The renames of the log (not undone), in order: where a record made under some ids belongs now.

    A rename moves everything recorded under its old ids *up to that moment* to the new ids (a later
    record under the old ids is about the old ids again); renames chain. A card rename moves every
    question of the card."""

    def __init__(self, events: list[Event]) -> None:
        self.events = sorted((e for e in events if e.kind == "rename"), key=lambda e: e.order)
        self._orders = [e.order for e in self.events]

    def __bool__(self) -> bool:
        return bool(self.events)

    def final(self, card: str, question: str, order: tuple[float, int, str]) -> tuple[str, str]:
        """The question a record made under (card, question) at `order` belongs to now."""
        if not self.events:
            return (card, question)
        for e in self.events[bisect.bisect_right(self._orders, order):]:
            to_card = e.data.get("to_card")
            if not isinstance(to_card, str):
                continue
            if e.question is None:
                if e.card == card:
                    card = to_card
            elif e.card == card and e.question == question and isinstance(e.data.get("to_question"), str):
                card, question = to_card, e.data["to_question"]
        return (card, question)


class Tombstones:
    """What the undo events take back: a record counts as undone when an undo of its own device names it
    (or, for a row from before schema 4, an undo of any device): an undo never takes back another
    device's records."""

    def __init__(self, undos: Iterable[Event] = ()) -> None:
        self.by_uid: dict[str, set[str]] = {}
        for e in undos:
            self.add(e)

    def add(self, undo: Event) -> None:
        targets = undo.data.get("targets") if undo.kind == "undo" else None
        if isinstance(targets, list):
            for target in targets:
                if isinstance(target, str):
                    self.by_uid.setdefault(target, set()).add(undo.device)

    def covers(self, uid: str, device: str) -> bool:
        devices = self.by_uid.get(uid)
        return devices is not None and (device in devices or device == LEGACY_DEVICE)

    def uids(self) -> set[str]:
        return set(self.by_uid)
