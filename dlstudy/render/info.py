"""Rendering of `dlstudy info CARD/QID`: the figures, the answers in a plain table, the forgetting curve
for the coming weeks with the desired-retention line (the stats charts' style: render/charts.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from dlstudy.render.table import Column, render_table
from dlstudy.text import escape, fmt

if TYPE_CHECKING:
    from rich.console import Console


def _when(iso: str | None) -> str:
    if iso is None:
        return "-"
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")


def _days(days: float | None) -> str:
    if days is None:
        return "-"
    if days < 1:
        minutes = days * 1440
        return f"{minutes:.0f} min" if minutes < 60 else f"{minutes / 60:.0f} h"
    return f"{days:.1f} d" if days < 10 else f"{days:.0f} d"


def _num(value: float | None) -> str:
    return "-" if value is None else fmt(value, 3)


def figures_line(d: dict[str, Any]) -> str:
    """state · due · interval · stability · difficulty · recall now · reps · lapses (and the leech mark)."""
    parts = [d["state"]]
    if d["due"] is not None:
        parts += [f"due {_when(d['due'])}", f"interval {_days(d['interval_days'])}",
                  f"stability {_num(d['stability'])} d", f"difficulty {_num(d['difficulty'])}",
                  f"recall now {d['retrievability']:.0%}" if d["retrievability"] is not None else "recall now -"]
    parts += [f"{d['reps']} answer(s)", f"{d['lapses']} lapse(s)"]
    return " · ".join(parts)


def render_info(con: Console, d: dict[str, Any], colour: bool, width: int) -> None:
    from rich.text import Text

    from dlstudy.render.charts import LinePlot

    title = f"[bold]{escape(d['card'])}/{escape(d['question'])}[/]"
    if d["topic"]:
        title += f" [dim]({escape(d['topic'])})[/]"
    if not d["in_deck"]:
        title += " [yellow]not in your deck (history kept)[/]"
    con.print(title)
    con.print(escape(figures_line(d)))
    marks = []
    if d["leech"]:
        marks.append(f"[red]leech[/] ({d['lapses']} lapses ≥ leech_threshold {d['leech_threshold']}): its card is "
                     "shown before it is asked; 'dlstudy suspend' takes it out")
    if d["suspended"]:
        marks.append("[yellow]suspended[/]")
    if d["buried_until"]:
        marks.append(f"[yellow]buried until {_when(d['buried_until'])}[/]")
    if d["flag"]:
        marks.append(f"[yellow]flag '{escape(d['flag'])}'[/]")
    for mark in marks:
        con.print(mark)
    if d["reviews"]:
        columns = [Column("time"), Column("rating", "bold"), Column("grader"), Column("next", align="right"),
                   Column("answer", flexible=True, min_width=10)]
        rows = [[_when(r["at"]), r["rating"] + (" (yours)" if r["overridden"] else ""), r["suggested_rating"] or "-",
                 _days(r["interval_days"]), (r["answer"] or "").replace("\n", " ")] for r in d["reviews"]]
        con.print(Text.from_ansi(render_table(columns, rows, colour=colour, width=width,
                                              title=f"{len(d['reviews'])} answer(s), oldest first").rstrip("\n")))
    else:
        con.print("No answers yet.")
    if d["events"]:
        con.print("[bold]Other actions[/]: " + escape(", ".join(
            f"{e['kind']}{' ' + e['detail'] if e['detail'] else ''} ({_when(e['at'])})" for e in d["events"])))
    if d["curve"]:
        days = [c["day"] for c in d["curve"]]
        con.print(LinePlot({"predicted recall": [c["retrievability"] for c in d["curve"]],
                            f"desired retention {d['desired_retention']:.0%}": [d["desired_retention"]] * len(days)},
                           x=days, title="Forgetting curve: predicted recall over the coming weeks (if not reviewed)",
                           xlabel="days from now", ylabel="recall", height=12))
