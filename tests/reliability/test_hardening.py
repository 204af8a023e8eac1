"""Hostile and unlucky input: nothing lost, nothing injected, bounded work (issue "Hardening").

One test (or a few) per defect found by the hostile-user review, numbered as in the issue, plus
tests for the class each belongs to.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dlstudy.paths import backups_dir, db_path
from tests.conftest import REPO
from tests.srs.conftest import DEFAULT_SPEC, write_deck

ESC = "\x1b"
ATTACKS = ["\x1b]0;PWNED\x07", "\x1b[2J", "\x1b]52;c;cHduZWQ=\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
           "\x1b[8mhidden", "\x1b[3A", "\x9b31m", "\x07"]


def _deck(tmp_path):
    return str(write_deck(tmp_path / "deck", DEFAULT_SPEC))


def _answer(cli, d, text="wrong"):
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input=f"{text}\n\n")
    assert r.exit_code == 0, r.stderr
    return r


def _sub(*args, input=None, env=None, timeout=60, limit_mb=None):
    """A real dlstudy process, optionally under an address-space limit."""
    full = dict(os.environ)
    full.update(env or {})

    def limits():
        if limit_mb:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    return subprocess.run([sys.executable, "-m", "dlstudy", *args], input=input, capture_output=True,
                          env=full, timeout=timeout, cwd=str(REPO), preexec_fn=limits)


# ---------- 1. data loss: no file replaced without --force, never the database ----------

def _writers(app):
    """Every command (path) of the CLI that takes --force: the commands that write a file for the user."""
    import typer.main

    group = typer.main.get_command(app)
    out = []

    def walk(cmd, path):
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(None):
                walk(cmd.get_command(None, name), path + [name])
        elif any("--force" in getattr(p, "opts", []) for p in cmd.params):
            out.append(path)

    walk(group, [])
    return out


WRITER_ARGS = {("export", "anki"): (".apkg", ["--topic", "alpha"]), ("export", "history"): (".csv", ["--csv"])}


def test_every_file_writer_is_known_and_takes_force():
    from dlstudy.cli.app import app

    assert sorted(tuple(w) for w in _writers(app)) == sorted(WRITER_ARGS)


@pytest.mark.parametrize("command", sorted(WRITER_ARGS), ids=" ".join)
def test_writers_refuse_existing_files_and_the_database(cli, tmp_path, command):
    d = _deck(tmp_path)
    _answer(cli, d)
    suffix, extra = WRITER_ARGS[command]
    db_before = db_path().read_bytes()
    target = tmp_path / f"out{suffix}"
    target.write_text("keep me")
    r = cli("--content", d, *command, str(target), *extra)
    assert r.exit_code == 2 and "exists" in r.stderr and "--force" in r.stderr
    assert target.read_text() == "keep me"
    r = cli("--content", d, *command, str(target), *extra, "--force")
    assert r.exit_code == 0, r.stderr
    assert target.read_bytes() != b"keep me"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # written to a temporary file and renamed: nothing left behind
    backups_dir().mkdir(exist_ok=True)
    link = tmp_path / f"link{suffix}"
    link.symlink_to(db_path())
    for protected in (db_path(), Path(str(db_path()) + "-wal"), Path(str(db_path()) + "-shm"),
                      backups_dir() / f"x{suffix}", link):
        r = cli("--content", d, *command, str(protected), *extra, "--force")
        assert r.exit_code == 2 and "own progress data" in r.stderr, (protected, r.stderr)
    assert db_path().read_bytes() == db_before
    assert cli("stats").exit_code == 0


MODULE_WRITES = {"os": {"replace", "rename", "link", "symlink"}, "shutil": {"copy", "copy2", "copyfile", "move"},
                 "tempfile": {"mkstemp", "NamedTemporaryFile"}}
PATH_WRITES = {"write_text", "write_bytes"}
# modules allowed to write files: the safe-file layer and the owners of internal files
WRITERS_ALLOWED = {"dlstudy/files.py", "dlstudy/srs/backup.py", "dlstudy/srs/journal.py", "dlstudy/content/cache.py",
                   "dlstudy/export/anki.py", "dlstudy/export/history.py", "dlstudy/crash.py",
                   "dlstudy/srs/sync.py"}  # sync: this device's file, through files.atomic_path


def test_no_module_writes_files_outside_the_safe_writers():
    """The class of defect 1: a new command that writes a file must go through dlstudy.files."""
    import ast

    offenders = []
    for path in sorted((REPO / "dlstudy").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel in WRITERS_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            owner = getattr(getattr(node.func, "value", None), "id", None)
            if name in PATH_WRITES or name in MODULE_WRITES.get(owner, ()):
                offenders.append(f"{rel}:{node.lineno} {name}()")
            if name == "open" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) \
                    and any(m in str(node.args[1].value) for m in "wax+"):
                offenders.append(f"{rel}:{node.lineno} open(..., {node.args[1].value!r})")
    assert offenders == []


# ---------- 2, 3. injection ----------

CARD_TEXT = """id: {id}
title: "Title"
topic: alpha
summary: "One. Two. Three."
key_points: ["a point"]
pitfalls: ["a pitfall"]
formulas: [{{label: "f", tex: "x^2"}}]
zh: {{title: "标题", summary: "摘要"}}
questions:
  - id: q1
    kind: short
    prompt: "Prompt?"
    answer: "answer"
    aliases: ["alias"]
    hint: "a hint"
    explanation: "Because."
  - id: q2
    kind: choice
    prompt: "Pick"
    options: ["one", "two"]
    answer: "one"
    explanation: "Because."
"""
TEXT_FIELDS = ["title", "summary", "key_points[0]", "pitfalls[0]", "formulas[0].label", "formulas[0].tex", "zh.title",
               "zh.summary", "questions[0].prompt", "questions[0].answer", "questions[0].aliases[0]",
               "questions[0].hint", "questions[0].explanation", "questions[1].options[0]", "KEY"]


def _poisoned(field: str, attack: str) -> str:
    import yaml

    data = yaml.safe_load(CARD_TEXT.format(id="victim"))
    if field == "KEY":
        data[f"bad{attack}key"] = 1
    else:
        cur = data
        parts = field.replace("]", "").replace("[", ".").split(".")
        for p in parts[:-1]:
            cur = cur[int(p)] if p.isdigit() else cur[p]
        last = parts[-1]
        key = int(last) if last.isdigit() else last
        cur[key] = f"x{attack}y"
        if field == "questions[1].options[0]":
            data["questions"][1]["answer"] = f"x{attack}y"
    return yaml.safe_dump(data, allow_unicode=False)


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_check_rejects_control_sequences_in_every_text_field_and_nothing_reaches_the_terminal(cli, tmp_path, field):
    import random

    attack = random.Random(field).choice(ATTACKS)
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "victim.yaml").write_text(_poisoned(field, attack), encoding="utf-8")
    env = {"NO_COLOR": "1"}
    r = cli("check", str(deck), "--fast", env=env)
    assert r.exit_code == 1 and "control characters" in r.stdout + r.stderr
    outputs = [r]
    for args, inp in ((["cards"], None), (["show", "victim"], None), (["quiz", "--card", "victim", "-n", "1"], "q\n"),
                      (["review", "--new", "1"], "q\n"), ([], None)):
        outputs.append(cli("--content", str(deck), *args, input=inp, env=env))
    for res in outputs:
        text = res.stdout + res.stderr
        assert ESC not in text and "\x07" not in text and "\x9b" not in text, (field, text[:300])


def test_piped_answers_and_typed_ids_are_never_echoed_raw(cli, tmp_path):
    d = _deck(tmp_path)
    env = {"NO_COLOR": "1"}
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="\x1b[2J0.5\x1b]0;T\x07\n\n", env=env)
    assert ESC not in r.stdout + r.stderr and "0.5" in r.stdout
    r = cli("show", "x\x1b[2Jy", env=env)
    assert r.exit_code == 2 and ESC not in r.stdout + r.stderr


def test_rich_markup_in_paths_is_printed_literally(cli, tmp_path, monkeypatch):  # 3 and 14
    for name in ("h[/x]", "h[red]x[/red]", "h\x1b[2J"):
        home = tmp_path / name
        monkeypatch.setenv("DLSTUDY_HOME", str(home))
        r = cli("doctor", env={"NO_COLOR": "1"})
        assert r.exit_code == 0, r.stderr
        shown = name.replace("\x1b", "")
        assert f"{shown}/dlstudy.db" in r.stdout.replace("\n", "") and ESC not in r.stdout


# ---------- 4-8. unbounded work ----------

def _bomb(where: str) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    body = "\n".join(lines)
    q = ("{id: q, kind: choice, prompt: p, explanation: e, options: [a, b], answer: *a9}" if where == "answer" else
         "{id: q, kind: predict, prompt: p, explanation: e, demo: perplexity, params: {probs: *a9}, "
         "answer_from: perplexity, format: numeric, tolerance: {abs: 1}}")
    return f"id: bomb\ntitle: t\ntopic: x\nsummary: s\nkey_points: [a]\n{body}\nquestions: [{q}]\n"


@pytest.mark.slow
@pytest.mark.parametrize("where", ["answer", "params"])
def test_yaml_alias_bomb_is_refused_in_bounded_memory(tmp_path, where):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "bomb.yaml").write_text(_bomb(where), encoding="utf-8")
    assert (deck / "bomb.yaml").stat().st_size < 2000
    r = _sub("check", str(deck), "--fast", timeout=60, limit_mb=1500)
    assert r.returncode == 1, r.stderr[-500:]
    out = r.stdout.decode()
    assert "bomb.yaml:1" in out and "alias" in out and len(out) < 5000


@pytest.mark.slow
def test_fifos_devices_sparse_files_and_symlink_loops_end_in_one_line_each(tmp_path):  # 5 and 12
    deck = tmp_path / "deck"
    deck.mkdir()
    os.mkfifo(deck / "fifo.yaml")
    (deck / "zero.yaml").symlink_to("/dev/zero")
    with open(deck / "sparse.yaml", "wb") as fh:
        fh.truncate(3 << 30)
    (deck / "self").symlink_to(".")
    (deck / "dangling.yaml").symlink_to(tmp_path / "nowhere")
    r = _sub("check", str(deck), "--fast", timeout=60, limit_mb=1500)
    assert r.returncode == 1
    out = r.stdout.decode()
    for name in ("fifo.yaml", "zero.yaml", "sparse.yaml", "dangling.yaml"):
        assert sum(name in line for line in out.splitlines()) == 1, out
    for args in (["--content", str(deck)], ["--content", str(deck), "cards"]):
        r = _sub(*args, timeout=60, limit_mb=1500)
        assert r.returncode == 0 and b"Traceback" not in r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("size", [1_000_000, 20_000_000])
def test_huge_answer_lines_are_refused_without_reading_them_whole(tmp_path, size):  # 6 and 7
    from dlstudy.session.input import MAX_LINE

    line = ("word " * (size // 5)).encode()
    started = time.monotonic()
    r = _sub("quiz", "--card", "bayes-rule", "--kind", "open", "-n", "1", input=line + b"\nq\n", timeout=60,
             limit_mb=2000)
    assert r.returncode == 0, r.stderr[-500:]
    out = r.stdout.decode()
    assert f"longer than {MAX_LINE:,} characters" in out and len(out) < 20_000
    assert time.monotonic() - started < 60  # bounded; the speed itself is measured in benchmarks/


def test_anki_export_leaves_nothing_in_the_temp_folder(cli, tmp_path, monkeypatch):  # 8
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    d = _deck(tmp_path)
    r = cli("--content", d, "export", "anki", str(tmp_path / "a.apkg"), "--topic", "alpha")
    assert r.exit_code == 0, r.stderr
    assert list(tmp.iterdir()) == []


# ---------- 9-17. crashes and lost answers ----------

@pytest.mark.slow
def test_invalid_utf8_answers_are_kept_and_exported(tmp_path):  # 9
    home = tmp_path / "home"
    env = {"DLSTUDY_HOME": str(home)}
    r = _sub("quiz", "--card", "bayes-rule", "--kind", "open", "-n", "1", input=b"caf\xe9 prior\n3\n", env=env)
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr[-800:]
    con = sqlite3.connect(home / "dlstudy.db")
    assert con.execute("SELECT answer FROM attempts").fetchone()[0] == "caf\ufffd prior"
    con.execute("UPDATE attempts SET answer = CAST(x'6361660a' || x'ff' AS TEXT)")  # invalid UTF-8 written by another tool
    con.commit()
    r = _sub("export", "history", str(tmp_path / "h.csv"), "--csv", env=env)
    assert r.returncode == 0, r.stderr
    assert "caf" in (tmp_path / "h.csv").read_text(encoding="utf-8")


def test_config_refuses_parameters_fsrs_refuses_and_review_survives_stored_ones(cli, tmp_path):  # 10
    for bad in ("nan", "1e308", "inf"):
        r = cli("config", "parameters", ",".join([bad] * 21))
        assert r.exit_code == 2 and "bounds" in r.stderr
    d = _deck(tmp_path)
    _answer(cli, d)
    con = sqlite3.connect(db_path())
    con.execute("INSERT INTO config(key, value) VALUES ('parameters', ?)", (",".join(["nan"] * 21),))
    con.commit()
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="beta1\n\n")
    assert r.exit_code == 0 and "recorded" in r.stdout
    assert cli("stats").exit_code == 0
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 2


def test_restore_into_a_damaged_database_keeps_its_bytes(cli, tmp_path):  # 11
    d = _deck(tmp_path)
    _answer(cli, d)
    assert cli("backup").exit_code == 0
    db_path().write_bytes(b"x\n")
    for side in ("-wal", "-shm"):
        Path(str(db_path()) + side).unlink(missing_ok=True)
    r = cli("restore")
    assert r.exit_code == 0, r.stderr
    kept = [p for p in backups_dir().iterdir() if "before-restore" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b"x\n"
    assert cli("--content", d, "stats").exit_code == 0


def test_backups_that_cannot_be_made_warn_and_never_block_studying(cli, tmp_path):  # 13
    d = _deck(tmp_path)
    _answer(cli, d)
    backups_dir().write_text("a file where the folder should be")
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="beta1\n\n")
    assert r.exit_code == 0 and "no daily backup" in r.stdout + r.stderr and "recorded" in r.stdout
    r = cli("--content", d, "quiz", "--topic", "alpha", "-n", "1", input="x\n\n")
    assert r.exit_code == 0
    r = cli("backup")
    assert r.exit_code == 1 and "backups folder" in r.stderr and "Traceback" not in r.stderr


def test_anki_export_with_a_broken_predict_path_leaves_that_note_out(cli, tmp_path):  # 15
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "p.yaml").write_text("""id: pcard
title: P
topic: ptopic
summary: "One. Two. Three."
key_points: [a]
questions:
  - {id: ok, kind: short, prompt: "p?", answer: a, explanation: e}
  - {id: bad, kind: predict, prompt: "p?", explanation: e, demo: perplexity, answer_from: no_such_key,
     format: numeric, tolerance: {abs: 1}}
""", encoding="utf-8")
    r = cli("--content", str(deck), "export", "anki", str(tmp_path / "p.apkg"), "--topic", "ptopic")
    assert r.exit_code == 0, r.stderr
    assert "left out pcard/bad" in r.stderr and "wrote 1 notes" in r.stdout


def test_doctor_finds_log_rows_rebuild_cannot_use(cli, tmp_path):  # 16
    d = _deck(tmp_path)
    _answer(cli, d)
    con = sqlite3.connect(db_path())
    con.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating, details) "
                "VALUES ('beta', 'q1', 1.8e9, 9, '{bad')")
    con.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating, details) "
                "VALUES ('beta', 'q2', 1.8e9, 3, 'not json')")
    con.commit()
    r = cli("--content", d, "doctor")
    assert r.exit_code == 1 and "rating 9" in r.stdout and "details is not JSON" in r.stdout
    r = cli("--content", d, "doctor", "--rebuild")
    assert "rebuilt" in r.stdout and "Traceback" not in r.stderr
    r = cli("export", "history", str(tmp_path / "h.json"), "--json")
    assert r.exit_code == 0 and len(json.loads((tmp_path / "h.json").read_text())) == 3


def test_backup_list_survives_dangling_links(cli, tmp_path):  # 17
    _answer(cli, _deck(tmp_path))
    assert cli("backup").exit_code == 0
    (backups_dir() / "dlstudy-20990101-000000-manual.db").symlink_to(tmp_path / "gone")
    r = cli("backup", "--list")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1 and "manual" in r.stdout


def test_an_unexpected_error_is_one_line_and_a_crash_report(cli, monkeypatch):
    """The class of 9-17: no traceback reaches a user, whatever fails."""
    from dlstudy.srs.store import Store

    def boom(cls, *a, **kw):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(Store, "open", classmethod(boom))
    r = cli("history")
    assert r.exit_code == 1
    assert "internal error: ZeroDivisionError: simulated bug" in r.stderr and "Traceback" not in r.stderr
    reports = list((Path(os.environ["DLSTUDY_HOME"]) / "crash-reports").glob("crash-*.txt"))
    assert len(reports) == 1 and "simulated bug" in reports[0].read_text()
    assert str(reports[0]) in r.stderr.replace("\n", "")


# ---------- 18-22. validation and messages ----------

def _foreign(path: Path, version: int) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    return path


def test_restore_refuses_future_and_foreign_databases(cli, tmp_path):  # 18
    d = _deck(tmp_path)
    _answer(cli, d)
    before = db_path().read_bytes()
    for version in (99, 1):
        r = cli("restore", str(_foreign(tmp_path / f"v{version}.db", version)))
        assert r.exit_code == 1 and ("newer dlstudy" in r.stderr or "not a dlstudy backup" in r.stderr)
    assert db_path().read_bytes() == before
    assert cli("--content", d, "stats").exit_code == 0


@pytest.mark.parametrize("name", ["a?b.db", "a#b.db", "a%3Fb.db", "a%b.db"])
def test_restore_opens_exactly_the_file_named(cli, tmp_path, name):  # 19
    d = _deck(tmp_path)
    _answer(cli, d)
    cli("backup")
    source = tmp_path / "src"
    source.mkdir()
    (source / name).write_bytes(sorted(backups_dir().glob("*.db"))[0].read_bytes())
    r = cli("restore", str(source / name))
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in source.iterdir()) == [name]  # no stray file, no -wal/-shm beside it


def test_a_backup_killed_half_way_is_never_listed_or_picked(cli, tmp_path):  # 20
    d = _deck(tmp_path)
    _answer(cli, d)
    cli("backup")
    good = list_backups_names()
    (backups_dir() / ".dlstudy-20990101-000000-manual.db.abc.tmp").write_bytes(b"SQLite format 3\x00partial")
    (backups_dir() / "dlstudy-20990101-000001-manual.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    r = cli("backup", "--list")
    assert ".tmp" not in r.stdout
    r = cli("restore")
    assert r.exit_code == 0 and good[0] in r.stdout and "skipping dlstudy-20990101-000001" in r.stderr


def list_backups_names():
    return [p.name for p in sorted(backups_dir().glob("dlstudy-*.db"))]


def test_a_locked_database_is_waited_for_with_a_notice_and_the_answer_kept(cli, tmp_path):  # 21
    d = _deck(tmp_path)
    _answer(cli, d)
    holder = sqlite3.connect(db_path(), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(2.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        r = cli("--content", d, "review", "--topic", "alpha", "--new", "1", input="beta1\n\n")
    finally:
        release.join()
    assert r.exit_code == 0 and "waiting for the database" in r.stdout and "recorded" in r.stdout
    assert sqlite3.connect(db_path()).execute("SELECT count(*) FROM review_log").fetchone()[0] == 2


@pytest.mark.slow
def test_ctrl_c_while_waiting_for_the_lock_saves_the_answer_in_the_journal(tmp_path):  # 21
    home = tmp_path / "home"
    d = _deck(tmp_path)
    env = dict(os.environ, DLSTUDY_HOME=str(home), NO_COLOR="1")
    first = subprocess.run([sys.executable, "-m", "dlstudy", "--content", d, "review", "--topic", "alpha", "--new",
                            "1"], input="wrong\n\n", capture_output=True, text=True, env=env, cwd=str(REPO))
    assert first.returncode == 0, first.stderr
    proc = subprocess.Popen([sys.executable, "-u", "-m", "dlstudy", "--content", d, "review", "--topic", "alpha",
                             "--new", "2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=str(REPO))

    def read_until(marker: str) -> str:
        import select

        seen = ""
        deadline = time.monotonic() + 60
        fd = proc.stdout.fileno()
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)  # never block for ever on a silent process
            if not ready:
                continue
            chunk = os.read(fd, 4096)  # unbuffered: select and the reads see the same bytes
            if not chunk:
                break
            seen += chunk.decode("utf-8", "replace")
        if marker not in seen:
            proc.kill()
        assert marker in seen, seen
        return seen

    read_until("> ")  # the question is on screen: now another process takes the write lock
    holder = sqlite3.connect(home / "dlstudy.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        proc.stdin.write("an answer\n")
        proc.stdin.flush()
        read_until("waiting for the database")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert proc.returncode == 130, err
    assert (home / "pending-answers.jsonl").exists()
    con = sqlite3.connect(home / "dlstudy.db")
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1  # not written yet
    r = subprocess.run([sys.executable, "-m", "dlstudy", "doctor"], capture_output=True, text=True, env=env,
                       cwd=str(REPO))
    assert r.returncode == 0, r.stdout + r.stderr
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 2  # replayed on the next start
    assert not (home / "pending-answers.jsonl").exists()


def test_decimal_comma_gets_a_hint(cli, tmp_path):  # 22
    from dlstudy.kinds.numexpr import ExprError, parse_number

    for text in ("0,5", "1,5+2"):
        with pytest.raises(ExprError, match="decimals with a point"):
            parse_number(text)

