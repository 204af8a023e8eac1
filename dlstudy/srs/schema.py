"""The schema of the progress database: forward migrations, one per version (`PRAGMA user_version`).

Tables: review_log (the answers of spaced repetition), events (every other action: suspend, bury,
flag, forget, reschedule, rename, settings changes, undo), sessions and attempts (quiz, drill and
interview answers): together the log, the source of truth. question_state (FSRS state per question),
question_flags (suspend, bury, flag) and config are caches of its replay (srs/replay.py). `local` and
`sync_peers` belong to this database alone (its device id, the sync folder, what other devices' files
held) and are never synced. A backup is made before every migration.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

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

# v4: history as events (issues 27 and 29). Reviews and quiz answers gain a global id (uid), the device
# that made them and a revision (an override bumps it); a rename keeps the ids a review was made under
# (asked_card, asked_question). Every other action is an event. The unique (question, time) keys give way
# to the uid: two devices may answer one question at the same moment, and both answers are kept.
_V4_SQL = """
ALTER TABLE review_log ADD COLUMN uid TEXT;
ALTER TABLE review_log ADD COLUMN device TEXT;
ALTER TABLE review_log ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_log ADD COLUMN asked_card TEXT;
ALTER TABLE review_log ADD COLUMN asked_question TEXT;
ALTER TABLE attempts ADD COLUMN uid TEXT;
ALTER TABLE attempts ADD COLUMN device TEXT;
ALTER TABLE attempts ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE question_flags ADD COLUMN flag TEXT;
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,
    device TEXT NOT NULL,
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    card_id TEXT,
    question_id TEXT,
    asked_card TEXT,
    asked_question TEXT,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX events_uid ON events(uid);
CREATE INDEX events_question ON events(card_id, question_id, at);
CREATE INDEX events_device ON events(device, at);
CREATE INDEX events_kind ON events(kind);
CREATE TABLE local (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sync_peers (
    device TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    digest TEXT,
    written REAL,
    records INTEGER NOT NULL DEFAULT 0,
    received INTEGER NOT NULL DEFAULT 0,
    seen REAL
);
DROP INDEX IF EXISTS review_log_answer;
DROP INDEX IF EXISTS attempts_answer
"""
_V4_INDEXES = """
CREATE UNIQUE INDEX review_log_uid ON review_log(uid);
CREATE UNIQUE INDEX attempts_uid ON attempts(uid);
CREATE INDEX review_log_device ON review_log(device, reviewed_at)
"""


def _v4(conn: sqlite3.Connection) -> None:
    """Schema 4, with ids for the rows already there: a hash of what each row is (events.legacy_uid) and the
    legacy device, so that two copies of one database get the same records; the settings and flags
    already stored become events at time 0 (before anything else), so that a replay derives them. This
    database gets its own device id."""
    import json

    from dlstudy.srs.events import DEFAULT_FLAG, LEGACY_DEVICE, legacy_uid, new_device_id

    for statement in _V4_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO local(key, value) VALUES ('device', ?)", (new_device_id(),))
    device = LEGACY_DEVICE  # the rows already there: the same records in every copy of this database
    conn.executemany("UPDATE review_log SET uid = ?, device = ? WHERE id = ?", [
        (legacy_uid("review", c, q, at, r), device, i)
        for i, c, q, at, r in conn.execute("SELECT id, card_id, question_id, reviewed_at, rating FROM review_log")])
    conn.executemany("UPDATE attempts SET uid = ?, device = ? WHERE id = ?", [
        (legacy_uid("attempt", c, q, at), device, i)
        for i, c, q, at in conn.execute("SELECT id, card_id, question_id, answered_at FROM attempts")])
    events: list[tuple[str, str, float, str, str | None, str | None, str]] = []
    for key, value in conn.execute("SELECT key, value FROM config ORDER BY key"):
        events.append((legacy_uid("config", key, value), device, 0.0, "config", None, None,
                       json.dumps({"key": key, "value": value})))
    for c, q, suspended, buried, flagged, note in conn.execute(
            "SELECT card_id, question_id, suspended, buried_until, flagged, note FROM question_flags "
            "ORDER BY card_id, question_id"):
        if suspended:
            events.append((legacy_uid("suspend", c, q), device, 0.0, "suspend", c, q, "{}"))
        if isinstance(buried, (int, float)) and not isinstance(buried, bool):
            events.append((legacy_uid("bury", c, q, float(buried)), device, 0.0, "bury", c, q,
                           json.dumps({"until": float(buried)})))
        if flagged:
            events.append((legacy_uid("flag", c, q), device, 0.0, "flag", c, q,
                           json.dumps({"name": DEFAULT_FLAG, "note": note})))
    conn.executemany("INSERT INTO events(uid, device, at, kind, card_id, question_id, data) VALUES (?,?,?,?,?,?,?) "
                     "ON CONFLICT(uid) DO NOTHING", events)
    conn.execute("UPDATE question_flags SET flag = ? WHERE flagged", (DEFAULT_FLAG,))
    conn.execute("DELETE FROM question_flags WHERE NOT suspended AND buried_until IS NULL AND NOT flagged")
    for statement in _V4_INDEXES.split(";"):
        if statement.strip():
            conn.execute(statement)


MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [_V1, _V2, _V3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)
READABLE_FROM = 4  # the oldest schema a read-only store can read (v4 adds the columns of the log's ids)
