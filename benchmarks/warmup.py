"""Delay from pressing `d` to the demo's output in a quiz, with and without the torch warm-up.

    python benchmarks/warmup.py [--think 4] [--runs 3]

A quiz on a card whose demo uses torch is answered, the "user" reads the feedback for --think
seconds, then presses d. dlstudy prints how long the demo took from the keypress; with the warm-up,
torch was imported in a background thread while the question was on screen.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CARD = """id: warmup-card
title: Warm-up benchmark
topic: bench
summary: One. Two. Three.
key_points: [a, b, c]
demos: [{demo}]
questions:
  - id: q
    kind: short
    prompt: "Type x."
    answer: x
    explanation: "x."
"""


def once(deck: Path, home: Path, think: float, warm: bool) -> float:
    env = dict(os.environ, DLSTUDY_HOME=str(home), PYTHONUNBUFFERED="1")
    if not warm:
        env["DLSTUDY_NO_WARMUP"] = "1"
    proc = subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", str(deck), "quiz", "--card",
                             "warmup-card", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    buf = ""
    while "> " not in buf:
        buf += proc.stdout.read(1)
    proc.stdin.write("x\n")
    proc.stdin.flush()
    time.sleep(think)
    proc.stdin.write("d\n\n")
    proc.stdin.flush()
    out, _ = proc.communicate(timeout=120)
    m = re.search(r"([0-9.]+) s from keypress to output", out)
    if not m:
        raise RuntimeError("no timing line in the output:\n" + out[-2000:])
    return float(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--think", type=float, default=4.0, help="seconds between answering and pressing d")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--demo", default="xavier-variance")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dlstudy-warmup-"))
    deck = work / "deck"
    deck.mkdir()
    (deck / "warmup-card.yaml").write_text(CARD.format(demo=args.demo), encoding="utf-8")
    for warm in (False, True):
        times = [once(deck, work / "home", args.think, warm) for _ in range(args.runs)]
        label = "with warm-up   " if warm else "without warm-up"
        print(f"{label}: keypress to demo output median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
