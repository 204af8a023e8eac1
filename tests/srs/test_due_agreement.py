"""One definition of what is due: over 30 simulated days (learning steps included) the dashboard,
`stats --json` and the review header agree on *due now* at every step; --new caps a session."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from dlstudy.paths import db_path
from tests.srs.conftest import DEFAULT_SPEC, write_deck


def _dashboard_due(out: str) -> int:
    m = re.search(r"(\d+) question\(s\) due now", out)
    return int(m.group(1)) if m else 0


def _header_due(out: str) -> int | None:
    m = re.search(r"· (\d+) due now", out)
    return int(m.group(1)) if m else None


def test_dashboard_stats_and_review_header_agree_for_30_days(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    cli("config", "fuzz", "false")
    cli("config", "new_per_day", "3")
    rnd = random.Random(7)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    checked = 0
    for day in range(30):
        for visit in range(3):  # morning, a few minutes later (learning steps), evening
            when = start + timedelta(days=day, minutes=[0, 7, 600][visit])
            env = {"DLSTUDY_NOW": when.isoformat(), "NO_COLOR": "1"}
            dash = _dashboard_due(cli("--content", d, env=env).stdout)
            stats = json.loads(cli("--content", d, "stats", "--json", env=env).stdout)
            answers = "".join(rnd.choice(["beta1\n\n", "wrong\n\n", "zeta2\n\n", "gamma1\n\n"]) for _ in range(3))
            r = cli("--content", d, "review", "--limit", "3", input=answers, env=env)
            assert r.exit_code == 0, r.stderr
            header = _header_due(r.stdout)
            if stats.get("exists", True) is not False:
                assert stats["due_now"] == dash, (when, stats["due_now"], dash)
            if header is not None:
                assert header == dash, (when, header, dash)
                checked += 1
    assert checked > 40  # the headers were really compared


def test_review_new_1_serves_exactly_one_new_question(cli, tmp_path):
    d = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    # skip the first new question, then answer whatever comes: only one new question may be shown
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="s\nbeta1\n\nzeta1\n\n",
            env={"NO_COLOR": "1"})
    assert r.exit_code == 0
    assert r.stdout.count("new · ") == 1
    assert sqlite3.connect(db_path()).execute("SELECT count(*) FROM review_log").fetchone()[0] == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 4]), min_size=1, max_size=12), st.integers(0, 10_000))
def test_live_lapse_counts_equal_the_rebuilt_ones(ratings, seed):
    import tempfile
    from pathlib import Path

    from dlstudy.content.loader import load_deck
    from dlstudy.srs.clock import FixedClock
    from dlstudy.srs.rebuild import rebuild_states
    from dlstudy.srs.review import ReviewEngine
    from dlstudy.srs.scheduler import Settings
    from dlstudy.srs.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        deck = load_deck([write_deck(Path(tmp) / "deck", {"beta": ("alpha", [], 1)})], include_bundled=False,
                         use_cache=False)
        store = Store.open(Path(tmp) / "x.db")
        store.set_config("fuzz", "false")
        clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
        engine = ReviewEngine(store, deck, clock=clock, settings=Settings.from_config(store.get_config()))
        rnd = random.Random(seed)
        from dlstudy.srs.queue import Item

        card = deck.cards[0]
        item = Item(card, card.questions[0], is_new=True)
        for rating in ratings:
            engine.answer(item, rating)
            row = store.state(card.id, card.questions[0].id)
            clock.set(datetime.fromtimestamp(row.due, tz=timezone.utc) + timedelta(minutes=rnd.randint(0, 3000)))
        live = store.state(card.id, card.questions[0].id).lapses
        rebuild_states(store)
        assert store.state(card.id, card.questions[0].id).lapses == live
        store.close()
