"""The slow paths of issue 19 and the demo-result cache that shortens them, as whole processes.

    python benchmarks/slow_paths.py            # ~2 minutes; 7 runs per figure
    python benchmarks/slow_paths.py --runs 3

(a) `check MYDECK` (a 2-card deck without predict questions) against `check --fast MYDECK`, with a
    cold demo-result cache (the bundled predict questions are then not checked) and a warm one (they
    are checked from the cache); budget: at most 1.5x.
(b) `export anki` of the whole deck with a warm cache (one warm-up run fills it); budget 1.5 s.
(c) `check /nonexistent`: exit 2, at once.
For reference: a cold `export anki` and a plain `check` (every predict demo runs). Each figure: one
warm-up run, then median/min/max wall time of the runs; the ratio in (a) is the median of per-run
ratios to a `check --fast MYDECK` run right after each run (the machine's load drifts).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generators import write_deck  # noqa: E402
from run import DLSTUDY, run_once  # noqa: E402


def timed(name, cmd, env, runs, before=None, pair=None):
    """Median, min, max seconds of `runs` runs after one warm-up; before() runs before each run;
    pair: a command run right after each run, for a paired ratio."""
    if before:
        before()
    run_once(cmd, env)
    times, ratios = [], []
    for _ in range(runs):
        if before:
            before()
        times.append(run_once(cmd, env))
        if pair:
            ratios.append(times[-1] / run_once(pair, env))
    res = {"name": name, "median": statistics.median(times), "min": min(times), "max": max(times)}
    line = f"  {name:<60} median {res['median']*1000:7.0f} ms  min {res['min']*1000:6.0f}  max {res['max']*1000:6.0f}"
    if ratios:
        res["ratio"] = statistics.median(ratios)
        line += f"  x{res['ratio']:.2f} of check --fast"
    print(line, flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    runs = args.runs
    work = Path(tempfile.mkdtemp(prefix="dlstudy-slow-"))
    home = work / "home"
    env = dict(os.environ, DLSTUDY_HOME=str(home), COLUMNS="100")
    env.pop("DLSTUDY_CONTENT", None)
    env.pop("DLSTUDY_CACHE_DIR", None)
    env.pop("DLSTUDY_NO_CACHE", None)
    demo_cache = home / "cache" / "demo-results"
    deck = write_deck(work / "mydeck", 2)
    apkg = work / "deck.apkg"
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")

    def cold_cache():
        shutil.rmtree(demo_cache, ignore_errors=True)

    fast = DLSTUDY + ["check", "--fast", str(deck)]
    mine = DLSTUDY + ["check", str(deck)]
    print("(a) check MYDECK (2 cards, no predict questions)", flush=True)
    timed("check --fast MYDECK", fast, env, runs)
    timed("check MYDECK, cold demo-result cache", mine, env, runs, before=cold_cache, pair=fast)
    subprocess.run(DLSTUDY + ["check"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timed("check MYDECK, warm demo-result cache", mine, env, runs, pair=fast)

    print("(b) export anki, whole deck", flush=True)
    export = DLSTUDY + ["export", "anki", str(apkg), "--force"]
    cold_cache()
    start = time.perf_counter()
    subprocess.run(export, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    print(f"  {'export anki, cold demo-result cache (one run)':<60} {(time.perf_counter() - start)*1000:7.0f} ms")
    timed("export anki, warm demo-result cache", export, env, runs)

    print("(c) a missing path", flush=True)
    proc = subprocess.run(DLSTUDY + ["check", "/nonexistent"], env=env, capture_output=True, text=True)
    print(f"  exit code {proc.returncode}; stderr: {proc.stderr.strip().splitlines()[0]}")
    timed("check /nonexistent", DLSTUDY + ["check", "/nonexistent"], env, runs)

    print("for reference", flush=True)
    cold_cache()
    start = time.perf_counter()
    subprocess.run(DLSTUDY + ["check"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"  {'check, cold demo-result cache (every predict demo runs; one run)':<60} "
          f"{(time.perf_counter() - start)*1000:7.0f} ms")
    timed("check, warm demo-result cache", DLSTUDY + ["check"], env, max(3, runs // 2))
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
