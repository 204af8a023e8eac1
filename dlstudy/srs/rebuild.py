"""Rebuild every question's FSRS state from the review log with the scheduler's replay."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dlstudy.srs.ratings import is_lapse
from dlstudy.srs.scheduler import Settings, from_ts, make_scheduler, replay, review, state_columns
from dlstudy.srs.store import StateRow

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
        rows = [state_from_log(scheduler, card_id, qid, entries) for (card_id, qid), entries in logs.items()]
        store.replace_state(rows)
    return len(rows), n


def state_from_log(scheduler: Any, card_id: str, qid: str, entries: list[Entry]) -> StateRow:
    """A question's state computed from its review log (in time order), as `doctor --rebuild` does."""
    card = replay(scheduler, card_id, qid, entries)
    cols = state_columns(card)
    lapses = count_lapses(scheduler, card_id, qid, entries)
    return StateRow(card_id, qid, cols["fsrs"], cols["due"], cols["state"], cols["stability"],
                    cols["difficulty"], entries[-1][0], entries[0][0], len(entries), lapses)


def count_lapses(scheduler: Any, card_id: str, qid: str, entries: list[Entry]) -> int:
    """Lapses by the same rule as live answers (srs.ratings.is_lapse), on the states a step-by-step
    replay of the log passes through."""
    state = None
    fsrs_state = None
    lapses = 0
    for at, rating, duration in entries:
        before = state
        after = review(scheduler, fsrs_state, card_id, qid, rating, from_ts(at), duration)
        lapses += is_lapse(before, rating)
        fsrs_state, state = after["fsrs"], after["state"]
    return lapses
