"""Rebuild every question's FSRS state from the review log with the scheduler's replay."""

from __future__ import annotations

from collections import defaultdict

from dlstudy.srs.ratings import is_lapse
from dlstudy.srs.scheduler import Settings, from_ts, make_scheduler, replay, review, state_columns
from dlstudy.srs.store import StateRow


def rebuild_states(store) -> tuple[int, int]:
    """Replace every question state by a replay of the review log. Rows 'dlstudy doctor' reports as
    unusable (store.log_problems) are left out of the replay, never crash it."""
    settings = Settings.from_config(store.get_config())
    scheduler = make_scheduler(settings)
    bad = {log_id for log_id, _why in store.log_problems(limit=10**9)}
    logs = defaultdict(list)
    n = 0
    for log_id, card_id, qid, at, rating, duration, _details in store.review_logs():
        if log_id in bad:
            continue
        if not isinstance(duration, int) or isinstance(duration, bool) or duration < 0:
            duration = None
        logs[(card_id, qid)].append((at, rating, duration))
        n += 1
    rows = []
    for (card_id, qid), entries in logs.items():
        card = replay(scheduler, card_id, qid, entries)
        cols = state_columns(card)
        lapses = count_lapses(scheduler, card_id, qid, entries)
        rows.append(StateRow(card_id, qid, cols["fsrs"], cols["due"], cols["state"], cols["stability"],
                             cols["difficulty"], entries[-1][0], entries[0][0], len(entries), lapses))
    store.replace_state(rows)
    return len(rows), n


def count_lapses(scheduler, card_id: str, qid: str, entries: list[tuple[float, int, int | None]]) -> int:
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
