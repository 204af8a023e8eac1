"""`dlstudy stats`: due today, forecast, heatmap, retention, mastery, weakest concepts, streak."""


import typer

HELP = """Show your progress: due today and a 30-day forecast, reviews per day for the last
12 weeks, true retention, mastery per topic, weakest concepts, streak, flagged and suspended.

\b
Examples:
  dlstudy stats
  dlstudy stats --json
"""
EPILOG = "Mastery is the mean recall probability (FSRS retrievability) of a concept's questions."


def stats(as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON (see docs/json.md).")) -> None:
    from dlstudy.cli import state
    from dlstudy.paths import db_path
    from dlstudy.srs.stats import compute_stats
    from dlstudy.srs.store import Store

    deck = state.deck()
    with Store.open(create=False) as store:
        if store.empty:
            data = None
        else:
            data = compute_stats(store, deck)
    if data is None:
        if as_json:
            import json

            typer.echo(json.dumps({"reviews_total": 0, "due_today": 0, "database": str(db_path()), "exists": False}))
            return
        from dlstudy.render.console import console

        console().print("No reviews yet. Start with [green]dlstudy review[/].")
        return
    if as_json:
        import json

        typer.echo(json.dumps(data, indent=2))
        return
    from dlstudy.render.console import console
    from dlstudy.render.stats import render_stats

    render_stats(console(), data)
