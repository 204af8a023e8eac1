"""Read-only summaries of the review log, states and sessions: stats, history, doctor, exports."""

from __future__ import annotations

from typing import Any

from dlstudy.srs.database import Database


class SummaryStore(Database):
    def overrides(self) -> dict[tuple[str, int], tuple[int | None, bool]]:
        """(source, row id) -> (suggested rating, overridden) for every review and attempt (exports)."""
        out = {("review", i): (s, bool(o)) for i, s, o in
               self.query("SELECT id, suggested_rating, overridden FROM review_log")}
        out.update({("attempt", i): (s, bool(o)) for i, s, o in
                    self.query("SELECT id, suggested_rating, overridden FROM attempts")})
        return out

    def counts(self) -> dict[str, int]:
        """Rows per table and the schema version (doctor)."""
        out = {"schema": self.query("PRAGMA user_version")[0][0]}
        for table in ("review_log", "question_state", "attempts", "events"):
            out[table] = self.query(f"SELECT count(*) FROM {table}")[0][0]
        return out

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

    def rating_log(self, keys: list[tuple[str, str]] | None = None) -> list[tuple[str, str, float, int]]:
        """(card, question, time, rating) of the review log, by question and time (calibration replays
        it): every row, or only those of the questions in keys (each read through the question index)."""
        sql = "SELECT card_id, question_id, reviewed_at, rating FROM review_log"
        if keys is None:
            return self.query(sql + " ORDER BY card_id, question_id, reviewed_at, id")
        out: list[tuple[str, str, float, int]] = []
        for card_id, question_id in keys:
            out += self.query(sql + " WHERE card_id = ? AND question_id = ? ORDER BY reviewed_at, id",
                              (card_id, question_id))
        return out

    def practice_per_day(self, shift: float, since: float) -> dict[int, int]:
        """Quiz, interview and drill answers (skipped questions not counted) per study-day number
        CAST((answered_at + shift) / 86400), from `since` on."""
        return {int(d): n for d, n in self.query(
            "SELECT CAST((answered_at + ?) / 86400 AS INTEGER) AS d, count(*) FROM attempts "
            "WHERE answered_at >= ? AND rating IS NOT NULL GROUP BY d", (shift, since))}

    def practice_by_card(self) -> list[tuple[str, str, int, int]]:
        """(mode, card, answers, right) of quiz, interview and drill answers (skipped questions not
        counted); right = rated Good or Easy (the learner's rating: the grader's unless overridden)."""
        return self.query(
            "SELECT coalesce(s.mode, 'quiz'), a.card_id, count(*), coalesce(sum(a.rating >= 3), 0) FROM attempts a "
            "LEFT JOIN sessions s ON s.id = a.session_id WHERE a.rating IS NOT NULL GROUP BY 1, 2")

    def most_lapsed_cards(self, n: int = 5) -> list[tuple[str, int]]:
        return self.query("SELECT card_id, sum(lapses) FROM question_state GROUP BY card_id ORDER BY 2 DESC LIMIT ?",
                          (n,))

    def sessions(self, limit: int, with_empty: bool = True) -> list[tuple[Any, ...]]:
        """Newest sessions first: (id, mode, started, ended, summary JSON, answered, correct, reviews, overrides).
        with_empty=False leaves out the sessions without an answer (quit at the first prompt)."""
        answered = ("CASE WHEN s.mode = 'review' THEN EXISTS(SELECT 1 FROM review_log l WHERE l.session_id = s.id) "
                    "ELSE EXISTS(SELECT 1 FROM attempts a WHERE a.session_id = s.id AND (a.correct IS NOT NULL OR "
                    "a.rating IS NOT NULL)) END")
        return self.query(
            "SELECT s.id, s.mode, s.started_at, s.ended_at, s.summary, "
            "(SELECT count(*) FROM attempts a WHERE a.session_id = s.id AND (a.correct IS NOT NULL OR "
            " a.rating IS NOT NULL)), "
            "(SELECT count(*) FROM attempts a WHERE a.session_id = s.id AND a.correct = 1), "
            "(SELECT count(*) FROM review_log l WHERE l.session_id = s.id), "
            "(SELECT count(*) FROM attempts a WHERE a.session_id = s.id AND a.overridden) + "
            "(SELECT count(*) FROM review_log l WHERE l.session_id = s.id AND l.overridden) "
            f"FROM sessions s {'' if with_empty else 'WHERE ' + answered} ORDER BY s.started_at DESC, s.id DESC "
            "LIMIT ?", (limit,))

    def attempt_rows(self) -> list[tuple[Any, ...]]:
        """Every quiz/drill/interview answer: (id, card, question, time, rating, correct, duration, answer, mode)."""
        return self.query(
            "SELECT a.id, a.card_id, a.question_id, a.answered_at, a.rating, a.correct, a.duration_ms, a.answer, "
            "s.mode FROM attempts a JOIN sessions s ON s.id = a.session_id ORDER BY a.answered_at, a.id")

    def integrity_ok(self) -> bool:
        rows = self.query("PRAGMA integrity_check")
        return bool(rows) and rows[0][0] == "ok"
