"""Benchmark whole dlstudy processes against baselines measured in the same run.

    python benchmarks/run.py            # everything (several minutes), writes benchmarks/results.json
    python benchmarks/run.py --quick    # fewer runs and sizes

Each figure: several runs after a warm-up; median, min, max wall time and the peak RSS of the child
(from os.wait4's rusage). Ratios are to `python -c "import typer"` measured in the same run.
Not part of the test suite; budgets and the latest results are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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

from generators import write_deck, write_reviews  # noqa: E402

PY = sys.executable
# the installed console script, as a user runs it (python -m adds runpy's few milliseconds)
_SCRIPT = Path(PY).with_name("dlstudy")
DLSTUDY = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "dlstudy"]


TIME = "/usr/bin/time"  # GNU time (Debian package 'time'), for peak RSS
HAVE_TIME = os.path.exists(TIME)


def run_once(cmd, env, stdin_text=None, until=None, rss=False):
    """Seconds (or, with rss=True, peak RSS in MiB). With `until`, time until that text appears on stdout.

    Peak RSS comes from GNU time's %M in a separate run (the rusage of our own child would also count
    the pages this runner had when it forked, and wrapping every timed run in time adds a few ms)."""
    rss_file = None
    if rss:
        rss_file = tempfile.NamedTemporaryFile(prefix="dlstudy-rss-", delete=False)
        rss_file.close()
        cmd = [TIME, "-f", "%M", "-o", rss_file.name, *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin_text is not None or until else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    elapsed = None
    if until:
        buf = ""
        while until not in buf:
            ch = proc.stdout.read(1)
            if not ch:
                break
            buf += ch
        elapsed = time.perf_counter() - start
        proc.stdin.close()
        proc.stdout.read()
    elif stdin_text is not None:
        proc.stdin.write(stdin_text)
        proc.stdin.close()
        proc.stdout.read()
    else:
        proc.stdout.read()
    proc.wait()
    total = time.perf_counter() - start
    if rss:
        try:
            return int(Path(rss_file.name).read_text().split()[-1]) / 1024
        except (OSError, ValueError, IndexError):
            return float("nan")
        finally:
            os.unlink(rss_file.name)
    return elapsed if elapsed is not None else total


BASELINE = [PY, "-c", "import typer"]


def measure(name, cmd, env, runs, **kw):
    run_once(cmd, env, **kw)  # warm-up (also warms the content cache)
    times, ratios = [], []
    for _ in range(runs):
        times.append(run_once(cmd, env, **kw))
        # a typer baseline right next to each run: the ratio survives the machine's drifting load
        ratios.append(times[-1] / run_once(BASELINE, env))
    res = {"name": name, "median": statistics.median(times), "min": min(times), "max": max(times),
           "paired_ratio": statistics.median(ratios),
           "rss_mib": run_once(cmd, env, rss=True, **kw) if HAVE_TIME else float("nan"), "runs": runs}
    print(f"  {name:<58} median {res['median']*1000:8.1f} ms  min {res['min']*1000:7.1f}  max {res['max']*1000:7.1f}"
          f"  x{res['paired_ratio']:.2f} typer  rss {res['rss_mib']:6.1f} MiB", flush=True)
    return res


def cold(name, cmd, env, runs, cache_dir):
    times = []
    for _ in range(runs):
        shutil.rmtree(cache_dir, ignore_errors=True)
        times.append(run_once(cmd, env))
    shutil.rmtree(cache_dir, ignore_errors=True)
    rss = run_once(cmd, env, rss=True) if HAVE_TIME else float("nan")
    res = {"name": name, "median": statistics.median(times), "min": min(times), "max": max(times),
           "rss_mib": rss, "runs": runs}
    print(f"  {name:<58} median {res['median']*1000:8.1f} ms  (cold cache)  rss {res['rss_mib']:6.1f} MiB", flush=True)
    return res


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"python": platform.python_version(), "platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(),
            "memory": mem}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer runs and sizes")
    ap.add_argument("--out", default=str(HERE / "results.json"))
    args = ap.parse_args()
    runs = 3 if args.quick else 7
    work = Path(tempfile.mkdtemp(prefix="dlstudy-bench-"))
    home = work / "home"
    env = dict(os.environ, DLSTUDY_HOME=str(home), COLUMNS="100")
    env.pop("DLSTUDY_CONTENT", None)
    results = {"machine": machine(), "figures": [], "growth": []}
    fig = results["figures"]
    print("baselines", flush=True)
    fig.append(measure("python -c pass", [PY, "-c", "pass"], env, runs))
    fig.append(measure('python -c "import typer"', [PY, "-c", "import typer"], env, runs))
    fig.append(measure('python -c "import torch"', [PY, "-c", "import torch"], env, max(3, runs // 2)))
    print("commands (bundled content)", flush=True)
    fig.append(measure("dlstudy --help", DLSTUDY + ["--help"], env, runs))
    fig.append(measure("dlstudy cards", DLSTUDY + ["cards"], env, runs))
    fig.append(measure("dlstudy show xavier-init", DLSTUDY + ["show", "xavier-init"], env, runs))
    fig.append(measure("dlstudy (dashboard)", DLSTUDY, env, runs))
    print("demos", flush=True)
    from dlstudy.demos.registry import all_specs

    for spec in all_specs():
        fig.append(measure(f"dlstudy demo {spec.id}" + (" (torch)" if spec.uses_torch else " (numpy)"),
                           DLSTUDY + ["demo", spec.id], env, max(3, runs // 2)))
    print("growth: decks of N cards (user deck beside the bundled one)", flush=True)
    sizes = [100, 1000] if args.quick else [100, 1000, 10000]
    for n in sizes:
        deck = write_deck(work / f"deck{n}", n)
        denv = dict(env, DLSTUDY_CONTENT=str(deck))
        c = cold(f"dlstudy cards, {n} cards, cold", DLSTUDY + ["cards"], denv, 3 if n < 10000 else 2, home / "cache")
        w = measure(f"dlstudy cards, {n} cards, warm", DLSTUDY + ["cards"], denv, runs)
        results["growth"].append({"cards": n, "cold": c, "warm": w})
    print("growth: review databases of N logs over the bundled deck's questions", flush=True)
    from dlstudy.content.loader import load_deck

    bundled = [(c.id, q.id) for c in load_deck(use_cache=False).cards for q in c.questions]
    logs_sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    for n in logs_sizes:
        rhome = work / f"rhome{n}"
        made = write_reviews(rhome, n, bundled)
        renv = dict(env, DLSTUDY_HOME=str(rhome))
        first = measure(f"first review prompt, {made} logs", DLSTUDY + ["review"], renv, runs, until="> ")
        st = measure(f"dlstudy stats, {made} logs", DLSTUDY + ["stats"], renv, max(3, runs // 2))
        results["growth"].append({"logs": made, "first_prompt": first, "stats": st})
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(f"wrote {args.out}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
