"""`dlstudy export anki|history`: take your cards to Anki, your history to a spreadsheet."""


from typing import Optional

import typer

from dlstudy.text import clean

export_app = typer.Typer(help="Export questions to Anki, or your history to CSV/JSON.", no_args_is_help=True,
                         rich_markup_mode=None)


FORCE_HELP = ("Replace FILE if it exists. Even with --force, dlstudy never writes over its own database, "
              "its -wal/-shm files or its backups.")


@export_app.command("anki", help="""Write an Anki package (.apkg): one note per question.

Front: the prompt (and options); back: the answer, explanation, key points and, for predict
questions, the demo's output captured as text. Re-exporting updates notes instead of duplicating
them (GUIDs come from card id + question id).

\b
Examples:
  dlstudy export anki dlstudy.apkg
  dlstudy export anki nlp.apkg --topic nlp
  dlstudy export anki dlstudy.apkg --force     # replace an earlier export
""")
def anki(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE.apkg", help="Where to write the package (must not exist yet)."),
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.export.anki import Stage, build_package
    from dlstudy.files import check_target, write_target

    check_target(file, force)  # before the slow part
    if not file.endswith(".apkg"):
        raise UsageError("the file name must end in .apkg")
    app = ctx.obj
    deck = app.deck()
    cards = deck.cards
    if topic is not None:
        app.check_topic(topic, deck)
        cards = [c for c in cards if c.topic == topic]
    skipped: list[tuple[str, str, str]] = []
    counted: list[int] = []
    from dlstudy.render.progress import Status

    with Status() as status:
        def progress(stage: Stage, i: int, n: int) -> None:
            status.update(f"running {n} demo{'s' if n != 1 else ''} for predict questions {i}/{n}" if stage == "demos"
                          else f"writing {n} notes")

        write_target(file, lambda tmp: counted.append(
            build_package(cards, tmp, deck_name="dlstudy" + (f"::{topic}" if topic else ""), skipped=skipped,
                          on_progress=progress)), force)
    for card_id, qid, why in skipped:
        app.warn(f"left out {card_id}/{qid}: {why}")
    typer.echo(f"wrote {counted[0]} notes from {len(cards)} cards to {clean(file)}")


@export_app.command("history", help="""Export your review log and quiz attempts.

\b
Examples:
  dlstudy export history reviews.csv --csv
  dlstudy export history reviews.json --json
  dlstudy export history reviews.csv --csv --force
""")
def history(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="Where to write."),
    csv_: bool = typer.Option(False, "--csv", help="CSV (one row per answer)."),
    json_: bool = typer.Option(False, "--json", help="JSON (a list of answers)."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.export.history import write
    from dlstudy.files import check_target, write_target

    if csv_ == json_:
        raise UsageError("choose one format: --csv or --json")
    check_target(file, force)
    counted: list[int] = []
    with ctx.obj.store(create=False, readonly=True) as store:
        write_target(file, lambda tmp: counted.append(write(store, tmp, "json" if json_ else "csv")), force)
    n = counted[0]
    typer.echo(f"wrote {n} answers to {clean(file)}")
