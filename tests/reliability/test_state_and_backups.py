"""Backups, restore, and every kind of broken state: a one-line explanation, non-zero exit, no data lost."""

from __future__ import annotations

import sqlite3

from dlstudy.paths import backups_dir, db_path
from dlstudy.srs.backup import KEEP, ensure_daily_backup, list_backups
from dlstudy.srs.store import Store
from tests.srs.conftest import DEFAULT_SPEC, write_deck


def _answer_one(cli, tmp_path):
    d = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="wrong\n\n")
    assert r.exit_code == 0, r.stderr
    return d


def test_daily_backup_once_a_day_before_the_first_write(cli, tmp_path):
    d = _answer_one(cli, tmp_path)  # first ever answer: nothing to back up yet
    assert list_backups() == []
    cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="wrong\n\n")
    daily = [p for p in list_backups() if p.stem.endswith("-daily")]
    assert len(daily) == 1
    cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="wrong\n\n")
    assert len([p for p in list_backups() if p.stem.endswith("-daily")]) == 1  # at most once a day
    con = sqlite3.connect(daily[0])
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1  # taken before the 2nd session's write


def test_only_the_last_seven_daily_backups_are_kept(cli, tmp_path):
    _answer_one(cli, tmp_path)
    backups_dir().mkdir(parents=True, exist_ok=True)
    for day in range(1, 11):
        (backups_dir() / f"dlstudy-202601{day:02d}-120000-daily.db").write_bytes(b"old")
    with Store.open() as store:
        ensure_daily_backup(store)
    daily = [p for p in list_backups() if p.stem.endswith("-daily")]
    assert len(daily) == KEEP
    assert daily[-1].read_bytes() != b"old"


def test_backup_and_restore_keep_a_copy_of_what_they_replace(cli, tmp_path):
    d = _answer_one(cli, tmp_path)
    r = cli("backup")
    assert r.exit_code == 0 and "backed up to" in r.stdout
    cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="wrong\n\n")
    count = lambda p: sqlite3.connect(p).execute("SELECT count(*) FROM review_log").fetchone()[0]  # noqa: E731
    assert count(db_path()) == 2
    manual = [p for p in list_backups() if p.stem.endswith("-manual")][0]
    r = cli("restore", str(manual))
    assert r.exit_code == 0 and "kept as" in r.stdout
    assert count(db_path()) == 1
    kept = [p for p in list_backups() if "before-restore" in p.name][0]
    assert count(kept) == 2  # the restore itself can be undone
    assert cli("restore", str(tmp_path / "nope.db")).exit_code == 2


def test_restore_refuses_a_file_that_is_not_a_backup(cli, tmp_path):
    _answer_one(cli, tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"nope" * 1000)
    before = db_path().read_bytes()
    r = cli("restore", str(junk))
    assert r.exit_code == 1 and "not a usable" in r.stderr
    assert db_path().read_bytes() == before


def test_corrupted_database_is_explained_and_left_alone(cli, tmp_path):
    _answer_one(cli, tmp_path)
    with Store.open() as s:
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path().read_bytes())
    for i in range(100, len(data), 7):  # scribble over the pages, keep the header
        data[i] = 0xFF
    db_path().write_bytes(bytes(data))
    before = db_path().read_bytes()
    for args in (["review"], ["stats"], ["doctor"]):
        r = cli(*args)
        assert r.exit_code == 1, (args, r.stdout, r.stderr)
        text = r.stderr + r.stdout
        assert "damaged" in text or "integrity" in text or "not a dlstudy" in text, text
        assert "Traceback" not in text
    assert db_path().read_bytes() == before


def test_home_that_cannot_be_created(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("DLSTUDY_HOME", str(blocker / "home"))
    r = cli("review")
    assert r.exit_code == 1
    assert "cannot create the data directory" in r.stderr and "DLSTUDY_HOME" in r.stderr
    assert "Traceback" not in r.stderr
    assert cli("cards").exit_code == 0  # reading cards needs no data directory


def test_missing_home_is_created_lazily(cli, tmp_path, monkeypatch):
    home = tmp_path / "not" / "yet"
    monkeypatch.setenv("DLSTUDY_HOME", str(home))
    assert cli("stats").exit_code == 0 and not (home / "dlstudy.db").exists()
    cli("config", "new_per_day", "3")
    assert (home / "dlstudy.db").exists()


def test_full_disk_on_write_is_explained_and_loses_nothing(cli, tmp_path, monkeypatch):
    d = _answer_one(cli, tmp_path)
    original = Store.open.__func__

    def tiny(cls, *a, **kw):
        store = original(cls, *a, **kw)
        if store.conn is not None:
            pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
            store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the next new page fails: SQLITE_FULL
        return store

    big = "x" * 3990  # an answer too large for the remaining space (within the 4,000-character line limit)
    with monkeypatch.context() as m:
        m.setattr(Store, "open", classmethod(tiny))
        r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input=f"{big}\n\n")
    assert r.exit_code == 1
    assert "disk is full" in r.stderr and "Traceback" not in r.stderr
    con = sqlite3.connect(db_path())
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1  # the earlier answer is intact
