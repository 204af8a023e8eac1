"""Rendering of `dlstudy stats`: forecast bars, a calendar heatmap, mastery per topic."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from dlstudy.content.schema import topic_title
from dlstudy.render.charts import bar_chart

SHADES = " ░▒▓█"


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def heatmap(counts: list[int], first_day: str | None = None) -> Text:
    """A contributions calendar: weekday rows, one column per week, month labels on top, empty days as
    a visible dot, and a legend of the shades (with the count each stands for)."""
    from datetime import date, timedelta

    top = max(counts) if counts else 0
    start = date.fromisoformat(first_day) if first_day else date.today() - timedelta(days=len(counts) - 1)
    lead = start.weekday()  # the first column starts on a Monday
    cells: list[int | None] = [None] * lead + list(counts)
    cells += [None] * (-len(cells) % 7)
    weeks = len(cells) // 7
    text = Text()
    months = [" "] * (weeks * 3)
    last = None
    for w in range(weeks):
        monday = start + timedelta(days=w * 7 - lead)
        if monday.month != last:
            label = monday.strftime("%b")
            months[w * 3:w * 3 + len(label)] = list(label)
            last = monday.month
    text.append("    " + "".join(months[: weeks * 3]).rstrip() + "\n", style="dim")
    for day in range(7):
        text.append(f"{WEEKDAYS[day]} ", style="dim")
        for w in range(weeks):
            n = cells[w * 7 + day]
            if n is None:
                text.append("   ")
            elif n == 0:
                text.append("·  ", style="dim")
            else:
                level = min(4, max(1, -(-4 * n // top)))  # quartiles of the busiest day: ceil(4n/top)
                text.append(SHADES[min(level, 4)] * 2 + " ", style="green")
        text.append("\n")
    if top:
        text.append("    · none  " + "  ".join(legend_steps(top)) + " reviews a day\n", style="dim")
    return text


def legend_steps(top: int) -> list[str]:
    """The shades with the whole numbers of reviews each stands for (level i: ceil(4n/top) = i), e.g.
    ['░ 1-3', '▒ 4-6', '▓ 7-9', '█ 10-13'] for a busiest day of 13; a shade no day can have is left out."""
    out = []
    for i in range(1, 5):
        lo, hi = top * (i - 1) // 4 + 1, top * i // 4
        if lo <= hi:
            out.append(f"{SHADES[i]} {lo}" if lo == hi else f"{SHADES[i]} {lo}-{hi}")
    return out


def practice_line(p: dict) -> str | None:
    """One line on quiz, interview and drill answers (None before the first)."""
    if not p["answers"]:
        return None
    modes = ", ".join(f"{mode} {n}" for mode, n in p["by_mode"].items())
    n = p["answers"]
    return (f"practice: {n} answer{'s' if n != 1 else ''} ({modes}), {p['right_share']:.0%} right, {p['last_7_days']} in the "
            "last 7 days; quizzes do not change the schedule, [green]dlstudy review[/] does")


RECENT_DAYS = 7


def render_stats(con, d: dict) -> None:
    practice = d.get("practice") or {"answers": 0}
    later = f" (+{d['later_today']} learning step(s) later today)" if d.get("later_today") else ""
    n, days = d["reviews_total"], d["streak_days"]
    con.print(f"[bold]{d['due_now']}[/] due now{later} · {n} review{'' if n == 1 else 's'} in all · "
              f"streak {days} day{'' if days == 1 else 's'}")
    line = practice_line(practice)
    if line:
        con.print(line)
    if d["reviews_total"]:
        ret = d["retention"]
        true = f"{ret['true']:.0%}" if ret["true"] is not None else "n/a (no mature reviews yet)"
        allr = f"{ret['all']:.0%}" if ret["all"] is not None else "n/a"
        con.print(f"true retention (last {ret['window_days']} days, mature questions): {true} · all reviews passed: {allr}")
        con.print(bar_chart([f"+{i}d" if i else "today" for i in range(len(d["forecast"]))][:14], d["forecast"][:14],
                            title="due per day (next 14 of the 30-day forecast)"))
        con.print(f"[bold]Reviews per day, last 12 weeks[/] (from {d['heatmap']['first_day']})")
        con.print(heatmap(d["heatmap"]["reviews_per_day"], d["heatmap"].get("first_day")))
    else:
        con.print("No reviews yet: retention, the forecast, the heatmap and mastery start with your first "
                  "[green]dlstudy review[/].")
    if practice["answers"]:
        con.print(recent_days(d, practice))
    con.print(topic_table(d, practice))
    if d["weakest"]:
        con.print("[bold]Weakest concepts:[/] " + ", ".join(f"{w['card']} ({w['mastery']:.0%})" for w in d["weakest"]))
    q = d["questions"]
    con.print(f"questions started: {q['started']} of {q['total']}")
    if q.get("leeches"):
        con.print(f"[red]{len(q['leeches'])} leech(es)[/] (questions you keep forgetting, taught before they are "
                  "asked): " + ", ".join(q["leeches"][:5]) + (" …" if len(q["leeches"]) > 5 else "")
                  + " · [green]dlstudy leeches[/]")
    if q["flagged"]:
        con.print("[yellow]flagged:[/] " + ", ".join(q["flagged"]))
    if q["suspended"]:
        con.print("[yellow]suspended:[/] " + ", ".join(q["suspended"]))
    if q["orphaned"]:
        con.print(f"[dim]{len(q['orphaned'])} question(s) with history no longer in the content: "
                  + ", ".join(q["orphaned"][:5]) + "[/]")
    if "calibration" in d:
        from dlstudy.render.calibration import render_calibration

        render_calibration(con, d["calibration"], d["reviews_total"])


def topic_table(d: dict, practice: dict) -> Table:
    """Per topic: mastery (once there are reviews) and, beside it, practice answers and the share right."""
    show_mastery = bool(d["reviews_total"]) or not practice["answers"]
    show_practice = bool(practice["answers"])
    if show_mastery and show_practice:
        title = f"per topic: mastery (overall {d['mastery_overall']:.0%}) and practice"
    elif show_practice:
        title = "practice per topic"
    else:
        title = f"mastery (overall {d['mastery_overall']:.0%})"
    table = Table(title=title, title_justify="left")
    table.add_column("topic")
    if show_mastery:
        table.add_column("mastery", justify="right")
    if show_practice:
        table.add_column("practice", justify="right")
        table.add_column("right", justify="right")
    by_topic = practice.get("by_topic", {}) if show_practice else {}
    for topic, m in d["mastery_by_topic"].items():
        row = [topic_title(topic)] + ([f"{m:.0%}"] if show_mastery else [])
        if show_practice:
            p = by_topic.get(topic)
            row += [str(p["answers"]), f"{p['right_share']:.0%}"] if p else ["-", "-"]
        table.add_row(*row)
    return table


def recent_days(d: dict, practice: dict, days: int = RECENT_DAYS) -> Table:
    """Reviews and practice answers side by side, per study day of the last `days` (today last)."""
    from datetime import date, timedelta

    reviews = d["heatmap"]["reviews_per_day"][-days:]
    answers = practice["answers_per_day"][-days:]
    first = date.fromisoformat(d["heatmap"]["first_day"]) + timedelta(days=len(d["heatmap"]["reviews_per_day"]) - days)
    table = Table(title=f"last {days} days: reviews and practice answers", title_justify="left", box=None,
                  pad_edge=False, show_edge=False, header_style="dim")
    table.add_column("")
    labels = [WEEKDAYS[(first + timedelta(days=i)).weekday()] for i in range(days - 1)] + ["today"]
    for label in labels:
        table.add_column(label, justify="right", no_wrap=True)
    table.add_row("reviews", *[str(n) if n else "[dim]·[/]" for n in reviews])
    table.add_row("practice", *[str(n) if n else "[dim]·[/]" for n in answers])
    return table
