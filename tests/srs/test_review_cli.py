"""`dlstudy review` driven through piped stdin: keys, saving, summary, dashboard."""

from __future__ import annotations

import sqlite3

from dlstudy.paths import db_path
from tests.srs.conftest import DEFAULT_SPEC, write_deck


def _deck(tmp_path):
    return str(write_deck(tmp_path / "deck", DEFAULT_SPEC))


def test_review_answers_are_recorded_with_ratings(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = _deck(tmp_path)
    cli("config", "bury_siblings", "off")  # three questions of one card in one session
    # beta/q1 right then 'e' (easy); beta/q2 wrong (again); beta/q3 right then 'h' (hard)
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "3", input="beta1\ne\nnope\n\nbeta3\nh\n")
    assert r.exit_code == 0, r.stderr
    assert "Review summary" in r.stdout and "3 answered" in r.stdout
    rows = sqlite3.connect(db_path()).execute("SELECT card_id, question_id, rating FROM review_log ORDER BY id").fetchall()
    assert rows == [("beta", "q1", 4), ("beta", "q2", 1), ("beta", "q3", 2)]


def test_undo_bury_suspend_flag_keys(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = _deck(tmp_path)
    cli("config", "bury_siblings", "off")  # the questions of one card, one after another
    # answer beta/q1, then 'u' at the next question undoes it and asks beta/q1 again; bury, suspend, flag
    text = "beta1\n\nu\nbeta1\n\n:b\n!\n:f\n"
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "5", input=text)
    assert r.exit_code == 0, r.stderr
    assert "undone: beta/q1" in r.stdout
    con = sqlite3.connect(db_path())
    assert con.execute("SELECT card_id, question_id FROM review_log").fetchall() == [("beta", "q1")]
    flags = con.execute("SELECT card_id, question_id, suspended, buried_until IS NOT NULL, flagged FROM question_flags "
                        "ORDER BY rowid").fetchall()
    assert [f[2:] for f in flags] == [(0, 1, 0), (1, 0, 0), (0, 0, 1)]  # buried, suspended, flagged
    assert len({f[:2] for f in flags}) == 3
    r = cli("--content", d, "stats", "--json")
    import json

    data = json.loads(r.stdout)
    assert len(data["questions"]["suspended"]) == 1 and len(data["questions"]["flagged"]) == 1


def test_answer_again_discards_and_reasks(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = _deck(tmp_path)
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="wrong\nr\nbeta1\n\n")  # r: answer again (u only undoes)
    assert "answer discarded" in r.stdout
    rows = sqlite3.connect(db_path()).execute("SELECT rating FROM review_log").fetchall()
    assert rows == [(3,)]


def test_dashboard_shows_due_counts_and_suggests_review(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = _deck(tmp_path)
    r = cli("--content", d)
    assert r.exit_code == 0 and "dlstudy review" in r.stdout
    assert not db_path().exists()  # the dashboard never creates the database
    cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="wrong\n\n")
    r = cli("--content", d)  # a failed new question is a learning step: due later today, not now
    assert "1 learning step(s) later today" in r.stdout and "dlstudy review" in r.stdout


def test_config_validates_and_persists(cli):
    assert cli("config", "new_per_day", "25").exit_code == 0
    assert "new_per_day = 25" in cli("config", "new_per_day").stdout
    assert cli("config", "new_per_day", "-1").exit_code == 2
    assert cli("config", "desired_retention", "1.5").exit_code == 2
    assert cli("config", "no_such_key").exit_code == 2
    assert cli("config", "new_per_day", "--reset").exit_code == 0
    assert "new_per_day = 10" in cli("config", "new_per_day").stdout


def test_doctor_rebuild_reproduces_states(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    cli("config", "fuzz", "false")
    d = _deck(tmp_path)
    cli("--content", d, "review", "--topic", "alpha", "--new", "3", input="beta1\n\nnope\n\nbeta3\ne\n")
    con = sqlite3.connect(db_path())
    before = con.execute("SELECT card_id, question_id, due, stability, difficulty, state FROM question_state "
                         "ORDER BY 1, 2").fetchall()
    con.close()
    r = cli("--content", d, "doctor", "--rebuild")
    assert r.exit_code == 0 and "rebuilt 3" in r.stdout
    con = sqlite3.connect(db_path())
    after = con.execute("SELECT card_id, question_id, due, stability, difficulty, state FROM question_state "
                        "ORDER BY 1, 2").fetchall()
    assert [(a[0], a[1], round(a[2], 3), round(a[3], 6), round(a[4], 6), a[5]) for a in after] == \
        [(b[0], b[1], round(b[2], 3), round(b[3], 6), round(b[4], 6), b[5]) for b in before]
