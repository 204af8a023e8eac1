"""`dlstudy` with no command: a short dashboard that ends with the next command to try."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console


def dashboard(ctx) -> None:
    from collections import Counter

    from rich.table import Table

    from dlstudy.cli.plan import countdown_line
    from dlstudy.content.schema import topic_title
    from dlstudy.srs.overview import due_counts

    app = ctx.obj
    con = app.console
    lang = app.language()
    deck = app.index()
    due = due_counts(deck, app.clock.now())
    app.report_settings(due["settings_problems"])
    cards_per = Counter(c.topic for c in deck.cards)
    questions_per: Counter[str] = Counter()
    for c in deck.cards:
        questions_per[c.topic] += c.n_questions
    table = Table(title="dlstudy: deep learning, one runnable concept at a time", title_justify="left")
    table.add_column("topic")
    table.add_column("cards", justify="right")
    table.add_column("questions", justify="right")
    table.add_column("due", justify="right")
    table.add_column("new today", justify="right")
    for topic in deck.topics():
        row = [topic_title(topic, lang) + f" [dim]({topic})[/]", str(cards_per[topic]), str(questions_per[topic])]
        unseen = due["unseen_by_topic"].get(topic, 0)
        row += [str(due["due_by_topic"].get(topic, 0)),
                f"{due['new_by_topic'].get(topic, 0)} [dim]of {unseen} unseen[/]" if unseen else "0"]
        table.add_row(*row)
    con.print(table)
    total_q = sum(questions_per.values())
    con.print(f"{len(deck.cards)} cards, {total_q} questions; new today: {due['new_today']} (today's allowance: "
              + ("the study plan's, 'dlstudy plan')." if due.get("new_from_plan") else
                 "'dlstudy config new_per_day', within reviews_per_day)."))
    if (line := countdown_line(app, deck)) is not None:
        con.print(line)
    _practice_line(con, app.clock.now())
    later = f" (+{due['later_today']} learning step(s) later today)" if due.get("later_today") else ""
    limit = due["new_held"] in ("reviews_per_day", "new_per_day")
    if due["held"]:
        con.print(f"[bold]{due['due']} question(s) due now[/]{later}; today's review limit holds {due['held']} "
                  "back. Next: [green]dlstudy review[/], then [green]dlstudy review --more 20[/] for more today.")
    elif due["due"] > 0:
        con.print(f"[bold]{due['due']} question(s) due now[/]{later}. Next: [green]dlstudy review[/]")
    elif not due.get("reviewed_ever"):
        con.print("Next: [green]dlstudy show xavier-init[/], [green]dlstudy demo softmax-overflow[/], "
                  "then [green]dlstudy review[/] to start learning.")
    elif due["new_today"]:
        con.print(f"Nothing due now{later}; {due['new_today']} new question(s) for today. Next: [green]dlstudy "
                  "review[/]")
    elif later:
        con.print(f"Nothing due now{later}. Next: [green]dlstudy review[/] in a few minutes, or [green]dlstudy quiz[/] "
                  "for practice.")
    elif limit:
        con.print("Nothing due; today's new questions are done (today's limit). Next: [green]dlstudy review --more "
                  "10[/] for more today, or [green]dlstudy quiz[/] for practice.")
    else:
        con.print("Nothing due. Next: [green]dlstudy quiz[/] for practice, or [green]dlstudy stats[/].")


def _practice_line(con: Console, now: datetime) -> None:
    """What practice did and did not change: quiz, interview and drill answers are kept (stats, history),
    the schedule moves only with reviews."""
    from dlstudy.srs.stats import PRACTICE_RECENT_DAYS, recent_practice

    n = recent_practice(now)
    if n:
        con.print(f"practice: {n} answer{'s' if n != 1 else ''} in the last {PRACTICE_RECENT_DAYS} days (quizzes do "
                  "not change the schedule; [green]dlstudy review[/] does)")
