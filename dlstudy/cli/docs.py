"""`dlstudy docs [PAGE]`: the documentation shipped inside the package, printed as plain text."""

from typing import Optional

import typer

# page name -> (file in the docs folder, one line about it); the order of the listing
PAGES = {
    "commands": ("commands.md", "every command with its options and examples (the --help pages, collected)"),
    "card-format": ("card-format.md", "the card format: YAML fields, question kinds, your own decks"),
    "json": ("json.md", "the shape of every --json output"),
    "architecture": ("architecture.md", "how the code is layered, for contributors"),
}

HELP = """Read the documentation that comes with dlstudy (it is inside the installed package).

Without PAGE: the pages, one line each. With PAGE: its text (Markdown source) on stdout.

\b
Examples:
  dlstudy docs
  dlstudy docs card-format | less
  dlstudy docs json --path
"""
EPILOG = "Pages: " + ", ".join(PAGES) + "."


def _complete(incomplete: str) -> list[str]:
    return [p for p in PAGES if p.startswith(incomplete)]


def docs(
    ctx: typer.Context,
    page: Optional[str] = typer.Argument(None, metavar="[PAGE]", help="commands, card-format, json or architecture.",
                                         autocompletion=_complete),
    path: bool = typer.Option(False, "--path", help="Print where the file (or without PAGE, the folder) is."),
) -> None:
    from dlstudy.paths import docs_dir

    folder = docs_dir()
    if page is None:
        if path:
            typer.echo(str(folder))
            return
        import sys

        from dlstudy.render.layout import wrap
        from dlstudy.render.table import Column, render_table

        app = ctx.obj
        width = app.width(sys.stdout)
        columns = [Column("page", "bold green"), Column("what it holds", flexible=True, min_width=20)]
        rows = [[name, about] for name, (_, about) in PAGES.items()]
        sys.stdout.write(render_table(columns, rows, colour=app.colour(sys.stdout), title="Documentation pages",
                                      width=width))
        tip = "Read one with 'dlstudy docs PAGE', e.g. 'dlstudy docs card-format | less'."
        sys.stdout.write("\n" + "\n".join(wrap(tip, width)) + "\n")
        return
    if page not in PAGES:
        from dlstudy.session.context import unknown

        raise unknown("docs page", page, list(PAGES), listing=f"pages: {', '.join(PAGES)}")
    file = folder / PAGES[page][0]
    if path:
        typer.echo(str(file))
        return
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        from dlstudy.errors import StateError

        raise StateError(f"cannot read {file}: {exc.strerror or exc}",
                         hint="the docs are part of the dlstudy package: reinstall it") from None
    typer.echo(text, nl=not text.endswith("\n"))
