"""The review log and the question states: the SQL of an answer, an override and an undo.

Each write checks that the question's state is still the one the caller computed from (its answer
count and last review): another session may have answered the same question meanwhile. When it is
not, the write reports it and the caller schedules from what is stored now (srs/answer.py).
"""

from __future__ import annotations

import json
from typing import Any

from dlstudy.srs.event_store import EventStore
from dlstudy.srs.events import Event
from dlstudy.srs.records import (
    STATE_COLUMNS,
    STATE_FIELDS,
    Answer,
    IndexRow,
    Scheduled,
    StateRow,
    state_before_json,
    state_from_values,
    state_values,
)

_PLACEHOLDERS = ", ".join("?" * len(STATE_FIELDS))
_LOG_COLUMNS = ("card_id, question_id, reviewed_at, rating, duration_ms, details, state_before, session_id, "
                "suggested_rating, overridden, uid, device")


class ReviewStore(EventStore):
    # ----- reading states -----
    def state(self, card_id: str, question_id: str) -> StateRow | None:
        rows = self.query(f"SELECT {STATE_COLUMNS} FROM question_state WHERE card_id = ? AND question_id = ?",
                          (card_id, question_id))
        return state_from_values(rows[0]) if rows else None

    def states(self) -> list[StateRow]:
        return [state_from_values(r) for r in self.query(f"SELECT {STATE_COLUMNS} FROM question_state")]

    def state_index(self) -> dict[tuple[str, str], IndexRow]:
        """(card, question) -> its state for every question with history, the fsrs JSON left undecoded."""
        return {(c, q): IndexRow(*rest) for c, q, *rest in self.query(
            "SELECT card_id, question_id, due, state, introduced_at, last_review, reps, lapses, stability, "
            "difficulty, fsrs FROM question_state")}

    # ----- an answer: inside the caller's transaction -----
    def insert_review(self, answer: Answer, before: StateRow | None) -> int | None:
        """Append an answer to the log; None when the log has it already (its uid: the unique key), e.g. a
        journal entry replayed twice."""
        assert self.conn is not None
        cur = self.conn.execute(
            f"INSERT INTO review_log({_LOG_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(uid) DO NOTHING",
            (answer.card_id, answer.question_id, answer.at, answer.rating, answer.duration_ms,
             json.dumps(answer.details), state_before_json(before), answer.session_id, answer.suggested,
             int(answer.overridden), answer.uid, self.device))
        return int(cur.lastrowid) if cur.rowcount == 1 and cur.lastrowid is not None else None

    def advance_state(self, answer: Answer, before: StateRow | None, after: Scheduled) -> bool:
        """Write the state an answer leads to, if the question's state is still `before`; False (and
        nothing written) when another session changed it since."""
        assert self.conn is not None
        reps = (before.reps if before is not None else 0) + 1
        lapses = (before.lapses if before is not None else 0) + int(after.lapse)
        values = (json.dumps(after.fsrs), after.due, after.state, after.stability, after.difficulty, answer.at, reps,
                  lapses)
        if before is None:
            cur = self.conn.execute(
                f"INSERT INTO question_state({STATE_COLUMNS}) VALUES ({_PLACEHOLDERS}) "
                "ON CONFLICT(card_id, question_id) DO NOTHING",
                (answer.card_id, answer.question_id, values[0], after.due, after.state, after.stability,
                 after.difficulty, answer.at, answer.at, reps, lapses))
        else:
            cur = self.conn.execute(
                "UPDATE question_state SET fsrs = ?, due = ?, state = ?, stability = ?, difficulty = ?, "
                "last_review = ?, reps = ?, lapses = ? WHERE card_id = ? AND question_id = ? AND reps = ? AND "
                "last_review IS ?", values + (answer.card_id, answer.question_id, before.reps, before.last_review))
        return cur.rowcount == 1

    def set_state_before(self, log_id: int, before: StateRow | None) -> None:
        """The state an answer replaced, when it differs from the one it was computed from."""
        assert self.conn is not None
        self.conn.execute("UPDATE review_log SET state_before = ? WHERE id = ?", (state_before_json(before), log_id))

    def record(self, answer: Answer, before: StateRow | None, after: Scheduled) -> int | None:
        """Append an answer and its state in one transaction (tests and tools that schedule themselves;
        the review path goes through srs.answer.record_answer). None if the log has it already."""
        with self.transaction():
            log_id = self.insert_review(answer, before)
            if log_id is not None and not self.advance_state(answer, before, after):
                raise ValueError(f"{answer.card_id}/{answer.question_id}: the stored state is not the one given")
            return log_id

    # ----- an override and an undo: one transaction each -----
    def rerate_review(self, log_id: int, answer: Answer, reps_after: int, old: Scheduled, new: Scheduled) -> bool:
        """A new rating for a logged answer (the learner overrides the grader): its log row, and its
        state if the answer is still the question's last (False: another session reviewed it since; the
        caller recomputes the state from the log)."""
        with self.transaction() as conn:
            conn.execute("UPDATE review_log SET rating = ?, duration_ms = ?, details = ?, suggested_rating = ?, "
                         "overridden = ?, rev = rev + 1 WHERE id = ?",
                         (answer.rating, answer.duration_ms, json.dumps(answer.details), answer.suggested,
                          int(answer.overridden), log_id))
            cur = conn.execute(
                "UPDATE question_state SET fsrs = ?, due = ?, state = ?, stability = ?, difficulty = ?, "
                "lapses = lapses - ? + ? WHERE card_id = ? AND question_id = ? AND reps = ? AND last_review = ?",
                (json.dumps(new.fsrs), new.due, new.state, new.stability, new.difficulty, int(old.lapse),
                 int(new.lapse), answer.card_id, answer.question_id, reps_after, answer.at))
            return cur.rowcount == 1

    def undo_review(self, log_id: int, answer: Answer, reps_after: int, before: StateRow | None,
                    tombstone: Event) -> bool:
        """Undo a logged answer: the undo event (the tombstone), the answer out of the review log and the
        state it replaced put back, if it is still the question's last answer (False: another session
        reviewed it since; the caller replays the question)."""
        with self.transaction() as conn:
            self.add_events([tombstone])
            conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            mine = (answer.card_id, answer.question_id, reps_after, answer.at)
            if before is None:
                cur = conn.execute("DELETE FROM question_state WHERE card_id = ? AND question_id = ? AND reps = ? "
                                   "AND last_review = ?", mine)
            else:
                cols = STATE_FIELDS[2:]
                cur = conn.execute(f"UPDATE question_state SET {', '.join(c + ' = ?' for c in cols)} WHERE "
                                   "card_id = ? AND question_id = ? AND reps = ? AND last_review = ?",
                                   state_values(before)[2:] + mine)
            return cur.rowcount == 1

    # ----- the log -----
    def review_logs(self, card_id: str | None = None, question_id: str | None = None) -> list[tuple[Any, ...]]:
        """(id, card, question, time, rating, duration_ms, details) in time order: every row, or one question's."""
        if card_id is None:
            return self.query("SELECT id, card_id, question_id, reviewed_at, rating, duration_ms, details "
                              "FROM review_log ORDER BY reviewed_at, id")
        return self.query("SELECT id, card_id, question_id, reviewed_at, rating, duration_ms, details FROM review_log "
                          "WHERE card_id = ? AND question_id = ? ORDER BY reviewed_at, id", (card_id, question_id))

    def logged_reviews(self, key: tuple[str, str] | None = None) -> list[tuple[Any, ...]]:
        """What the replay reads of the review log: (uid, card and question it was made under, time, rating,
        duration_ms, current card and question, device) of every row, or of one question's (current ids)."""
        sql = ("SELECT uid, coalesce(asked_card, card_id), coalesce(asked_question, question_id), reviewed_at, "
               "rating, duration_ms, card_id, question_id, device FROM review_log")
        if key is None:
            return self.query(sql)
        return self.query(sql + " WHERE card_id = ? AND question_id = ?", key)

    def fill_missing_ids(self) -> int:
        """Give rows written without a uid or a device (by another tool, or damaged) the id their migration
        would have given, and this device (inside the caller's transaction). Returns how many."""
        from dlstudy.srs.events import legacy_uid

        assert self.conn is not None
        n = 0
        for table, parts in (("review_log", "card_id, question_id, reviewed_at, rating"),
                             ("attempts", "card_id, question_id, answered_at")):
            kind = "review" if table == "review_log" else "attempt"
            rows = self.query(f"SELECT id, {parts} FROM {table} WHERE uid IS NULL OR device IS NULL")
            for row_id, *values in rows:
                uid = legacy_uid(kind, *values)
                if self.query(f"SELECT 1 FROM {table} WHERE uid = ? AND id != ?", (uid, row_id)):
                    uid = legacy_uid(kind, *values, row_id)  # a duplicate row: an id of its own
                self.conn.execute(f"UPDATE {table} SET uid = coalesce(uid, ?), device = coalesce(device, ?) "
                                  "WHERE id = ?", (uid, self.device, row_id))
                n += 1
        return n

    def put_state(self, card_id: str, question_id: str, row: StateRow | None) -> None:
        """Set (or, with None, delete) one question's state."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM question_state WHERE card_id = ? AND question_id = ?", (card_id, question_id))
            if row is not None:
                conn.execute(f"INSERT INTO question_state({STATE_COLUMNS}) VALUES ({_PLACEHOLDERS})", state_values(row))

    def replace_state(self, rows: list[StateRow]) -> None:
        """Replace all question states (doctor --rebuild), in one transaction."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM question_state")
            conn.executemany(f"INSERT INTO question_state({STATE_COLUMNS}) VALUES ({_PLACEHOLDERS})",
                             [state_values(r) for r in rows])

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
