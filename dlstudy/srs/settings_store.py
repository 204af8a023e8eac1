"""The stored settings (`dlstudy config`): key -> text; srs/scheduler.py checks and reads them. The
`config` table is a cache of the log's config events (latest wins): every change is an event."""

from __future__ import annotations

from dlstudy.srs.event_store import EventStore


class SettingsStore(EventStore):
    def get_config(self) -> dict[str, str]:
        return dict(self.query("SELECT key, value FROM config"))

    def set_config(self, key: str, value: str | None, at: float | None = None, now: float | None = None) -> None:
        """Change a setting (None: back to its default) as an event, in one transaction with the cache. Its
        time: `at` exactly, or stamped after this device's latest record from `now` (default: the clock,
        which DLSTUDY_NOW may set)."""
        from dlstudy.srs.actions import set_config

        set_config(self, key, value, at, now)

    def replace_config(self, config: dict[str, str]) -> None:
        """Replace every stored setting (a replay's result), inside the caller's transaction or its own."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM config")
            conn.executemany("INSERT INTO config(key, value) VALUES (?, ?)", sorted(config.items()))

    def put_config(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM config WHERE key = ?", (key,))
            else:
                conn.execute("INSERT INTO config(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                             "value = excluded.value", (key, value))

    def delete_config(self, key: str) -> bool:
        """Remove a setting (e.g. the study plan) as an event, like any change; whether it was there."""
        if key not in self.get_config():
            return False
        self.set_config(key, None)
        return True
