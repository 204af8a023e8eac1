"""Today's review queue: due questions first (oldest due first), new ones in prerequisite order,
interleaved, within the daily limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from dlstudy.content.schema import Card, Question, topic_order
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


def prerequisite_order(cards: list[Card]) -> list[Card]:
    """Cards sorted so that prerequisites come first (Kahn's algorithm, stable by topic and deck order)."""
    by_id = {c.id: c for c in cards}
    rank = {c.id: (topic_order(c.topic), i) for i, c in enumerate(cards)}
    indeg = {c.id: 0 for c in cards}
    children: dict[str, list[str]] = {c.id: [] for c in cards}
    for c in cards:
        for p in c.prerequisites:
            if p in by_id:
                indeg[c.id] += 1
                children[p].append(c.id)
    import heapq

    heap = [(rank[cid], cid) for cid, d in indeg.items() if d == 0]
    heapq.heapify(heap)
    out: list[Card] = []
    while heap:
        _, cid = heapq.heappop(heap)
        out.append(by_id[cid])
        for ch in children[cid]:
            indeg[ch] -= 1
            if indeg[ch] == 0:
                heapq.heappush(heap, (rank[ch], ch))
    if len(out) < len(cards):  # a cycle (check reports it): append the rest in deck order
        seen = {c.id for c in out}
        out += [c for c in cards if c.id not in seen]
    return out


def interleave(reviews: list[Item], new: list[Item]) -> list[Item]:
    """Spread new questions evenly among the reviews."""
    if not new:
        return list(reviews)
    if not reviews:
        return list(new)
    out: list[Item] = []
    step = (len(reviews) + len(new)) / len(new)
    ni = 0
    ri = 0
    pos = 0
    while ri < len(reviews) or ni < len(new):
        if ni < len(new) and (pos >= int(ni * step + step / 2) or ri >= len(reviews)):
            out.append(new[ni])
            ni += 1
        else:
            out.append(reviews[ri])
            ri += 1
        pos += 1
    return out
