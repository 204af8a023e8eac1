"""Calibration: the figures match an independent computation (numpy, and fsrs driven directly) over the
same log."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from dlstudy.srs import calibration as cal


def synthetic_log(n_questions: int = 40, days: int = 120, seed: int = 1) -> list[tuple[str, str, float, int, None]]:
    """A learner who reviews every few days and recalls with a fixed chance per question."""
    rnd = random.Random(seed)
    start = datetime(2026, 1, 1, 9, tzinfo=timezone.utc).timestamp()
    out = []
    for q in range(n_questions):
        skill = rnd.uniform(0.55, 0.97)
        t = start + rnd.uniform(0, 5) * 86400
        while t < start + days * 86400:
            out.append(("card", f"q{q}", t, 3 if rnd.random() < skill else 1, None))
            t += rnd.choice([600, 86400, 2 * 86400, 4 * 86400, 9 * 86400])
    return out


def independent_pairs(log, parameters=None):
    """(retrievability before, recalled) by driving fsrs directly, question by question."""
    from fsrs import Card, Rating, Scheduler

    sched = Scheduler(parameters=parameters, enable_fuzzing=False) if parameters else Scheduler(enable_fuzzing=False)
    pairs = []
    for qid in sorted({q for _c, q, *_ in log}):
        rows = sorted((t, r) for _c, q, t, r, _d in log if q == qid)
        card, prev = None, None
        for t, r in rows:
            when = datetime.fromtimestamp(t, tz=timezone.utc)
            if card is not None and t - prev >= 86400:
                pairs.append((sched.get_card_retrievability(card, when), 1 if r > 1 else 0))
            if card is None:
                card = Card(due=when)
            card, _ = sched.review_card(card, Rating(r), review_datetime=when)
            prev = t
    return pairs


def numpy_figures(pairs):
    p = np.clip(np.array([x for x, _ in pairs]), 1e-6, 1 - 1e-6)
    y = np.array([v for _, v in pairs], dtype=float)
    loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    idx = np.minimum((p * 10).astype(int), 9)
    sq, bins = 0.0, []
    for b in np.unique(idx):
        m = idx == b
        bins.append((float(p[m].mean()), float(y[m].mean()), int(m.sum())))
        sq += m.sum() * (p[m].mean() - y[m].mean()) ** 2
    return loss, float(np.sqrt(sq / len(p))), bins


def test_figures_match_numpy_and_fsrs_driven_directly():
    log = synthetic_log()
    got = cal.calibration(log, None)
    pairs = independent_pairs(log)
    assert got.reviews_used == len(pairs) >= cal.MIN_REVIEWS
    loss, rmse, bins = numpy_figures(pairs)
    assert got.log_loss == pytest.approx(loss, abs=1e-4)
    assert got.rmse_bins == pytest.approx(rmse, abs=1e-4)
    assert [(b["n"]) for b in got.bins] == [n for _p, _a, n in bins]
    for b, (p, a, _n) in zip(got.bins, bins):
        assert b["predicted"] == pytest.approx(p, abs=1e-4) and b["actual"] == pytest.approx(a, abs=1e-4)
    assert got.default_log_loss == got.log_loss  # no personal parameters: the defaults are the learner's


def test_personal_parameters_are_compared_with_the_defaults():
    from fsrs.scheduler import DEFAULT_PARAMETERS

    params = list(DEFAULT_PARAMETERS)
    params[0] = 0.05  # a much lower first stability: a different (worse) fit of this learner
    log = synthetic_log(seed=3)
    got = cal.calibration(log, tuple(params))
    loss, rmse, _ = numpy_figures(independent_pairs(log, tuple(params)))
    dloss, drmse, _ = numpy_figures(independent_pairs(log))
    assert got.log_loss == pytest.approx(loss, abs=1e-4) and got.rmse_bins == pytest.approx(rmse, abs=1e-4)
    assert got.default_log_loss == pytest.approx(dloss, abs=1e-4)
    assert got.default_rmse_bins == pytest.approx(drmse, abs=1e-4)
    assert got.personal and "the defaults" in got.reading()


def test_too_few_reviews_say_how_many_more():
    log = synthetic_log(n_questions=3, days=20)
    got = cal.calibration(log, None)
    assert not got.enough and got.log_loss is None and got.bins == []
    assert f"about {cal.MIN_REVIEWS - got.reviews_used} more" in got.reading()


def test_only_reviews_a_day_apart_are_predictions():
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()
    log = [("c", "q", t0, 3, None), ("c", "q", t0 + 600, 3, None), ("c", "q", t0 + 3 * 86400, 1, None)]
    pairs = cal.predictions(__import__("fsrs").Scheduler(enable_fuzzing=False), log)
    assert len(pairs) == 1 and pairs[0][1] == 0 and 0 < pairs[0][0] < 1
    assert math.isclose(cal.figures([(0.5, 1), (0.5, 0)])[0], math.log(2), rel_tol=1e-4)
    assert cal.figures([]) == (None, None, [])
    assert timedelta(days=1).total_seconds() == cal.MIN_GAP_S
