"""Hardening, round two (issue 23): the classes, not only the instances.

- signals: SIGTERM and SIGHUP at random points of review, quiz, interview, doctor --rebuild, restore
  and export; after each, the log is counted against the answers the program confirmed: equal.
- concurrency: three processes replay one recovery journal while a fourth answers: no duplicate, no
  missing row.
- output: every command that prints, with stdout closed early and with stdout on /dev/full: no crash
  report, no traceback.
- read-only: every command on a read-only data folder, classified as reads (they work) or writes
  (they say so in one line).
- special files: every writer against a FIFO, a character device, a folder and a symlink to each:
  none is replaced.
"""

from __future__ import annotations

import json
import os
import random
import re
import select
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dlstudy.paths import db_path
from tests.conftest import REPO
from tests.reliability.test_hardening import WRITER_ARGS, _writers
from tests.srs.conftest import DEFAULT_SPEC, write_deck

INTERVIEW_CARD = """id: talk
title: Talk
topic: alpha
summary: "One. Two. Three."
key_points: [a, b, c]
questions:
{questions}
"""
OPEN_QUESTION = """  - id: o{n}
    kind: open
    prompt: "Explain thing {n}."
    model_answer: "Shift by the max, then log-sum-exp."
    explanation: "Because."
    rubric:
      - {{point: "shift", keywords: ["shift", "max"]}}
      - {{point: "lse", keywords: ["logsumexp"]}}
"""


def _deck(tmp_path: Path) -> Path:
    d = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    qs = "".join(OPEN_QUESTION.format(n=i) for i in range(1, 5))
    (d / "talk.yaml").write_text(INTERVIEW_CARD.format(questions=qs.rstrip("\n")), encoding="utf-8")
    return d


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, DLSTUDY_HOME=str(home), NO_COLOR="1", COLUMNS="200", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def _run(home: Path, *args: str, input: bytes | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlstudy", *args], input=input, capture_output=True,
                          env=_env(home), cwd=str(REPO), timeout=180, **kw)


def _count(home: Path, table: str = "review_log") -> int:
    con = sqlite3.connect(home / "dlstudy.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def _no_crash(home: Path, err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    reports = home / "crash-reports"
    assert not reports.exists() or not list(reports.iterdir()), err[-2000:]


# ======================================================================================= signals

class Reader:
    """Reads a child's stdout without blocking for ever."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.text = ""

    def until(self, marker: str, timeout: float = 60, count: int = 1) -> bool:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while self.text.count(marker) < count and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            self.text += chunk.decode("utf-8", "replace")
        return self.text.count(marker) >= count

    def rest(self) -> str:
        out, _err = self.proc.communicate(timeout=60)
        self.text += out.decode("utf-8", "replace")
        return self.text


def _signal_and_finish(proc: subprocess.Popen, signum: int) -> tuple[str, str]:
    proc.send_signal(signum)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _kept(text: str) -> int:
    m = re.search(r"(\d+) answer\(s\) could not be saved yet and are kept", text)
    return int(m.group(1)) if m else 0


def _answered(text: str) -> int:
    """What the review summary says was answered (and so saved)."""
    m = re.search(r"(\d+) answered · ", text)
    if m:
        return int(m.group(1))
    if "> " not in text:  # stopped while starting, before the first question: nothing to summarise
        assert " recorded " not in text, text[-1500:]
        return 0
    assert "Nothing answered." in text, text[-1500:]
    return 0


SIGNALS = [signal.SIGTERM, signal.SIGHUP]


@pytest.mark.slow
def test_sigterm_and_sighup_during_review_keep_every_confirmed_answer(tmp_path):
    rnd = random.Random(23)
    d = _deck(tmp_path)
    home = tmp_path / "home"
    confirmed = 0
    for trial in range(10):
        signum = SIGNALS[trial % 2]
        locked = trial % 4 >= 2  # half the trials: the answer waits for another process's lock
        proc = subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", str(d), "review", "--topic",
                                 "alpha", "--new", "6"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=_env(home), cwd=str(REPO))
        reader = Reader(proc)
        holder = None
        try:
            for i in range(rnd.randint(0, 2)):
                if not reader.until("> ", count=1 + 2 * i):
                    break
                proc.stdin.write(rnd.choice([b"beta1\n", b"wrong\n", b"zeta2\n"]))
                proc.stdin.flush()
                reader.until(">> ", count=1 + i)
                proc.stdin.write(b"\n")
                proc.stdin.flush()
                reader.until(" recorded ", count=1 + i)
            if locked and reader.until("> ", count=1 + reader.text.count(" recorded ") * 2):
                holder = sqlite3.connect(home / "dlstudy.db", isolation_level=None, timeout=30)
                holder.execute("BEGIN IMMEDIATE")
                proc.stdin.write(b"some answer\n")
                proc.stdin.flush()
                if "\n>> " not in reader.text[-400:]:
                    reader.until(">> ", count=1 + reader.text.count(" recorded "))
                proc.stdin.write(b"\n")
                proc.stdin.flush()
                assert reader.until("waiting for the database"), reader.text[-1500:]
            time.sleep(rnd.choice([0.0, 0.01, 0.05, 0.2]))
            out, err = _signal_and_finish(proc, signum)
        finally:
            if holder is not None:
                holder.execute("COMMIT")
                holder.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        text = reader.text + out
        _no_crash(home, err)
        if proc.returncode == -signum:  # the signal came before dlstudy started: nothing was said, or saved
            assert " recorded " not in text and not (home / "pending-answers.jsonl").exists(), text
        else:
            assert proc.returncode == 128 + signum, (trial, proc.returncode, err[-1500:])
            confirmed += _answered(text) + _kept(text)
        r = _run(home, "doctor")  # writes the recovery journal, if any
        assert r.returncode in (0, 1), r.stderr
        assert not (home / "pending-answers.jsonl").exists()
        assert _count(home) == confirmed, (trial, text[-1500:])
    assert confirmed >= 5


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["quiz", "interview"])
def test_sigterm_and_sighup_during_quiz_and_interview_keep_every_confirmed_answer(tmp_path, mode):
    rnd = random.Random(mode)
    d = _deck(tmp_path)
    home = tmp_path / "home"
    confirmed = 0
    args = ["quiz", "--topic", "alpha", "-n", "6"] if mode == "quiz" else ["quiz", "--interview", "--card", "talk"]
    for trial in range(6):
        signum = SIGNALS[trial % 2]
        locked = trial % 3 == 2
        proc = subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", str(d), *args, "--json"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=_env(home), cwd=str(REPO))
        holder = None
        try:
            answers = rnd.randint(0, 3)
            proc.stdin.write(b"some answer\n\n" * answers)
            proc.stdin.flush()
            time.sleep(rnd.choice([0.8, 1.5, 2.5]))
            if locked and proc.poll() is None:
                holder = sqlite3.connect(home / "dlstudy.db", isolation_level=None, timeout=30)
                holder.execute("BEGIN IMMEDIATE")
                proc.stdin.write(b"late answer\n\n")
                proc.stdin.flush()
                time.sleep(1.5)
            out, err = _signal_and_finish(proc, signum)
        finally:
            if holder is not None:
                holder.execute("COMMIT")
                holder.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        _no_crash(home, err)
        assert proc.returncode in (0, 128 + signum, -signum), (trial, proc.returncode, err[-1500:])
        if out.strip():
            confirmed += json.loads(out)["asked"]
        else:  # killed before the session started: nothing was confirmed
            assert "Q1" not in err or "saved:" not in err, err[-1500:]
        confirmed += _kept(err)
        _run(home, "doctor")
        if (home / "dlstudy.db").exists():
            assert _count(home, "attempts") == confirmed, (trial, err[-1500:], out[-500:])
    assert confirmed >= 1


def _filled_home(tmp_path: Path, rows: int = 3000) -> Path:
    """A data folder whose log has `rows` reviews (so that rebuild, restore and export take a moment)."""
    home = tmp_path / "home"
    d = _deck(tmp_path)
    r = _run(home, "--content", str(d), "review", "--topic", "alpha", "--new", "1", input=b"wrong\n\n")
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(home / "dlstudy.db")
    con.executemany("INSERT INTO review_log(card_id, question_id, reviewed_at, rating, duration_ms, details) "
                    "VALUES (?, ?, ?, ?, 1000, '{}')",
                    [(f"c{i % 300}", f"q{i % 7}", 1.7e9 + i * 3600.0, 1 + i % 4) for i in range(rows)])
    con.commit()
    con.close()
    return home


@pytest.mark.slow
def test_sigterm_and_sighup_during_doctor_rebuild_restore_and_export_change_nothing_half_way(tmp_path):
    rnd = random.Random(2323)
    home = _filled_home(tmp_path)
    assert _run(home, "backup").returncode == 0
    backup_count = _count(home)
    manual = next((home / "backups").glob("*-manual.db"))

    def diverge() -> None:  # the live database differs from the backup
        con = sqlite3.connect(home / "dlstudy.db")
        con.execute("DELETE FROM review_log WHERE id % 2 = 0")
        con.commit()
        con.close()

    diverge()
    live_count = _count(home)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    commands = [["doctor", "--rebuild"], ["restore", str(manual)], ["export", "history", str(out_dir / "h.csv"), "--csv"],
                ["export", "anki", str(out_dir / "a.apkg"), "--topic", "alpha"]]
    seen_codes: set[int] = set()
    started = time.monotonic()  # how long the interpreter takes to start here: signals must land after it
    subprocess.run([sys.executable, "-m", "dlstudy", "--version"], capture_output=True, env=_env(home), cwd=str(REPO))
    startup = time.monotonic() - started
    for trial in range(16):
        args = commands[trial % len(commands)]
        signum = SIGNALS[(trial // len(commands)) % 2]
        before = _count(home)
        proc = subprocess.Popen([sys.executable, "-m", "dlstudy", "--content", str(tmp_path / "deck"), *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(home), cwd=str(REPO))
        time.sleep(rnd.uniform(startup * 1.2, startup * 1.2 + 1.7))
        out, err = _signal_and_finish(proc, signum)
        seen_codes.add(proc.returncode)
        # -signum: the signal came before dlstudy installed its handlers (Python still starting)
        assert proc.returncode in (0, 1, 128 + signum, -signum), (args, proc.returncode, err[-1500:])
        _no_crash(home, err)
        after = _count(home)  # the integrity check included
        if args[0] == "restore":  # all or nothing, and done exactly when it says so
            assert after == (backup_count if "restored" in out else before), (proc.returncode, out, err)
            if after == backup_count:
                diverge()
        else:
            assert after == before, (args, out, err)  # a rebuild or an export never changes the log
        if args[0] == "doctor":  # every question state is either the old one or the rebuilt one: usable
            con = sqlite3.connect(home / "dlstudy.db")
            assert con.execute("SELECT count(*) FROM question_state").fetchone()[0] > 0
            con.close()
        leftovers = [p.name for p in out_dir.iterdir() if p.name.startswith(".")]
        assert leftovers == [], leftovers
        for target in out_dir.iterdir():  # written whole or not at all
            if target.suffix == ".apkg":
                assert zipfile.is_zipfile(target)
            else:
                assert target.read_text().count("\n") == after + 1 or proc.returncode == 0
            target.unlink()
    assert live_count != backup_count
    assert any(c > 128 for c in seen_codes)  # some trials were interrupted


# =================================================================================== concurrency

@pytest.mark.slow
def test_three_replays_of_one_journal_while_a_fourth_process_answers(tmp_path):
    d = _deck(tmp_path)
    home = tmp_path / "home"
    for round_ in range(3):
        r = _run(home, "--content", str(d), "review", "--topic", "alpha", "--new", "1", input=b"wrong\n\n")
        assert r.returncode == 0, r.stderr
        start = _count(home)
        journal = home / "pending-answers.jsonl"
        entries = [{"type": "review", "card": f"j{round_}", "question": f"q{i % 5}", "at": 1.8e9 + round_ * 1e6 + i,
                    "rating": 1 + i % 4, "duration_ms": 500, "details": {}, "session_id": None, "suggested": None,
                    "overridden": False, "id": f"r{round_}-{i}"} for i in range(40)]
        entries += [{"type": "attempt", "id": f"a{round_}-{i}", "attempt": {
            "session_id": 1, "card_id": f"j{round_}", "question_id": f"a{i}", "kind": "short",
            "answered_at": 1.8e9 + round_ * 1e6 + i, "answer": "x"}} for i in range(10)]
        journal.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
        attempts_before = _count(home, "attempts")
        env = _env(home)
        replays = [subprocess.Popen([sys.executable, "-m", "dlstudy", "stats"], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env, cwd=str(REPO)) for _ in range(3)]
        answerer = subprocess.Popen([sys.executable, "-m", "dlstudy", "--content", str(d), "review", "--topic",
                                     "alpha", "--new", "4"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env, cwd=str(REPO))
        out, err = answerer.communicate(b"wrong\n\n" * 4, timeout=180)
        assert answerer.returncode == 0, err.decode()[-1500:]
        for p in replays:
            _o, e = p.communicate(timeout=180)
            assert p.returncode == 0, e.decode()[-1500:]
        answered = _answered(out.decode())
        _run(home, "doctor")  # anything still journaled
        con = sqlite3.connect(home / "dlstudy.db")
        rows = con.execute("SELECT card_id, question_id, reviewed_at FROM review_log").fetchall()
        attempts = con.execute("SELECT card_id, question_id, answered_at FROM attempts").fetchall()
        con.close()
        assert len(rows) == len(set(rows)) and len(attempts) == len(set(attempts))  # no duplicate
        assert len(rows) == start + 40 + answered  # no missing row
        assert len(attempts) == attempts_before + 10
        assert not journal.exists() and not list(home.glob("pending-answers.jsonl.*"))


# ======================================================================================== output

def _printing_commands(deck: Path, out_dir: Path) -> list[list[str]]:
    c = ["--content", str(deck)]
    return [[], ["--help"], ["--version"], ["cards"], ["cards", "--json"], ["show", "softmax"],
            ["show", "softmax", "--json"], ["demo"], ["demo", "--json"], ["demo", "perplexity"],
            ["demo", "perplexity", "--json"], ["demo", "perplexity", "--help"], ["docs"], ["docs", "commands"],
            ["check", str(deck), "--fast"], ["stats"], ["stats", "--json"], ["plan"], ["plan", "--json"], ["history"],
            ["history", "--json"],
            ["config"], ["config", "--json"], ["suspended"], ["suspended", "--json"], c + ["doctor"],
            ["backup", "--list"], ["export", "history", str(out_dir / "h.json"), "--json", "--force"],
            c + ["quiz", "--topic", "alpha", "-n", "2"], c + ["quiz", "--topic", "alpha", "-n", "1", "--json"],
            c + ["review", "--topic", "alpha", "--new", "1"], ["drill", "perplexity", "-n", "1"],
            ["nosuchcommand"], ["cards", "--topic", "nosuchtopic"]]


def _answered_home(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(deck, home with two answers, an empty output folder): where the printing commands run."""
    d = _deck(tmp_path)
    home = tmp_path / "home"
    r = _run(home, "--content", str(d), "review", "--topic", "alpha", "--new", "2", input=b"wrong\n\nbeta1\n\n")
    assert r.returncode == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    return d, home, out_dir


@pytest.mark.slow
def test_every_printing_command_survives_a_closed_stdout_and_a_full_disk(tmp_path):
    d, home, out_dir = _answered_home(tmp_path)
    for args in _printing_commands(d, out_dir):
        stdin = b"wrong\n\n" * 3
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader went away before anything was written: `| head -0`
        try:
            closed = subprocess.run([sys.executable, "-m", "dlstudy", *args], input=stdin, stdout=write_end,
                                    stderr=subprocess.PIPE, env=_env(home), cwd=str(REPO), timeout=180)
        finally:
            os.close(write_end)
        err = closed.stderr.decode()
        _no_crash(home, err)
        assert "Exception ignored" not in err and "BrokenPipe" not in err, (args, err)
        assert closed.returncode in (0, 1, 2, 141), (args, closed.returncode, err)
        with open("/dev/full", "wb") as full:
            r = subprocess.run([sys.executable, "-m", "dlstudy", *args], input=stdin, stdout=full,
                               stderr=subprocess.PIPE, env=_env(home), cwd=str(REPO), timeout=180)
        err = r.stderr.decode()
        _no_crash(home, err)
        assert "Exception ignored" not in err, (args, err)
        if r.returncode not in (2,):  # a usage error is reported before any output
            assert r.returncode == 1 and err.count("error: cannot write the output") == 1, (args, r.returncode, err)


def _closed(fds: tuple[int, ...]):
    def close() -> None:
        for fd in fds:
            os.close(fd)
    return close


@pytest.mark.slow
def test_every_printing_command_with_stdout_or_stderr_closed_before_it_starts(tmp_path):
    """`dlstudy cards >&-`: descriptor 1 is closed when the program starts (sys.stdout is None). Every
    printing command says it cannot write its output (exit 1) or is a usage error (2), never a traceback;
    with stderr closed too it still exits 1 quietly; with only stderr closed the output is whole."""
    d, home, out_dir = _answered_home(tmp_path)
    before = _count(home)
    for args in _printing_commands(d, out_dir):
        r = subprocess.run([sys.executable, "-m", "dlstudy", *args], input=b"wrong\n\n" * 3, stdout=None,
                           stderr=subprocess.PIPE, env=_env(home), cwd=str(REPO), timeout=180,
                           preexec_fn=_closed((1,)))
        err = r.stderr.decode()
        _no_crash(home, err)
        assert "Exception ignored" not in err, (args, err)
        if r.returncode != 2:
            assert r.returncode == 1 and err.count("error: cannot write the output: standard output is closed") == 1, \
                (args, r.returncode, err)
    both = subprocess.run([sys.executable, "-m", "dlstudy", "cards"], env=_env(home), cwd=str(REPO), timeout=180,
                          preexec_fn=_closed((1, 2)))
    assert both.returncode == 1
    _no_crash(home, "")
    only_err = subprocess.run([sys.executable, "-m", "dlstudy", "cards"], stdout=subprocess.PIPE, env=_env(home),
                              cwd=str(REPO), timeout=180, preexec_fn=_closed((2,)))
    assert only_err.returncode == 0 and "softmax" in only_err.stdout.decode()
    assert _count(home) == before  # nothing written into the database by a print on a reused descriptor


@pytest.mark.slow
@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_cards_piped_to_a_reader_that_stops_early_ends_quietly(tmp_path, reader):
    home = tmp_path / "home"
    r = subprocess.run(f"{sys.executable} -m dlstudy cards | {reader}; echo \"status=${{PIPESTATUS[0]}}\"",
                       shell=True, executable="/bin/bash", capture_output=True, env=_env(home), cwd=str(REPO),
                       timeout=120)
    out, err = r.stdout.decode(), r.stderr.decode()
    assert re.search(r"status=(0|141)\b", out), out
    assert err == "", err
    _no_crash(home, err)


# ===================================================================================== read-only

READS = {
    "(dashboard)": [[]], "cards": [["cards"]], "show": [["show", "softmax"]], "demo": [["demo", "perplexity"]],
    "docs": [["docs"]], "check": [["check", "--fast"]], "stats": [["stats"], ["stats", "--json"]],
    "history": [["history"]], "config": [["config"]], "suspended": [["suspended"]], "doctor": [["doctor"]],
    "schedule": [["schedule"], ["schedule", "--json"]],
    "export": [["export", "history", "{out}/h.csv", "--csv"], ["export", "anki", "{out}/a.apkg", "--topic", "alpha"]],
    "backup": [["backup", "--list"]], "optimize": [["optimize", "--dry-run"]], "plan": [["plan"], ["plan", "--json"]],
    "drill": [], "quiz": [],
    "review": [], "restore": [], "unsuspend": [],
    "info": [["info", "beta/q1"], ["info", "beta/q1", "--json"]], "leeches": [["leeches"], ["leeches", "--json"]],
    "sync": [["sync", "--status"]], "suspend": [], "unbury": [], "flag": [], "forget": [], "reschedule": [],
    "rename": [], "undo": [],
}
WRITES = {
    "review": [["review", "--topic", "alpha"]], "quiz": [["quiz", "--topic", "alpha", "-n", "1"],
                                                         ["quiz", "--interview", "--card", "talk"]],
    "drill": [["drill", "perplexity", "-n", "1"]], "config": [["config", "new_per_day", "5"],
                                                              ["config", "new_per_day", "--reset"]],
    "unsuspend": [["unsuspend", "beta/q1"]], "doctor": [["doctor", "--rebuild"], ["doctor", "--unflag", "beta/q1"]],
    "backup": [["backup"]], "restore": [["restore"]], "optimize": [["optimize"]],
    "suspend": [["suspend", "beta/q1"]], "unbury": [["unbury"]], "flag": [["flag", "beta/q1", "unclear"]],
    "forget": [["forget", "beta/q1"]], "reschedule": [["reschedule", "beta/q1", "--due", "2099-01-01"]],
    "rename": [["rename", "beta/q1", "beta/q9"]], "undo": [["undo"]], "sync": [["sync", "{out}"]],
    # a date the plan accepts (within two years): the write itself must meet the read-only folder
    "plan": [["plan", "--date", (datetime.now(timezone.utc).date() + timedelta(days=60)).isoformat()],
             ["plan", "--clear"]],
}


def _mount_read_only(src: Path, dst: Path) -> bool:
    dst.mkdir()
    if os.geteuid() != 0:
        return False
    if subprocess.run(["mount", "--bind", str(src), str(dst)], capture_output=True).returncode:
        return False
    if subprocess.run(["mount", "-o", "remount,bind,ro", str(dst)], capture_output=True).returncode:
        subprocess.run(["umount", str(dst)], capture_output=True)
        return False
    return True


def test_every_command_is_classified_as_a_read_or_a_write():
    from typer.main import get_command

    from dlstudy.cli.app import app

    names = set(get_command(app).list_commands(None)) | {"(dashboard)"}
    assert names == set(READS) | set(WRITES) - {"completion"}, names ^ (set(READS) | set(WRITES))


@pytest.mark.slow
def test_every_command_on_a_read_only_data_folder(cli, tmp_path, monkeypatch):
    d = _deck(tmp_path)
    src = tmp_path / "home"
    monkeypatch.setenv("DLSTUDY_HOME", str(src))
    monkeypatch.setenv("DLSTUDY_CACHE_DIR", str(src / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    for text in ("wrong\n\n", "beta1\n\n"):
        assert cli("--content", str(d), "review", "--topic", "alpha", "--new", "1", input=text).exit_code == 0
    assert cli("--content", str(d), "review", "--topic", "alpha", "--new", "1", input=":f\nq\n").exit_code == 0
    assert cli("backup").exit_code == 0
    assert cli("--content", str(d), "cards").exit_code == 0  # the caches exist, as on a real data folder
    ro = tmp_path / "ro"
    if not _mount_read_only(src, ro):
        if os.geteuid() == 0:
            pytest.skip("cannot make a read-only mount here (root ignores file permissions)")
        os.chmod(src, 0o555)
        ro = src
    out = tmp_path / "out"
    out.mkdir()
    try:
        monkeypatch.setenv("DLSTUDY_HOME", str(ro))
        monkeypatch.setenv("DLSTUDY_CACHE_DIR", str(ro / "cache"))
        before = (ro / "dlstudy.db").read_bytes()
        for name, runs in READS.items():
            for args in runs:
                args = [a.replace("{out}", str(out)) for a in args]
                r = cli("--content", str(d), *args, input="q\n")
                assert r.exit_code == 0, (name, args, r.stdout[-800:], r.stderr)
                assert "read-only" not in r.stderr and "cannot open" not in r.stderr, (args, r.stderr)
        assert (out / "h.csv").read_text().count("\n") == 3  # header and the two reviews
        for name, runs in WRITES.items():
            for args in runs:
                r = cli("--content", str(d), *args, input="beta1\n\n")
                assert r.exit_code == 1, (name, args, r.stdout[-800:], r.stderr)
                errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
                assert len(errors) == 1 and "the data folder" in errors[0] and "is read-only" in errors[0], \
                    (args, r.stderr)
                assert "Traceback" not in r.stderr
        assert (ro / "dlstudy.db").read_bytes() == before
    finally:
        if ro != src:
            subprocess.run(["umount", str(ro)], capture_output=True)
        else:
            os.chmod(src, 0o755)


# ================================================================================= special files

def _special_targets(root: Path) -> dict[str, tuple[Path, int]]:
    """name -> (path, file type) of a FIFO, a character device, a folder and a symlink to each."""
    root.mkdir()
    fifo, dev, folder = root / "fifo", root / "null", root / "folder"
    os.mkfifo(fifo)
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/null, in a temporary folder
    folder.mkdir()
    out = {"fifo": (fifo, stat.S_IFIFO), "chardev": (dev, stat.S_IFCHR), "folder": (folder, stat.S_IFDIR)}
    for name, (target, kind) in list(out.items()):
        link = root / f"link-to-{name}"
        link.symlink_to(target)
        out[f"link-to-{name}"] = (link, kind)
    return out


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_no_writer_replaces_a_fifo_a_device_a_folder_or_a_link_to_one(cli, tmp_path):
    from dlstudy.cli.app import app

    writers = sorted(tuple(w) for w in _writers(app))
    assert writers == sorted(WRITER_ARGS)  # every command that writes a file for the user is tried
    d = _deck(tmp_path)
    assert cli("--content", str(d), "review", "--topic", "alpha", "--new", "1", input="wrong\n\n").exit_code == 0
    targets = _special_targets(tmp_path / "special")
    for command in writers:
        _suffix, extra = WRITER_ARGS[command]
        for name, (path, kind) in targets.items():
            for force in ([], ["--force"]):
                r = cli("--content", str(d), *command, str(path), *extra, *force)
                assert r.exit_code == 2, (command, name, force, r.stdout, r.stderr)
                assert r.stderr.count("error:") == 1 and "Traceback" not in r.stderr
                real = path.resolve()
                assert stat.S_IFMT(os.lstat(real).st_mode) == kind, (command, name, force)
                if path.is_symlink() or name.startswith("link"):
                    assert path.is_symlink()
    leftovers = [p.name for p in (tmp_path / "special").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert db_path().exists()
