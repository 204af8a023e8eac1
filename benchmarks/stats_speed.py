"""`dlstudy stats` on large review histories, with the calibration replay and the practice figures.

    python benchmarks/stats_speed.py                                   # 10,000 logs, this tree
    python benchmarks/stats_speed.py --logs 10000 1000000 --runs 9
    python benchmarks/stats_speed.py --before /work/main/.venv/bin/python   # interleaved with another tree

Each database is made by generators.write_reviews over the bundled deck's questions (plus 200 quiz answers),
once with FSRS's default parameters (one replay of the log) and once with parameters of the learner's own
(two replays: theirs and the defaults'). Whole processes, a warm-up run each, then `--runs` runs
interleaved between the trees; median, min and max wall time, peak RSS from GNU time in one extra run.
Then, in this process (this tree only), the median CPU time (time.process_time) of the whole computation
(compute_stats) and of its calibration part, which the machine's load disturbs less than wall time.
Not part of the test suite; the figures are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generators import write_reviews  # noqa: E402
from run import BASELINE, HAVE_TIME, run_once  # noqa: E402


def add_practice(home: Path, n: int, questions: list[tuple[str, str]]) -> None:
    """n quiz answers over the last week (through the store)."""
    import random
    import time

    from dlstudy.srs.store import Attempt, Store

    rnd = random.Random(1)
    now = time.time()
    with Store.open(home / "dlstudy.db") as store:
        session = store.start_session("quiz", now - 7 * 86400)
        for i in range(n):
            card, qid = rnd.choice(questions)
            store.add_attempt(Attempt(session, card, qid, "short", now - rnd.uniform(0, 7 * 86400) - i * 1e-3,
                                      rating=rnd.choice([1, 3, 3, 4])))


def personal_parameters() -> str:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    params = list(DEFAULT_PARAMETERS)
    params[2] *= 1.5  # any valid parameters that are not the defaults: the replay runs twice
    return ",".join(repr(p) for p in params)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--logs", type=int, nargs="+", default=[10_000])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--before", help="another tree's python (its `-m dlstudy` is run interleaved with this one)")
    args = ap.parse_args()
    from dlstudy.content.loader import load_deck

    bundled = [(c.id, q.id) for c in load_deck(use_cache=False).cards for q in c.questions]
    # -P: the installed dlstudy of each python, never one in the current folder
    trees = {"this tree": [sys.executable, "-P", "-m", "dlstudy", "stats"]}
    if args.before:
        trees = {"before": [args.before, "-P", "-m", "dlstudy", "stats"], **trees}
    work = Path(tempfile.mkdtemp(prefix="dlstudy-stats-bench-"))
    print(f"python -c 'import typer': {statistics.median(run_once(BASELINE, dict(os.environ)) for _ in range(5)) * 1000:.0f} ms")
    for n in args.logs:
        home = work / f"h{n}"
        made = write_reviews(home, n, bundled)
        add_practice(home, 200, bundled)
        for params in ("defaults", "personal"):
            if params == "personal":
                from dlstudy.srs.store import Store

                with Store.open(home / "dlstudy.db") as store:
                    store.set_config("parameters", personal_parameters())
            env = dict(os.environ, DLSTUDY_HOME=str(home), COLUMNS="100")
            env.pop("DLSTUDY_CONTENT", None)
            times: dict[str, list[float]] = {name: [] for name in trees}
            for cmd in trees.values():
                run_once(cmd, env)  # warm-up (and the content cache)
            for _ in range(args.runs):
                for name, cmd in trees.items():
                    times[name].append(run_once(cmd, env))
            for name, cmd in trees.items():
                t = times[name]
                rss = run_once(cmd, env, rss=True) if HAVE_TIME else float("nan")
                print(f"{made:>9,} logs, {params:<9} {name:<10} median {statistics.median(t) * 1000:6.0f} ms  "
                      f"min {min(t) * 1000:6.0f}  max {max(t) * 1000:6.0f}  peak RSS {rss:5.1f} MiB", flush=True)
            whole, part = in_process(home, args.runs)
            print(f"{made:>9,} logs, {params:<9} in process: compute_stats {whole * 1000:.0f} ms CPU, of which "
                  f"calibration {part * 1000:.0f} ms (medians)", flush=True)
    shutil.rmtree(work, ignore_errors=True)


def in_process(home: Path, runs: int) -> tuple[float, float]:
    """Median CPU seconds of compute_stats and of its calibration part, on the database under home."""
    import time
    from datetime import datetime, timezone

    from dlstudy.content.loader import load_deck
    from dlstudy.srs.scheduler import Settings
    from dlstudy.srs.stats import compute_stats, learner_calibration
    from dlstudy.srs.store import Store

    deck = load_deck()
    whole, part = [], []
    with Store.open(home / "dlstudy.db", create=False, readonly=True) as store:
        settings = Settings.from_config(store.get_config())
        states, total = store.states(), store.passed_share()[0]
        for _ in range(runs + 1):  # the first run also imports fsrs: left out
            t0 = time.process_time()
            compute_stats(store, deck, datetime.now(timezone.utc), settings)
            t1 = time.process_time()
            learner_calibration(store, states, total, settings)
            t2 = time.process_time()
            whole.append(t1 - t0)
            part.append(t2 - t1)
    return statistics.median(whole[1:]), statistics.median(part[1:])


if __name__ == "__main__":
    main()
