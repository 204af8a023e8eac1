"""Rendering of `dlstudy sync --status`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlstudy.text import escape

if TYPE_CHECKING:
    from rich.console import Console


def _when(iso: str | None) -> str:
    return iso.replace("T", " ")[:16] if iso else "never"


def render_status(con: Console, d: dict[str, Any]) -> None:
    if d["device"] is None:
        con.print("No database yet: nothing to sync. Start with [green]dlstudy review[/].")
        return
    con.print(f"this device: {escape(d['device'])}")
    folder = d["sync_dir"] or d["last_dir"]
    con.print(f"sync folder: {escape(folder) if folder else 'none (dlstudy sync DIR, or dlstudy config sync_dir DIR)'}"
              + (" (config sync_dir: review and quiz sync by themselves)" if d["sync_dir"] else ""))
    con.print(f"last sync: {_when(d['last_sync'])} · this device's file last written: {_when(d['last_sent'])} "
              f"with {d['sent']} record(s)")
    if not d["devices"]:
        con.print("no other device seen yet")
        return
    con.print(f"{len(d['devices'])} other device(s):")
    for p in d["devices"]:
        con.print(f"  {escape(p['device'])}: last wrote {_when(p['last_written'])}, {p['records']} record(s) in its "
                  f"file, {p['received']} received here (last read {_when(p['last_read'])})")
