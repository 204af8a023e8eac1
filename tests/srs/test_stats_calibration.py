"""`dlstudy stats` calibration section, through the CLI with a fixed clock, on a review history written
through the store. The figures are checked against numpy over predictions made by driving fsrs directly
(tests/srs/test_calibration.py's independent reference), never against numbers from the code under test."""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone

import pytest

from dlstudy.srs import calibration as cal
from dlstudy.srs.store import Store
from tests.srs.conftest import DEFAULT_SPEC, write_deck
from tests.srs.test_calibration import independent_pairs as _pairs_by_qid
from tests.srs.test_calibration import numpy_figures

NOW = "2026-06-01T12:00:00+00:00"
START = datetime(2026, 1, 5, 9, tzinfo=timezone.utc).timestamp()
QUESTIONS = [(card, f"q{i}") for card, (_topic, _pre, n) in DEFAULT_SPEC.items() for i in range(1, n + 1)]


def learner_log(reviews_per_question: int, seed: int = 5) -> list[tuple[str, str, float, int, None]]:
    """A learner who reviews the deck's 12 questions every few days, recalling with a fixed chance each."""
    rnd = random.Random(seed)
    out = []
    for card, qid in QUESTIONS:
        skill = rnd.uniform(0.6, 0.97)
        t = START + rnd.uniform(0, 3) * 86400
        for _ in range(reviews_per_question):
            out.append((card, qid, t, 3 if rnd.random() < skill else 1, None))
            t += rnd.choice([900, 86400, 2 * 86400, 3 * 86400, 6 * 86400])
    return out


def independent_pairs(log, parameters=None):
    """tests/srs/test_calibration.py's reference (fsrs driven directly), keyed by card and question."""
    return _pairs_by_qid([(c, f"{c}/{q}", t, r, d) for c, q, t, r, d in log], parameters)


def write_history(log, path=None) -> None:
    """The log into review_log and each question's final FSRS state into question_state, through the store
    (the database at `path`, or the test's data folder)."""
    from fsrs import Card, Rating, Scheduler

    from dlstudy.srs.scheduler import state_columns

    sched = Scheduler(enable_fuzzing=False)
    with Store.open(path) as store, store.transaction() as conn:
        for card, qid in QUESTIONS:
            rows = sorted((t, r) for c, q, t, r, _d in log if (c, q) == (card, qid))
            if not rows:
                continue
            fc = Card(card_id=1, due=datetime.fromtimestamp(rows[0][0], timezone.utc))
            for t, r in rows:
                conn.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES (?,?,?,?)",
                             (card, qid, t, r))
                fc, _ = sched.review_card(fc, Rating(r), review_datetime=datetime.fromtimestamp(t, timezone.utc))
            cols = state_columns(fc)
            conn.execute("INSERT INTO question_state(card_id, question_id, fsrs, due, state, stability, difficulty, "
                         "last_review, introduced_at, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,0)",
                         (card, qid, json.dumps(cols["fsrs"]), cols["due"], cols["state"], cols["stability"],
                          cols["difficulty"], rows[-1][0], rows[0][0], len(rows)))


@pytest.fixture
def deck_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_NOW", NOW)
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    return str(write_deck(tmp_path / "deck", DEFAULT_SPEC))


def _check_figures(got: dict, pairs, prefix: str = "") -> None:
    loss, rmse, bins = numpy_figures(pairs)
    assert got[prefix + "log_loss"] == pytest.approx(loss, abs=1e-4)
    assert got[prefix + "rmse_bins"] == pytest.approx(rmse, abs=1e-4)
    if not prefix:
        assert [b["n"] for b in got["bins"]] == [n for _p, _a, n in bins]
        for b, (p, a, _n) in zip(got["bins"], bins):
            assert b["predicted"] == pytest.approx(p, abs=1e-4) and b["actual"] == pytest.approx(a, abs=1e-4)


def test_stats_json_calibration_matches_numpy_over_the_same_log(cli, deck_dir):
    log = learner_log(16)
    write_history(log)
    r = cli("--content", deck_dir, "stats", "--json")
    assert r.exit_code == 0, r.stderr
    c = json.loads(r.stdout)["calibration"]
    assert set(c) == {"bins", "log_loss", "rmse_bins", "default_log_loss", "default_rmse_bins", "reviews_used",
                      "personal"}
    pairs = independent_pairs(log)
    assert c["reviews_used"] == len(pairs) >= cal.MIN_REVIEWS
    assert sum(b["n"] for b in c["bins"]) == len(pairs)
    _check_figures(c, pairs)
    _check_figures(c, pairs, "default_")  # no parameters of the learner's own: the defaults are theirs
    assert c["personal"] is False


def test_personal_parameters_against_the_defaults(cli, deck_dir):
    from fsrs.scheduler import DEFAULT_PARAMETERS

    log = learner_log(16, seed=8)
    write_history(log)
    params = list(DEFAULT_PARAMETERS)
    params[2] = 0.5  # a much lower first stability after Good: a different fit of this learner
    assert cli("config", "parameters", ",".join(map(str, params))).exit_code == 0
    r = cli("--content", deck_dir, "stats", "--json")
    c = json.loads(r.stdout)["calibration"]
    assert c["personal"] is True
    _check_figures(c, independent_pairs(log, tuple(params)))
    _check_figures(c, independent_pairs(log), "default_")
    assert c["log_loss"] != c["default_log_loss"]
    text = cli("--content", deck_dir, "stats").stdout
    assert f"under your parameters:  log loss {c['log_loss']:.3f} · RMSE(bins) {c['rmse_bins']:.3f}" in text
    assert (f"under FSRS's defaults:  log loss {c['default_log_loss']:.3f} · RMSE(bins) "
            f"{c['default_rmse_bins']:.3f}") in text


def test_stats_text_shows_the_reliability_chart_and_the_reading(cli, deck_dir):
    log = learner_log(16)
    write_history(log)
    pairs = independent_pairs(log)
    loss, rmse, bins = numpy_figures(pairs)
    text = " ".join(cli("--content", deck_dir, "stats").stdout.split())
    assert "Calibration: predicted recall against what happened" in text
    assert f"{len(pairs):,} reviews made a day or more after the one before" in text
    assert "share recalled" in text and "predicted recall" in text  # the legend
    for p, a, n in bins:  # one row per bin: predicted, the bar, recalled, the count
        assert f"{p:.0%} " in text and f" {a:.0%} {n:,}" in text
    assert f"log loss {loss:.3f} · RMSE(bins) {rmse:.3f}" in text
    reading = ("your reviews are predicted well; 'dlstudy optimize' would gain little" if rmse <= 0.05 else
               f"predicted recall is off by {rmse:.0%} on average; 'dlstudy optimize' may fit your memory better")
    assert reading in text


def test_fewer_than_100_reviews_say_how_many_more(cli, deck_dir):
    log = learner_log(4)
    write_history(log)
    usable = len(independent_pairs(log))
    assert 0 < usable < cal.MIN_REVIEWS
    d = json.loads(cli("--content", deck_dir, "stats", "--json").stdout)["calibration"]
    assert d["reviews_used"] == usable and d["bins"] == [] and d["log_loss"] is None and d["rmse_bins"] is None
    text = " ".join(cli("--content", deck_dir, "stats").stdout.split())
    assert f"calibration needs about {100 - usable} more before it means anything" in text
    assert "share recalled" not in text and "log loss" not in text  # no chart, no figures from noise


def test_a_long_history_replays_the_most_recent_questions_only(cli, deck_dir, monkeypatch):
    log = learner_log(30, seed=11)
    write_history(log)
    monkeypatch.setattr(cal, "MAX_REPLAY", 150)  # in-process CLI: the cap of a long history, made small
    last = {}
    for c, q, t, _r, _d in log:
        last[(c, q)] = max(t, last.get((c, q), 0))
    kept, rows = set(), 0
    for key in sorted(last, key=lambda k: -last[k]):  # whole histories, most recently reviewed first
        if rows >= 150:
            break
        kept.add(key)
        rows += sum(1 for c, q, *_ in log if (c, q) == key)
    sub = [row for row in log if (row[0], row[1]) in kept]
    pairs = independent_pairs(sub)
    d = json.loads(cli("--content", deck_dir, "stats", "--json").stdout)
    assert d["reviews_total"] == len(log) > 150
    assert d["calibration"]["reviews_used"] == len(pairs) < len(independent_pairs(log))
    assert len(pairs) >= cal.MIN_REVIEWS
    _check_figures(d["calibration"], pairs)


def test_damaged_log_rows_are_left_out(cli, deck_dir):
    log = learner_log(16)
    write_history(log)
    with Store.open() as store, store.transaction() as conn:  # rows doctor reports: a rating 7, a time in 9999
        conn.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES ('beta','q1',?,7)",
                     (START + 200 * 86400,))
        conn.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES ('beta','q2',?,3)",
                     (datetime(9999, 1, 1, tzinfo=timezone.utc).timestamp(),))
    r = cli("--content", deck_dir, "stats", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["calibration"]["reviews_used"] == len(independent_pairs(log))
