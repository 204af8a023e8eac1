"""Which questions a quiz or interview asks: seeded random selection, interview follow-ups."""

from __future__ import annotations

import random

from dlstudy.content.schema import Card, Question


def select_questions(cards: list[Card], n: int, seed: int, kind: str | None = None,
                     interview: bool = False) -> list[tuple[Card, Question]]:
    """N questions drawn at random (seeded) from the cards; interview mode favours open and predict."""
    rnd = random.Random(seed)
    pool = [(c, q) for c in cards for q in c.questions if kind is None or q.kind == kind]
    if interview:
        main = [(c, q) for c, q in pool if q.kind in ("open", "predict")]
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
    return pool[:n]


def follow_up(card: Card, asked: set[tuple[str, str]], rnd: random.Random) -> Question | None:
    rest = [q for q in card.questions if (card.id, q.id) not in asked]
    if not rest:
        return None
    rest.sort(key=lambda q: (q.kind not in ("open", "predict"), q.id))
    return rest[0] if rnd.random() < 0.5 else rnd.choice(rest)
