"""The stored settings (`dlstudy config`): key -> text; srs/scheduler.py checks and reads them."""

from __future__ import annotations

from dlstudy.srs.database import Database


class SettingsStore(Database):
    def get_config(self) -> dict[str, str]:
        return dict(self.query("SELECT key, value FROM config"))

    def set_config(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO config(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, value))

    def delete_config(self, key: str) -> bool:
        """Remove a setting (e.g. the study plan); whether it was there."""
        with self.transaction() as conn:
            return bool(conn.execute("DELETE FROM config WHERE key = ?", (key,)).rowcount > 0)
