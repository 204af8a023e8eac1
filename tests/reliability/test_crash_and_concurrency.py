"""No lost progress: SIGKILL at random points, and two review windows at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import REPO
from tests.srs.conftest import DEFAULT_SPEC, write_deck

TRIALS = 50


def _start(home, deck_dir, *extra):
    env = dict(os.environ, DLSTUDY_HOME=str(home), PYTHONUNBUFFERED="1", COLUMNS="200")
    return subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", str(deck_dir), "review",
                             "--topic", "alpha", *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=str(REPO), env=env)


@pytest.mark.slow
def test_sigkill_at_random_points_never_loses_a_confirmed_answer(tmp_path):
    rnd = random.Random(20261122)
    deck_dir = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    home = tmp_path / "home"
    total_confirmed = 0
    for trial in range(TRIALS):
        proc = _start(home, deck_dir, "--new", "8")
        target = rnd.randint(0, 4)  # kill after this many confirmations...
        delay = rnd.choice([0.0, 0.0, 0.001, 0.01, 0.05, 0.2])  # ...and this long after the last input
        confirmed = 0
        lines = []
        try:
            # an answer, then Enter at the rating prompt (the grader's rating); "recorded" follows the commit
            proc.stdin.write(rnd.choice(["beta1", "zeta2", "wrong"]) + "\n\n")
            proc.stdin.flush()
            while confirmed < target:
                line = proc.stdout.readline()
                if not line:
                    break
                lines.append(line)
                if " recorded " in line:
                    confirmed += 1
                    proc.stdin.write(rnd.choice(["beta1", "wrong", "gamma1"]) + "\n\n")
                    proc.stdin.flush()
            time.sleep(delay)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            proc.stdout.close()
            proc.stderr.close()
            proc.stdin.close()
        total_confirmed += confirmed
        con = sqlite3.connect(home / "dlstudy.db")
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"trial {trial}"
            logged = con.execute("SELECT count(*) FROM review_log").fetchone()[0]
        finally:
            con.close()
        assert logged >= total_confirmed, f"trial {trial}: {total_confirmed} confirmed, {logged} in the log"
    assert total_confirmed > TRIALS  # the trials did answer questions


@pytest.mark.slow
def test_two_review_windows_at_once_lose_nothing(tmp_path):
    deck_dir = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    home = tmp_path / "home"
    answers = "".join("wrong\n\n" for _ in range(12))
    procs = [_start(home, deck_dir, "--new", "8", "--limit", "6") for _ in range(2)]
    outs = []

    def feed(p):
        outs.append(p.communicate(answers, timeout=120))

    threads = [threading.Thread(target=feed, args=(p,)) for p in procs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
    confirmed = sum(out.count(" recorded ") for out, _err in outs)
    con = sqlite3.connect(home / "dlstudy.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == confirmed == 12
    # every review is reflected in its question's state: reps equals the number of log rows
    rows = con.execute("SELECT s.reps, (SELECT count(*) FROM review_log l WHERE l.card_id = s.card_id AND "
                       "l.question_id = s.question_id) FROM question_state s").fetchall()
    assert rows and all(reps == logs for reps, logs in rows)
