"""Sync as a property (issue 29): random interleavings of answers, overrides, undos, suspensions, forgets,
reschedules, renames, settings changes and syncs on three devices always end, once every device has synced with the others, in identical schedules,
equal to a single device replaying the merged log. And a sync racing a review session in another process
loses and duplicates no answer."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.srs.history_deck import RIGHT, write_history_deck

QUESTIONS = [(f"k{i}", "q") for i in range(1, 5)]
START = 1_790_000_000.0  # 2026-09-21


def _open(root: Path, name: str) -> Any:
    from dlstudy.srs.store import Store

    return Store.open(root / name / "dlstudy.db")


def _answer(store: Any, key: tuple[str, str], rating: int, at: float) -> None:
    """One answer through the live path (the four outcomes computed, the chosen one written)."""
    from dataclasses import replace

    from dlstudy.srs.answer import outcomes, record_answer
    from dlstudy.srs.records import Answer
    from dlstudy.srs.scheduler import make_scheduler
    from dlstudy.srs.settings import Settings

    current = store.state(*key)
    at, ahead = store.answer_time(at, key)  # after the question's latest record, as ReviewEngine.next_states
    settings = Settings.from_config(store.get_config())
    scheduler = make_scheduler(settings)
    states = replace(outcomes(scheduler, current, key[0], key[1], at, fuzz=settings.fuzz), pushed=ahead)
    record_answer(store, scheduler, Answer(key[0], key[1], at, rating), states, journal=False, fuzz=settings.fuzz)


def _snapshot(store: Any) -> dict[str, Any]:
    return {"states": sorted((s.key, s.due, s.state, s.stability, s.difficulty, s.reps, s.lapses, s.last_review)
                             for s in store.states()),
            "flags": sorted(store.flag_rows().items()), "config": sorted(store.get_config().items()),
            "log": sorted(u for (u,) in store.query("SELECT uid FROM review_log"))}


OPS = st.lists(st.tuples(
    st.sampled_from(["answer", "answer", "answer", "answer", "sync", "sync", "undo", "suspend", "unsuspend", "config",
                     "forget", "reschedule", "rename", "override"]),
    st.integers(0, 2),  # the device
    st.integers(0, len(QUESTIONS) - 1),
    st.integers(1, 4),  # a rating
    st.integers(1, 60 * 60 * 40),  # seconds since the device's previous action
), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
# found by this property: a forget stamped after another device's answer, then an answer by this device's
# own (earlier) clock; and a settings change stamped ahead of this device's clock, then an answer to
# another question (EventStore.answer_time and floor)
@example(ops=[("answer", 0, 0, 1, 1)] * 6 + [("answer", 1, 0, 1, 1), ("sync", 1, 0, 1, 1), ("sync", 0, 0, 1, 1),
              ("forget", 0, 0, 1, 1), ("answer", 0, 0, 1, 1)])
@example(ops=[("answer", 0, 0, 1, 1)] * 9 + [("answer", 0, 0, 1, 12), ("sync", 0, 0, 1, 1), ("sync", 1, 0, 1, 1),
              ("answer", 1, 0, 1, 1), ("config", 1, 0, 1, 1), ("answer", 1, 1, 4, 1)])
def test_three_devices_end_in_one_schedule_equal_to_a_replay_of_the_merged_log(ops, monkeypatch):
    from dlstudy.srs import actions
    from dlstudy.srs.replay import rebuild
    from dlstudy.srs.sync import sync

    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "shared"
        folder.mkdir()
        stores = [_open(root, f"d{i}") for i in range(3)]
        clocks = [START + i * 17.0 for i in range(3)]  # each device its own clock
        try:
            for op, d, q, rating, step in ops:
                store = stores[d]
                clocks[d] += step
                now = clocks[d]
                key = QUESTIONS[q]
                if op == "answer":
                    _answer(store, key, rating, now)
                elif op == "sync":
                    sync(store, folder, now)
                elif op == "undo":
                    actions.undo(store, now)
                elif op in ("suspend", "unsuspend"):
                    actions.question_action(store, op, [key], now)
                elif op == "forget" and store.state(*key) is not None:
                    actions.question_action(store, "forget", [key], now)
                elif op == "reschedule" and store.state(*key) is not None:
                    actions.question_action(store, "reschedule", [key], now, {"due": now + step * 10})
                elif op == "rename":
                    target = (key[0], f"q{rating}")
                    known = store.keys_with_history()
                    if key in known and target not in known and target != key:
                        actions.rename(store, key, target, now)
                elif op == "override":  # the learner's own rating for this device's latest answer
                    from dlstudy.srs.replay import recompute

                    rows = store.query("SELECT uid, card_id, question_id FROM review_log WHERE device = ? "
                                       "ORDER BY reviewed_at DESC LIMIT 1", (store.device,))
                    if rows:
                        with store.transaction() as conn:
                            conn.execute("UPDATE review_log SET rating = ?, overridden = 1, rev = rev + 1 WHERE uid = ?",
                                         (rating, rows[0][0]))
                            recompute(store, [(rows[0][1], rows[0][2])])
                elif op == "config":
                    store.set_config("desired_retention", ("0.8", "0.85", "0.9", "0.95")[rating - 1], now=now)
            later = max(clocks) + 60
            for _round in range(2):  # everyone syncs with everyone
                for store in stores:
                    sync(store, folder, later)
            final = [_snapshot(s) for s in stores]
            assert final[0] == final[1] == final[2]
            fresh = _open(root, "fresh")  # a single device replaying the merged log
            try:
                sync(fresh, folder, later)
                assert _snapshot(fresh) == final[0]
            finally:
                fresh.close()
            _result, changes = rebuild(stores[0])
            assert changes.total == 0
            for store in stores:  # syncing again changes nothing
                sync(store, folder, later + 1)
            assert [_snapshot(s) for s in stores] == final
        finally:
            for s in stores:
                s.close()


# ------------------------------------------------------------------------------------------- a race

def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DLSTUDY_HOME": str(home), "DLSTUDY_TZ_UTC": "1", "NO_COLOR": "1", **extra})
    env.pop("DLSTUDY_NOW", None)
    return env


@pytest.mark.slow
def test_sync_racing_a_review_session_in_another_process_loses_and_duplicates_nothing(tmp_path):
    deck = write_history_deck(tmp_path / "deck", {f"k{i}": [] for i in range(1, 31)})
    home, other = tmp_path / "a", tmp_path / "b"
    folder = tmp_path / "shared"
    folder.mkdir()
    run = [sys.executable, "-m", "dlstudy", "--content", deck]
    # another device's answers wait in the folder: the syncs below merge them while the review writes
    subprocess.run(run + ["review", "--topic", "hist", "--new", "8"], input=(RIGHT + "\n") * 8 + "q\n", text=True,
                   env=_env(other), cwd=str(REPO), check=True, capture_output=True, timeout=120)
    subprocess.run(run + ["sync", str(folder)], env=_env(other), cwd=str(REPO), check=True, capture_output=True,
                   timeout=120)
    subprocess.run(run + ["config", "new_per_day", "30"], env=_env(home), cwd=str(REPO), check=True,
                   capture_output=True, timeout=120)
    review = subprocess.Popen(run + ["review", "--topic", "hist", "--new", "30"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(home), cwd=str(REPO))
    stop = threading.Event()
    syncs: list[int] = []

    def keep_syncing() -> None:
        while not stop.is_set():
            r = subprocess.run(run + ["sync", str(folder)], env=_env(home), cwd=str(REPO), capture_output=True,
                               timeout=120, text=True)
            syncs.append(r.returncode)

    racer = threading.Thread(target=keep_syncing)
    racer.start()
    answers = 25
    try:
        assert review.stdin is not None
        for _ in range(answers):
            review.stdin.write(RIGHT + "\n")
            review.stdin.flush()
            time.sleep(0.15)
        review.stdin.write("q\n")
        out, err = review.communicate(timeout=120)  # closes stdin
    finally:
        stop.set()
        racer.join(timeout=120)
    assert review.returncode == 0, err
    assert len(syncs) >= 2 and set(syncs) == {0}, syncs
    assert out.count(" recorded ") == answers, out[-2000:]
    subprocess.run(run + ["sync", str(folder)], env=_env(home), cwd=str(REPO), check=True, capture_output=True,
                   timeout=120)
    con = sqlite3.connect(home / "dlstudy.db")
    me = con.execute("SELECT value FROM local WHERE key = 'device'").fetchone()[0]
    mine = con.execute("SELECT uid, card_id, reviewed_at FROM review_log WHERE device = ?", (me,)).fetchall()
    assert len(mine) == answers and len({u for u, _c, _t in mine}) == answers  # none lost, none twice
    assert con.execute("SELECT count(*) FROM review_log WHERE device != ?", (me,)).fetchone()[0] == 8
    [file] = [p for p in folder.glob("dlstudy-*.jsonl") if me in p.name]
    written = [json.loads(line) for line in file.read_text().splitlines()[1:-1]]
    assert sorted(r["uid"] for r in written if r["t"] == "review") == sorted(u for u, _c, _t in mine)
    r = subprocess.run(run + ["doctor", "--rebuild"], env=_env(home), cwd=str(REPO), capture_output=True, text=True,
                       timeout=120)
    assert "0 cached value(s) changed" in r.stdout, r.stdout + r.stderr
