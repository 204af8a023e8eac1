"""Backups with SQLite's online backup API: daily automatic ones (last 7 kept) and on demand."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

KEEP = 7
PREFIX = "dlstudy-"


def _backups_dir() -> Path:
    from dlstudy.paths import backups_dir

    return backups_dir()


def list_backups() -> list[Path]:
    d = _backups_dir()
    if not d.is_dir():
        return []
    return sorted(d.glob(f"{PREFIX}*.db"))


def backup_now(store, reason: str = "manual") -> Path:
    """Copy the live database (consistent snapshot, WAL included) into the backups folder."""
    from dlstudy.srs.store import _explain

    d = _backups_dir()
    d.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = d / f"{PREFIX}{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = d / f"{PREFIX}{stamp}-{reason}-{n}.db"
    try:
        dest = sqlite3.connect(str(target))
        with dest:
            store.conn.backup(dest)
        dest.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise _explain(exc, target) from None
    _prune()
    return target


def _prune() -> None:
    autos = [p for p in list_backups() if p.stem.endswith("-daily")]
    for old in autos[:-KEEP]:
        old.unlink(missing_ok=True)


def ensure_daily_backup(store) -> Path | None:
    """Before the first write of a day: back up the database if it has any data and no backup today."""
    if store.conn is None:
        return None
    has_data = store.query("SELECT EXISTS(SELECT 1 FROM review_log) OR EXISTS(SELECT 1 FROM attempts)")[0][0]
    if not has_data:
        return None
    today = time.strftime("%Y%m%d", time.gmtime())
    if any(p.name.startswith(f"{PREFIX}{today}") and p.stem.endswith("-daily") for p in list_backups()):
        return None
    return backup_now(store, reason="daily")


def restore(source: Path, db: Path) -> Path | None:
    """Replace the database with a backup, keeping a copy of what it replaces. Returns that copy's path."""
    from dlstudy.errors import StateError

    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        ok = src.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        version = src.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raise StateError(f"{source} is not a usable backup ({exc})", hint="pick another file from 'dlstudy backup --list'") from None
    if not ok or version == 0:
        src.close()
        raise StateError(f"{source} is not a usable dlstudy backup", hint="pick another file from 'dlstudy backup --list'")
    kept = None
    if db.exists():
        d = _backups_dir()
        d.mkdir(parents=True, exist_ok=True)
        kept = d / f"{PREFIX}{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-before-restore.db"
        cur = sqlite3.connect(str(db))
        try:
            dest = sqlite3.connect(str(kept))
            cur.backup(dest)
            dest.close()
        finally:
            cur.close()
    dest = sqlite3.connect(str(db))
    try:
        src.backup(dest)
    finally:
        dest.close()
        src.close()
    return kept
