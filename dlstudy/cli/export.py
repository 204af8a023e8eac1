"""`dlstudy export anki|history`: take your cards to Anki, your history to a spreadsheet."""


from typing import Optional

import typer

export_app = typer.Typer(help="Export questions to Anki, or your history to CSV/JSON.", no_args_is_help=True,
                         rich_markup_mode=None)


@export_app.command("anki", help="""Write an Anki package (.apkg): one note per question.

Front: the prompt (and options); back: the answer, explanation, key points and, for predict
questions, the demo's output captured as text. Re-exporting updates notes instead of duplicating
them (GUIDs come from card id + question id).

\b
Examples:
  dlstudy export anki dlstudy.apkg
  dlstudy export anki nlp.apkg --topic nlp
""")
def anki(
    file: str = typer.Argument(..., metavar="FILE.apkg", help="Where to write the package."),
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic."),
) -> None:
    from dlstudy.cli import state
    from dlstudy.errors import UsageError
    from dlstudy.export.anki import build_package

    if not file.endswith(".apkg"):
        raise UsageError("the file name must end in .apkg")
    deck = state.deck()
    cards = deck.cards
    if topic is not None:
        if topic not in deck.topics():
            raise UsageError(f"no topic '{topic}'", hint=f"topics: {', '.join(deck.topics())}")
        cards = [c for c in cards if c.topic == topic]
    try:
        n = build_package(cards, file, deck_name="dlstudy" + (f"::{topic}" if topic else ""))
    except OSError as exc:
        raise UsageError(f"cannot write {file}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {n} notes from {len(cards)} cards to {file}")


@export_app.command("history", help="""Export your review log and quiz attempts.

\b
Examples:
  dlstudy export history reviews.csv --csv
  dlstudy export history reviews.json --json
""")
def history(
    file: str = typer.Argument(..., help="Where to write."),
    csv_: bool = typer.Option(False, "--csv", help="CSV (one row per answer)."),
    json_: bool = typer.Option(False, "--json", help="JSON (a list of answers)."),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.export.history import write
    from dlstudy.srs.store import Store

    if csv_ == json_:
        raise UsageError("choose one format: --csv or --json")
    with Store.open(create=False) as store:
        try:
            n = write(store, file, "json" if json_ else "csv")
        except OSError as exc:
            raise UsageError(f"cannot write {file}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {n} answers to {file}")
