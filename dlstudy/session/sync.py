"""Syncing around a study session: with `config sync_dir`, review and quiz sync at their start and end,
quietly (one line), and a failure is a warning: studying is never blocked by a sync."""

from __future__ import annotations

from typing import Any

from dlstudy.text import escape


def auto_sync(app: Any, store: Any, console: Any, when: str) -> None:
    """Sync through this device's sync folder, if one is set; say what happened in one line."""
    from pathlib import Path

    from dlstudy.errors import DlstudyError

    try:
        folder = store.local("sync_dir")
    except DlstudyError:
        return
    if not folder:
        return
    from dlstudy.srs.sync import sync

    try:
        report = sync(store, Path(folder), app.clock.now().timestamp())
    except DlstudyError as exc:
        console.print(f"[yellow]warning:[/] sync at the {when} failed: {escape(exc.message)} (studying goes on; "
                      "your answers are kept here and sync next time)")
        return
    except Exception as exc:  # noqa: BLE001 - a sync must never stop a session
        console.print(f"[yellow]warning:[/] sync at the {when} failed: {escape(str(exc)[:200])} (studying goes on)")
        return
    for line in report.skipped:
        console.print(f"[yellow]warning:[/] sync: {escape(line)}")
    console.print(f"[dim]sync ({escape(report.folder)}): {escape(report.summary())}[/]")
