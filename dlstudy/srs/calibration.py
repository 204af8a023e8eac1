"""How well the schedule predicts the learner: predicted recall against what happened.

FSRS's benchmark judges a scheduler this way. For every review that came at least a day after the
question's previous review, the prediction is the retrievability of the question's memory state just
before it (FSRS, replaying the question's log), and the outcome is whether it was recalled (rated
above Again). Reported: log loss, RMSE over bins of predicted recall (each bin weighted by its
reviews), and the bins themselves (a reliability chart), under the learner's parameters and under
FSRS's defaults.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

MIN_REVIEWS = 100  # fewer than this: too few to read anything from the figures
BINS = 10  # equal-width bins of predicted recall
MIN_GAP_S = 86400.0  # only reviews at least a day after the previous one (learning steps are not predictions)
WELL_PREDICTED_RMSE = 0.05
#: At most about this many review-log rows are replayed (the whole histories of the questions reviewed most
#: recently), so that `stats` stays fast on any history: the replay costs ~10-20 µs a review, twice when the
#: learner has parameters of their own.
MAX_REPLAY = 10_000


@dataclass
class Calibration:
    """Attributes:
        reviews_used: reviews with a prediction (a day or more after the previous review).
        bins: per non-empty bin of predicted recall: its mean prediction, the share recalled, the count.
        log_loss, rmse_bins: under the learner's parameters (the defaults when none are set).
        default_log_loss, default_rmse_bins: under FSRS's default parameters.
    """

    reviews_used: int
    bins: list[dict[str, float]] = field(default_factory=list)
    log_loss: float | None = None
    rmse_bins: float | None = None
    default_log_loss: float | None = None
    default_rmse_bins: float | None = None
    personal: bool = False  # the learner has parameters of their own

    @property
    def enough(self) -> bool:
        return self.reviews_used >= MIN_REVIEWS

    def reading(self) -> str:
        """One line for the learner."""
        if not self.enough:
            more = MIN_REVIEWS - self.reviews_used
            return (f"{self.reviews_used} review(s) a day or more apart so far; calibration needs about "
                    f"{more} more before it means anything")
        assert self.rmse_bins is not None and self.default_rmse_bins is not None
        if self.rmse_bins <= WELL_PREDICTED_RMSE:
            if self.personal:
                return "your reviews are predicted well by your own parameters"
            return "your reviews are predicted well; 'dlstudy optimize' would gain little"
        if not self.personal:
            return (f"predicted recall is off by {self.rmse_bins:.0%} on average; 'dlstudy optimize' may fit "
                    "your memory better")
        better = self.rmse_bins < self.default_rmse_bins
        return (f"predicted recall is off by {self.rmse_bins:.0%} on average "
                f"({'better' if better else 'no better'} than the defaults' {self.default_rmse_bins:.0%}); "
                "'dlstudy optimize' again when you have more reviews")

    def to_dict(self) -> dict[str, Any]:
        return {"bins": self.bins, "log_loss": self.log_loss, "rmse_bins": self.rmse_bins,
                "default_log_loss": self.default_log_loss, "default_rmse_bins": self.default_rmse_bins,
                "reviews_used": self.reviews_used, "personal": self.personal}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Calibration":
        """The inverse of to_dict (the renderer reads the figures `stats --json` prints)."""
        return cls(reviews_used=int(d["reviews_used"]), bins=list(d.get("bins") or []), log_loss=d.get("log_loss"),
                   rmse_bins=d.get("rmse_bins"), default_log_loss=d.get("default_log_loss"),
                   default_rmse_bins=d.get("default_rmse_bins"), personal=bool(d.get("personal")))


def predictions(scheduler: Any, logs: Iterable[tuple[str, str, float, int, int | None]]) -> list[tuple[float, int]]:
    """(predicted recall, recalled 0/1) for every review a day or more after the question's previous one.
    logs: (card, question, reviewed_at, rating, duration_ms) in any order."""
    from fsrs import Card, Rating

    by_question: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for card_id, qid, at, rating, _duration in logs:
        by_question[(card_id, qid)].append((at, rating))
    out: list[tuple[float, int]] = []
    for n, entries in enumerate(by_question.values(), 1):
        entries.sort()
        card = None
        last = None
        for at, rating in entries:
            when = datetime.fromtimestamp(at, tz=timezone.utc)
            if card is not None and last is not None and at - last >= MIN_GAP_S:
                p = float(scheduler.get_card_retrievability(card, when))
                out.append((p, int(rating > 1)))
            card = card or Card(card_id=n, due=when)  # an id given: fsrs sleeps 1 ms to make one up
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
            last = at
    return out


def figures(pairs: list[tuple[float, int]]) -> tuple[float | None, float | None, list[dict[str, float]]]:
    """(log loss, RMSE over bins, bins) of (prediction, outcome) pairs."""
    if not pairs:
        return None, None, []
    eps = 1e-6
    loss = -sum(y * math.log(min(max(p, eps), 1 - eps)) + (1 - y) * math.log(1 - min(max(p, eps), 1 - eps))
                for p, y in pairs) / len(pairs)
    groups: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for p, y in pairs:
        groups[min(int(p * BINS), BINS - 1)].append((p, y))
    bins = []
    sq = 0.0
    for b in sorted(groups):
        g = groups[b]
        pred = sum(p for p, _ in g) / len(g)
        actual = sum(y for _, y in g) / len(g)
        sq += len(g) * (pred - actual) ** 2
        bins.append({"predicted": round(pred, 4), "actual": round(actual, 4), "n": len(g)})
    return round(loss, 4), round(math.sqrt(sq / len(pairs)), 4), bins


def calibration(logs: list[tuple[str, str, float, int, int | None]], parameters: tuple[float, ...] | None
                ) -> Calibration:
    """The learner's calibration under their parameters (or the defaults) and under the defaults."""
    from fsrs import Scheduler

    default = Scheduler(enable_fuzzing=False)
    try:
        mine = Scheduler(parameters=parameters, enable_fuzzing=False) if parameters else default
    except (ValueError, TypeError):
        mine = default
    pairs = predictions(mine, logs)
    result = Calibration(reviews_used=len(pairs), personal=mine is not default)
    if not result.enough:
        return result
    result.log_loss, result.rmse_bins, result.bins = figures(pairs)
    if mine is default:
        result.default_log_loss, result.default_rmse_bins = result.log_loss, result.rmse_bins
    else:
        result.default_log_loss, result.default_rmse_bins, _ = figures(predictions(default, logs))
    return result
