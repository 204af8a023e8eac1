"""Personal FSRS parameters: fit with fsrs's Optimizer on most of the review log, compare the log loss
of default and fitted parameters on held-out questions, keep the fitted ones only if they are better."""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable

from dlstudy.srs.scheduler import from_ts, fsrs_card_id

MIN_REVIEWS = 512  # the optimizer's mini-batch: below it fsrs returns the defaults unchanged
HOLDOUT_SHARE = 0.2


@dataclass
class OptimizeResult:
    reviews: int
    train_reviews: int
    holdout_reviews: int
    default_loss: float | None
    fitted_loss: float | None
    parameters: list[float] | None
    improved: bool
    needed: int = 0


def _sequences(store) -> dict[tuple[str, str], list[tuple[float, int, int | None]]]:
    seqs: dict[tuple[str, str], list] = defaultdict(list)
    for _id, card, qid, at, rating, duration, _details in store.review_logs():
        seqs[(card, qid)].append((at, rating, duration))
    return seqs


def counted_reviews(seq: list[tuple[float, int, int | None]]) -> int:
    """Reviews the optimizer learns from: those on a later day than the previous review."""
    return sum(1 for a, b in zip(seq, seq[1:]) if (from_ts(b[0]) - from_ts(a[0])).days > 0)


def holdout(key: tuple[str, str]) -> bool:
    return zlib.crc32(f"{key[0]}/{key[1]}".encode()) % 1000 < HOLDOUT_SHARE * 1000


def log_loss(parameters, seqs) -> float:
    """Mean binary cross-entropy of predicted retrievability vs recall (Again = forgotten)."""
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    total = 0.0
    n = 0
    for (card_id, qid), seq in seqs.items():
        card = None
        for at, rating, _d in seq:
            when = from_ts(at)
            if card is None:
                card = Card(card_id=fsrs_card_id(card_id, qid), due=when)
            elif card.last_review and (when - card.last_review).days > 0:
                p = min(max(float(scheduler.get_card_retrievability(card, when)), 1e-6), 1 - 1e-6)
                y = 0 if rating == 1 else 1
                total += -(y * math.log(p) + (1 - y) * math.log(1 - p))
                n += 1
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
    return total / n if n else float("nan")


def optimize(store: Any, verbose: bool = True, on_fit: Callable[[], None] | None = None) -> OptimizeResult:
    """Fit on the training questions and compare on the held-out ones; None parameters when there is not
    enough history (needed: how many more counted reviews, all questions together). on_fit: called just
    before the fit starts (only then does fsrs print its progress)."""
    from fsrs import Rating, ReviewLog
    from fsrs.scheduler import DEFAULT_PARAMETERS

    seqs = _sequences(store)
    total = sum(counted_reviews(s) for s in seqs.values())
    train = {k: v for k, v in seqs.items() if not holdout(k)}
    test = {k: v for k, v in seqs.items() if holdout(k)}
    n_train = sum(counted_reviews(s) for s in train.values())
    n_test = sum(counted_reviews(s) for s in test.values())
    if n_train < MIN_REVIEWS or n_test == 0:
        need = max(MIN_REVIEWS - n_train, 1)
        needed = math.ceil(need / (1 - HOLDOUT_SHARE))
        return OptimizeResult(total, n_train, n_test, None, None, None, False, needed=needed)
    from fsrs import Optimizer

    if on_fit is not None:
        on_fit()

    logs = [ReviewLog(card_id=fsrs_card_id(c, q), rating=Rating(r), review_datetime=from_ts(at), review_duration=d)
            for (c, q), seq in train.items() for at, r, d in seq]
    fitted = list(Optimizer(logs).compute_optimal_parameters(verbose=verbose))
    default_loss = log_loss(tuple(DEFAULT_PARAMETERS), test)
    fitted_loss = log_loss(tuple(fitted), test)
    return OptimizeResult(total, n_train, n_test, default_loss, fitted_loss, fitted, fitted_loss < default_loss)
