"""docs/commands.md is the --help pages collected: each `## dlstudy CMD` section holds `dlstudy CMD --help`
at 80 columns. `python -m tests.ecosystem.commands_doc` rewrites those blocks from the current help (a
command without a section gets one before "## Shell completion"); the prose around them is kept.
`tests/ecosystem/test_json_docs.py` checks that the file is what this would write."""

from __future__ import annotations

import re
import sys

from tests.conftest import REPO

DOC = REPO / "docs" / "commands.md"
WIDTH = 80
SECTION = re.compile(r"## dlstudy ([a-z][a-z -]*)\n\n```text\n(.*?)```\n", re.S)


def command_paths() -> list[str]:
    """'cards', 'show', …, 'export anki', 'export history': every command, in registration order."""
    import typer.main

    from dlstudy.cli.app import app

    root = typer.main.get_command(app)
    paths: list[str] = []

    def walk(group, prefix: str) -> None:
        for name in group.list_commands(None):
            cmd = group.get_command(None, name)
            if hasattr(cmd, "list_commands"):
                walk(cmd, f"{prefix}{name} ")
            else:
                paths.append(f"{prefix}{name}")

    walk(root, "")
    return paths


def help_text(path: str) -> str:
    from typer.testing import CliRunner

    from dlstudy.cli.app import app

    r = CliRunner().invoke(app, [*path.split(), "--help"], terminal_width=WIDTH, prog_name="dlstudy")
    assert r.exit_code == 0, (path, r.output)
    return r.stdout


def section(path: str) -> str:
    return f"## dlstudy {path}\n\n```text\n{help_text(path)}```\n"


def generate(text: str) -> str:
    known = {m.group(1) for m in SECTION.finditer(text)}
    text = SECTION.sub(lambda m: section(m.group(1)), text)
    missing = "".join(section(p) + "\n" for p in command_paths() if p not in known)
    if missing:
        marker = "## Shell completion"
        text = text.replace(marker, missing + marker) if marker in text else text.rstrip("\n") + "\n\n" + missing
    return text


if __name__ == "__main__":
    old = DOC.read_text(encoding="utf-8")
    new = generate(old)
    DOC.write_text(new, encoding="utf-8")
    sys.stdout.write("docs/commands.md " + ("regenerated\n" if new != old else "was up to date\n"))
