"""`dlstudy schedule`: every started question with its schedule, soonest due first."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """List every question you have started, soonest due first: its state (learning, review,
relearning), when it is due (a review from the start of its study day, a learning step at its time),
its interval, predicted recall now, reviews and lapses, and whether it is suspended.

\b
Examples:
  dlstudy schedule
  dlstudy schedule --topic nlp
  dlstudy schedule --json | jq '.[] | select(.lapses > 2)'
"""
EPILOG = "What is due today: 'dlstudy' (the dashboard) and 'dlstudy review'. Rebuilt from the log: 'dlstudy doctor --rebuild'."


def schedule(
    ctx: typer.Context,
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic.", autocompletion=completion.topics),
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON (see 'dlstudy docs json')."),
) -> None:
    import sys

    from dlstudy.srs.schedule_view import schedule_rows
    from dlstudy.srs.settings import Settings

    app = ctx.obj
    deck = app.index()
    app.check_topic(topic, deck)
    cards = [c for c in deck.cards if topic is None or c.topic == topic]
    now = app.clock.now()
    with app.store(create=False, readonly=True) as store:
        rows = schedule_rows(store, cards, now, Settings.from_config(store.get_config())) if not store.empty else []
    if as_json:
        import json

        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        app.console.print("No question started yet" + (f" in {topic}" if topic else "") +
                          ". Start with [green]dlstudy review[/].")
        return
    from dlstudy.render.schedule import schedule_table

    title = f"{len(rows)} started question(s)" + (f" in {topic}" if topic else "") + ", soonest due first"
    sys.stdout.write(schedule_table(rows, now, colour=app.colour(sys.stdout), width=app.width(), title=title))
