"""`dlstudy reschedule CARD/QID --due DATE`: set when a question is due next."""


import typer

from dlstudy.cli import completion

HELP = """Set the day a started question is due next: it is due from the start of that study day
(rollover_hour). Its memory state (stability, difficulty) is unchanged; the next answer is scheduled
from it as usual. DATE is YYYY-MM-DD, today or later.

\b
Examples:
  dlstudy reschedule softmax/overflow-why --due 2026-12-24
"""
EPILOG = "See a question's schedule first: 'dlstudy info CARD/QID'. Undo with 'dlstudy undo'."


def reschedule(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="CARD/QID", help="The question.", autocompletion=completion.question_ids),
    due: str = typer.Option(..., "--due", metavar="DATE", help="The day it is due (YYYY-MM-DD, today or later)."),
) -> None:
    from datetime import date, datetime, time, timedelta

    from dlstudy.errors import UsageError
    from dlstudy.session.targets import name, resolve
    from dlstudy.srs import clock
    from dlstudy.srs.actions import question_action
    from dlstudy.srs.settings import Settings
    from dlstudy.text import clean, escape

    try:
        day = date.fromisoformat(due.strip())
    except ValueError:
        raise UsageError(f"--due {clean(due)[:40]!r} is not a date", hint="give YYYY-MM-DD, e.g. 2026-12-24") from None
    app = ctx.obj
    now = app.clock.now()
    deck = app.index()
    with app.store(create=False) as store:
        known = store.keys_with_history() if not store.empty else set()
        [key] = resolve(target, deck, known, question=True)
        state = store.state(*key) if not store.empty else None
        if state is None:
            raise UsageError(f"{name(key)} has no schedule yet (never answered)",
                             hint="answer it in 'dlstudy review' first")
        rollover = Settings.from_config(store.get_config()).rollover_hour
        today = date.fromisoformat(clock.study_day(now, rollover))
        if day < today:
            raise UsageError(f"--due {day.isoformat()} is in the past (today's study day is {today.isoformat()})",
                             hint="give today or a later day")
        if day > today + timedelta(days=36500):
            raise UsageError(f"--due {day.isoformat()} is more than 100 years ahead")
        when = datetime.combine(day, time(rollover), tzinfo=clock.local_tz()).timestamp()
        question_action(store, "reschedule", [key], now.timestamp(), {"due": when})
    app.console.print(f"{escape(name(key))} is due on {day.isoformat()} ('dlstudy undo' takes it back)")
