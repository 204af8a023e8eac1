"""Sessions and quiz attempts: the quiz, drill and interview answers, and each session's summary."""

from __future__ import annotations

import json
from typing import Any

from dlstudy.srs.database import Database
from dlstudy.srs.records import Attempt, attempt_entry


class AttemptStore(Database):
    def start_session(self, mode: str, started_at: float, meta: dict[str, Any] | None = None) -> int:
        with self.transaction() as conn:
            cur = conn.execute("INSERT INTO sessions(mode, started_at, meta) VALUES (?, ?, ?)",
                               (mode, started_at, json.dumps(meta or {})))
            return int(cur.lastrowid or 0)

    def end_session(self, session_id: int, ended_at: float, summary: dict[str, Any]) -> None:
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
                "rating, duration_ms, details, suggested_rating, overridden, uid, device) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.session_id, a.card_id, a.question_id, a.kind, a.answered_at, a.answer,
                 None if a.correct is None else int(a.correct), a.score, a.rating, a.duration_ms,
                 json.dumps(a.details or {}), a.suggested_rating, int(a.overridden), a.uid, self.device))
            return int(cur.lastrowid or 0)

    def has_attempt(self, uid: str) -> bool:
        return bool(self.query("SELECT 1 FROM attempts WHERE uid = ?", (uid,)))

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
            conn.execute("UPDATE attempts SET rating = ?, overridden = ?, rev = rev + 1 WHERE id = ?",
                         (rating, int(overridden), attempt_id))

    def update_attempt(self, attempt_id: int, *, rating: int, suggested: int, overridden: bool,
                       details: dict[str, Any]) -> None:
        """After the rating prompt: the rating recorded, the pre-selection it was chosen against (probes may
        have moved it), whether the learner overrode it, and the details (probe results, points typed)."""
        with self.transaction() as conn:
            conn.execute("UPDATE attempts SET rating = ?, suggested_rating = ?, overridden = ?, details = ?, "
                         "rev = rev + 1 WHERE id = ?",
                         (rating, suggested, int(overridden), json.dumps(details), attempt_id))

    def attempt_details(self) -> dict[int, str | None]:
        """The details JSON of every quiz/drill/interview answer, by attempt id (for the history export)."""
        return {int(i): d for i, d in self.query("SELECT id, details FROM attempts")}

    def probe_details(self, limit: int) -> list[tuple[int, str]]:
        """(session id, details JSON) of the answers with probe results in the `limit` newest sessions (the
        sessions `sessions(limit)` lists)."""
        newest = "SELECT id FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?"
        like = '%"probes"%'
        return self.query(
            f"SELECT session_id, details FROM attempts WHERE session_id IN ({newest}) AND details LIKE ? "
            f"UNION ALL SELECT session_id, details FROM review_log WHERE session_id IN ({newest}) AND details LIKE ?",
            (limit, like, limit, like))
