"""Storage guarantees: progress keyed by ids, history kept, schema versions, damaged files, SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from dlstudy.content.loader import load_deck
from dlstudy.errors import StateError
from dlstudy.paths import db_path
from dlstudy.srs.review import ReviewEngine
from dlstudy.srs.scheduler import Settings
from dlstudy.srs.store import SCHEMA_VERSION, Store
from tests.conftest import REPO
from tests.srs.conftest import DEFAULT_SPEC, write_deck


def test_editing_a_card_keeps_its_question_states(store, tmp_path, frozen):
    root = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    deck = load_deck([root], include_bundled=False, use_cache=False)
    engine = ReviewEngine(store, deck, Settings.from_config(store.get_config()))
    for item in engine.queue()[:4]:
        engine.answer(item, 3)
    before = {(s.card_id, s.question_id): s for s in store.states()}
    path = root / "beta.yaml"
    path.write_text(path.read_text().replace("Question 1 of beta?", "Reworded: what is question one of beta?")
                    .replace("title: Card beta", "title: A new title"), encoding="utf-8")
    deck2 = load_deck([root], include_bundled=False, use_cache=False)
    assert deck2.get("beta").title == "A new title"
    engine2 = ReviewEngine(store, deck2, Settings.from_config(store.get_config()))
    assert {(s.card_id, s.question_id): s for s in store.states()} == before
    assert not any(i.key in before for i in engine2.queue() if i.is_new)


def test_removed_question_keeps_history_and_is_reported(cli, store, tmp_path, frozen):
    root = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    deck = load_deck([root], include_bundled=False, use_cache=False)
    engine = ReviewEngine(store, deck, Settings.from_config(store.get_config()))
    first = engine.queue()[0]
    engine.answer(first, 3)
    assert first.key == ("beta", "q1")
    text = (root / "beta.yaml").read_text()
    start = text.index("  - id: q1")
    end = text.index("  - id: q2")
    (root / "beta.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    deck2 = load_deck([root], include_bundled=False, use_cache=False)
    ReviewEngine(store, deck2, Settings.from_config(store.get_config())).queue()  # no crash
    assert store.query("SELECT count(*) FROM review_log WHERE card_id='beta' AND question_id='q1'")[0][0] == 1
    store.close()
    r = cli("--content", str(root), "stats", "--json")
    assert r.exit_code == 0
    import json

    assert "beta/q1" in json.loads(r.stdout)["questions"]["orphaned"]
    r = cli("--content", str(root), "doctor")
    assert "beta/q1" in r.stdout


def test_database_from_a_newer_version_is_refused_untouched(cli):
    s = Store.open()
    s.close()
    con = sqlite3.connect(db_path())
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    data = db_path().read_bytes()
    with pytest.raises(StateError) as err:
        Store.open()
    assert "newer dlstudy" in err.value.message
    r = cli("review")
    assert r.exit_code == 1 and "newer dlstudy" in r.stderr and "Traceback" not in r.stderr
    assert db_path().read_bytes() == data


def test_file_that_is_not_a_database_is_refused_untouched(cli):
    db_path().parent.mkdir(parents=True, exist_ok=True)
    db_path().write_bytes(b"this is not sqlite at all" * 100)
    before = db_path().read_bytes()
    r = cli("review")
    assert r.exit_code == 1
    assert "not a dlstudy database" in r.stderr or "damaged" in r.stderr
    assert db_path().read_bytes() == before


def test_schema_version_and_wal(store):
    assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"


def _kill_after_confirmations(home, deck_dir, n_confirm: int, extra_delay: float) -> int:
    env = dict(os.environ, DLSTUDY_HOME=str(home), PYTHONUNBUFFERED="1", COLUMNS="200")
    with Store.open(home / "dlstudy.db") as store:
        store.set_config("bury_siblings", "off")  # the four questions of one card, one after another
    proc = subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", str(deck_dir), "review",
                             "--topic", "omega", "--new", "4"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=str(REPO), env=env)
    confirmed = 0
    try:
        proc.stdin.write("x\n\n")  # an answer, and Enter at the rating prompt
        proc.stdin.flush()
        while confirmed < n_confirm:
            line = proc.stdout.readline()
            if not line:
                break
            if " recorded " in line:  # printed once the answer is committed
                confirmed += 1
                if confirmed < n_confirm:
                    proc.stdin.write("x\n\n")
                    proc.stdin.flush()
        time.sleep(extra_delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    return confirmed


@pytest.mark.parametrize("n_confirm,delay", [(1, 0.0), (2, 0.05), (3, 0.0)])
def test_sigkill_right_after_a_confirmed_answer_loses_nothing(tmp_path, n_confirm, delay):
    deck_dir = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    home = tmp_path / "home"
    confirmed = _kill_after_confirmations(home, deck_dir, n_confirm, delay)
    assert confirmed == n_confirm
    con = sqlite3.connect(home / "dlstudy.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] >= confirmed
    assert con.execute("SELECT count(*) FROM question_state").fetchone()[0] >= confirmed


def test_foreign_sqlite_database_is_refused_byte_for_byte(cli):
    db_path().parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db_path())
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    before = db_path().read_bytes()
    r = cli("review")
    assert r.exit_code == 1 and "not a dlstudy one" in r.stderr
    assert db_path().read_bytes() == before
