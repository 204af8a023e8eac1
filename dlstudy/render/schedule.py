"""Rendering of `dlstudy schedule`: one line per started question, in the plain fast table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dlstudy.render.table import Column, render_table


def when_text(due: str, now: datetime) -> str:
    """'now', 'today 14:05', 'Dec 17' (a review is due from the start of its study day)."""
    when = datetime.fromisoformat(due)
    if when <= now:
        return "now"
    local_now = now.astimezone(when.tzinfo)
    if when.date() == local_now.date():
        return f"today {when:%H:%M}"
    return f"{when:%b} {when.day}" + (f" {when.year}" if when.year != local_now.year else "")


def interval_text(days: float | None) -> str:
    if days is None:
        return "-"
    if days < 1:
        minutes = days * 1440
        return f"{minutes:.0f} min" if minutes < 60 else f"{minutes / 60:.0f} h"
    return f"{days:.0f} d"


def schedule_table(rows: list[Any], now: datetime, colour: bool, width: int, title: str) -> str:
    columns = [Column("question", "cyan"), Column("topic"), Column("state"), Column("due", "bold"),
               Column("interval", align="right"), Column("recall", align="right"), Column("reps", align="right"),
               Column("lapses", align="right"), Column("flags", "yellow")]
    body = [[f"{r['card']}/{r['question']}", r["topic"], r["state"], when_text(r["due"], now),
             interval_text(r["interval_days"]),
             "-" if r["retrievability"] is None else f"{r['retrievability']:.0%}", str(r["reps"]), str(r["lapses"]),
             ", ".join(m for m in ("suspended" if r["suspended"] else "", "leech" if r["leech"] else "",
                                   f"flag {r['flag']}" if r["flag"] else "") if m)] for r in rows]
    return render_table(columns, body, colour=colour, title=title, width=width)
