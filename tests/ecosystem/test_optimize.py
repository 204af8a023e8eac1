"""`dlstudy optimize` on a synthetic review log generated from known FSRS parameters."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from dlstudy.srs.records import Answer, Scheduled
from dlstudy.srs.scheduler import fsrs_card_id, state_columns
from dlstudy.srs.store import Store

# A learner whose memory is much stronger than FSRS's default assumes: initial stabilities x4.
TRUE = list(DEFAULT_PARAMETERS)
TRUE[0:4] = [w * 4 for w in TRUE[0:4]]


def simulate(store, questions: int, days: int, seed: int = 1) -> int:
    """Schedule with the default scheduler (as the app does); recall is drawn from the TRUE memory model."""
    rnd = random.Random(seed)
    app = Scheduler(enable_fuzzing=False)
    truth = Scheduler(parameters=TRUE, enable_fuzzing=False)
    start = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    n = 0
    for i in range(questions):
        cid, qid = f"card{i % 40}", f"q{i}"
        key = fsrs_card_id(cid, qid)
        when = start + timedelta(days=rnd.randrange(20), hours=rnd.random())
        card, mem = Card(card_id=key, due=when), Card(card_id=key, due=when)
        before = None
        while when < start + timedelta(days=days):
            p = truth.get_card_retrievability(mem, when) if mem.last_review else 0.0
            recalled = rnd.random() < p if mem.last_review else rnd.random() < 0.6
            rating = Rating.Good if recalled else Rating.Again
            card, _ = app.review_card(card, rating, review_datetime=when)
            mem, _ = truth.review_card(mem, rating, review_datetime=when)
            after = state_columns(card)
            store.record(Answer(cid, qid, when.timestamp(), int(rating), 5000), before,
                         Scheduled(after["fsrs"], after["due"], after["state"], after["stability"], after["difficulty"],
                                   before is not None and before.state == 2 and rating == Rating.Again))
            before = store.state(cid, qid)
            n += 1
            when = max(card.due, when + timedelta(hours=1)) + timedelta(hours=rnd.random() * 12)
    return n


def test_too_few_reviews_says_how_many_more(cli):
    import re

    with Store.open() as store:
        simulate(store, questions=10, days=20)
    for args in (["optimize", "--dry-run"], ["optimize"]):
        r = cli(*args, env={"COLUMNS": "400"})
        assert r.exit_code == 0
        out = " ".join(r.stdout.split())
        assert "Not enough history yet" in out and "progress bar" not in out, out  # nothing is fitted: no bar
        m = re.search(r"you have (\d+)\. .*?: (\d+) counted reviews train the parameters \(the optimizer needs "
                      r"(\d+)\) and (\d+) check them\. About (\d+) more counted reviews will do: 80% of them, about "
                      r"(\d+), land in the training part", out)
        assert m, out
        total, train, need, held, more, to_train = map(int, m.groups())
        assert train + held == total and train + to_train == need  # the numbers add up
        assert abs(more * 0.8 - to_train) < 1
    assert cli("config", "parameters").stdout.startswith("parameters = (default)")


@pytest.mark.slow
def test_fitted_parameters_beat_the_defaults_on_held_out_reviews_and_are_saved(cli):
    with Store.open() as store:
        simulate(store, questions=180, days=150)
    r = cli("optimize")
    assert r.exit_code == 0, r.stderr
    assert "log loss on held-out reviews" in r.stdout
    assert "saved" in r.stdout
    import json

    saved = json.loads(cli("config", "parameters", "--json").stdout)["parameters"]
    params = [float(x) for x in saved.split(",")]
    assert len(params) == 21
    # the fit moves the initial stability for Good towards the learner's stronger memory
    assert params[2] > DEFAULT_PARAMETERS[2]
