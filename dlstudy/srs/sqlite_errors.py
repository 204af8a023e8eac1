"""What a failed SQLite call means for the learner: one `StateError` line with a hint."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dlstudy.errors import StateError


def is_locked(exc: sqlite3.Error) -> bool:
    """Another process holds the lock (the write can wait and try again)."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def read_only_error(path: Path) -> StateError:
    """What a command that writes says on a data folder it cannot write (one line and a hint)."""
    from dlstudy.paths import read_only_error as folder_error

    return folder_error(path)


def explain_sqlite_error(exc: sqlite3.Error, path: Path) -> StateError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return read_only_error(path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StateError(f"the database {path} is damaged or is not a dlstudy database ({exc})",
                          hint="restore a backup with 'dlstudy restore', or move the file away to start fresh "
                               "(nothing was changed)")
    if "disk is full" in text or "disk i/o" in text:
        return StateError(f"cannot write to {path}: the disk is full or failing ({exc})",
                          hint="free some space and run the command again; answers already confirmed are saved")
    if "readonly" in text or "unable to open" in text or "permission" in text:
        return StateError(f"cannot open {path} for writing ({exc})",
                          hint="check the folder's permissions or set DLSTUDY_HOME to a writable folder")
    if is_locked(exc):
        return StateError(f"the database {path} is busy (another dlstudy is writing) ({exc})",
                          hint="try again in a moment")
    return StateError(f"database error in {path}: {exc}")
