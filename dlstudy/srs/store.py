"""SQLite storage: WAL, one committed transaction per answer, schema version with forward migrations.

Tables: review_log (the source of truth for spaced repetition), question_state (FSRS state per
question, rebuildable from the log), question_flags (suspend, bury, flag), sessions and attempts
(quiz, drill and interview answers), config.

A command that only reads opens the store with `readonly=True`: on a data folder it cannot write
(a snapshot, a backup disk) the database is then opened read-only and everything that reads works;
a write says that the data folder is read-only.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Iterator

from dlstudy.errors import StateError

_V1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL,
    started_at REAL NOT NULL,
    ended_at REAL,
    meta TEXT,
    summary TEXT
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    card_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    answered_at REAL NOT NULL,
    answer TEXT,
    correct INTEGER,
    score REAL,
    rating INTEGER,
    duration_ms INTEGER,
    details TEXT
);
CREATE INDEX attempts_session ON attempts(session_id);
CREATE INDEX attempts_question ON attempts(card_id, question_id);
CREATE TABLE review_log (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    reviewed_at REAL NOT NULL,
    rating INTEGER NOT NULL,
    duration_ms INTEGER,
    details TEXT,
    state_before TEXT,
    session_id INTEGER
);
CREATE INDEX review_log_question ON review_log(card_id, question_id, reviewed_at);
CREATE INDEX review_log_time ON review_log(reviewed_at);
CREATE TABLE question_state (
    card_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    fsrs TEXT NOT NULL,
    due REAL NOT NULL,
    state INTEGER NOT NULL,
    stability REAL,
    difficulty REAL,
    last_review REAL,
    introduced_at REAL NOT NULL,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (card_id, question_id)
);
CREATE INDEX question_state_due ON question_state(due);
CREATE TABLE question_flags (
    card_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    suspended INTEGER NOT NULL DEFAULT 0,
    buried_until REAL,
    flagged INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    PRIMARY KEY (card_id, question_id)
);
CREATE TABLE config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# v2: the grader's suggested rating and whether the learner overrode it, for every answer
_V2 = """
ALTER TABLE review_log ADD COLUMN suggested_rating INTEGER;
ALTER TABLE review_log ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN suggested_rating INTEGER;
ALTER TABLE attempts ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0;
"""

# v3: one row per answer. Two processes replaying one recovery journal inserted the same answer twice;
# a unique key on (card, question, time) makes that impossible (exact duplicates already there are
# dropped first, keeping the oldest row; a backup is made before every migration).
_V3 = """
DELETE FROM review_log WHERE id NOT IN (SELECT min(id) FROM review_log GROUP BY card_id, question_id, reviewed_at);
DELETE FROM attempts WHERE id NOT IN (SELECT min(id) FROM attempts GROUP BY card_id, question_id, answered_at);
CREATE UNIQUE INDEX review_log_answer ON review_log(card_id, question_id, reviewed_at);
CREATE UNIQUE INDEX attempts_answer ON attempts(card_id, question_id, answered_at);
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3]
SCHEMA_VERSION = len(MIGRATIONS)
READABLE_FROM = 2  # the oldest schema a read-only store can read (v3 only adds indexes)


@dataclass
class StateRow:
    card_id: str
    question_id: str
    fsrs: dict
    due: float
    state: int
    stability: float | None
    difficulty: float | None
    last_review: float | None
    introduced_at: float
    reps: int
    lapses: int


@dataclass
class Attempt:
    """One quiz, drill or interview answer (a row of `attempts`)."""

    session_id: int | None
    card_id: str
    question_id: str
    kind: str
    answered_at: float
    duration_ms: int = 0
    answer: str | None = None
    correct: bool | None = None
    score: float | None = None
    rating: int | None = None
    details: dict = field(default_factory=dict)
    suggested_rating: int | None = None
    overridden: bool = False


LOCK_WAIT_S = 30.0  # how long a command without a waiting notice waits for another writer
LOCK_POLL_MS = 1000  # each attempt to take the write lock waits this long (then the notice shows)


def _locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


STATE_FIELDS = tuple(f.name for f in fields(StateRow))  # the question_state columns, in order
STATE_COLUMNS = ", ".join(STATE_FIELDS)


def read_only_error(path: Path) -> StateError:
    """What a command that writes says on a data folder it cannot write (one line and a hint)."""
    from dlstudy.paths import read_only_error as folder_error

    return folder_error(path)


def _writable(path: Path) -> bool:
    """Whether the database (or, before it exists, its folder) and its folder can be written: False on a
    read-only file system, also for root."""
    folder = path.parent
    if not folder.exists():
        return True  # created on the first write (home_dir says so if it cannot be)
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def explain_sqlite_error(exc: sqlite3.Error, path: Path) -> StateError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return read_only_error(path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StateError(f"the database {path} is damaged or is not a dlstudy database ({exc})",
                          hint="restore a backup with 'dlstudy restore', or move the file away to start fresh "
                               "(nothing was changed)")
    if "disk is full" in text or "disk i/o" in text:
        return StateError(f"cannot write to {path}: the disk is full or failing ({exc})",
                          hint="free some space and run the command again; answers already confirmed are saved")
    if "readonly" in text or "unable to open" in text or "permission" in text:
        return StateError(f"cannot open {path} for writing ({exc})",
                          hint="check the folder's permissions or set DLSTUDY_HOME to a writable folder")
    if "locked" in text or "busy" in text:
        return StateError(f"the database {path} is busy (another dlstudy is writing) ({exc})",
                          hint="try again in a moment")
    return StateError(f"database error in {path}: {exc}")


class Store:
    """A connection to the progress database. Use `with Store.open() as store:` or call close()."""

    def __init__(self, conn: sqlite3.Connection | None, path: Path):
        self.conn = conn
        self.path = path
        self._depth = 0
        # Called once when a write has to wait for another process's lock; with it set, the store keeps
        # waiting until the lock is free (the learner can press Ctrl-C). Without it, it gives up after
        # LOCK_WAIT_S with a clear error.
        self.wait_notice: Callable[[], None] | None = None
        self.lock_wait_s = LOCK_WAIT_S
        self.replayed = (0, 0)  # answers written from the recovery journal on open: (replayed, still pending)
        self.readonly = False  # opened read-only: a write raises read_only_error
        # the journal id of the answer being written, when it was journaled because the write had to wait
        self.journaled: str | None = None

    # ----- opening and migrating -----
    @classmethod
    def open(cls, path: Path | None = None, create: bool = True, readonly: bool = False) -> "Store":
        """Open (and migrate) the database. With create=False a missing file gives an empty store.

        readonly=True (commands that only read): on a data folder that cannot be written the database is
        opened read-only (no migration, no journal replay); elsewhere as usual. readonly=False (commands
        that write): a read-only data folder is refused with one line."""
        from dlstudy.paths import db_path, home_dir

        path = Path(path) if path else db_path()
        if not path.exists():
            if not create or readonly:
                return cls(None, path)
            home_dir(create=True) if path.parent == db_path().parent else path.parent.mkdir(parents=True, exist_ok=True)
        if not _writable(path):
            if readonly:
                return cls._open_readonly(path)
            raise read_only_error(path)
        try:
            conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, path) from None
        conn.text_factory = _decode_text
        store = cls(conn, path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_S * 1000)}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise StateError(
                    f"the database {path} was written by a newer dlstudy (schema {version}, this one knows "
                    f"{SCHEMA_VERSION})", hint="upgrade dlstudy; the database was not changed")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                if version > 0:
                    from dlstudy.srs.backup import backup_now

                    backup_now(store, reason=f"before-migration-{version}-to-{SCHEMA_VERSION}")
                store._migrate(version)  # refuses a foreign database before anything is written to it
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA busy_timeout = {LOCK_POLL_MS}")
        except sqlite3.Error as exc:
            conn.close()
            raise explain_sqlite_error(exc, path) from None
        except StateError:
            conn.close()
            raise
        from dlstudy.srs import journal

        if path == db_path() and journal.exists():
            store.replayed = journal.replay(store)
        return store

    @classmethod
    def _open_readonly(cls, path: Path) -> "Store":
        """The database opened for reading only, on a folder that cannot be written. A write-ahead log
        needs its -shm file; when that cannot be made, the file is read as it is (immutable)."""
        uri = path.absolute().as_uri() + "?mode=ro"
        conn = None
        try:
            for suffix in ("", "&immutable=1"):
                try:
                    conn = sqlite3.connect(uri + suffix, uri=True, isolation_level=None)
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    break
                except sqlite3.Error as exc:
                    if conn is not None:
                        conn.close()
                        conn = None
                    if suffix or "unable to open" not in str(exc).lower():
                        raise
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, path) from None
        assert conn is not None
        conn.text_factory = _decode_text
        if version > SCHEMA_VERSION:
            conn.close()
            raise StateError(f"the database {path} was written by a newer dlstudy (schema {version}, this one "
                             f"knows {SCHEMA_VERSION})", hint="upgrade dlstudy; the database was not changed")
        if version < READABLE_FROM:
            conn.close()
            if version == 0:
                raise StateError(f"{path} is not a dlstudy database (or an empty one)",
                                 hint="set DLSTUDY_HOME to another folder; it was not changed")
            raise StateError(f"the database {path} was written by an older dlstudy and needs an upgrade first",
                             hint="the upgrade needs a writable data folder: run any command there once")
        store = cls(conn, path)
        store.readonly = True
        from dlstudy.paths import db_path
        from dlstudy.srs import journal

        if path == db_path():
            store.replayed = (0, len(journal.pending()))
        return store

    def _migrate(self, version: int) -> None:
        """Apply forward migrations, each in its own write transaction. The version is read again under the
        write lock, so two processes opening a new database at once do not both create it."""
        for target in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current > target:
                    continue  # another process got there first
                if current == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise StateError(f"{self.path} is an SQLite database but not a dlstudy one",
                                     hint="move it away or set DLSTUDY_HOME to another folder; it was not changed")
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target + 1}")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @property
    def empty(self) -> bool:
        return self.conn is None

    @contextmanager
    def transaction(self, journal_entry: dict[str, Any] | None = None) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: one durable unit of work (e.g. one answer).

        journal_entry: the answer this transaction writes, as a recovery-journal entry. If the write has
        to wait for another process's lock, the entry is journaled *before* the wait (its id in
        self.journaled) and removed once the transaction committed, so that a signal, a closed terminal
        or even SIGKILL while waiting loses nothing."""
        if self.readonly:
            raise read_only_error(self.path)
        if self.conn is None:
            raise StateError("internal: the database is not open for writing")
        if self._depth:  # nested: part of the enclosing transaction
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.journaled = None
        self._begin(journal_entry)
        self._depth = 1
        try:
            yield self.conn
        except BaseException as exc:
            self._depth = 0
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if isinstance(exc, sqlite3.Error):
                raise explain_sqlite_error(exc, self.path) from None
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise explain_sqlite_error(exc, self.path) from None
        if self.journaled is not None:  # written now: no longer pending
            from dlstudy.srs import journal

            journal.remove(self.journaled)
            self.journaled = None

    def _begin(self, journal_entry: dict[str, Any] | None = None) -> None:
        """BEGIN IMMEDIATE, waiting while another process holds the write lock: up to LOCK_WAIT_S, or
        for as long as it takes when a wait_notice is set (an interactive session: the answer is kept,
        journaled before the wait). A signal may stop the wait (dlstudy.signals.allowed)."""
        import time

        from dlstudy import signals

        assert self.conn is not None
        started = time.monotonic()
        noticed = False
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                if not _locked(exc):
                    raise explain_sqlite_error(exc, self.path) from None
                if journal_entry is not None and self.journaled is None:
                    from dlstudy.srs import journal

                    self.journaled = journal.add(journal_entry)  # kept before we wait
                with signals.allowed():  # waiting: Ctrl-C, SIGTERM and SIGHUP stop here at once
                    if self.wait_notice is None:
                        if time.monotonic() - started >= self.lock_wait_s:
                            raise explain_sqlite_error(exc, self.path) from None
                    elif not noticed:
                        noticed = True
                        self.wait_notice()

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        if self.conn is None:
            return []
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, self.path) from None

    # ----- config -----
    def get_config(self) -> dict[str, str]:
        return dict(self.query("SELECT key, value FROM config"))

    def set_config(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO config(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, value))

    def delete_config(self, key: str) -> bool:
        """Remove a setting (e.g. the study plan); whether it was there."""
        with self.transaction() as conn:
            return conn.execute("DELETE FROM config WHERE key = ?", (key,)).rowcount > 0

    # ----- sessions and attempts (quiz, drill, interview) -----
    def start_session(self, mode: str, started_at: float, meta: dict | None = None) -> int:
        with self.transaction() as conn:
            cur = conn.execute("INSERT INTO sessions(mode, started_at, meta) VALUES (?, ?, ?)",
                               (mode, started_at, json.dumps(meta or {})))
            return int(cur.lastrowid)

    def end_session(self, session_id: int, ended_at: float, summary: dict) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE sessions SET ended_at = ?, summary = ? WHERE id = ?",
                         (ended_at, json.dumps(summary), session_id))

    def add_attempt(self, a: Attempt, journal: bool = False) -> int:
        """Insert one attempt (journal=True: journaled before any wait for the lock, see transaction)."""
        from dlstudy.srs.clock import check_time

        check_time(a.answered_at)
        with self.transaction(attempt_entry(a) if journal else None) as conn:
            cur = conn.execute(
                "INSERT INTO attempts(session_id, card_id, question_id, kind, answered_at, answer, correct, score, "
                "rating, duration_ms, details, suggested_rating, overridden) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.session_id, a.card_id, a.question_id, a.kind, a.answered_at, a.answer,
                 None if a.correct is None else int(a.correct), a.score, a.rating, a.duration_ms,
                 json.dumps(a.details or {}), a.suggested_rating, int(a.overridden)))
            return int(cur.lastrowid)

    def has_review(self, card_id: str, question_id: str, at: float) -> bool:
        return bool(self.query("SELECT 1 FROM review_log WHERE card_id = ? AND question_id = ? AND reviewed_at = ?",
                               (card_id, question_id, at)))

    def has_attempt(self, card_id: str, question_id: str, at: float) -> bool:
        return bool(self.query("SELECT 1 FROM attempts WHERE card_id = ? AND question_id = ? AND answered_at = ?",
                               (card_id, question_id, at)))

    def stop_waiting(self, seconds: float = 2.0) -> None:
        """After Ctrl-C: later writes (a session summary) wait only briefly for a lock, then give up."""
        self.wait_notice = None
        self.lock_wait_s = seconds

    def save_attempt(self, a: Attempt) -> int | None:
        """add_attempt, but an answer that cannot be written now (Ctrl-C while waiting for the lock, or an
        unexpected failure) goes to the recovery journal instead of being lost; then it re-raises."""
        from dlstudy.srs import journal
        from dlstudy.srs.clock import check_time

        check_time(a.answered_at)  # a clock out of range: refused, nothing to keep for later
        self.journaled = None
        try:
            return self.add_attempt(a, journal=True)
        except BaseException:
            if self.journaled is None:  # not journaled before a wait: now
                self.journaled = journal.add(attempt_entry(a))
            raise

    def update_attempt_rating(self, attempt_id: int, rating: int, overridden: bool = False) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE attempts SET rating = ?, overridden = ? WHERE id = ?",
                         (rating, int(overridden), attempt_id))

    # ----- spaced repetition -----
    def state(self, card_id: str, question_id: str) -> StateRow | None:
        rows = self.query(f"SELECT {STATE_COLUMNS} FROM question_state WHERE card_id = ? AND question_id = ?",
                          (card_id, question_id))
        return _row(rows[0]) if rows else None

    def states(self) -> list[StateRow]:
        return [_row(r) for r in self.query(f"SELECT {STATE_COLUMNS} FROM question_state")]

    def state_index(self) -> dict[tuple[str, str], tuple[float, int, float]]:
        """(card, question) -> (due, FSRS state, introduced_at) for every question with history (no JSON decoding)."""
        return {(c, q): (due, st, intro) for c, q, due, st, intro in self.query(
            "SELECT card_id, question_id, due, state, introduced_at FROM question_state")}

    def record_review(self, card_id: str, question_id: str, reviewed_at: float, rating: int, duration_ms: int,
                      details: dict, before: StateRow | None, after: dict, session_id: int | None,
                      suggested: int | None = None, overridden: bool = False) -> int:
        """Append to the review log and update the question's state, in one committed transaction."""
        from dlstudy.srs.clock import check_time

        check_time(reviewed_at)
        before_json = json.dumps(_row_dict(before)) if before else None
        from dlstudy.srs.ratings import is_lapse

        lapses_inc = int(is_lapse(before.state if before else None, rating))
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO review_log(card_id, question_id, reviewed_at, rating, duration_ms, details, state_before, "
                "session_id, suggested_rating, overridden) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (card_id, question_id, reviewed_at, rating, duration_ms, json.dumps(details), before_json, session_id,
                 suggested, int(overridden)))
            conn.execute(
                "INSERT INTO question_state(card_id, question_id, fsrs, due, state, stability, difficulty, last_review,"
                " introduced_at, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,1,?) ON CONFLICT(card_id, question_id) DO "
                "UPDATE SET fsrs=excluded.fsrs, due=excluded.due, state=excluded.state, stability=excluded.stability,"
                " difficulty=excluded.difficulty, last_review=excluded.last_review, reps=question_state.reps + 1,"
                " lapses=question_state.lapses + excluded.lapses",
                (card_id, question_id, json.dumps(after["fsrs"]), after["due"], after["state"], after["stability"],
                 after["difficulty"], reviewed_at, before.introduced_at if before else reviewed_at, lapses_inc))
            return int(cur.lastrowid)

    def is_last_review(self, log_id: int) -> bool:
        """Whether this review is still the latest of its question (no other session reviewed it since)."""
        rows = self.query("SELECT l.id FROM review_log l JOIN review_log r ON r.card_id = l.card_id AND "
                          "r.question_id = l.question_id WHERE r.id = ? ORDER BY l.reviewed_at DESC, l.id DESC "
                          "LIMIT 1", (log_id,))
        return bool(rows) and rows[0][0] == log_id

    def review_key(self, log_id: int) -> tuple[str, str] | None:
        rows = self.query("SELECT card_id, question_id FROM review_log WHERE id = ?", (log_id,))
        return (rows[0][0], rows[0][1]) if rows else None

    def update_review(self, log_id: int, rating: int, duration_ms: int, details: dict[str, Any],
                      suggested: int | None, overridden: bool) -> None:
        """A new rating for one logged answer (an override after another session reviewed the question)."""
        with self.transaction() as conn:
            conn.execute("UPDATE review_log SET rating = ?, duration_ms = ?, details = ?, suggested_rating = ?, "
                         "overridden = ? WHERE id = ?",
                         (rating, duration_ms, json.dumps(details), suggested, int(overridden), log_id))

    def delete_review(self, log_id: int) -> None:
        """Remove one review-log row (undo of an answer that is no longer the last: the caller then
        recomputes the question's state from its log)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))

    def put_state(self, card_id: str, question_id: str, row: StateRow | None) -> None:
        """Set (or, with None, delete) one question's state."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM question_state WHERE card_id = ? AND question_id = ?", (card_id, question_id))
            if row is not None:
                conn.execute(
                    f"INSERT INTO question_state({STATE_COLUMNS}) VALUES ({', '.join('?' * len(STATE_FIELDS))})",
                    tuple(json.dumps(row.fsrs) if f == "fsrs" else getattr(row, f) for f in STATE_FIELDS))

    def undo_review(self, log_id: int) -> tuple[str, str] | None:
        """Delete one review (the last of its question) and restore the state it replaced. Returns
        (card, question). The caller checks is_last_review first, in the same transaction."""
        with self.transaction() as conn:
            row = conn.execute("SELECT card_id, question_id, state_before FROM review_log WHERE id = ?",
                               (log_id,)).fetchone()
            if row is None:
                return None
            card_id, question_id, before = row
            conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            if before is None:
                conn.execute("DELETE FROM question_state WHERE card_id = ? AND question_id = ?", (card_id, question_id))
            else:
                b = json.loads(before)
                b["fsrs"] = json.dumps(b["fsrs"])
                cols = STATE_FIELDS[2:]
                conn.execute(f"UPDATE question_state SET {', '.join(c + '=?' for c in cols)} "
                             "WHERE card_id=? AND question_id=?", tuple(b[c] for c in cols) + (card_id, question_id))
            return card_id, question_id

    def overrides(self) -> dict[tuple[str, int], tuple[int | None, bool]]:
        """(source, row id) -> (suggested rating, overridden) for every review and attempt (exports)."""
        out = {("review", i): (s, bool(o)) for i, s, o in
               self.query("SELECT id, suggested_rating, overridden FROM review_log")}
        out.update({("attempt", i): (s, bool(o)) for i, s, o in
                    self.query("SELECT id, suggested_rating, overridden FROM attempts")})
        return out

    def review_logs(self, card_id: str | None = None, question_id: str | None = None) -> list[tuple]:
        if card_id is None:
            return self.query("SELECT id, card_id, question_id, reviewed_at, rating, duration_ms, details "
                              "FROM review_log ORDER BY reviewed_at, id")
        return self.query("SELECT id, card_id, question_id, reviewed_at, rating, duration_ms, details FROM review_log "
                          "WHERE card_id = ? AND question_id = ? ORDER BY reviewed_at, id", (card_id, question_id))

    def replace_state(self, rows: list[StateRow]) -> None:
        """Replace all question states (doctor --rebuild), in one transaction."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM question_state")
            conn.executemany(
                f"INSERT INTO question_state({STATE_COLUMNS}) VALUES ({', '.join('?' * len(STATE_FIELDS))})",
                [tuple(json.dumps(r.fsrs) if f == "fsrs" else getattr(r, f) for f in STATE_FIELDS) for r in rows])

    # ----- flags -----
    def flags(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {(c, q): {"suspended": bool(s), "buried_until": b, "flagged": bool(f), "note": n}
                for c, q, s, b, f, n in self.query(
                    "SELECT card_id, question_id, suspended, buried_until, flagged, note FROM question_flags")}

    def set_flag(self, card_id: str, question_id: str, **values: Any) -> None:
        allowed = {"suspended", "buried_until", "flagged", "note"}
        assert set(values) <= allowed
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO question_flags(card_id, question_id) VALUES (?, ?)",
                         (card_id, question_id))
            for key, value in values.items():
                conn.execute(f"UPDATE question_flags SET {key} = ? WHERE card_id = ? AND question_id = ?",
                             (value, card_id, question_id))

    def log_problems(self, limit: int = 1000, scheduling_only: bool = False) -> list[tuple[int, str]]:
        """Damaged review-log rows: (log id, why). Checked row by row in bounded work. scheduling_only:
        only the rows scheduling cannot use (rating, question or time), which `doctor --rebuild` leaves
        out; a damaged details or state_before column (never read by the replay) is reported otherwise."""
        from dlstudy.srs.clock import in_range, range_text

        out: list[tuple[int, str]] = []
        for log_id, card_id, qid, at, rating, details, before in self.query(
                "SELECT id, card_id, question_id, reviewed_at, rating, details, state_before FROM review_log "
                "ORDER BY id"):
            why = None
            if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 4:
                why = f"rating {rating!r} is not 1-4"
            elif not isinstance(card_id, str) or not isinstance(qid, str) or not card_id or not qid:
                why = f"question {card_id!r}/{qid!r} is not a card and question id"
            elif isinstance(at, bool) or not isinstance(at, (int, float)) or not in_range(at):
                why = f"time {at!r} is not a valid timestamp ({range_text()})"
            elif scheduling_only:
                pass
            else:
                for name, text in (("details", details), ("state_before", before)):
                    if text is None:
                        continue
                    try:
                        value = json.loads(text)
                    except (TypeError, ValueError):
                        why = f"{name} is not JSON"
                        break
                    if not isinstance(value, dict):
                        why = f"{name} is not a JSON object"
                        break
            if why:
                out.append((int(log_id), why))
                if len(out) >= limit:
                    break
        return out

    # ----- read-only summaries (stats, history, doctor, dashboard, export) -----
    def counts(self) -> dict[str, int]:
        """Rows per table and the schema version (doctor)."""
        out = {"schema": self.query("PRAGMA user_version")[0][0]}
        for table in ("review_log", "question_state", "attempts"):
            out[table] = self.query(f"SELECT count(*) FROM {table}")[0][0]
        return out

    def suspended(self) -> set[tuple[str, str]]:
        return {(c, q) for c, q in self.query("SELECT card_id, question_id FROM question_flags WHERE suspended")}

    def reviews_since(self, start: float) -> list[tuple[str, str, float | None]]:
        """(card, question, introduced_at) of every review at or after start (today's counts)."""
        return self.query(
            "SELECT l.card_id, l.question_id, s.introduced_at FROM review_log l LEFT JOIN question_state s "
            "ON s.card_id = l.card_id AND s.question_id = l.question_id WHERE l.reviewed_at >= ?", (start,))

    def reviews_per_day(self, day_expr: str, shift: float, since: float) -> dict[int, int]:
        """Reviews per study-day number (day_expr maps reviewed_at to a day, with `shift` as its parameter)."""
        return {int(d): n for d, n in self.query(
            f"SELECT {day_expr} AS d, count(*) FROM review_log WHERE reviewed_at >= ? GROUP BY d", (shift, since))}

    def recent_durations(self, limit: int) -> list[int | None]:
        """The answer times (ms) of the latest `limit` reviews (a study plan's seconds per answer)."""
        return [d for (d,) in self.query("SELECT duration_ms FROM review_log ORDER BY reviewed_at DESC LIMIT ?",
                                         (limit,))]

    def passed_share(self) -> tuple[int, int]:
        """(reviews, reviews rated above Again)."""
        total, passed = self.query("SELECT count(*), coalesce(sum(rating > 1), 0) FROM review_log")[0]
        return int(total), int(passed)

    def mature_reviews(self, since: float, min_interval_s: float) -> tuple[int, int]:
        """(reviews since `since` whose previous review of the question was at least min_interval_s
        earlier, and how many of them passed): true retention."""
        total, passed = self.query(
            "SELECT count(*), coalesce(sum(l.rating > 1), 0) FROM review_log l WHERE l.reviewed_at >= ? AND "
            "l.reviewed_at - (SELECT max(p.reviewed_at) FROM review_log p WHERE p.card_id = l.card_id AND "
            "p.question_id = l.question_id AND p.reviewed_at < l.reviewed_at) >= ?", (since, min_interval_s))[0]
        return int(total), int(passed)

    def most_lapsed_cards(self, n: int = 5) -> list[tuple[str, int]]:
        return self.query("SELECT card_id, sum(lapses) FROM question_state GROUP BY card_id ORDER BY 2 DESC LIMIT ?",
                          (n,))

    def sessions(self, limit: int) -> list[tuple]:
        """Newest sessions first: (id, mode, started, ended, summary JSON, answered, correct, reviews, overrides)."""
        return self.query(
            "SELECT s.id, s.mode, s.started_at, s.ended_at, s.summary, "
            "(SELECT count(*) FROM attempts a WHERE a.session_id = s.id AND (a.correct IS NOT NULL OR "
            " a.rating IS NOT NULL)), "
            "(SELECT count(*) FROM attempts a WHERE a.session_id = s.id AND a.correct = 1), "
            "(SELECT count(*) FROM review_log l WHERE l.session_id = s.id), "
            "(SELECT count(*) FROM attempts a WHERE a.session_id = s.id AND a.overridden) + "
            "(SELECT count(*) FROM review_log l WHERE l.session_id = s.id AND l.overridden) "
            "FROM sessions s ORDER BY s.started_at DESC, s.id DESC LIMIT ?", (limit,))

    def attempt_rows(self) -> list[tuple]:
        """Every quiz/drill/interview answer: (id, card, question, time, rating, correct, duration, answer, mode)."""
        return self.query(
            "SELECT a.id, a.card_id, a.question_id, a.answered_at, a.rating, a.correct, a.duration_ms, a.answer, "
            "s.mode FROM attempts a JOIN sessions s ON s.id = a.session_id ORDER BY a.answered_at, a.id")

    def integrity_ok(self) -> bool:
        rows = self.query("PRAGMA integrity_check")
        return bool(rows) and rows[0][0] == "ok"


def attempt_entry(a: Attempt) -> dict[str, Any]:
    """An attempt as a recovery-journal entry."""
    return {"type": "attempt", "attempt": dict(vars(a))}


def _decode_text(raw: bytes) -> str:
    """Text columns decoded leniently: a row with invalid UTF-8 (written by an older version or another
    tool) is read with U+FFFD in place of the bad bytes instead of failing every query that touches it."""
    return str(raw, "utf-8", "replace")


def _row(r: tuple) -> StateRow:
    values = dict(zip(STATE_FIELDS, r))
    values["fsrs"] = json.loads(values["fsrs"])
    return StateRow(**values)


def _row_dict(r: StateRow) -> dict:
    """The state without its key, as undo stores it (state_before)."""
    return {f: getattr(r, f) for f in STATE_FIELDS[2:]}
