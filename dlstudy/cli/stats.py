"""`dlstudy stats`: due today, forecast, heatmap, retention, mastery, weakest concepts, streak, practice,
calibration."""


import typer

HELP = """Show your progress: due today and a 30-day forecast, reviews per day for the last
12 weeks, true retention, mastery per topic, weakest concepts, streak, flagged and suspended.
Beside them, practice: quiz, interview and drill answers per day and the share right per topic
(practice does not change the schedule). Last, calibration: how well your reviews are predicted
(predicted recall against what happened, log loss and RMSE over bins, under your parameters and
FSRS's defaults).

\b
Examples:
  dlstudy stats
  dlstudy stats --json
"""
EPILOG = ("Mastery is the mean recall probability (FSRS retrievability) of a concept's questions. Calibration needs "
          "about 100 reviews made a day or more after the one before.")


def stats(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON (see 'dlstudy docs json').")) -> None:
    from dlstudy.cli.plan import stats_entry
    from dlstudy.paths import db_path
    from dlstudy.srs.stats import compute_stats

    app = ctx.obj
    deck = app.deck()
    with app.store(create=False, readonly=True) as store:
        if store.empty:
            data = None
        else:
            data = compute_stats(store, deck, app.clock.now())
            data["plan"] = stats_entry(store, deck, app.clock.now())
    if data is None:
        if as_json:
            import json

            typer.echo(json.dumps({"reviews_total": 0, "due_today": 0, "due_now": 0, "later_today": 0, "database": str(db_path()), "exists": False}))
            return
        app.console.print("No reviews yet. Start with [green]dlstudy review[/].")
        return
    if as_json:
        import json

        typer.echo(json.dumps(data, indent=2))
        return
    from dlstudy.render.stats import render_stats

    render_stats(app.console, data)
