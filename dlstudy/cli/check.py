"""`dlstudy check [PATH ...]`: validate the bundled cards plus your own, printing every problem."""


from typing import List, Optional

import typer

HELP = """Validate cards: the bundled deck, your decks (--content, DLSTUDY_CONTENT) and any PATHs.

Every problem is printed as file:line: card-id: field: message. Predict questions are
checked by running their demo (skip that with --fast). Exit code 1 when anything is wrong.

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
    from pathlib import Path

    from dlstudy.content.checks import grading_problems, run_predict_checks
    from dlstudy.content.loader import load_deck
    from dlstudy.errors import ExitCode

    app = ctx.obj
    dirs = app.content_dirs() + [Path(p) for p in (paths or [])]
    deck = load_deck(dirs, use_cache=False)
    problems = list(deck.problems) + grading_problems(deck.cards)
    if not fast:
        problems.extend(run_predict_checks(deck.cards))
    if as_json:
        import json

        typer.echo(json.dumps({"cards": len(deck.cards), "files": deck.files,
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
    if problems:
        raise typer.Exit(ExitCode.PROBLEMS)
