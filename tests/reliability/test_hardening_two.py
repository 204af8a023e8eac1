"""Hardening, round two (issue 23): one test (or a few) per defect, numbered as in the issue.

The tests of the classes these defects belong to (signals, concurrent replays, output errors,
read-only data folders, special files) are in test_classes_two.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dlstudy.paths import backups_dir, db_path
from tests.conftest import REPO
from tests.srs.conftest import DEFAULT_SPEC, write_deck


@pytest.fixture
def frozen():
    from dlstudy.srs.clock import FixedClock

    return FixedClock(datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc))


def _deck(tmp_path: Path) -> str:
    return str(write_deck(tmp_path / "deck", DEFAULT_SPEC))


def _answer(cli, d: str, text: str = "wrong") -> None:
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input=f"{text}\n\n")
    assert r.exit_code == 0, r.stderr


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, DLSTUDY_HOME=str(home), NO_COLOR="1", COLUMNS="200")
    env.update(extra)
    return env


def _log_count(path: Path | None = None) -> int:
    con = sqlite3.connect(path or db_path())
    try:
        return con.execute("SELECT count(*) FROM review_log").fetchone()[0]
    finally:
        con.close()


# ---------- 1, 8. exports: special files never replaced; modes ----------

def test_a_target_swapped_for_a_fifo_while_writing_is_not_replaced(cli, tmp_path, monkeypatch):  # 1
    from dlstudy import files

    target = tmp_path / "out.csv"
    target.write_text("old")

    def write(tmp: Path) -> None:
        tmp.write_text("new")
        target.unlink()
        os.mkfifo(target)  # another program puts a FIFO there while we write

    with pytest.raises(files.FileRefused, match="named pipe"):
        files.write_target(target, write, force=True)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_exported_files_get_the_umask_and_a_replaced_file_keeps_its_mode(cli, tmp_path):  # 8
    d = _deck(tmp_path)
    _answer(cli, d)
    old = os.umask(0o027)
    try:
        new = tmp_path / "new.csv"
        assert cli("export", "history", str(new), "--csv").exit_code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0666 & ~027
        kept = tmp_path / "kept.apkg"
        kept.write_text("x")
        kept.chmod(0o604)
        r = cli("--content", d, "export", "anki", str(kept), "--topic", "alpha", "--force")
        assert r.exit_code == 0, r.stderr
        assert stat.S_IMODE(kept.stat().st_mode) == 0o604 and zipfile.is_zipfile(kept)
    finally:
        os.umask(old)


# ---------- 2. an answer waiting for the lock is journaled before the wait ----------

def _read_until(proc: subprocess.Popen, marker: str, timeout: float = 60) -> str:
    import select

    seen = ""
    deadline = time.monotonic() + timeout
    fd = proc.stdout.fileno()
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        seen += chunk.decode("utf-8", "replace")
    assert marker in seen, seen[-2000:]
    return seen


@pytest.mark.slow
def test_an_answer_waiting_for_the_lock_survives_sigkill(tmp_path):  # 2
    home = tmp_path / "home"
    d = _deck(tmp_path)
    env = _env(home)
    first = subprocess.run([sys.executable, "-m", "dlstudy", "--content", d, "review", "--topic", "alpha", "--new",
                            "1"], input=b"wrong\n\n", capture_output=True, env=env, cwd=str(REPO))
    assert first.returncode == 0, first.stderr
    proc = subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", d, "review", "--topic", "alpha",
                             "--new", "2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=str(REPO))
    holder = None
    try:
        _read_until(proc, "> ")
        holder = sqlite3.connect(home / "dlstudy.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        proc.stdin.write(b"an answer\n")
        proc.stdin.flush()
        _read_until(proc, "waiting for the database")
        entries = [json.loads(line) for line in (home / "pending-answers.jsonl").read_text().splitlines()]
        assert [e["type"] for e in entries] == ["review"]  # journaled before the wait, not only on Ctrl-C
        proc.kill()  # nothing can be handled now
        proc.wait(timeout=30)
    finally:
        if holder is not None:
            holder.execute("COMMIT")
            holder.close()
        if proc.poll() is None:
            proc.kill()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
    assert _log_count(home / "dlstudy.db") == 1
    r = subprocess.run([sys.executable, "-m", "dlstudy", "doctor"], capture_output=True, env=env, cwd=str(REPO))
    assert r.returncode == 0, r.stdout + r.stderr
    assert _log_count(home / "dlstudy.db") == 2  # the answer kept while waiting is in the log now
    assert not (home / "pending-answers.jsonl").exists()


def test_a_committed_answer_leaves_nothing_in_the_journal(cli, tmp_path):  # 2
    from dlstudy.srs import journal
    from dlstudy.srs.store import Store

    d = _deck(tmp_path)
    _answer(cli, d)
    with Store.open() as store:
        store.set_config("fuzz", "false")
        entry = {"type": "attempt", "attempt": {"session_id": None, "card_id": "beta", "question_id": "q1",
                                                "kind": "short", "answered_at": 1.8e9}}
        with store.transaction(entry):
            pass
    assert not journal.journal_path().exists()


# ---------- 3, 4. journal replay ----------

def _review_entry(i: int, at: float = 1.8e9) -> dict:
    return {"type": "review", "card": "beta", "question": f"q{1 + i % 3}", "at": at + i * 60, "rating": 3,
            "duration_ms": 1000, "details": {}, "session_id": None, "suggested": 3, "overridden": False}


def test_replay_keeps_answers_appended_while_it_runs(cli, tmp_path, monkeypatch):  # 3
    from dlstudy.srs import journal
    from dlstudy.srs.store import Store

    _answer(cli, _deck(tmp_path))
    for i in range(3):
        journal.add(_review_entry(i))
    late = _review_entry(10)
    real = journal._replay_one
    calls = []

    def replay_one(store, entry):
        real(store, entry)
        calls.append(entry)
        if len(calls) == 2:  # another process journals an answer while this replay runs
            journal.add(late)

    monkeypatch.setattr(journal, "_replay_one", replay_one)
    with Store.open() as store:
        assert store.replayed == (3, 0)
    assert [e["at"] for e in journal.pending()] == [late["at"]]  # still there, for the next replay
    monkeypatch.setattr(journal, "_replay_one", real)
    with Store.open() as store:
        assert store.replayed == (1, 0)
    assert _log_count() == 5


def test_replaying_one_entry_twice_inserts_it_once(cli, tmp_path, monkeypatch):  # 4
    from dlstudy.srs import journal
    from dlstudy.srs.events import legacy_uid
    from dlstudy.srs.store import Store

    _answer(cli, _deck(tmp_path))
    entry = _review_entry(0)
    # two replays that each checked "not there yet" before either wrote: the check inside the write
    # transaction (and the unique key behind it) keeps the second one out
    with Store.open() as a, Store.open() as b:
        journal._replay_one(a, entry)
        journal._replay_one(b, entry)
        with pytest.raises(Exception, match="UNIQUE|unique|database error"):  # the answer's uid (schema 4)
            with b.transaction() as conn:
                conn.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating, uid) VALUES (?,?,?,3,?)",
                             ("beta", "q1", entry["at"], legacy_uid("review", "beta", "q1", entry["at"], 3)))
    assert _log_count() == 2


def _v2_database(path: Path, rows: list[tuple]) -> None:
    from dlstudy.srs.store import MIGRATIONS

    con = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        con.executescript(script)
    con.execute("PRAGMA user_version = 2")
    con.executemany("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES (?,?,?,?)", rows)
    con.commit()
    con.close()


def test_a_v2_database_is_upgraded_with_one_row_per_answer(cli, tmp_path):  # 4: the migration
    from dlstudy.srs.store import SCHEMA_VERSION

    db_path().parent.mkdir(parents=True)
    _v2_database(db_path(), [("beta", "q1", 1.8e9, 3), ("beta", "q1", 1.8e9, 3), ("beta", "q1", 1.8e9 + 60, 1),
                             ("beta", "q2", 1.8e9, 4), ("beta", "q2", 1.8e9, 4), ("beta", "q2", 1.8e9, 4)])
    r = cli("doctor")
    assert f"schema {SCHEMA_VERSION}/{SCHEMA_VERSION}" in r.stdout, r.stdout + r.stderr
    assert SCHEMA_VERSION == 4
    con = sqlite3.connect(db_path())
    rows = con.execute("SELECT card_id, question_id, reviewed_at, rating FROM review_log ORDER BY id").fetchall()
    assert rows == [("beta", "q1", 1.8e9, 3), ("beta", "q1", 1.8e9 + 60, 1), ("beta", "q2", 1.8e9, 4)]
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"review_log_uid", "attempts_uid"} <= indexes  # v4: one row per answer by its global id
    backups = [p.name for p in backups_dir().iterdir()]
    assert any("before-migration-2-to-4" in name for name in backups)
    r = cli("--content", _deck(tmp_path), "doctor", "--rebuild")
    assert r.exit_code == 0 and "from 3 review(s)" in r.stdout, r.stdout + r.stderr


# ---------- 5. undo and override after another session reviewed the same question ----------

def _two_engines(deck, frozen):
    from dlstudy.srs.review import ReviewEngine
    from dlstudy.srs.store import Store

    a, b = Store.open(), Store.open()
    a.set_config("fuzz", "false")
    ea = ReviewEngine(a, deck, topic="alpha", clock=frozen)
    eb = ReviewEngine(b, deck, topic="alpha", clock=frozen)
    return a, b, ea, eb


def _replayed_state(store, deck, card_id: str, qid: str, entries):
    from dlstudy.srs.rebuild import state_from_log
    from dlstudy.srs.scheduler import Settings, make_scheduler

    scheduler = make_scheduler(Settings.from_config(store.get_config()))
    return state_from_log(scheduler, card_id, qid, entries)


@pytest.mark.parametrize("action", ["undo", "override"])
def test_undo_or_override_after_another_session_keeps_its_review(tmp_path, monkeypatch, frozen, action):  # 5
    from dlstudy.content.loader import load_deck

    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    deck = load_deck([write_deck(tmp_path / "deck", DEFAULT_SPEC)], include_bundled=False, use_cache=False)
    a, b, ea, eb = _two_engines(deck, frozen)
    try:
        item = ea.next_item()
        t0 = frozen.now()
        mine = ea.answer(item, 3, now=t0)
        t1 = t0 + timedelta(minutes=30)
        eb.answer(item, 1, now=t1)  # another window reviews the same question later
        if action == "undo":
            assert ea.undo() is not None
            expected = [(t1.timestamp(), 1, 0)]
        else:
            ea.rerate(mine, 4, now=t0, suggested=3, overridden=True)
            expected = [(t0.timestamp(), 4, 0), (t1.timestamp(), 1, 0)]
        log = [(at, r) for _i, _c, _q, at, r, _d, _det in a.review_logs(*item.key)]
        assert log == [(at, r) for at, r, _d in expected]  # the other session's review stays
        state = a.state(*item.key)
        assert state is not None, "the question's state was deleted although its log has a review"
        want = _replayed_state(a, deck, *item.key, expected)
        assert (state.due, state.state, state.reps, state.last_review) == \
            (want.due, want.state, want.reps, want.last_review)
    finally:
        a.close()
        b.close()


def test_undo_of_the_last_answer_still_restores_the_exact_previous_state(tmp_path, monkeypatch, frozen):  # 5
    from dlstudy.content.loader import load_deck

    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    deck = load_deck([write_deck(tmp_path / "deck", DEFAULT_SPEC)], include_bundled=False, use_cache=False)
    a, b, ea, _eb = _two_engines(deck, frozen)
    try:
        item = ea.next_item()
        ea.answer(item, 3, now=frozen.now())
        before = a.state(*item.key)
        ea.answer(item, 1, now=frozen.advance(minutes=20))
        ea.undo()
        assert a.state(*item.key) == before
    finally:
        a.close()
        b.close()


# ---------- 6. doctor --rebuild ----------

def _break_an_index(path: Path) -> None:
    """A database that opens but fails PRAGMA integrity_check (an index that disagrees with its table)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX review_log_time ON review_log(rating)' "
                "WHERE name = 'review_log_time'")
    con.commit()
    con.close()


def test_rebuild_refuses_a_database_that_fails_its_integrity_check(cli, tmp_path):  # 6
    d = _deck(tmp_path)
    _answer(cli, d)
    _answer(cli, d, "beta1")
    _break_an_index(db_path())
    con = sqlite3.connect(db_path())
    assert con.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    states = con.execute("SELECT * FROM question_state ORDER BY card_id, question_id").fetchall()
    r = cli("--content", d, "doctor", "--rebuild")
    assert r.exit_code == 1 and "integrity check" in r.stderr and "restore" in r.stderr, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "rebuilt" not in r.stdout
    assert con.execute("SELECT * FROM question_state ORDER BY card_id, question_id").fetchall() == states


def test_rebuild_keeps_reviews_whose_only_damage_is_a_column_it_never_reads(cli, tmp_path):  # 6
    d = _deck(tmp_path)
    _answer(cli, d)
    con = sqlite3.connect(db_path())
    con.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating, details, state_before) "
                "VALUES ('beta', 'q1', 1.9e9, 3, 'not json', '[1]')")
    con.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES ('beta', 'q2', 1.9e9, 9)")
    con.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES ('beta', 'q3', 1e12, 3)")
    con.commit()
    r = cli("--content", d, "doctor")
    assert r.exit_code == 1 and "details is not JSON" in r.stdout and "rating 9" in r.stdout
    r = cli("--content", d, "doctor", "--rebuild")
    assert "from 2 review(s)" in r.stdout, r.stdout  # the first answer and the damaged-details one
    reps = dict(con.execute("SELECT question_id, reps FROM question_state WHERE card_id = 'beta'").fetchall())
    assert reps.get("q1", 0) >= 1 and "q2" not in reps and "q3" not in reps


def test_rebuild_reads_the_log_inside_its_write_transaction(cli, tmp_path, monkeypatch):  # 6
    from dlstudy.srs.store import Store

    d = _deck(tmp_path)
    _answer(cli, d)
    seen = []
    real = Store.logged_reviews  # what the replay reads of the review log (schema 4: with the events)

    def logged_reviews(self, *args):
        seen.append(self.in_transaction)
        return real(self, *args)

    monkeypatch.setattr(Store, "logged_reviews", logged_reviews)
    r = cli("--content", d, "doctor", "--rebuild")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert seen and all(seen)  # an answer committed meanwhile cannot slip between the read and the write


# ---------- 7. choice options that read the same ----------

SAME_OPTIONS = """id: adam-card
title: Adam
topic: opt
summary: "One. Two. Three."
key_points: [a]
questions:
  - id: which
    kind: choice
    prompt: "Which?"
    options: ["The Adam", "adam", "ADAM!", "SGD"]
    answer: "adam"
    explanation: "Because."
"""


def test_check_flags_options_that_read_the_same_and_the_quiz_takes_the_exact_text(cli, tmp_path):  # 7
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "adam.yaml").write_text(SAME_OPTIONS, encoding="utf-8")
    r = cli("check", str(deck), "--fast")
    assert r.exit_code == 1 and "adam.yaml:10" in r.stdout and "'ADAM!' reads the same as 'adam'" in r.stdout
    assert "'adam' reads the same as 'The Adam'" in r.stdout  # articles and word forms, as the matcher reads them
    r = cli("--content", str(deck), "quiz", "--card", "adam-card", "-n", "1", "--seed", "1", input="adam\n\n")
    assert r.exit_code == 0 and "✓ right" in r.stdout, r.stdout
    r = cli("--content", str(deck), "quiz", "--card", "adam-card", "-n", "1", "--seed", "1", input="Adam\nq\n")
    assert "matches several options" in r.stdout, r.stdout


def test_options_of_words_read_loosely_and_math_options_strictly():  # 7: the matcher's two readings
    from dlstudy.kinds.choice import same_reading

    assert same_reading(["class weights", "class weighting", "oversampling"]) == [("class weights", "class weighting")]
    assert same_reading(["x = x + y", "x[:] = x + y"]) == []  # symbols make them different answers
    assert same_reading(["increase", "decrease", "stay the same"]) == []


def test_the_bundled_options_all_read_differently(cli):  # 7: the check passes the bundled deck
    from dlstudy.content.loader import load_deck
    from dlstudy.kinds.choice import same_reading

    pairs = [(c.id, q.id, same_reading(q.plugin.options(q.spec))) for c in load_deck([]).cards for q in c.questions
             if q.plugin.options(q.spec)]
    assert [p for p in pairs if p[2]] == [] and len(pairs) > 50


# ---------- 9, 15. the clock ----------

def test_one_time_range_for_recording_and_for_doctor(cli, tmp_path, monkeypatch, frozen):  # 9
    from dlstudy.content.loader import load_deck
    from dlstudy.errors import StateError
    from dlstudy.srs.clock import LATEST, FixedClock
    from dlstudy.srs.review import ReviewEngine
    from dlstudy.srs.store import Store

    deck = load_deck([write_deck(tmp_path / "deck", DEFAULT_SPEC)], include_bundled=False, use_cache=False)
    late = FixedClock(datetime(5100, 1, 1, tzinfo=timezone.utc))
    with Store.open() as store:
        engine = ReviewEngine(store, deck, topic="alpha", clock=late)
        item = engine.next_item(frozen.now())
        with pytest.raises(StateError, match="cannot record"):
            engine.answer(item, 3)
        ok = LATEST - timedelta(days=1)
        engine.answer(item, 3, now=ok)
        assert store.log_problems() == []  # what could be recorded, doctor accepts
        assert _log_count() == 1
    r = cli("doctor")
    assert r.exit_code == 0, r.stdout + r.stderr
    r = cli("--content", str(tmp_path / "deck"), "review", env={"DLSTUDY_NOW": "5100-01-01T00:00:00"})
    assert r.exit_code == 2 and "DLSTUDY_NOW" in r.stderr


@pytest.mark.parametrize("value", ["garbage", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2026-13-40"])
def test_a_bad_dlstudy_now_is_a_usage_error_naming_it(cli, tmp_path, value):  # 15
    d = _deck(tmp_path)
    _answer(cli, d)
    for args in (["stats"], ["--content", d, "review"], []):
        r = cli(*args, env={"DLSTUDY_NOW": value})
        assert r.exit_code == 2 and "DLSTUDY_NOW" in r.stderr and "internal error" not in r.stderr, (args, r.stderr)


def test_dlstudy_now_is_documented_in_the_testing_notes():  # 15
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "DLSTUDY_NOW" in readme


@pytest.mark.slow
@pytest.mark.parametrize("tz", ["XXX+25", "UTC-30"])
def test_a_time_zone_dlstudy_cannot_use_falls_back_to_utc_with_a_warning(tmp_path, tz):  # 15
    home = tmp_path / "home"
    d = _deck(tmp_path)
    env = _env(home, TZ=tz)
    env.pop("DLSTUDY_TZ_UTC", None)
    for args, inp in ((["--content", d, "review", "--topic", "alpha", "--new", "1"], b"wrong\n\n"), (["stats"], None),
                      (["history"], None), ([], None)):
        r = subprocess.run([sys.executable, "-m", "dlstudy", *args], input=inp, capture_output=True, env=env,
                           cwd=str(REPO), timeout=120)
        err = r.stderr.decode()
        assert r.returncode == 0 and "internal error" not in err, (args, err)
        assert "warning:" in err and "UTC" in err and tz in err


# ---------- 11. closed standard input ----------

@pytest.mark.slow
@pytest.mark.parametrize("args", [["review", "--topic", "alpha"], ["quiz", "--topic", "alpha", "-n", "2"],
                                  ["drill", "perplexity", "-n", "1"], ["quiz", "--interview", "--card", "bayes-rule"],
                                  ["demo", "perplexity", "-i"]], ids=lambda a: " ".join(a[:2]))
def test_closed_stdin_is_the_end_of_the_input(tmp_path, args):  # 11
    home = tmp_path / "home"
    r = subprocess.run([sys.executable, "-m", "dlstudy", "--content", _deck(tmp_path), *args], capture_output=True,
                       env=_env(home), cwd=str(REPO), timeout=180, preexec_fn=lambda: os.close(0))
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert "internal error" not in err and "Traceback" not in err
    assert not (home / "crash-reports").exists()


# ---------- 12. stored settings that bypass config's checks ----------

@pytest.mark.parametrize("key,value", [("rollover_hour", "99"), ("desired_retention", "abc"),
                                       ("reviews_per_day", "nan"), ("new_per_day", "-4"), ("fuzz", "maybe")])
def test_invalid_stored_settings_fall_back_with_a_warning_and_doctor_reports_them(cli, tmp_path, key, value):  # 12
    d = _deck(tmp_path)
    _answer(cli, d)
    con = sqlite3.connect(db_path())
    con.execute("INSERT INTO config(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value))
    con.commit()
    for args, inp in ((["stats"], None), (["--content", d, "review", "--topic", "alpha", "--new", "1"], "beta1\n\n"),
                      ([], None), (["show", "softmax"], None)):
        r = cli(*args, input=inp)
        assert r.exit_code == 0, (args, r.stdout, r.stderr)
        assert f"dlstudy config {key} --reset" in r.stderr, (args, r.stderr)
    r = cli("--content", d, "doctor")
    assert r.exit_code == 1 and f"setting {key}" in r.stdout and "--reset" in r.stdout
    assert cli("config", key, "--reset").exit_code == 0
    r = cli("stats")
    assert r.exit_code == 0 and "--reset" not in r.stderr


# ---------- 13. restore on a full disk ----------

@pytest.mark.parametrize("where", ["keep-copy", "raw-copy", "restore"])
def test_restore_on_a_full_disk_changes_nothing(cli, tmp_path, monkeypatch, where):  # 13
    import errno
    import shutil

    from dlstudy.srs import backup

    d = _deck(tmp_path)
    _answer(cli, d)
    assert cli("backup").exit_code == 0
    _answer(cli, d, "beta1")
    with sqlite3.connect(db_path()) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if where == "raw-copy":
        db_path().write_bytes(b"damaged")  # not a database: its bytes are copied as they are
    before = db_path().read_bytes()
    listed = sorted(p.name for p in backups_dir().iterdir())
    real_copy = backup._sqlite_copy
    calls = []

    def full_copy(conn, target):
        calls.append(target)
        if where == "keep-copy" or (where == "restore" and len(calls) == 2):
            raise sqlite3.OperationalError("database or disk is full")
        real_copy(conn, target)

    def full_bytes(src, dst, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_sqlite_copy", full_copy)
    monkeypatch.setattr(shutil, "copyfile", full_bytes)
    r = cli("restore")
    assert r.exit_code == 1 and "no space left" in r.stderr and "nothing was changed" in r.stderr, r.stderr
    assert "internal error" not in r.stderr
    assert db_path().read_bytes() == before
    assert sorted(p.name for p in backups_dir().iterdir()) == listed


# ---------- 14. punctuation-only short answers ----------

def test_check_reports_a_punctuation_only_answer_at_its_line(cli, tmp_path):  # 14
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "dots.yaml").write_text("""id: dots
title: Dots
topic: p
summary: "One. Two. Three."
key_points: [a]
questions:
  - id: ellipsis
    kind: short
    prompt: "What ends a trailing thought?"
    answer: "an ellipsis"
    aliases: ["..."]
    explanation: "Because."
  - id: bare
    kind: short
    prompt: "And this?"
    answer: "?!"
    explanation: "Because."
""", encoding="utf-8")
    r = cli("check", str(deck), "--fast")
    out = r.stdout
    assert r.exit_code == 1 and "internal error" not in r.stderr, r.stderr
    assert "dots.yaml:11: dots: questions[ellipsis].aliases[0]: '...' has no letters or digits" in out, out
    assert "dots.yaml:16: dots: questions[bare].answer: '?!' has no letters or digits" in out, out


# ---------- 17. Anki media syntax ----------

EVIL = """id: evil
title: "Evil [sound:title.mp3]"
topic: evil
summary: "One. Two. Three."
key_points: ["[anki:tts lang=en_US]spoken[/anki:tts]"]
questions:
  - id: q
    kind: short
    prompt: "Prompt [sound:front.mp3]?"
    answer: "answer [SOUND:back.mp3]"
    explanation: "See [sound:evil.mp3] and [anki:play:a:0]."
"""


def test_anki_media_syntax_is_neutralised_in_every_field():  # 17
    import tempfile

    from dlstudy.content.loader import load_deck
    from dlstudy.export.anki import note_fields

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "evil.yaml").write_text(EVIL, encoding="utf-8")
        card = load_deck([Path(tmp)], include_bundled=False, use_cache=False).cards[0]
    fields = note_fields(card, card.questions[0])
    joined = "\x1f".join(fields)
    assert "[sound:" not in joined.lower() and "[anki:" not in joined.lower()
    assert "&#91;sound:evil.mp3]" in joined


def test_an_exported_note_plays_nothing_in_a_real_anki_collection(cli, tmp_path):  # 17
    anki = pytest.importorskip("anki.collection", reason="the 'anki' package (test extra)")
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "evil.yaml").write_text(EVIL, encoding="utf-8")
    out = tmp_path / "evil.apkg"
    r = cli("--content", str(deck), "export", "anki", str(out), "--topic", "evil")
    assert r.exit_code == 0, r.stderr
    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out),
                                                         options=ImportAnkiPackageOptions()))
        card_ids = col.find_cards("")
        assert len(card_ids) == 1
        card = col.get_card(card_ids[0])
        question, answer = card.question(), card.answer()
        assert card.question_av_tags() == [] and card.answer_av_tags() == []
        assert "[anki:play" not in question + answer
        assert "[sound:evil.mp3]" in answer.replace("&#91;", "[")  # shown as the text it is
    finally:
        col.close()
