"""Per-question flags: suspended, buried until a time, flagged (with a name and a note). A cache of the
log's flag events (srs/replay.py): written by the actions that record them (srs/actions.py)."""

from __future__ import annotations

from typing import Any, Iterable

from dlstudy.srs.database import Database
from dlstudy.srs.records import Flags

_COLUMNS = "card_id, question_id, suspended, buried_until, flagged, note, flag"


def _flags(suspended: Any, buried: Any, flagged: Any, note: Any, flag: Any) -> Flags:
    name = flag if isinstance(flag, str) and flag else ("edit" if flagged else None)
    return Flags(bool(suspended), float(buried) if isinstance(buried, (int, float)) and buried is not None else None,
                 name, note if isinstance(note, str) else None)


class FlagStore(Database):
    def flags(self) -> dict[tuple[str, str], dict[str, Any]]:
        """(card, question) -> {suspended, buried_until, flagged, note, flag} for every question with flags."""
        return {(c, q): {"suspended": bool(s), "buried_until": b, "flagged": bool(f), "note": n,
                         "flag": (name or "edit") if f else None}
                for c, q, s, b, f, n, name in self.query(f"SELECT {_COLUMNS} FROM question_flags")}

    def flag_rows(self, keys: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], Flags]:
        """The flags of these questions (or of all), typed."""
        if keys is None:
            rows = self.query(f"SELECT {_COLUMNS} FROM question_flags")
        else:
            rows = []
            for card_id, question_id in keys:
                rows += self.query(f"SELECT {_COLUMNS} FROM question_flags WHERE card_id = ? AND question_id = ?",
                                   (card_id, question_id))
        return {(c, q): _flags(*rest) for c, q, *rest in rows}

    def put_flags(self, key: tuple[str, str], flags: Flags) -> None:
        """Set one question's flags (no row when they are all off), inside the caller's transaction or one
        of its own."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM question_flags WHERE card_id = ? AND question_id = ?", key)
            if not flags.empty:
                conn.execute(f"INSERT INTO question_flags({_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
                             (key[0], key[1], int(flags.suspended), flags.buried_until, int(flags.flag is not None),
                              flags.note, flags.flag))

    def suspended(self) -> set[tuple[str, str]]:
        return {(c, q) for c, q in self.query("SELECT card_id, question_id FROM question_flags WHERE suspended")}
