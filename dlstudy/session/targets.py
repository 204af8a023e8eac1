"""The questions a command names: `CARD/QID` or a whole `CARD`, checked against the deck and the
history, with 'did you mean' for an unknown id (one line, exit 2). Shared by the commands that act on
questions (suspend, unbury, flag, forget, reschedule, rename, info)."""

from __future__ import annotations

from typing import Any

from dlstudy.errors import UsageError
from dlstudy.srs.events import MAX_ID
from dlstudy.text import clean, suggestions

Key = tuple[str, str]


def split_target(text: str, question: bool | None = None) -> tuple[str, str | None]:
    """'card/qid' -> (card, qid); 'card' -> (card, None). question=True: a CARD/QID is required; False: a
    card id is required; None: either. A UsageError for anything else."""
    shown = clean(text)[:80]
    card, sep, qid = text.partition("/")
    if not card or (sep and not qid) or "/" in qid or len(text) > 2 * MAX_ID or clean(text) != text \
            or any(ch.isspace() for ch in text):
        raise UsageError(f"'{shown}' is not a {'CARD/QID' if question else 'card or CARD/QID'} id",
                         hint="e.g. softmax/overflow-why (a question) or softmax (a card)")
    if question and not sep:
        raise UsageError(f"give a question as CARD/QID, not only the card '{shown}'",
                         hint="the questions of a card: 'dlstudy show CARD'")
    if question is False and sep:
        raise UsageError(f"give a card id, not a question ('{shown}')")
    return card, (qid if sep else None)


def deck_keys(deck: Any) -> dict[Key, str]:
    """(card, question) -> topic for every question of the deck (or of the light index)."""
    return {(c.id, q): c.topic for c in deck.cards for q in c.question_ids}


def resolve(text: str, deck: Any, known: set[Key], question: bool | None = None) -> list[Key]:
    """The questions `text` names: a question of the deck or one with history (`known`), or every
    question of a card (in the deck or with history). UsageError with 'did you mean' otherwise."""
    card, qid = split_target(text, question)
    in_deck = deck_keys(deck)
    if qid is not None:
        key = (card, qid)
        if key in in_deck or key in known:
            return [key]
        ids = {f"{c}/{q}" for c, q in set(in_deck) | known}
        close = suggestions(text, ids)
        cards = {c for c, _q in set(in_deck) | known}
        hint = (f"did you mean: {', '.join(close)}?" if close else
                f"the questions of {card}: 'dlstudy show {card}'" if card in cards else
                "list the cards with 'dlstudy cards'")
        raise UsageError(f"no question '{clean(text)[:80]}'", hint=hint)
    keys = sorted({k for k in set(in_deck) | known if k[0] == card})
    if not keys:
        close = suggestions(card, {c for c, _q in set(in_deck) | known})
        raise UsageError(f"no card with id '{clean(card)[:80]}'",
                         hint=f"did you mean: {', '.join(close)}?" if close else "list the cards with 'dlstudy cards'")
    return keys


def name(key: Key) -> str:
    return f"{key[0]}/{key[1]}"


def names(keys: list[Key], limit: int = 3) -> str:
    """'a/q1', 'a/q1, a/q2' or '5 questions of a'."""
    if len(keys) <= limit:
        return ", ".join(name(k) for k in keys)
    cards = sorted({c for c, _q in keys})
    return f"{len(keys)} questions" + (f" of {cards[0]}" if len(cards) == 1 else "")


def orphans(app: Any, ids: set[Key]) -> list[dict[str, Any]]:
    """History for ids no longer in the deck (`ids`: every question of the decks), each with its answer
    count and, when an id of the deck without history looks like it, the rename to run: a question renamed
    within its card, or a whole card renamed. [] without a database (nothing is created)."""
    from dlstudy.paths import db_path

    if not db_path().exists():
        return []
    with app.store(create=False, readonly=True) as store:
        known = store.keys_with_history() if not store.empty else set()
        lost = sorted(known - ids)
        counts = {(c, q): n for c, q, n in store.query(
            "SELECT card_id, question_id, count(*) FROM review_log GROUP BY card_id, question_id")} if lost else {}
    fresh = ids - known
    fresh_cards = {c for c, _q in fresh} - {c for c, _q in known}
    out = []
    for card, question in lost:
        same_card = sorted(q for c, q in fresh if c == card)
        close = suggestions(question, same_card, n=1, cutoff=0.6)
        if not close and len(same_card) == 1 and sum(c == card for c, _q in lost) == 1:
            close = same_card  # the card lost one id and gained one: most likely a rename
        if close:
            guess: str | None = f"{card}/{close[0]}"
        else:
            moved = suggestions(card, sorted(c for c in fresh_cards if (c, question) in fresh), n=1, cutoff=0.6)
            guess = moved[0] if moved else None
        out.append({"card": card, "question": question, "answers": counts.get((card, question), 0),
                    "did_you_rename_to": guess})
    return out
