"""Anki's fuzz, made deterministic: a review interval moved by a few days so that questions learned
together do not stay due together, by an amount seeded by the question and its review count (as Anki
seeds it by card id and reps).

So the interval previewed at the rating prompt is the one scheduled, undo and answering again show
the same previews, and a replay of the review log (`doctor --rebuild`, or another device) gives
every question exactly the due date it had. fsrs's own fuzz draws at random; it is turned off.

The ranges are Anki's (rslib/src/scheduler/states/fuzz.rs): no fuzz below 2.5 days; otherwise ±(1
day + 15% of the days from 2.5 to 7 + 10% of those from 7 to 20 + 5% of those beyond 20), within
[minimum, maximum], the chosen day floor(lower + factor × (upper − lower + 1)) for a factor in [0, 1).
"""

from __future__ import annotations

import math

FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))  # (from, to, share of those days)


def fuzz_factor(card_id: str, question_id: str, reps: int) -> float:
    """A number in [0, 1) that depends only on the question and how many answers it had before this one."""
    import hashlib  # imported when a review is scheduled, not when a session starts

    digest = hashlib.blake2b(f"{card_id}/{question_id}/{reps}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0**64


def _round(x: float) -> int:
    """Round half away from zero, as Rust's f32::round (Python's round() rounds half to even)."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def fuzz_delta(interval: float) -> float:
    if interval < 2.5:
        return 0.0
    return 1.0 + sum(share * max(min(interval, end) - start, 0.0) for start, end, share in FUZZ_RANGES)


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The days an interval may move to, within [minimum, maximum] (at least two when they allow it)."""
    minimum = min(minimum, maximum)
    interval = min(max(interval, float(minimum)), float(maximum))
    delta = fuzz_delta(interval)
    lower = min(max(_round(interval - delta), minimum), maximum)
    upper = min(max(_round(interval + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def fuzzed_days(interval: float, factor: float, minimum: int, maximum: int) -> int:
    """The interval in days after fuzz with this factor (Anki's with_review_fuzz)."""
    lower, upper = fuzz_bounds(interval, minimum, maximum)
    return int(math.floor(lower + factor * (1 + upper - lower)))
