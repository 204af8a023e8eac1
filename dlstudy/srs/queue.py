"""Today's plan: what a review session asks, in order, within the daily limits (Anki's rules).

Learning steps due now come first, then the reviews due today (in `review_order`), then new
questions: due reviews always before new ones, so `--limit` never drops a due review for a new one.
The limits: `reviews_per_day` bounds the questions answered in a study day, reviews and new ones
together (Anki's rule: the review limit also bounds new questions), `new_per_day` the new ones;
learning steps are never held back. `review --more N` raises both by N for one session (Anki's
custom study). New questions come in `new_order`: by default they rotate across topics, each card
after its prerequisites (`breadth`), or topic by topic in deck order (`deck`); with `bury_siblings`
one new question per card a day, and none from a card already shown today.

The dashboard computes the same plan (without a session) for its due and new-today columns.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping, Sequence

from dlstudy.content.schema import Card, Question, topic_order
from dlstudy.srs import clock
from dlstudy.srs.due import CardLike, DueCounts, DueToday, Key, blocked, day_end, due_today, follow_groups
from dlstudy.srs.records import StateRow


@dataclass(frozen=True)
class Item:
    """A question of today's queue, with its state as the queue read it (None for a new question)."""

    card: Card
    question: Question
    is_new: bool
    state: StateRow | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.card.id, self.question.id)


def _graph(cards: Sequence[CardLike]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """card -> its prerequisites among these cards (self-references dropped); card -> its deck index."""
    ids = {c.id for c in cards}
    return ({c.id: [p for p in getattr(c, "prerequisites", []) if p in ids and p != c.id] for c in cards},
            {c.id: i for i, c in enumerate(cards)})


def _topics(cards: Sequence[CardLike]) -> list[str]:
    first: dict[str, int] = {}
    for i, c in enumerate(cards):
        first.setdefault(c.topic, i)
    return sorted(first, key=lambda t: (topic_order(t), first[t]))


def prerequisite_order(cards: Sequence[CardLike]) -> list[Any]:
    """new_order deck: topic by topic (the syllabus order), deck order within, each card after its
    prerequisites (Kahn's algorithm; a cycle, which `check` reports, is broken in deck order)."""
    pre, index = _graph(cards)
    rank = {t: i for i, t in enumerate(_topics(cards))}
    by_id = {c.id: c for c in cards}
    indeg = {cid: len(ps) for cid, ps in pre.items()}
    children: dict[str, list[str]] = {cid: [] for cid in pre}
    for cid, ps in pre.items():
        for p in ps:
            children[p].append(cid)
    heap = [((rank[by_id[cid].topic], index[cid]), cid) for cid, d in indeg.items() if d == 0]
    heapq.heapify(heap)
    out: list[Any] = []
    while heap:
        _, cid = heapq.heappop(heap)
        out.append(by_id[cid])
        for ch in children[cid]:
            indeg[ch] -= 1
            if indeg[ch] == 0:
                heapq.heappush(heap, ((rank[by_id[ch].topic], index[ch]), ch))
    placed = {c.id for c in out}
    return out + [c for c in cards if c.id not in placed]


def breadth_order(cards: Sequence[CardLike]) -> list[Any]:
    """new_order breadth: in each round every topic places one card, preceded by its prerequisites not
    placed yet; a topic's next card is the one with the fewest prerequisites (direct and indirect), then
    deck order. Within a round the topic whose card is nearest goes first (then syllabus order), so a
    topic with a long chain of prerequisites does not hold the others back. Every card comes after its
    prerequisites, and each topic starts as early as they allow. Work: about the cards times their
    prerequisites (bit sets), not the cards squared."""
    pre, index = _graph(cards)
    by_id = {c.id: c for c in cards}
    bit = {cid: 1 << i for cid, i in index.items()}
    ids = [c.id for c in cards]
    topo = prerequisite_order(cards)
    position = {c.id: i for i, c in enumerate(topo)}
    ancestors: dict[str, int] = {}
    for c in topo:  # prerequisites first, so each card's set is built from theirs
        ancestors[c.id] = 0
        for p in pre[c.id]:
            ancestors[c.id] |= ancestors.get(p, 0) | bit[p]
    queues = {t: sorted((c.id for c in cards if c.topic == t), key=lambda c: (ancestors[c].bit_count(), index[c]))
              for t in _topics(cards)}
    placed: set[str] = set()
    placed_mask = 0
    out: list[Any] = []

    def missing(cid: str) -> list[str]:
        """The unplaced prerequisites of cid (direct and indirect), each after its own."""
        mask = ancestors[cid] & ~placed_mask & ~bit[cid]
        found = []
        while mask:
            low = mask & -mask
            found.append(ids[low.bit_length() - 1])
            mask ^= low
        return sorted(found, key=position.__getitem__)

    def target(topic: str) -> str | None:
        queue = queues[topic]
        while queue and queue[0] in placed:
            queue.pop(0)
        return queue[0] if queue else None

    while len(out) < len(cards):
        turns = [t for t in queues if target(t) is not None]
        rank = {t: i for i, t in enumerate(turns)}
        while turns:
            targets = {t: c for t in turns if (c := target(t)) is not None}
            if not targets:
                break
            chains = {t: missing(c) + [c] for t, c in targets.items()}  # the card, after what it needs
            topic = min(chains, key=lambda t: (len(chains[t]), rank[t]))
            turns.remove(topic)
            for cid in chains[topic]:
                placed.add(cid)
                placed_mask |= bit[cid]
                out.append(by_id[cid])
    return out


def new_order(cards: Sequence[CardLike], order: str) -> list[Any]:
    return breadth_order(cards) if order == "breadth" else prerequisite_order(cards)


@dataclass
class Plan:
    """Today's plan at one moment.

    Attributes:
        due: what is due (srs/due.py); reviews: the due reviews within today's limit; new: the new
        questions within today's limits, in new order.
        review_limit, new_limit: today's limits (with --more); reviews_done, new_done: answered today.
        held_reviews: due reviews the limit holds back; new_waiting: unseen questions a higher limit
        would bring today (0 when there are none to bring); new_held: the limit that holds them back
        ("reviews_per_day", "new_per_day", or "session" for --new), None when none does.
    """

    due: DueToday
    reviews: list[Key] = field(default_factory=list)
    new: list[Key] = field(default_factory=list)
    review_limit: int = 0
    new_limit: int = 0
    reviews_done: int = 0
    new_done: int = 0
    held_reviews: int = 0
    new_waiting: int = 0
    new_held: str | None = None

    @property
    def counts(self) -> DueCounts:
        return self.due.counts

    @property
    def order(self) -> list[Key]:
        """Learning steps due now, due reviews, new questions: the session's order."""
        return self.due.steps + self.reviews + self.new


def plan_today(cards: Sequence[CardLike], states: Mapping[Key, Any], flags: Mapping[Key, dict[str, Any]],
               answered_today: Iterable[tuple[str, str, float | None]], settings: Any, now: datetime, *,
               shown: Iterable[Key] = (), skipped: Iterable[Key] = (), session_new: int | None = None,
               more: int = 0, review_key: Callable[[Key], Any] | None = None) -> Plan:
    """The plan for these cards' questions at `now`. answered_today: (card, question, introduced_at) of
    every answer of this study day (store.reviews_since); shown: questions shown in this session;
    session_new: new questions this session may still show (--new); more: --more."""
    t = now.timestamp()
    start = clock.day_start(now, settings.rollover_hour).timestamp()
    new_keys: set[Key] = set()
    review_keys: set[Key] = set()
    for card_id, qid, introduced in answered_today:
        (new_keys if introduced is not None and introduced >= start else review_keys).add((card_id, qid))
    review_keys -= new_keys
    groups = follow_groups(cards)
    skip = set(skipped)
    due = due_today(states, flags, groups, new_keys | review_keys | set(shown), t, day_end(now, settings.rollover_hour),
                    groups, settings.bury_siblings, skip, review_key)
    plan = Plan(due, review_limit=settings.reviews_per_day + more, new_limit=settings.new_per_day + more,
                reviews_done=len(review_keys), new_done=len(new_keys))
    room = max(plan.review_limit - plan.reviews_done - plan.new_done, 0)
    plan.reviews = due.reviews[:room]
    plan.held_reviews = len(due.reviews) - len(plan.reviews)
    rooms = {"new_per_day": plan.new_limit - plan.new_done, "reviews_per_day": room - len(plan.reviews)}
    if session_new is not None:
        rooms["session"] = session_new
    binding = min(rooms, key=lambda k: (rooms[k], k != "session"))
    new_room = max(rooms[binding], 0)
    candidates = 0
    for card in new_order(cards, settings.new_order):
        follow_ups = card.follow_ups
        taken = due.claimed.get(card.id, set())  # groups of the card shown or due today
        for qid in card.question_ids:
            key = (card.id, qid)
            if qid in follow_ups or key in states or key in skip or blocked(flags.get(key), t):
                continue  # a follow-up comes only straight after its question
            if settings.bury_siblings and taken - {groups[key]}:
                break  # a question of this card is shown or due today: its new ones wait for another day
            candidates += 1
            if len(plan.new) < new_room:
                plan.new.append(key)
            if settings.bury_siblings:
                break  # one new question of a card a day
    plan.new_waiting = candidates - len(plan.new)
    plan.new_held = binding if plan.new_waiting else None
    return plan
