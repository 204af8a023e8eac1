"""The schema of the progress database: forward migrations, one per version (`PRAGMA user_version`).

Tables: review_log (the source of truth for spaced repetition), question_state (FSRS state per
question, rebuildable from the log), question_flags (suspend, bury, flag), sessions and attempts
(quiz, drill and interview answers), config. A backup is made before every migration.
"""

from __future__ import annotations

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
