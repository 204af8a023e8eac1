"""Backups with SQLite's online backup API: daily automatic ones (last 7 kept) and on demand."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path
from typing import Callable

KEEP = 7
PREFIX = "dlstudy-"


def _backups_dir() -> Path:
    from dlstudy.paths import backups_dir

    return backups_dir()


def list_backups() -> list[Path]:
    """Completed backups, oldest first: regular files named dlstudy-*.db (a backup being written has a
    temporary dot-name until it is complete, so a backup killed half-way is never listed)."""
    d = _backups_dir()
    try:
        if not d.is_dir():
            return []
        out = []
        for p in d.glob(f"{PREFIX}*.db"):
            try:
                if p.is_file():  # follows links: a dangling one is skipped
                    out.append(p)
            except OSError:
                continue
        return sorted(out)
    except OSError:
        return []


def _sqlite_copy(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of an open database into target, via a temporary file renamed into place."""
    from dlstudy.files import atomic_path

    with atomic_path(target) as tmp:
        dest = sqlite3.connect(str(tmp))
        try:
            with dest:
                conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            dest.close()


def backup_now(store, reason: str = "manual") -> Path:
    """Copy the live database (consistent snapshot, WAL included) into the backups folder."""
    from dlstudy.errors import StateError
    from dlstudy.srs.sqlite_errors import explain_sqlite_error

    d = _backups_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(f"cannot create the backups folder {d}: {exc.strerror or exc}",
                         hint="free the name (a file of that name?) or fix the folder's permissions") from None
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = d / f"{PREFIX}{stamp}-{reason}.db"
    n = 1
    while os.path.lexists(target):
        n += 1
        target = d / f"{PREFIX}{stamp}-{reason}-{n}.db"
    try:
        _sqlite_copy(store.conn, target)
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, target) from None
    except OSError as exc:
        raise StateError(f"cannot write the backup {target}: {exc.strerror or exc}") from None
    _prune()
    return target


def _prune() -> None:
    autos = [p for p in list_backups() if p.stem.endswith("-daily")]
    for old in autos[:-KEEP]:
        try:
            old.unlink()
        except OSError:
            pass


def ensure_daily_backup(store, warn: Callable[[str], None] | None = None) -> Path | None:
    """Before the first write of a day: back up the database if it has any data and no backup today.

    A backup that cannot be made is reported through `warn` and never stops studying."""
    from dlstudy.errors import StateError

    if store.conn is None:
        return None
    has_data = store.query("SELECT EXISTS(SELECT 1 FROM review_log) OR EXISTS(SELECT 1 FROM attempts)")[0][0]
    if not has_data:
        return None
    today = time.strftime("%Y%m%d", time.gmtime())
    if any(p.name.startswith(f"{PREFIX}{today}") and p.stem.endswith("-daily") for p in list_backups()):
        return None
    try:
        return backup_now(store, reason="daily")
    except (StateError, OSError) as exc:
        if warn is not None:
            warn(f"no daily backup today: {getattr(exc, 'message', exc)} (your answers are still saved)")
        return None


REQUIRED_TABLES = {"sessions", "attempts", "review_log", "question_state", "question_flags", "config"}


def _open_readonly(path: Path) -> sqlite3.Connection:
    # as_uri() percent-encodes '?', '#' and '%', so every file name opens the file it names
    # immutable: nothing (no -wal/-shm) is created beside a backup that is only read
    return sqlite3.connect(path.absolute().as_uri() + "?mode=ro&immutable=1", uri=True)


def check_backup(source: Path) -> None:
    """StateError unless source is a complete dlstudy database this version can read."""
    from dlstudy.errors import StateError
    from dlstudy.srs.schema import SCHEMA_VERSION

    hint = "pick another file from 'dlstudy backup --list'"
    try:
        src = _open_readonly(source)
        try:
            ok = src.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            version = src.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise StateError(f"{source} is not a usable backup ({exc})", hint=hint) from None
    if not ok:
        raise StateError(f"{source} is damaged (integrity check failed)", hint=hint)
    if version > SCHEMA_VERSION:
        raise StateError(f"{source} was written by a newer dlstudy (schema {version}, this one knows {SCHEMA_VERSION})",
                         hint="upgrade dlstudy, or " + hint)
    missing = REQUIRED_TABLES - tables
    if version < 1 or missing:
        raise StateError(f"{source} is not a dlstudy backup"
                         + (f" (no {', '.join(sorted(missing))} table)" if missing and version >= 1 else ""), hint=hint)


def _no_space(exc: BaseException) -> bool:
    """A full disk (or quota), as SQLite or the OS says it."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)
    text = str(exc).lower()
    return "disk is full" in text or "database or disk is full" in text


def _space_error(where: Path) -> Exception:
    from dlstudy.errors import StateError

    return StateError(f"no space left on the disk of {where}; nothing was changed",
                      hint="free some space and run 'dlstudy restore' again")


def restore(source: Path, db: Path) -> Path | None:
    """Replace the database with a backup, keeping a copy of what it replaces. Returns that copy's path.

    The backup is checked first; the replaced database is kept even when it is damaged (copied as
    raw bytes then); the new database is written beside the old one and renamed into place. A full disk
    at any step leaves everything as it was ("no space left; nothing was changed")."""
    import shutil

    from dlstudy import signals
    from dlstudy.errors import StateError

    check_backup(source)
    kept = None
    try:
        if db.exists():
            d = _backups_dir()
            try:
                d.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StateError(f"cannot create the backups folder {d} to keep the current database: "
                                 f"{exc.strerror or exc}", hint="nothing was changed") from None
            kept = d / f"{PREFIX}{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-before-restore.db"
            n = 1
            while os.path.lexists(kept):
                n += 1
                kept = kept.with_name(f"{PREFIX}{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-before-restore-{n}.db")
            try:
                cur = sqlite3.connect(str(db))
                try:
                    cur.execute("PRAGMA integrity_check").fetchone()
                    _sqlite_copy(cur, kept)
                finally:
                    cur.close()
            except sqlite3.Error as exc:
                if _no_space(exc):
                    raise
                from dlstudy.files import atomic_path  # damaged: keep the bytes as they are

                with atomic_path(kept) as tmp:
                    shutil.copyfile(db, tmp)
        src = _open_readonly(source)
        try:
            with signals.held():  # the new file and its write-ahead log's removal: both or neither
                _sqlite_copy(src, db)
                for suffix in ("-wal", "-shm"):  # the old database's write-ahead log belongs to the replaced file
                    side = Path(str(db) + suffix)
                    try:
                        side.unlink()
                    except FileNotFoundError:
                        pass
        except sqlite3.Error as exc:
            if _no_space(exc):
                raise
            raise StateError(f"could not restore {source} ({exc})", hint="the current database was not changed") from None
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        if kept is not None:
            kept.unlink(missing_ok=True)  # nothing was changed: not even a copy is left behind
        if _no_space(exc):
            raise _space_error(db.parent) from None
        if isinstance(exc, sqlite3.Error):
            raise StateError(f"could not restore {source} ({exc})", hint="the current database was not changed") from None
        raise StateError(f"could not restore {source}: {exc.strerror or exc}",
                         hint="the current database was not changed") from None
    return kept
