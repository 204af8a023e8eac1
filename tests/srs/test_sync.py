"""Two devices, one history (issue 29): sync through a shared folder. Merging is a union (nothing lost,
syncing twice changes nothing, any order of syncs gives the same schedules), answers to one question on
two devices are both kept and replayed in time order, an undo takes back only its own device's records,
settings and suspensions are latest-wins; broken or hostile files are reported in one line and skipped,
leaving the database untouched."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.srs.history_deck import RIGHT, WRONG, derived, tables, write_history_deck

CARDS = {f"k{i}": [] for i in range(1, 13)}


@dataclass
class Device:
    """A dlstudy home driven through the CLI (each command with its own DLSTUDY_HOME and clock)."""

    cli: Any
    home: Path
    deck: str

    def env(self, when: datetime) -> dict[str, str]:
        return {"DLSTUDY_HOME": str(self.home), "DLSTUDY_NOW": when.isoformat(), "DLSTUDY_TZ_UTC": "1"}

    def run(self, when: datetime, *args: str, input: str | None = None, code: int = 0):
        r = self.cli("--content", self.deck, *args, input=input, env=self.env(when))
        assert r.exit_code == code, (args, r.stdout[-2000:], r.stderr)
        return r

    @property
    def db(self) -> Path:
        return self.home / "dlstudy.db"

    def schedule(self, when: datetime) -> list[dict[str, Any]]:
        return json.loads(self.run(when, "schedule", "--json").stdout)

    def uids(self) -> list[str]:
        return [u for (u,) in sqlite3.connect(self.db).execute("SELECT uid FROM review_log ORDER BY uid")]


T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    deck = write_history_deck(tmp_path / "deck", CARDS)
    folder = tmp_path / "shared"
    folder.mkdir()
    devices = {name: Device(cli, tmp_path / name, deck) for name in ("a", "b", "c")}
    return devices, folder


def answer_many(device: Device, start: datetime, n: int, seed: int) -> datetime:
    """n answers over several days, right or wrong at random, each run at a later time."""
    rnd = random.Random(seed)
    when = start
    done = 0
    while done < n:
        k = min(rnd.randint(1, 6), n - done)
        text = "".join(rnd.choice([RIGHT + "\n", RIGHT + "\n", RIGHT + "e\n", WRONG + "\n"]) for _ in range(k))
        r = device.run(when, "review", "--topic", "hist", "--new", "3", input=text + "q\n")
        done += sum(1 for line in r.stdout.splitlines() if " recorded " in line)
        when += timedelta(hours=rnd.choice([1, 5, 13, 26, 50]))
    return when


def one_question(devices: dict[str, Device]) -> tuple[Device, Device]:
    """Devices a and b on a deck of one question (k1/q), so that every review asks it."""
    a, b = devices["a"], devices["b"]
    one = write_history_deck(a.home.parent / "one", {"k1": []})
    for d in (a, b):
        d.deck = one
    return a, b


def sync(device: Device, folder: Path, when: datetime, code: int = 0):
    return device.run(when, "sync", str(folder), code=code)


# ------------------------------------------------------------------------------------------- acceptance

def test_two_homes_diverge_and_sync_to_one_schedule(world):
    devices, folder = world
    a, b, c = devices["a"], devices["b"], devices["c"]
    end_a = answer_many(a, T0, 100, seed=1)
    end_b = answer_many(b, T0 + timedelta(hours=3), 100, seed=2)
    # an undo, a suspension and a settings change on each
    a.run(end_a, "undo")
    b.run(end_b, "undo")
    a.run(end_a + timedelta(minutes=1), "suspend", "k3/q")
    b.run(end_b + timedelta(minutes=1), "suspend", "k7/q")
    a.run(end_a + timedelta(minutes=2), "config", "desired_retention", "0.85")
    b.run(end_b + timedelta(minutes=2), "config", "maximum_interval", "60")
    mine_a, mine_b = set(a.uids()), set(b.uids())
    assert len(mine_a) >= 99 and len(mine_b) >= 99 and not mine_a & mine_b
    later = max(end_a, end_b) + timedelta(hours=1)
    for device in (a, b, a):
        sync(device, folder, later)
    assert a.schedule(later) == b.schedule(later)
    assert set(a.uids()) == set(b.uids()) == mine_a | mine_b  # the union, no duplicate
    assert len(a.uids()) == len(set(a.uids()))
    assert sqlite3.connect(a.db).execute("SELECT value FROM config WHERE key = 'maximum_interval'").fetchone() == ("60",)
    flags = {k for (k,) in sqlite3.connect(b.db).execute("SELECT card_id FROM question_flags WHERE suspended")}
    assert flags == {"k3", "k7"}
    before = [tables(d.db) for d in (a, b)]
    for device in (a, b):  # a third sync changes nothing
        r = sync(device, folder, later + timedelta(minutes=5))
        assert "0 record(s) received" in r.stdout
    assert [tables(d.db) for d in (a, b)] == before
    sync(c, folder, later)  # a third device joining gets the same schedule
    assert c.schedule(later) == a.schedule(later)
    assert derived(c.db)["state"] == derived(a.db)["state"]
    r = a.run(later, "doctor", "--rebuild")  # the live caches are what a replay of the merged log gives
    assert "0 cached value(s) changed" in r.stdout, r.stdout


def test_offline_answers_to_one_question_are_both_kept_in_time_order(world):
    from fsrs import Card, Rating, Scheduler

    devices, folder = world
    a, b = devices["a"], devices["b"]
    for d in (a, b):
        d.run(T0 - timedelta(days=1), "config", "fuzz", "false")
    # both answer k1 (the only question asked) offline: a first on day 1, b on day 1 later, a again on day 4
    one = write_history_deck(a.home.parent / "one", {"k1": []})
    for d in (a, b):
        d.deck = one
    a.run(T0, "review", "--topic", "hist", input=RIGHT + "\nq\n")
    b.run(T0 + timedelta(hours=2), "review", "--topic", "hist", input=WRONG + "\nq\n")
    a.run(T0 + timedelta(days=3), "review", "--topic", "hist", input=RIGHT + "e\nq\n")
    later = T0 + timedelta(days=5)
    for device in (b, a, b):
        sync(device, folder, later)
    log = sqlite3.connect(a.db).execute("SELECT reviewed_at, rating FROM review_log ORDER BY reviewed_at").fetchall()
    assert [r for _t, r in log] == [3, 1, 4]
    scheduler = Scheduler(enable_fuzzing=False)
    card = Card(due=datetime.fromtimestamp(log[0][0], timezone.utc))
    for t, rating in log:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=datetime.fromtimestamp(t, timezone.utc))
    for d in (a, b):
        state = json.loads(d.run(later, "info", "k1/q", "--json").stdout)
        assert state["stability"] == pytest.approx(card.stability, rel=1e-9) and state["reps"] == 3


def test_undo_takes_back_only_its_own_devices_answer(world):
    devices, folder = world
    a, b = one_question(devices)
    a.run(T0, "review", "--topic", "hist", input=RIGHT + "\nq\n")
    b.run(T0 + timedelta(hours=1), "review", "--topic", "hist", input=RIGHT + "\nq\n")
    for device in (a, b, a):
        sync(device, folder, T0 + timedelta(hours=2))
    assert len(a.uids()) == 2
    r = a.run(T0 + timedelta(hours=3), "undo")  # a's last action is its own answer, not b's later one
    assert "your answer (good)" in r.stdout
    for device in (a, b):
        sync(device, folder, T0 + timedelta(hours=4))
    assert a.uids() == b.uids() and len(a.uids()) == 1
    kept = sqlite3.connect(b.db).execute("SELECT reviewed_at FROM review_log").fetchone()[0]
    assert kept == (T0 + timedelta(hours=1)).timestamp()
    # a hostile undo: a device naming another device's answer takes back nothing
    con = sqlite3.connect(a.db)
    device_a = con.execute("SELECT value FROM local WHERE key = 'device'").fetchone()[0]
    [b_uid] = [u for (u,) in con.execute("SELECT uid FROM review_log")]
    con.execute("INSERT INTO events(uid, device, at, kind, data) VALUES (?, ?, ?, 'undo', ?)",
                ("f" * 32, device_a, (T0 + timedelta(hours=5)).timestamp(), json.dumps({"targets": [b_uid]})))
    con.commit()
    for device in (a, b):
        sync(device, folder, T0 + timedelta(hours=6))
        assert device.uids() == [b_uid]
        r = device.run(T0 + timedelta(hours=6), "doctor", "--rebuild")
        assert "0 cached value(s) changed" in r.stdout


def test_an_answer_after_a_forget_stamped_past_a_device_ahead_replays_after_it(world):
    """b's clock is a day ahead: a's forget is stamped after b's answer, and a's next answer (by a's own
    clock, earlier) must still replay after the forget, as it was made, on both devices."""
    devices, folder = world
    a, b = one_question(devices)
    a.run(T0, "review", "--topic", "hist", input=RIGHT + "\nq\n")
    b.run(T0 + timedelta(days=1), "review", "--topic", "hist", input=WRONG + "\nq\n")
    for device in (b, a):
        sync(device, folder, T0 + timedelta(hours=1))
    a.run(T0 + timedelta(hours=1), "forget", "k1/q")
    a.run(T0 + timedelta(hours=2), "review", "--topic", "hist", input=RIGHT + "\nq\n")
    assert json.loads(a.run(T0 + timedelta(hours=2), "info", "k1/q", "--json").stdout)["reps"] == 1
    r = a.run(T0 + timedelta(hours=2), "doctor", "--rebuild")
    assert "0 cached value(s) changed" in r.stdout, r.stdout
    for device in (a, b, a):
        sync(device, folder, T0 + timedelta(hours=3))
    assert derived(a.db)["state"] == derived(b.db)["state"] != []


def test_settings_and_suspensions_latest_wins(world):
    devices, folder = world
    a, b = devices["a"], devices["b"]
    a.run(T0, "config", "desired_retention", "0.8")
    b.run(T0 + timedelta(hours=1), "config", "desired_retention", "0.85")
    a.run(T0 + timedelta(hours=2), "config", "new_per_day", "4")
    b.run(T0, "suspend", "k2/q")
    a.run(T0 + timedelta(hours=1), "suspend", "k2/q")
    b.run(T0 + timedelta(hours=3), "unsuspend", "k2/q")
    for device in (a, b, a):
        sync(device, folder, T0 + timedelta(hours=4))
    for d in (a, b):
        config = json.loads(d.run(T0 + timedelta(hours=4), "config", "--json").stdout)
        assert (config["desired_retention"], config["new_per_day"]) == ("0.85", "4")
        assert json.loads(d.run(T0 + timedelta(hours=4), "suspended", "--json").stdout) == []


def test_a_rename_on_one_device_moves_the_others_earlier_answers(world):
    devices, folder = world
    a, b = devices["a"], devices["b"]
    for d in (a, b):
        d.run(T0 - timedelta(days=1), "config", "fuzz", "false")
    a.run(T0, "review", "--topic", "hist", "--new", "1", input=RIGHT + "\nq\n")
    sync(a, folder, T0 + timedelta(minutes=1))
    sync(b, folder, T0 + timedelta(minutes=2))
    b.run(T0 + timedelta(hours=1), "review", "--topic", "hist", "--new", "0", input=RIGHT + "\nq\n")  # offline
    asked = sqlite3.connect(a.db).execute("SELECT card_id FROM review_log").fetchone()[0]
    a.run(T0 + timedelta(hours=2), "rename", f"{asked}/q", f"{asked}/renamed")
    for device in (b, a, b):
        sync(device, folder, T0 + timedelta(hours=3))
    for d in (a, b):
        rows = sqlite3.connect(d.db).execute("SELECT card_id, question_id FROM review_log").fetchall()
        assert rows == [(asked, "renamed")] * 2, rows
        assert "0 cached value(s) changed" in d.run(T0 + timedelta(hours=3), "doctor", "--rebuild").stdout
    assert derived(a.db)["state"] == derived(b.db)["state"]


def test_quiz_answers_and_sessions_travel_too(world):
    devices, folder = world
    a, b = devices["a"], devices["b"]
    a.run(T0, "quiz", "--question", "k1/q", "--json", input=RIGHT + "\n")
    for device in (a, b):
        sync(device, folder, T0 + timedelta(hours=1))
    stats = json.loads(b.run(T0 + timedelta(hours=1), "stats", "--json").stdout)
    assert stats["practice"]["answers"] == 1 and stats["practice"]["by_mode"] == {"quiz": 1}
    history = json.loads(b.run(T0 + timedelta(hours=1), "history", "--json").stdout)
    assert [h["mode"] for h in history] == ["quiz"]


def test_config_sync_dir_makes_review_sync_at_start_and_end(world):
    devices, folder = world
    a, b = devices["a"], devices["b"]
    a.run(T0, "config", "sync_dir", str(folder))
    r = a.run(T0, "review", "--topic", "hist", "--new", "1", input=RIGHT + "\nq\n")
    assert r.stdout.count(f"sync ({folder})") == 2, r.stdout
    sync(b, folder, T0 + timedelta(hours=1))
    assert len(b.uids()) == 1
    # a failure warns and never blocks studying
    folder.rename(folder.with_name("gone"))
    r = a.run(T0 + timedelta(hours=2), "review", "--topic", "hist", "--new", "1", input=RIGHT + "\nq\n")
    assert r.stdout.count("warning: sync at the") == 2 and " recorded " in r.stdout, r.stdout
    assert len(a.uids()) == 2
    status = json.loads(a.run(T0 + timedelta(hours=2), "sync", "--status", "--json").stdout)
    assert status["sync_dir"] == str(folder) and status["sent"] == 1


def test_sync_status_lists_devices_and_counts(world):
    devices, folder = world
    a, b = devices["a"], devices["b"]
    answer_many(a, T0, 5, seed=3)
    sync(a, folder, T0 + timedelta(days=3))
    r = sync(b, folder, T0 + timedelta(days=3))
    assert "5 record(s) received" in r.stdout or "record(s) received" in r.stdout
    status = json.loads(b.run(T0 + timedelta(days=3), "sync", "--status", "--json").stdout)
    [peer] = status["devices"]
    assert peer["records"] == peer["received"] >= 5 and peer["last_written"].startswith("2026-03-05")
    text = b.run(T0 + timedelta(days=3), "sync", "--status").stdout
    assert "1 other device(s)" in text and peer["device"] in text


# ------------------------------------------------------------------------------------------- broken input

def _device_file(world, n: int = 3) -> tuple[Device, Device, Path, Path]:
    """a has answered and written its file; b is the device that reads it."""
    devices, folder = world
    a, b = devices["a"], devices["b"]
    answer_many(a, T0, n, seed=4)
    sync(a, folder, T0 + timedelta(days=2))
    [path] = list(folder.glob("dlstudy-*.jsonl"))
    b.run(T0, "config", "new_per_day", "7")  # b has a database of its own
    return a, b, folder, path


def _skipped(b: Device, folder: Path, words: str) -> None:
    before = tables(b.db)
    r = sync(b, folder, T0 + timedelta(days=3), code=1)
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and words in warnings[0], r.stderr
    assert "Traceback" not in r.stderr
    assert tables(b.db) == before  # untouched by what was skipped


def test_a_truncated_file_is_skipped(world):
    _a, b, folder, path = _device_file(world)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 1])  # the end line cut off
    _skipped(b, folder, "truncated")
    path.write_bytes(data[:-30])  # cut in the middle of a line
    _skipped(b, folder, "truncated")


def test_a_corrupted_file_is_skipped(world):
    _a, b, folder, path = _device_file(world)
    text = path.read_text()
    path.write_text(text.replace('"rating":3', '"rating":4', 1) if '"rating":3' in text else
                    text.replace('"rating":1', '"rating":2', 1))
    _skipped(b, folder, "corrupted")
    path.write_text(text.replace('"t":"review"', '"t":"revie', 1))
    _skipped(b, folder, "corrupted")


def test_a_file_dated_days_ahead_of_this_clock_is_skipped_until_the_clock_gets_there(world):
    """Merged, records from a clock days ahead would date this device's next actions after them (a
    settings change moves every later answer): such a file is one line and skipped, and read once this
    device's clock reaches it."""
    devices, folder = world
    a, b = devices["a"], devices["b"]
    answer_many(a, T0 + timedelta(days=10), 3, seed=4)
    a.run(T0 + timedelta(days=11), "config", "desired_retention", "0.85")
    sync(a, folder, T0 + timedelta(days=12))
    b.run(T0, "config", "new_per_day", "7")
    _skipped(b, folder, "after this device's clock (is one of the two clocks wrong?)")
    r = sync(b, folder, T0 + timedelta(days=12))
    assert "warning" not in r.stderr and set(b.uids()) == set(a.uids()) and len(a.uids()) >= 3


def test_a_file_from_a_newer_version_is_skipped(world):
    _a, b, folder, path = _device_file(world)
    path.write_text(path.read_text().replace('"dlstudy_sync":1', '"dlstudy_sync":2', 1))
    _skipped(b, folder, "newer dlstudy")


def test_a_file_claiming_this_devices_id_is_skipped(world):
    _a, b, folder, path = _device_file(world)
    sync(b, folder, T0 + timedelta(days=2, hours=1))
    me = sqlite3.connect(b.db).execute("SELECT value FROM local WHERE key = 'device'").fetchone()[0]
    other = path.name[len("dlstudy-"):-len(".jsonl")]
    path.write_text(path.read_text().replace(other, me))
    path.touch()
    _skipped(b, folder, "claims this device's id")
    # a file under this device's own name that it did not write: not read, replaced by its own
    mine = folder / f"dlstudy-{me}.jsonl"
    path.rename(mine)
    before = tables(b.db)
    r = sync(b, folder, T0 + timedelta(days=4), code=1)
    assert "claims this device's id but this device did not write it" in r.stderr
    assert tables(b.db) == before
    assert json.loads(mine.read_text().splitlines()[0])["device"] == me


def test_a_fifo_and_a_huge_file_are_skipped(world):
    _a, b, folder, _path = _device_file(world)
    sync(b, folder, T0 + timedelta(days=2, hours=1))  # the good file read: only the bad ones are new
    fifo = folder / f"dlstudy-{'e' * 16}.jsonl"
    os.mkfifo(fifo)
    _skipped(b, folder, "is not a regular file")
    fifo.unlink()
    huge = folder / f"dlstudy-{'d' * 16}.jsonl"
    with open(huge, "wb") as fh:
        fh.truncate(300 * 2**20)  # sparse: no disk used
    _skipped(b, folder, "larger than 256 MiB")
    huge.unlink()
    long_line = folder / f"dlstudy-{'c' * 16}.jsonl"
    long_line.write_bytes(b'{"dlstudy_sync":1}' + b" " * 70_000 + b"\n")
    _skipped(b, folder, "longer than")


def test_too_many_records_are_refused(world, monkeypatch):
    from dlstudy.srs import sync as sync_module

    _a, b, folder, _path = _device_file(world, n=4)
    monkeypatch.setattr(sync_module, "MAX_RECORDS", 2)
    _skipped(b, folder, "more than 2 records")


def test_a_missing_or_read_only_folder_is_one_line(world, tmp_path):
    devices, folder = world
    a = devices["a"]
    a.run(T0, "config", "new_per_day", "7")
    r = a.run(T0, "sync", str(tmp_path / "nowhere"), code=2)
    assert r.stderr.startswith("error: the sync folder") and r.stderr.count("error:") == 1, r.stderr
    from tests.reliability.test_classes_two import _mount_read_only

    ro = tmp_path / "ro"
    if not _mount_read_only(folder, ro):
        if os.geteuid() == 0:
            pytest.skip("cannot make a read-only mount here (root ignores file permissions)")
        os.chmod(folder, 0o555)
        ro = folder
    try:
        before = tables(a.db)
        r = a.run(T0, "sync", str(ro), code=1)
        assert r.stderr.startswith("error: the sync folder") and "read-only" in r.stderr, r.stderr
        assert r.stderr.count("error:") == 1 and tables(a.db) == before
    finally:
        if ro != folder:
            import subprocess

            subprocess.run(["umount", str(ro)], capture_output=True)
        else:
            os.chmod(folder, 0o755)


def test_two_copies_of_an_old_database_migrate_to_the_same_records_and_sync_without_duplicates(world):
    """A schema-3 database copied to two devices (from before devices were told apart): each copy migrates
    on its first command, both give every answer, attempt and stored setting the same id, and syncing the
    two adds nothing twice."""
    import shutil

    from dlstudy.srs.schema import MIGRATIONS

    devices, folder = world
    a, b = devices["a"], devices["b"]
    a.home.mkdir()
    old = a.home / "old.db"
    con = sqlite3.connect(old)
    for script in MIGRATIONS[:3]:
        assert isinstance(script, str)
        con.executescript(script)
    con.execute("PRAGMA user_version = 3")
    t = T0.timestamp()
    con.executemany("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES (?,?,?,?)",
                    [("k1", "q", t, 3), ("k2", "q", t + 60, 1), ("k1", "q", t + 86400 * 3, 3)])
    con.execute("INSERT INTO sessions(id, mode, started_at) VALUES (1, 'quiz', ?)", (t + 100,))
    con.executemany("INSERT INTO attempts(session_id, card_id, question_id, kind, answered_at) VALUES (1,?,?,?,?)",
                    [("k3", "q", "choice", t + 120)])
    con.execute("INSERT INTO config(key, value) VALUES ('new_per_day', '7')")
    con.commit()
    con.close()
    b.home.mkdir()
    shutil.copy(old, b.home / "dlstudy.db")
    old.rename(a.db)
    when = T0 + timedelta(days=5)
    for d in (a, b):
        d.run(when, "config", "--json")  # the first command migrates
    ids = {}
    for d in (a, b):
        con = sqlite3.connect(d.db)
        ids[d.home.name] = (sorted(u for (u,) in con.execute("SELECT uid FROM review_log")),
                            sorted(u for (u,) in con.execute("SELECT uid FROM attempts")),
                            sorted(u for (u,) in con.execute("SELECT uid FROM events")))
        assert con.execute("SELECT value FROM local WHERE key = 'device'").fetchone()[0]
    assert ids["a"] == ids["b"] and len(ids["a"][0]) == 3 and len(ids["a"][1]) == 1 and ids["a"][2]
    assert sqlite3.connect(a.db).execute("SELECT value FROM local WHERE key = 'device'").fetchone() != \
        sqlite3.connect(b.db).execute("SELECT value FROM local WHERE key = 'device'").fetchone()
    for d in (a, b, a):
        sync(d, folder, when)
    for d in (a, b):
        con = sqlite3.connect(d.db)
        assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
    assert a.schedule(when) == b.schedule(when)
