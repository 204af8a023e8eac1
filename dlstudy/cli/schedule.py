"""`dlstudy schedule`: every started question with its schedule, soonest due first."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """List every question you have started, soonest due first: its state (learning, review,
relearning), when it is due (a review from the start of its study day, a learning step at its time),
its interval, predicted recall now, reviews and lapses, and whether it is suspended, a leech or
flagged. Filters narrow the list: --due-before, --state, --leech, --lapses-at-least, --flag.

\b
Examples:
  dlstudy schedule
  dlstudy schedule --topic nlp
  dlstudy schedule --leech
  dlstudy schedule --state relearning --due-before 2026-12-24
  dlstudy schedule --flag unclear --json
"""
EPILOG = "What is due today: 'dlstudy' (the dashboard) and 'dlstudy review'. Rebuilt from the log: 'dlstudy doctor --rebuild'."


def schedule(
    ctx: typer.Context,
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic.", autocompletion=completion.topics),
    due_before: Optional[str] = typer.Option(None, "--due-before", metavar="DATE",
                                             help="Only questions due before this day (YYYY-MM-DD)."),
    state: Optional[str] = typer.Option(None, "--state", metavar="STATE", help="Only learning, review or relearning."),
    leech: bool = typer.Option(False, "--leech", help="Only leeches (lapses reached leech_threshold)."),
    lapses_at_least: Optional[int] = typer.Option(None, "--lapses-at-least", metavar="N", min=0, max=100000,
                                                  help="Only questions with at least N lapses."),
    flag: Optional[str] = typer.Option(None, "--flag", metavar="NAME", help="Only questions with this flag."),
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON (see 'dlstudy docs json')."),
) -> None:
    import sys
    from datetime import date, datetime, time

    from dlstudy.errors import UsageError
    from dlstudy.srs import clock
    from dlstudy.srs.events import valid_flag_name
    from dlstudy.srs.schedule_view import Filters, schedule_rows
    from dlstudy.srs.settings import Settings
    from dlstudy.text import clean

    if state is not None and state not in ("learning", "review", "relearning"):
        raise UsageError(f"--state {clean(state)[:20]!r} is not a state", hint="learning, review or relearning")
    if flag is not None and not valid_flag_name(flag):
        raise UsageError(f"--flag {clean(flag)[:40]!r} is not a flag name", hint="e.g. --flag unclear")
    day = None
    if due_before is not None:
        try:
            day = date.fromisoformat(due_before.strip())
        except ValueError:
            raise UsageError(f"--due-before {clean(due_before)[:40]!r} is not a date", hint="give YYYY-MM-DD") from None
    app = ctx.obj
    deck = app.index()
    app.check_topic(topic, deck)
    cards = [c for c in deck.cards if topic is None or c.topic == topic]
    now = app.clock.now()
    with app.store(create=False, readonly=True) as store:
        settings = Settings.from_config(store.get_config()) if not store.empty else Settings()
        before = datetime.combine(day, time(settings.rollover_hour), tzinfo=clock.local_tz()).timestamp() \
            if day is not None else None
        filters = Filters(before, state, leech, lapses_at_least, flag)
        rows = schedule_rows(store, cards, now, settings, filters) if not store.empty else []
    if as_json:
        import json

        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    filtered = any(x is not None for x in (due_before, state, lapses_at_least, flag)) or leech
    if not rows:
        app.console.print("No question matches these filters." if filtered else "No question started yet"
                          + (f" in {topic}" if topic else "") + ". Start with [green]dlstudy review[/].")
        return
    from dlstudy.render.schedule import schedule_table

    title = f"{len(rows)} {'matching' if filtered else 'started'} question(s)" + (f" in {topic}" if topic else "") \
        + ", soonest due first"
    sys.stdout.write(schedule_table(rows, now, colour=app.colour(sys.stdout), width=app.width(), title=title))
