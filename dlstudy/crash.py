"""Crash reports: an unexpected exception is written to a file under the data folder (never shown as
a traceback); the user sees one line naming the file."""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from pathlib import Path

KEEP = 20


def reports_dir() -> Path:
    from dlstudy.paths import home_dir

    return home_dir() / "crash-reports"


def report(exc: BaseException, argv: list[str]) -> Path | None:
    """Write the report; its path, or None when it could not be written."""
    from dlstudy import __version__
    from dlstudy.files import atomic_write_bytes

    text = (f"dlstudy {__version__} · Python {platform.python_version()} · {platform.platform()}\n"
            f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
            f"command: {' '.join(argv[1:]) or '(dashboard)'}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    try:
        folder = reports_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        atomic_write_bytes(path, text.encode("utf-8", "replace"))
        for old in sorted(folder.glob("crash-*.txt"))[:-KEEP]:
            old.unlink()
        return path
    except Exception:  # noqa: BLE001 - a report that cannot be written must not hide the original error
        return None
    finally:
        if os.environ.get("DLSTUDY_DEBUG"):
            sys.stderr.write(text)
