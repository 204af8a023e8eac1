"""Every action on a question or a setting, as an event written in one transaction with its cache:
suspend, unsuspend, bury, unbury, flag, unflag, forget, reschedule, rename, a settings change, and
undo. The cache is changed by the transitions the replay uses (srs/replay.py), so it is what a
replay of the log computes.

Checking what the learner asked for (unknown ids, a rename onto an id that has history, a due date in
the past) is the caller's: these functions record what they are given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal

from dlstudy.srs.events import (
    FLAG_KINDS,
    LEGACY_DEVICE,
    QUESTION_KINDS,
    Event,
    EventKind,
    QuestionKind,
    Tombstones,
    new_uid,
)
from dlstudy.srs.records import NO_FLAGS

Key = tuple[str, str]


@dataclass(frozen=True)
class Done:
    """An action as recorded.

    Attributes:
        kind: the event kind; keys: the questions it touched; at: its time; uids: its events.
    """

    kind: EventKind
    keys: tuple[Key, ...]
    at: float
    uids: tuple[str, ...]


@dataclass(frozen=True)
class Undone:
    """What an undo took back.

    Attributes:
        kind: "review" or the undone event's kind; keys: the questions it touched; what: a description
        ("bayes/q1: your answer (good)", "suspension of bayes/q1"); uids: the records undone.
    """

    kind: EventKind | Literal["review"]
    keys: tuple[Key, ...]
    what: str
    uids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def key(self) -> Key | None:
        """The question it touched (the first, for an action on several)."""
        return self.keys[0] if self.keys else None


def question_action(store: Any, kind: QuestionKind, keys: Iterable[Key], now: float,
                    data: dict[str, Any] | None = None) -> Done:
    """Record one action on these questions (one event each, sharing a group when there are several) and
    update their flags or state, in one transaction."""
    assert kind in QUESTION_KINDS
    wanted = list(dict.fromkeys(keys))
    payload = dict(data or {})
    from dlstudy.srs.replay import apply_flag_event, apply_schedule_event

    with store.transaction():
        at = store.stamp(now, wanted)
        if len(wanted) > 1:
            payload["group"] = new_uid()
        events = [Event(new_uid(), store.device, at, kind, c, q, payload) for c, q in wanted]
        store.add_events(events)
        if kind in FLAG_KINDS:
            flags = store.flag_rows(wanted)
            for key in wanted:
                old = flags.get(key, NO_FLAGS)
                new = apply_flag_event(old, kind, payload)
                if new != old:
                    store.put_flags(key, new)
        else:
            for key in wanted:
                state = store.state(*key)
                after = apply_schedule_event(state, kind, payload)
                if after != state:
                    store.put_state(key[0], key[1], after)
    return Done(kind, tuple(wanted), at, tuple(e.uid for e in events))


def rename(store: Any, source: str | Key, target: str | Key, now: float) -> Done:
    """Move a question's history (source and target CARD/QID ids) or a whole card's (card ids) to new
    ids: its answers, events, state and flags, in one transaction. The records keep the ids they were
    made under."""
    with store.transaction() as conn:
        if isinstance(source, str):
            assert isinstance(target, str)
            keys = tuple(k for k in sorted(store.keys_with_history()) if k[0] == source)
            at = store.stamp(now, card=source)
            event = Event(new_uid(), store.device, at, "rename", source, None, {"to_card": target})
            where, new_ids = "card_id = ?", "card_id = ?"
            args: tuple[str, ...] = (source,)
            new_args: tuple[str, ...] = (target,)
        else:
            assert not isinstance(target, str)
            keys = (source,)
            at = store.stamp(now, [source])
            event = Event(new_uid(), store.device, at, "rename", source[0], source[1],
                          {"to_card": target[0], "to_question": target[1]})
            where, args, new_ids = "card_id = ? AND question_id = ?", source, "card_id = ?, question_id = ?"
            new_args = target
        store.add_events([event])
        for table, extra in (("review_log", ""), ("events", " AND kind NOT IN ('rename', 'config', 'undo')"),
                             ("question_state", None), ("question_flags", None)):
            if extra is None:
                conn.execute(f"UPDATE {table} SET {new_ids} WHERE {where}", new_args + args)
                continue
            conn.execute(f"UPDATE {table} SET asked_card = coalesce(asked_card, card_id), "
                         f"asked_question = coalesce(asked_question, question_id), {new_ids} WHERE {where}{extra}",
                         new_args + args)
            conn.execute(f"UPDATE {table} SET asked_card = NULL, asked_question = NULL WHERE asked_card = card_id "
                         "AND asked_question = question_id")
    return Done("rename", keys, at, (event.uid,))


def set_config(store: Any, key: str, value: str | None, at: float | None = None, now: float | None = None) -> Done:
    """Change a setting (None: back to the default) as an event, with the cache, in one transaction: at `at`,
    or stamped from `now` (default: the clock). The answers recorded after its moment (another device's,
    merged by a sync) are replayed under it."""
    from dlstudy.srs.clock import Clock

    with store.transaction():
        stamped = at if at is not None else store.stamp(now if now is not None else Clock().now().timestamp())
        event = Event(new_uid(), store.device, stamped, "config", None, None, {"key": key, "value": value})
        store.add_events([event])
        store.put_config(key, value)
        _replay_after(store, key, stamped)
    return Done("config", (), stamped, (event.uid,))


def _replay_after(store: Any, key: str, at: float) -> None:
    """A scheduling setting changed at `at`: the questions answered since are replayed under it."""
    from dlstudy.srs.replay import SCHEDULING_KEYS, recompute

    if key in SCHEDULING_KEYS:
        later = {(c, q) for c, q in store.query(
            "SELECT DISTINCT card_id, question_id FROM review_log WHERE reviewed_at >= ?", (at,))}
        recompute(store, later)


# ----------------------------------------------------------------------------------------- undo

def last_action(store: Any) -> list[str]:
    """The uids of this device's latest action that is not undone (one answer, or the events of one
    action); [] when there is none. Quiz answers are practice and are not undone."""
    undone = store.undone()
    mine = (store.device, LEGACY_DEVICE)
    review = store.query("SELECT uid, reviewed_at FROM review_log WHERE device IN (?, ?) ORDER BY reviewed_at DESC, "
                         "uid DESC LIMIT 1", mine)
    best: tuple[tuple[float, int, str], list[str]] | None = None
    if review:
        uid, at = review[0]
        best = ((float(at), 1, str(uid)), [str(uid)])
    offset = 0
    while True:
        rows = store.query("SELECT uid, at, data, device FROM events WHERE device IN (?, ?) AND kind != 'undo' "
                           "ORDER BY at DESC, uid DESC LIMIT 200 OFFSET ?", mine + (offset,))
        live = [r for r in rows if not undone.covers(r[0], r[3])]
        if live or len(rows) < 200:
            break
        offset += 200
    if live:
        uid, at, data, _device = live[0]
        order = (float(at), 0, str(uid))
        if best is None or order > best[0]:
            best = (order, _group_of(store, str(uid), float(at), data, undone))
    return best[1] if best is not None else []


def _group_of(store: Any, uid: str, at: float, data: str, undone: Tombstones) -> list[str]:
    """The events of the action an event belongs to (itself, or its group)."""
    try:
        group = json.loads(data).get("group")
    except (ValueError, AttributeError):
        group = None
    if not group:
        return [uid]
    out = []
    for other, other_data, device in store.query("SELECT uid, data, device FROM events WHERE at = ? AND device IN "
                                                 "(?, ?)", (at, store.device, LEGACY_DEVICE)):
        try:
            if json.loads(other_data).get("group") == group and not undone.covers(other, device):
                out.append(str(other))
        except (ValueError, AttributeError):
            continue
    return out or [uid]


def undo(store: Any, now: float, target: str | None = None) -> Undone | None:
    """Undo this device's latest action (or the one whose uid is `target`, with its group), in one
    transaction: an undo event names what it undoes (an answer leaves the review log, kept in the undo
    event); the questions, flags and settings it touched are replayed without it. None: nothing to undo."""
    with store.transaction():
        if target is not None:
            if target in store.undone().uids():
                return None
            uids = _target_action(store, target)
        else:
            uids = last_action(store)
        if not uids:
            return None
        review_rows = store.query("SELECT * FROM review_log WHERE uid = ?", (uids[0],))
        if review_rows:
            return _undo_review(store, now, uids[0], review_rows[0])
        events = store.event_rows("WHERE uid IN (%s)" % ",".join("?" * len(uids)), tuple(uids))
        if not events:
            return None
        return _undo_events(store, now, events)


def undo_answer(store: Any, now: float, log_id: int, answer: Any, reps_after: int, before: Any) -> Undone:
    """Undo an answer of this session whose state before is known (the review engine's fast path): one
    transaction of the tombstone, the log row out, the state put back (or, if another session reviewed
    the question since, the question replayed)."""
    from dlstudy.srs.ratings import Rating
    from dlstudy.srs.replay import recompute

    key = (answer.card_id, answer.question_id)
    what = f"{key[0]}/{key[1]}: your answer ({Rating(answer.rating).label})"
    row = {"card_id": answer.card_id, "question_id": answer.question_id, "reviewed_at": answer.at,
           "rating": answer.rating, "duration_ms": answer.duration_ms, "details": answer.details,
           "session_id": answer.session_id, "suggested_rating": answer.suggested, "overridden": answer.overridden,
           "uid": answer.uid, "device": store.device}
    tombstone = Event(new_uid(), store.device, max(now, answer.at), "undo", None, None,
                      {"targets": [answer.uid], "what": what, "rows": [row]})
    with store.transaction():
        if not store.undo_review(log_id, answer, reps_after, before, tombstone):
            recompute(store, [key])
    return Undone("review", (key,), what, (answer.uid,))


def _target_action(store: Any, uid: str) -> list[str]:
    mine = (store.device, LEGACY_DEVICE)
    if store.query("SELECT 1 FROM review_log WHERE uid = ? AND device IN (?, ?)", (uid,) + mine):
        return [uid]
    rows = store.query("SELECT at, data FROM events WHERE uid = ? AND device IN (?, ?) AND kind != 'undo'", (uid,) + mine)
    if not rows:
        return []
    return _group_of(store, uid, float(rows[0][0]), rows[0][1], store.undone())


def _undo_review(store: Any, now: float, uid: str, row: tuple[Any, ...]) -> Undone:
    from dlstudy.srs.ratings import Rating
    from dlstudy.srs.replay import recompute

    columns = [d[1] for d in store.query("PRAGMA table_info(review_log)")]
    kept = dict(zip(columns, row))
    kept.pop("id", None)
    key = (str(kept["card_id"]), str(kept["question_id"]))
    rating = kept.get("rating")
    label = Rating(rating).label if isinstance(rating, int) and 1 <= rating <= 4 else str(rating)
    what = f"{key[0]}/{key[1]}: your answer ({label})"
    at = max(now, float(kept["reviewed_at"]))
    store.add_events([Event(new_uid(), store.device, at, "undo", None, None,
                            {"targets": [uid], "what": what, "rows": [kept]})])
    store.drop_reviews([uid])
    recompute(store, [key])
    return Undone("review", (key,), what, (uid,))


def describe(kind: EventKind, keys: tuple[Key, ...], events: list[Event]) -> str:
    """'suspension of bayes/q1', 'forget of 3 questions of bayes', 'rename bayes → bayes-rule'."""
    noun = {"suspend": "suspension", "unsuspend": "unsuspension", "bury": "bury", "unbury": "unbury",
            "flag": "flag", "unflag": "unflag", "forget": "forget", "reschedule": "reschedule"}.get(kind, kind)
    if kind == "config":
        data = events[0].data
        value = data.get("value")
        return f"setting {data.get('key')} = {value if value is not None else '(default)'}"
    if kind == "rename":
        e = events[0]
        source = e.card if e.question is None else f"{e.card}/{e.question}"
        dest = e.data.get("to_card") if e.question is None else f"{e.data.get('to_card')}/{e.data.get('to_question')}"
        return f"rename {source} → {dest}"
    if kind == "flag":
        name = events[0].data.get("name") or "edit"
        noun = f"flag '{name}'"
    if len(keys) == 1:
        return f"{noun} of {keys[0][0]}/{keys[0][1]}"
    cards = sorted({c for c, _q in keys})
    return f"{noun} of {len(keys)} questions" + (f" of {cards[0]}" if len(cards) == 1 else "")


def _undo_events(store: Any, now: float, events: list[Event]) -> Undone:
    from dlstudy.srs.replay import SCHEDULING_KEYS, SettingsTimeline, rebuild, recompute

    kind = events[0].kind
    keys = tuple(sorted({e.key for e in events if e.key is not None}))
    what = describe(kind, keys, events)
    at = max([now] + [e.at for e in events])
    uids = [e.uid for e in events]
    store.add_events([Event(new_uid(), store.device, at, "undo", None, None, {"targets": uids, "what": what})])
    if kind in QUESTION_KINDS:
        recompute(store, keys)
    elif kind == "config":
        key = events[0].data.get("key")
        if key in SCHEDULING_KEYS:
            rebuild(store)
        else:
            undone = store.undone()
            timeline = SettingsTimeline(e for e in store.event_rows("WHERE kind = 'config'")
                                        if not undone.covers(e.uid, e.device))
            store.put_config(str(key), timeline.final().get(str(key)))
    elif kind == "rename":
        rebuild(store)
        e = events[0]
        keys = ((e.card or "", e.question or "*"),)
    return Undone(kind, keys, what, tuple(uids))
