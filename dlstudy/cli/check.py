"""`dlstudy check [PATH ...]`: validate the bundled cards plus your own, printing every problem."""


from typing import TYPE_CHECKING, Any, List, Optional

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from dlstudy.session.context import AppContext

HELP = """Validate cards: the bundled deck, your decks (--content, DLSTUDY_CONTENT) and any PATHs.

Every problem is printed as file:line: card-id: field: message, all of a file's problems in one
run. Without PATHs: the bundled deck and your decks (--content, DLSTUDY_CONTENT); with PATHs: only
those (the other cards' ids, for duplicates and prerequisites, come from the index cache). Predict
questions are checked against their demo's result, from the demo-result cache or by running the
demo (--fast skips them). Exit code 1 when anything is wrong, 2 when a PATH does not exist or is not
a card file. With a progress database, history for question ids in none of your decks is listed
too (with "did you rename it to …?" when a new id looks like the old one; not counted as a problem).

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
    from dlstudy.content.checks import PredictReport, predict_checks
    from dlstudy.content.loader import load_deck
    from dlstudy.errors import ExitCode
    from dlstudy.render.progress import Status

    app = ctx.obj
    named = [card_path(p) for p in (paths or [])]  # a wrong PATH is a usage error, before anything slow
    with Status(enabled=not as_json) as status:
        status.update("reading cards…")
        if named:  # only these; the other decks' ids (duplicates, prerequisites) come from the index cache
            deck = load_deck(named, include_bundled=False, deep=True, known=known_ids(app, named))
        else:
            deck = load_deck(app.content_dirs(), deep=True)
        problems = list(deck.problems)
        if fast:
            report = PredictReport(not_checked=sum(q.plugin.demo_ref(q.spec) is not None
                                                   for c in deck.cards for q in c.questions))
        else:
            report = predict_checks(deck.cards, on_progress=lambda i, n: status.update(
                f"running {n} demo{'s' if n != 1 else ''} for predict questions {i}/{n}"))
            problems.extend(report.problems)
    problems.sort(key=lambda p: (p.file, p.line))
    lost = history_check(app, deck)
    if as_json:
        import json

        typer.echo(json.dumps({"cards": len(deck.cards), "files": deck.files, "predict": report.to_dict(),
                               "problems": [p.to_dict() for p in problems], "history": lost}, indent=2))
    else:  # plain lines (no rich: checking a small deck stays fast), coloured on a terminal
        import sys

        from dlstudy.render.terminal import colour_allowed

        colour = colour_allowed(app.no_color, sys.stdout)
        paint = (lambda code, text: f"\x1b[{code}m{text}\x1b[0m") if colour else (lambda code, text: text)
        lines = [str(p) for p in problems]
        nq = deck.question_count()
        if problems:
            lines.append(f"{paint('31', f'{len(problems)} problem(s)')} in {deck.files} file(s); "
                         f"{len(deck.cards)} valid card(s), {nq} question(s).")
        else:
            lines.append(f"{paint('32', 'ok')}: {len(deck.cards)} cards, {nq} questions in {deck.files} files, "
                         "no problems.")
        lines += history_lines(lost, paint)
        sys.stdout.write("\n".join(lines) + "\n")
    if problems:
        raise typer.Exit(ExitCode.PROBLEMS)


def history_check(app: "AppContext", deck: Any) -> list[dict[str, Any]]:
    """Your history for question ids in none of your decks (the database, when there is one, against every
    deck and the cards checked): renamed ids lose their schedule until 'dlstudy rename' moves it."""
    from dlstudy.errors import StateError
    from dlstudy.session.targets import orphans

    ids = {(c.id, q) for c in app.index(report=False).cards for q in c.question_ids}
    ids |= {(c.id, q.id) for c in deck.cards for q in c.questions}
    try:
        return orphans(app, ids)
    except StateError as exc:  # a database that cannot be read does not hide the cards' problems
        app.warn(f"history not checked: {exc.message}")
        return []


def history_lines(lost: list[dict[str, Any]], paint: Any) -> list[str]:
    from dlstudy.text import clean

    if not lost:
        return []
    lines = [paint("33", f"history for {len(lost)} question id(s) in none of your decks") + " (kept, never asked):"]
    for o in lost[:50]:
        old = f"{o['card']}/{o['question']}"
        line = f"  {clean(old)}: {o['answers']} answer(s)"
        guess = o["did_you_rename_to"]
        if guess and "/" in guess:
            line += f"; did you rename it to {clean(guess)}? 'dlstudy rename {clean(old)} {clean(guess)}'"
        elif guess:
            line += f"; did you rename its card to {clean(guess)}? 'dlstudy rename {clean(o['card'])} {clean(guess)}'"
        lines.append(line)
    if len(lost) > 50:
        lines.append(f"  … and {len(lost) - 50} more ('dlstudy check --json' lists them all)")
    return lines


def known_ids(app: "AppContext", named: "list[Path]") -> dict[str, str]:
    """id -> where, of every card outside the named paths (bundled and --content decks), from the index."""
    from pathlib import Path

    from dlstudy.content.loader import load_index

    roots = [p.resolve() for p in named]
    out: dict[str, str] = {}
    for info in load_index(app.content_dirs()).cards:
        root = Path(info.root)
        file = (root / info.rel if root.is_dir() else root).resolve()
        if not any(file == r or r in file.parents for r in roots):
            out[info.id] = f"{info.path}:{info.line}"
    return out


def card_path(text: str) -> "Path":
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
