"""`dlstudy check [PATH ...]`: validate the bundled cards plus your own, printing every problem."""


from typing import List, Optional

import typer

HELP = """Validate cards: the bundled deck, your decks (--content, DLSTUDY_CONTENT) and any PATHs.

Every problem is printed as file:line: card-id: field: message. Predict questions are
checked against their demo's result, from the demo-result cache or by running the demo;
with PATHs, the bundled deck's only from the cache (--fast skips them). Exit code 1 when
anything is wrong, 2 when a PATH does not exist or is not a card file.

\b
Examples:
  dlstudy check
  dlstudy check ~/my-deck
  dlstudy check my-card.yaml --fast
"""
EPILOG = "The card format: 'dlstudy docs card-format'."


def check(
    ctx: typer.Context,
    paths: Optional[List[str]] = typer.Argument(None, metavar="[PATH]...", help="Extra card files or folders."),
    fast: bool = typer.Option(False, "--fast", help="Do not run demos to verify predict questions."),
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    from dlstudy.content.checks import PredictReport, grading_problems, predict_checks
    from dlstudy.content.loader import load_deck
    from dlstudy.errors import ExitCode
    from dlstudy.render.progress import Status

    app = ctx.obj
    named = [card_path(p) for p in (paths or [])]  # a wrong PATH is a usage error, before anything slow
    with Status(enabled=not as_json) as status:
        status.update("reading cards…")
        deck = load_deck(app.content_dirs() + named, use_cache=False, track_lines=True)  # problems at their lines
        problems = list(deck.problems) + grading_problems(deck.cards)
        if fast:
            report = PredictReport(not_checked=sum(q.kind == "predict" for c in deck.cards for q in c.questions))
        else:
            # with PATHs, the bundled deck is checked from the cache only (its demos run in a plain 'check')
            report = predict_checks(deck.cards, cache_only=(lambda card: card.bundled) if named else None,
                                    on_progress=lambda i, n: status.update(
                                        f"running {n} demo{'s' if n != 1 else ''} for predict questions {i}/{n}"))
            problems.extend(report.problems)
    if as_json:
        import json

        typer.echo(json.dumps({"cards": len(deck.cards), "files": deck.files, "predict": report.to_dict(),
                               "problems": [p.to_dict() for p in problems]}, indent=2))
    else:
        con = app.console
        for p in problems:
            con.print(str(p), markup=False, highlight=False, soft_wrap=True)
        nq = deck.question_count()
        if problems:
            con.print(f"[red]{len(problems)} problem(s)[/] in {deck.files} file(s); "
                      f"{len(deck.cards)} valid card(s), {nq} question(s).")
        else:
            con.print(f"[green]ok[/]: {len(deck.cards)} cards, {nq} questions in {deck.files} files, no problems.")
        if named and not fast and report.cache_only:
            con.print(bundled_line(report), markup=False, highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(ExitCode.PROBLEMS)


def bundled_line(report) -> str:
    checked = report.cache_only - report.not_checked
    line = (f"bundled deck: {checked} predict question{'s' if checked != 1 else ''} checked from the cache, "
            f"{report.not_checked} not checked")
    return line + (" (run 'dlstudy check' to run their demos)" if report.not_checked else "")


def card_path(text: str):
    """A PATH argument as a Path: an existing folder or .yaml/.yml file, else a UsageError (exit 2)."""
    from pathlib import Path

    from dlstudy.content.loader import CARD_SUFFIXES
    from dlstudy.errors import UsageError

    path = Path(text)
    try:
        exists, folder = path.exists(), path.is_dir()
    except (OSError, ValueError):  # e.g. a NUL byte in the name
        exists = folder = False
    if not exists:
        raise UsageError(f"no such file or folder: {text}",
                         hint="give a card file (.yaml or .yml) or a folder of card files")
    if not folder and not path.name.endswith(CARD_SUFFIXES):
        raise UsageError(f"not a card file: {text}",
                         hint="card files end in .yaml or .yml; give one, or a folder of card files")
    return path
