"""Per-question flags: suspended, buried until a time, flagged for editing (with a note)."""

from __future__ import annotations

from typing import Any

from dlstudy.srs.database import Database

FLAG_COLUMNS = ("suspended", "buried_until", "flagged", "note")


class FlagStore(Database):
    def flags(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {(c, q): {"suspended": bool(s), "buried_until": b, "flagged": bool(f), "note": n}
                for c, q, s, b, f, n in self.query(
                    "SELECT card_id, question_id, suspended, buried_until, flagged, note FROM question_flags")}

    def set_flag(self, card_id: str, question_id: str, **values: Any) -> None:
        assert set(values) <= set(FLAG_COLUMNS)
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO question_flags(card_id, question_id) VALUES (?, ?)",
                         (card_id, question_id))
            for key, value in values.items():
                conn.execute(f"UPDATE question_flags SET {key} = ? WHERE card_id = ? AND question_id = ?",
                             (value, card_id, question_id))

    def suspended(self) -> set[tuple[str, str]]:
        return {(c, q) for c, q in self.query("SELECT card_id, question_id FROM question_flags WHERE suspended")}
