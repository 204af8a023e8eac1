"""The one definition of what is due, used by the review queue, the dashboard, `stats`, `schedule` and
every --json.

As in Anki, a question scheduled a day or more ahead (a review, or a learning step of a day or more) is
due from the start of the study day its due time falls in (`rollover_hour`, local time) and stays due
all that day; only a (re)learning step shorter than a day is due at its clock time. A question is *due
now* when it is due and neither suspended, buried (`:b`), nor waiting for the next study day because a
sibling was shown today (`bury_siblings`); *later today* is a learning step that falls due before the
study day ends. New questions are counted apart.

Siblings: once a question of a card is shown, the card's other questions wait until the next study
day, except those in its follow-up chain (`follows:`), which are asked with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Mapping, Protocol

from dlstudy.srs import clock

Key = tuple[str, str]
DAY_S = 86400.0


class Scheduled(Protocol):
    """What the definition reads of a question's state (IndexRow, StateRow)."""

    due: float
    last_review: float | None


def is_step(due: float, last_review: float | None) -> bool:
    """A (re)learning step shorter than a day: due at its clock time. Anything scheduled a day or more
    after its last answer is due by study day."""
    return last_review is not None and due - last_review < DAY_S - 1.0


def is_due(due: float, last_review: float | None, t: float, end: float) -> bool:
    """Due at time t (end: when t's study day ends): a step once its time has come, anything else on
    its study day."""
    return due <= t if is_step(due, last_review) else due < end


def due_at(due: float, last_review: float | None, rollover_hour: int) -> datetime:
    """The moment a question becomes due (UTC): a step at its time, anything else at the start of the
    study day its due time falls in."""
    when = datetime.fromtimestamp(due, timezone.utc)
    return when if is_step(due, last_review) else clock.day_start(when, rollover_hour)


def day_end(now: datetime, rollover_hour: int) -> float:
    """The timestamp at which the current study day ends."""
    return (clock.day_start(now, rollover_hour) + timedelta(days=1)).timestamp()


def blocked(flag: dict[str, Any] | None, t: float) -> bool:
    """Suspended, or buried until later than t."""
    return bool(flag and (flag["suspended"] or (flag["buried_until"] and flag["buried_until"] > t)))


class CardLike(Protocol):
    """What the definition reads of a card (content's Card and the index's CardInfo)."""

    id: str
    topic: str

    @property
    def question_ids(self) -> list[str]: ...

    @property
    def follow_ups(self) -> dict[str, str]: ...


def follow_groups(cards: Iterable[CardLike]) -> dict[Key, str]:
    """(card, question) -> the question its follow-up chain starts from (itself if it follows none):
    questions of one group are asked together and never bury each other."""
    out: dict[Key, str] = {}
    for card in cards:
        parents = card.follow_ups
        for qid in card.question_ids:
            root, seen = qid, {qid}
            while root in parents and parents[root] not in seen:
                root = parents[root]
                seen.add(root)
            out[(card.id, qid)] = root
    return out


@dataclass(frozen=True)
class DueCounts:
    now: int = 0
    later: int = 0
    buried: int = 0  # siblings of a question shown today, waiting for the next study day

    def to_dict(self) -> dict[str, int]:
        return {"due_now": self.now, "later_today": self.later}


@dataclass
class DueToday:
    """What is due at one moment, in the order a session takes it.

    Attributes:
        steps: learning steps due now, soonest first; reviews: the rest due today, in review order.
        later: learning steps due later today; buried: siblings waiting for the next study day.
        claimed: card -> the follow-up groups shown or due today (with bury_siblings, the card's other
        questions, new ones included, wait).
    """

    steps: list[Key] = field(default_factory=list)
    reviews: list[Key] = field(default_factory=list)
    later: list[Key] = field(default_factory=list)
    buried: list[Key] = field(default_factory=list)
    claimed: dict[str, set[str]] = field(default_factory=dict)

    @property
    def counts(self) -> DueCounts:
        return DueCounts(len(self.steps) + len(self.reviews), len(self.later), len(self.buried))


def due_today(states: Mapping[Key, Scheduled], flags: Mapping[Key, dict[str, Any]], keys: Iterable[Key],
              shown: Iterable[Key], t: float, end: float, groups: Mapping[Key, str], bury: bool = True,
              skipped: Iterable[Key] = (), review_key: Callable[[Key], Any] | None = None) -> DueToday:
    """What is due at time t among `keys` (the questions that count: the deck, a topic). shown: the
    questions shown today (answered, or shown in this session); skipped: not now (this session)."""
    wanted = set(keys)
    skip = set(skipped)
    seen = set(shown)
    out = DueToday()
    for key in seen:
        if key in groups:
            out.claimed.setdefault(key[0], set()).add(groups[key])
    steps: list[Key] = []
    reviews: list[Key] = []
    later: list[Key] = []
    for key, row in states.items():
        if key not in wanted or key in skip or blocked(flags.get(key), t):
            continue
        if is_step(row.due, row.last_review):
            if row.due <= t:
                steps.append(key)
            elif row.due < end:
                later.append(key)
        elif row.due < end:
            reviews.append(key)
    steps.sort(key=lambda k: (states[k].due, k))
    later.sort(key=lambda k: (states[k].due, k))
    reviews.sort(key=review_key or (lambda k: (states[k].due, k)))

    def waits(key: Key) -> bool:
        """A sibling of a question shown (or taken) today: wait; otherwise take the card for today."""
        if not bury or key in seen or key not in groups:
            return False
        taken = out.claimed.setdefault(key[0], set())
        if taken - {groups[key]}:
            return True
        taken.add(groups[key])
        return False

    for source, target in ((steps, out.steps), (reviews, out.reviews), (later, out.later)):
        for key in source:
            (out.buried if waits(key) else target).append(key)
    return out


def read_due(store: Any, cards: list[Any], settings: Any, now: datetime) -> DueToday:
    """What is due now among these cards' questions, read from the store (the dashboard's and `stats`'s
    entry to the definition; the review queue reads the same rows once for its queue)."""
    t = now.timestamp()
    start = clock.day_start(now, settings.rollover_hour).timestamp()
    keys = [(c.id, q) for c in cards for q in c.question_ids]
    shown = {(c, q) for c, q, _intro in store.reviews_since(start)}
    return due_today(store.state_index(), store.flags(), keys, shown, t, day_end(now, settings.rollover_hour),
                     follow_groups(cards), settings.bury_siblings)
