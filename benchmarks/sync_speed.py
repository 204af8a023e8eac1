"""`dlstudy sync` between two devices, whole processes (issue 29's budgets):

- receiving 100,000 records from another device (95,000 answers over 3,800 questions and 5,000 events:
  suspensions, flags, buries and a settings change, which replays every question) into a new device:
  budget ≤ 5 s;
- a sync with nothing new (both files unchanged since the last sync): budget ≤ 0.3 s;
- and, for the record, the other device writing its file of 100,000 records.

    python benchmarks/sync_speed.py                  # 100,000 records, 3 runs of the big sync, 9 of the empty one
    python benchmarks/sync_speed.py --records 20000 --runs 1

Each big run starts from a new, empty home; the empty syncs run in one home that has synced once.
Median, min and max wall time; peak RSS from GNU time in one extra run. Not part of the test suite;
the figures are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generators import deck_questions, write_deck, write_reviews  # noqa: E402
from run import HAVE_TIME, run_once  # noqa: E402

PY = sys.executable


def other_device(home: Path, deck: Path, answers: int, events: int) -> int:
    """The other device's database: `answers` answers (FSRS schedules) and `events` events."""
    from dlstudy.srs.events import Event, new_uid
    from dlstudy.srs.store import Store

    n = write_reviews(home, answers, deck_questions(deck))
    rnd = random.Random(2)
    questions = deck_questions(deck)
    with Store.open(home / "dlstudy.db") as store:
        at = store.query("SELECT max(reviewed_at) FROM review_log")[0][0] + 60
        made = [Event(new_uid(), store.device, at - 86400 * 30, "config", None, None,
                      {"key": "desired_retention", "value": "0.85"})]
        kinds = [("suspend", {}), ("unsuspend", {}), ("flag", {"name": "unclear", "note": None}), ("unflag", {}),
                 ("bury", {"until": at + 86400})]
        for i in range(events - 1):
            kind, data = rnd.choice(kinds)
            card, qid = rnd.choice(questions)
            made.append(Event(new_uid(), store.device, at + i * 0.01, kind, card, qid, data))
        store.add_events(made)
    return n + len(made)


def timed(name: str, cmd: list[str], env_of, runs: int, fresh=None) -> dict:
    times = []
    for _ in range(runs):
        env = env_of()
        if fresh is not None:
            fresh(env)
        times.append(run_once(cmd, env))
    env = env_of()
    if fresh is not None:
        fresh(env)
    rss = run_once(cmd, env, rss=True) if HAVE_TIME else float("nan")
    res = {"name": name, "median": statistics.median(times), "min": min(times), "max": max(times), "rss_mib": rss,
           "runs": runs}
    print(f"  {name:<60} median {res['median']:7.3f} s  min {res['min']:7.3f}  max {res['max']:7.3f}"
          f"  rss {rss:6.1f} MiB", flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--empty-runs", type=int, default=9)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dlstudy-sync-bench-"))
    try:
        deck = write_deck(tmp / "deck", 950)
        events = args.records // 20
        b_home = tmp / "b"
        total = other_device(b_home, deck, args.records - events, events)
        folder = tmp / "shared"
        folder.mkdir()
        base = {**os.environ, "DLSTUDY_TZ_UTC": "1", "NO_COLOR": "1"}
        base.pop("DLSTUDY_NOW", None)
        sync = [PY, "-m", "dlstudy", "sync", str(folder)]
        print(f"other device: {total:,} records", flush=True)
        results = [timed(f"the other device writes its file ({total:,} records)", sync,
                         lambda: {**base, "DLSTUDY_HOME": str(b_home)}, args.runs,
                         fresh=lambda env: (b_home / "dlstudy.db").exists() and _forget_written(b_home))]
        size = sum(p.stat().st_size for p in folder.glob("dlstudy-*.jsonl"))
        print(f"  its file: {size / 2**20:.1f} MiB", flush=True)
        homes = iter(range(10_000))

        def new_home() -> dict:
            return {**base, "DLSTUDY_HOME": str(tmp / f"a{next(homes)}")}

        results.append(timed(f"a new device receives {total:,} records", sync, new_home, args.runs))
        a_home = tmp / "a-steady"
        env = {**base, "DLSTUDY_HOME": str(a_home)}
        run_once(sync, env)
        run_once(sync, env)
        results.append(timed("a sync with nothing new", sync, lambda: env, args.empty_runs))
        out = HERE / "sync_results.json"
        out.write_text(json.dumps({"records": total, "file_mib": round(size / 2**20, 1), "results": results}, indent=2))
        print(f"written {out}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _forget_written(home: Path) -> None:
    """Make the next sync write the file again (as after new records)."""
    import sqlite3

    con = sqlite3.connect(home / "dlstudy.db")
    con.execute("DELETE FROM local WHERE key IN ('sync_file', 'sync_signature')")
    con.commit()
    con.close()


if __name__ == "__main__":
    main()
