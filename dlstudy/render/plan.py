"""Rendering of `dlstudy plan`: the plan in a few lines, the forecast as bars (the stats charts' style),
expected recall on the day per topic, on track or what would fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlstudy.render.charts import bar_chart
from dlstudy.text import escape

if TYPE_CHECKING:
    from rich.console import Console

    from dlstudy.srs.plan_forecast import Day, Report

DAILY_UP_TO = 21  # a longer forecast is shown a week a bar


def countdown(rep: Report) -> str:
    """The dashboard's line: 'interview in 12 days · expected recall 0.84 · on track' (or what is behind)."""
    if rep.ended:
        return f"the interview date {rep.spec.date} has passed: the plan has ended and ordinary scheduling has resumed"
    when = {0: "interview today", 1: "interview tomorrow"}.get(rep.days_left, f"interview in {rep.days_left} days")
    state = "on track" if rep.on_track else "behind: " + rep.behind()
    return f"{when} · expected recall {rep.recall:.2f} · {state}"


def _bars(days: list[Day]) -> tuple[list[str], list[float], str]:
    if len(days) <= DAILY_UP_TO:
        labels = [f"{d.date:%a %m-%d}  {d.new:>4} new {d.reviews:>5} rev" for d in days]
        return labels, [round(d.minutes, 1) for d in days], "minutes per day"
    labels, values = [], []
    for i in range(0, len(days), 7):
        week = days[i:i + 7]
        labels.append(f"week of {week[0].date:%m-%d}  {sum(d.new for d in week):>4} new "
                      f"{sum(d.reviews for d in week):>5} rev")
        values.append(round(max(d.minutes for d in week), 1))
    return labels, values, "minutes on the busiest day of each week"


def render_plan(con: Console, rep: Report) -> None:
    from dlstudy.content.schema import topic_title

    spec = rep.spec
    topics = ", ".join(escape(t) for t in rep.topics) if spec.topics else "every topic"
    if rep.ended:
        con.print(f"[bold]The interview date {spec.date} has passed.[/] The plan has ended and ordinary scheduling "
                  "has resumed ([green]dlstudy plan --clear[/] removes the plan).")
        return
    when = {0: "today", 1: "tomorrow"}.get(rep.days_left, f"in {rep.days_left} days")
    con.print(f"[bold]Interview on {spec.date:%a %Y-%m-%d}, {when}[/] · syllabus: {topics} "
              f"({rep.questions} questions, {rep.started} started) · {spec.minutes} min a day "
              f"at {rep.seconds:.0f} s an answer")
    if rep.new_per_day:
        last = spec.cutoff.toordinal() - 1
        from datetime import date

        con.print(f"New questions: at least {rep.new_per_day} a day (more while your minutes allow) until "
                  f"{date.fromordinal(last)}; from {spec.cutoff} review only, aimed at recall on the day.")
    else:
        con.print("No new questions now: review only, aimed at recall on the day (a question you would not recall "
                  "then comes back early; one you will recall waits).")
    if rep.forecast and rep.forecast.days:
        labels, values, title = _bars(rep.forecast.days)
        con.print(bar_chart(labels, values, title=f"{title} (you set {spec.minutes})"))
    if rep.recall_by_topic:
        con.print(bar_chart([topic_title(t) for t in rep.recall_by_topic], [round(v, 2) for v in rep.recall_by_topic.values()],
                            title="expected recall on the day, per topic"))
    verdict = "[green]on track[/]" if rep.on_track else "[yellow]off track[/]"
    con.print(f"Expected recall on the day: [bold]{rep.recall:.2f}[/] (your desired retention {rep.goal:.2f}) · {verdict}")
    for line in rep.advice:
        con.print(f"  - {escape(line)}")
