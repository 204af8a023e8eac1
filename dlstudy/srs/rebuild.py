"""Rebuild the caches from the log (srs/replay.py: answers with the function that schedules a live
answer, scheduler.next_state, and the events), so a rebuild reproduces what the actions wrote."""

from __future__ import annotations

from typing import Any

from dlstudy.srs.records import StateRow
from dlstudy.srs.scheduler import from_ts, next_state

Entry = tuple[float, int, "int | None"]


def check_rebuildable(store: Any) -> None:
    """StateError unless the database passes SQLite's integrity check: a rebuild on damaged pages would
    build on what cannot be trusted (and could make it worse); a backup is the way back."""
    from dlstudy.errors import StateError

    if not store.integrity_ok():
        raise StateError(f"the database {store.path} fails its integrity check: rebuilding from a damaged log "
                         "could lose reviews, so nothing was changed",
                         hint="restore a backup: 'dlstudy restore' (the newest) or 'dlstudy backup --list'")


def rebuild_states(store: Any) -> tuple[int, int, int, int]:
    """Replay the whole log (reviews and events: srs/replay.py) and make the caches (question states,
    flags, settings, current ids) agree with it, reading and writing in one transaction (an answer
    committed meanwhile waits for it, and is then applied to the rebuilt state); only what differs is
    written. Rows whose rating, question or time is unusable are left out of the replay; a damaged column
    the replay never reads is not. Returns (question states, reviews replayed, events replayed, cache
    values changed)."""
    from dlstudy.srs.replay import rebuild

    check_rebuildable(store)
    result, changes = rebuild(store)
    return len(result.states), result.reviews, result.events, changes.total


def state_from_log(scheduler: Any, card_id: str, qid: str, entries: list[Entry], fuzz: bool = True) -> StateRow:
    """A question's state computed from its review log (in time order), as `doctor --rebuild` does: each
    answer scheduled from the state the previous one led to, lapses counted by the live rule."""
    state: StateRow | None = None
    for at, rating, duration in entries:
        after = next_state(scheduler, state, card_id, qid, rating, from_ts(at), duration, fuzz)
        state = StateRow(card_id, qid, after.fsrs, after.due, after.state, after.stability, after.difficulty, at,
                         state.introduced_at if state is not None else at, (state.reps if state else 0) + 1,
                         (state.lapses if state else 0) + int(after.lapse))
    if state is None:
        raise ValueError(f"{card_id}/{qid}: no answers to rebuild from")
    return state
