"""Rebuild every question's FSRS state from the review log, answer by answer, with the function that
schedules a live answer (scheduler.next_state): a rebuild reproduces what the answers scheduled."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dlstudy.srs.records import StateRow
from dlstudy.srs.scheduler import from_ts, make_scheduler, next_state
from dlstudy.srs.settings import Settings

Entry = tuple[float, int, "int | None"]


def check_rebuildable(store: Any) -> None:
    """StateError unless the database passes SQLite's integrity check: a rebuild on damaged pages would
    build on what cannot be trusted (and could make it worse); a backup is the way back."""
    from dlstudy.errors import StateError

    if not store.integrity_ok():
        raise StateError(f"the database {store.path} fails its integrity check: rebuilding from a damaged log "
                         "could lose reviews, so nothing was changed",
                         hint="restore a backup: 'dlstudy restore' (the newest) or 'dlstudy backup --list'")


def rebuild_states(store: Any) -> tuple[int, int]:
    """Replace every question state by a replay of the review log, reading and writing in one
    transaction (an answer committed meanwhile waits for it, and is then applied to the rebuilt
    state). Only rows whose rating, question or time is unusable are left out of the replay
    (store.log_problems(scheduling_only=True)); a damaged column the replay never reads is not."""
    check_rebuildable(store)
    settings = Settings.from_config(store.get_config())
    scheduler = make_scheduler(settings)
    with store.transaction():
        bad = {log_id for log_id, _why in store.log_problems(limit=10**9, scheduling_only=True)}
        logs: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        n = 0
        for log_id, card_id, qid, at, rating, duration, _details in store.review_logs():
            if log_id in bad:
                continue
            if not isinstance(duration, int) or isinstance(duration, bool) or duration < 0:
                duration = None
            logs[(card_id, qid)].append((at, rating, duration))
            n += 1
        rows = [state_from_log(scheduler, card_id, qid, entries, settings.fuzz) for (card_id, qid), entries in logs.items()]
        store.replace_state(rows)
    return len(rows), n


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
