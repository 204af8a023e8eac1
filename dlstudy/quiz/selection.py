"""Which questions a quiz or interview asks: seeded random selection, interview follow-ups."""

from __future__ import annotations

import random

from dlstudy.content.schema import Card, Question


def select_questions(cards: list[Card], n: int, seed: int, kind: str | None = None,
                     interview: bool = False) -> list[tuple[Card, Question]]:
    """N questions drawn at random (seeded) from the cards; interview mode favours open and predict."""
    rnd = random.Random(seed)
    # a follow-up question (`follows:`) is never drawn alone: it comes straight after its parent
    pool = [(c, q) for c in cards for q in c.questions if (kind is None or q.kind == kind) and not q.follows]
    if interview:
        main = [(c, q) for c, q in pool if q.plugin.interview_main]
        rnd.shuffle(main)
        # one main question per card; follow-ups come from the same card during the interview
        seen: set[str] = set()
        out = []
        for c, q in main:
            if c.id not in seen:
                seen.add(c.id)
                out.append((c, q))
        return out[:n]
    rnd.shuffle(pool)
    return with_follow_ups(pool[:n])


def followers(card: Card, q: Question) -> list[Question]:
    """The questions of the card that follow up q (in card order)."""
    return [f for f in card.questions if f.follows == q.id]


def with_follow_ups(items: list[tuple[Card, Question]]) -> list[tuple[Card, Question]]:
    """Each question followed at once by its follow-ups (and theirs), none twice."""
    out: list[tuple[Card, Question]] = []
    seen: set[tuple[str, str]] = set()

    def add(card: Card, q: Question) -> None:
        if (card.id, q.id) in seen:
            return
        seen.add((card.id, q.id))
        out.append((card, q))
        for f in followers(card, q):
            add(card, f)

    for card, q in items:
        add(card, q)
    return out


def follow_up(card: Card, asked: set[tuple[str, str]], rnd: random.Random,
              last: Question | None = None) -> Question | None:
    """The interviewer's next question from the same card: a declared follow-up of the last one first."""
    if last is not None:
        declared = [f for f in followers(card, last) if (card.id, f.id) not in asked]
        if declared:
            return declared[0]
    rest = [q for q in card.questions if (card.id, q.id) not in asked and not q.follows]
    if not rest:
        return None
    rest.sort(key=lambda q: (not q.plugin.interview_main, q.id))
    return rest[0] if rnd.random() < 0.5 else rnd.choice(rest)
