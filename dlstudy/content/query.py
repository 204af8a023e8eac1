"""Selecting cards: by topic, tag and free text."""

from __future__ import annotations

from dlstudy.content.schema import Card


def filter_cards(cards: list[Card], topic: str | None = None, tag: str | None = None,
                 search: str | None = None) -> list[Card]:
    out = []
    needle = search.lower().strip() if search else None
    for card in cards:
        if topic and card.topic != topic:
            continue
        if tag and tag not in card.tags:
            continue
        if needle:
            hay = " ".join([card.id, card.title, card.summary, " ".join(card.tags), " ".join(card.key_points)]).lower()
            if needle not in hay:
                continue
        out.append(card)
    return out
