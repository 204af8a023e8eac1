"""The events table and this database's own table (`local`): appending events, reading them back, the
time an action is stamped with, and moving records to a question's new ids (a rename)."""

from __future__ import annotations

import json
from typing import Any, Iterable

from dlstudy.srs.database import Database
from dlstudy.srs.events import LEGACY_DEVICE, STEP, Event, Tombstones

Key = tuple[str, str]
EVENT_COLUMNS = "uid, device, at, kind, card_id, question_id, data"
_MOVE = ("UPDATE {table} SET "
         "asked_card = CASE WHEN coalesce(asked_card, card_id) = ? AND coalesce(asked_question, question_id) = ? "
         "THEN NULL ELSE coalesce(asked_card, card_id) END, "
         "asked_question = CASE WHEN coalesce(asked_card, card_id) = ? AND coalesce(asked_question, question_id) = ? "
         "THEN NULL ELSE coalesce(asked_question, question_id) END, "
         "card_id = ?, question_id = ? WHERE uid = ?")


class EventStore(Database):
    # ----- this database's own values (never synced) -----
    def local(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM local WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_local(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM local WHERE key = ?", (key,))
            else:
                conn.execute("INSERT INTO local(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                             "value = excluded.value", (key, value))

    # ----- appending -----
    def add_events(self, events: Iterable[Event]) -> int:
        """Append events (inside the caller's transaction, or one of its own); an event whose uid the table
        has already is skipped. Returns how many were added."""
        rows = [(e.uid, e.device, e.at, e.kind, e.card, e.question, json.dumps(e.data, ensure_ascii=False))
                for e in events]
        with self.transaction() as conn:
            before = conn.total_changes
            sql = f"INSERT INTO events({EVENT_COLUMNS}) VALUES (?,?,?,?,?,?,?) ON CONFLICT(uid) DO NOTHING"
            if len(rows) == 1:
                conn.execute(sql, rows[0])
            else:
                conn.executemany(sql, rows)
            return conn.total_changes - before

    def stamp(self, now: float, keys: Iterable[Key] = (), card: str | None = None) -> float:
        """The time of a new action: now, or just after the latest record of the questions it touches (of
        the card, for a card's rename; of this device, for a settings change) and this device's floor, so
        that actions made while the clock shows one moment replay in the order they were made."""
        latest: list[tuple[float, str | None]] = []
        wanted = list(keys)
        for c, q in wanted:
            latest += self._latest(
                "SELECT max(reviewed_at), device FROM review_log WHERE card_id = ? AND question_id = ? UNION ALL "
                "SELECT max(at), device FROM events WHERE card_id = ? AND question_id = ?", (c, q, c, q))
        if card is not None:
            latest += self._latest(
                "SELECT max(reviewed_at), device FROM review_log WHERE card_id = ? UNION ALL "
                "SELECT max(at), device FROM events WHERE card_id = ?", (card, card))
        if not wanted and card is None:
            latest += self._latest(
                "SELECT max(reviewed_at), device FROM review_log WHERE device IN (?, ?) UNION ALL "
                "SELECT max(at), device FROM events WHERE device IN (?, ?) AND kind != 'undo'",
                (self.device, LEGACY_DEVICE, self.device, LEGACY_DEVICE))
        latest.append((self.floor(), None))
        at, ahead = self._after(now, latest)
        if ahead:
            self.raise_floor(at)
        return at

    def _latest(self, sql: str, args: tuple[Any, ...]) -> list[tuple[float, str | None]]:
        """(time, device) of each row of a query of `max(time), device` (SQLite takes the device from the
        row of the maximum)."""
        return [(float(t), str(d) if d is not None else None) for t, d in self.query(sql, args) if t is not None]

    def _after(self, now: float, latest: list[tuple[float, str | None]]) -> tuple[float, bool]:
        """The time after `now` and every (time, device) in `latest` (device None: the floor), and whether
        it was pushed ahead of the clock by the floor or another device's record: then the floor moves up
        to it (a push by this device's own record made at the same moment does not: a clock that runs
        ahead of later actions' clocks, as in tests that go back in time, stays this device's own)."""
        at = max([now] + [t + STEP for t, _d in latest])
        mine = (self.device, LEGACY_DEVICE)
        return at, any(t + STEP > now and d not in mine for t, d in latest)

    def floor(self) -> float:
        """This device's logical clock: the latest time one of its own actions was stamped at, when that was
        ahead of the clock (pushed past another device's record), or a settings change received from a
        device whose clock runs ahead. Every new action of this device is stamped after it, so that this
        device's actions replay (and undo) in the order they were made. -inf when nothing was pushed."""
        rows = self.query("SELECT value FROM local WHERE key = 'floor'")
        try:
            return float(rows[0][0]) if rows else float("-inf")
        except (TypeError, ValueError):
            return float("-inf")

    def raise_floor(self, at: float) -> None:
        """Move the floor (see floor) up to `at`, inside the caller's transaction or its own."""
        with self.transaction() as conn:
            conn.execute("INSERT INTO local(key, value) VALUES ('floor', ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "CASE WHEN CAST(value AS REAL) < CAST(excluded.value AS REAL) THEN excluded.value "
                         "ELSE value END", (repr(float(at)),))

    def answer_time(self, now: float, key: Key) -> tuple[float, bool]:
        """The time of a new answer to `key`: now, or just after the question's latest answer or event and
        this device's floor (see floor), in one indexed read, so that the replay (time, then uid) schedules
        it as it was made even when another device's clock runs ahead; and whether the answer's transaction
        raises the floor to it (pushed by the floor or another device's record: record_answer)."""
        return self._after(now, self.answer_latest(key))

    def answer_latest(self, key: Key) -> list[tuple[float, str | None]]:
        """What answer_time reads: the question's latest answer and event, and this device's floor (as
        (time, device); device None for the floor). A session reads it when it shows the question
        (answer_after then stamps the answer without a read)."""
        return self._latest(
            "SELECT max(reviewed_at), device FROM review_log WHERE card_id = ? AND question_id = ? UNION ALL "
            "SELECT max(at), device FROM events WHERE card_id = ? AND question_id = ? UNION ALL "
            "SELECT CAST(value AS REAL), NULL FROM local WHERE key = 'floor'", (*key, *key))

    def answer_after(self, now: float, latest: list[tuple[float, str | None]]) -> tuple[float, bool]:
        """answer_time from what answer_latest read."""
        return self._after(now, latest)

    # ----- reading -----
    def undone(self) -> Tombstones:
        """What the undo events take back (each only its own device's records)."""
        return Tombstones(self.event_rows("WHERE kind = 'undo'"))

    def drop_undone(self, tombstones: Tombstones, uids: Iterable[str]) -> list[Key]:
        """Take the answers among `uids` that the tombstones cover out of the review log (inside the caller's
        transaction); returns their questions."""
        assert self.conn is not None
        wanted = sorted(uids)
        out: list[Key] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            for uid, device, card, question in self.query(
                    "SELECT uid, device, card_id, question_id FROM review_log WHERE uid IN (%s)" % ",".join("?" * len(chunk)),
                    tuple(chunk)):
                if tombstones.covers(uid, device):
                    self.conn.execute("DELETE FROM review_log WHERE uid = ?", (uid,))
                    out.append((card, question))
        return out

    def events_of(self, key: Key) -> list[Event]:
        """The events of one question (by its current ids), in order."""
        from dlstudy.srs.replay import event_from_row

        rows = self.query("SELECT uid, device, at, kind, coalesce(asked_card, card_id), "
                          "coalesce(asked_question, question_id), data, card_id, question_id FROM events "
                          "WHERE card_id = ? AND question_id = ?", key)
        return sorted((event_from_row(r)[0] for r in rows), key=lambda e: e.order)

    def event_rows(self, where: str = "", args: tuple[Any, ...] = ()) -> list[Event]:
        """Events as recorded (the ids they were made under)."""
        from dlstudy.srs.replay import event_from_row

        return [event_from_row(r)[0] for r in self.query(
            "SELECT uid, device, at, kind, coalesce(asked_card, card_id), coalesce(asked_question, question_id), "
            f"data, card_id, question_id FROM events {where}", args)]

    def events_by_uid(self, uids: Iterable[str]) -> list[Event]:
        wanted = sorted(uids)
        out: list[Event] = []
        for i in range(0, len(wanted), 500):
            chunk = tuple(wanted[i:i + 500])
            out += self.event_rows("WHERE uid IN (%s)" % ",".join("?" * len(chunk)), chunk)
        return out

    def has_records(self, key: Key) -> bool:
        """Whether a question has any history: answers, a state, flags or events."""
        return bool(self.query(
            "SELECT 1 FROM review_log WHERE card_id = ? AND question_id = ? UNION ALL "
            "SELECT 1 FROM question_state WHERE card_id = ? AND question_id = ? UNION ALL "
            "SELECT 1 FROM question_flags WHERE card_id = ? AND question_id = ? UNION ALL "
            "SELECT 1 FROM events WHERE card_id = ? AND question_id = ? AND kind != 'rename' LIMIT 1", key * 4))

    def keys_with_history(self) -> set[Key]:
        """Every question the log or the caches know (by current ids)."""
        return {(c, q) for c, q in self.query(
            "SELECT card_id, question_id FROM review_log UNION SELECT card_id, question_id FROM question_state "
            "UNION SELECT card_id, question_id FROM question_flags UNION SELECT card_id, question_id FROM events "
            "WHERE card_id IS NOT NULL AND question_id IS NOT NULL AND kind NOT IN ('rename', 'config', 'undo')")}

    # ----- moving records (renames) and dropping undone answers: inside the caller's transaction -----
    def move_records(self, reviews: list[tuple[str, Key]], events: list[tuple[str, Key]]) -> int:
        """Give records new current ids (uid -> key); the ids each was made under are kept."""
        assert self.conn is not None
        for table, moves in (("review_log", reviews), ("events", events)):
            self.conn.executemany(_MOVE.format(table=table), [(c, q, c, q, c, q, uid) for uid, (c, q) in moves])
        return len(reviews) + len(events)

    def drop_reviews(self, uids: list[str]) -> int:
        assert self.conn is not None
        self.conn.executemany("DELETE FROM review_log WHERE uid = ?", [(u,) for u in uids])
        return len(uids)
