"""Startup budgets, paired: each command run right after `python -c "import typer"`, the ratio of the two
taken per pair and the median over the pairs (noise that hits both cancels).

    python benchmarks/startup_paired.py            # 11 pairs per command
    python benchmarks/startup_paired.py --runs 21

Budgets (benchmarks/README.md): --help ≤ 1.25×, cards ≤ 1.6×, show xavier-init ≤ 1.6×, check of a 2-card
deck ≤ 3× typer. The content cache is warmed first; the data folder is a fresh temporary one.
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

BUDGETS = {"--help": 1.25, "cards": 1.6, "show xavier-init": 1.6, "check DECK": 3.0}

CARD = """id: {id}
title: A card of a small deck
topic: my-topic
summary: One card of a two-card deck, to time check on a small deck.
key_points: ["one", "two"]
questions:
  - id: q1
    kind: short
    prompt: "Say yes."
    answer: "yes please"
    explanation: "It says yes."
  - id: q2
    kind: choice
    prompt: "Pick a."
    options: ["a", "b"]
    answer: "a"
    explanation: "a."
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dlstudy-startup-"))
    deck = tmp / "deck"
    deck.mkdir()
    for i in (1, 2):
        (deck / f"c{i}.yaml").write_text(CARD.format(id=f"small-deck-card-{i}"), encoding="utf-8")
    env = {**os.environ, "DLSTUDY_HOME": str(tmp / "home"), "COLUMNS": "100"}
    env.pop("DLSTUDY_CACHE_DIR", None)
    exe = [sys.executable, "-m", "dlstudy"]
    typer_cmd = [sys.executable, "-c", "import typer"]
    commands = {"--help": ["--help"], "cards": ["cards"], "show xavier-init": ["show", "xavier-init"],
                "check DECK": ["check", str(deck)]}
    for argv in commands.values():  # warm-up: the content and index caches
        timed(exe + argv, env)
    print(f"{'command':<18} {'median':>8} {'typer':>8} {'ratio':>7} {'budget':>7}  met")
    try:
        for name, argv in commands.items():
            ratios, own, base = [], [], []
            for _ in range(args.runs):
                b = timed(typer_cmd, env)
                t = timed(exe + argv, env)
                ratios.append(t / b)
                own.append(t)
                base.append(b)
            r = statistics.median(ratios)
            print(f"{name:<18} {statistics.median(own) * 1000:>6.0f}ms {statistics.median(base) * 1000:>6.0f}ms "
                  f"{r:>6.2f}× {BUDGETS[name]:>6.2f}×  {'yes' if r <= BUDGETS[name] else 'NO'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
