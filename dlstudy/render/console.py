"""The shared rich consoles (stdout and stderr), honouring --no-color, NO_COLOR and TERM=dumb."""

from __future__ import annotations

import os
import sys

_no_color = False
_console = None
_err_console = None


def set_no_color(value: bool) -> None:
    global _no_color, _console, _err_console
    _no_color = value
    _console = None
    _err_console = None


def _make(stderr: bool):
    from rich.console import Console

    no_color = _no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    return Console(stderr=stderr, no_color=no_color, highlight=False, soft_wrap=stderr,
                   file=sys.stderr if stderr else sys.stdout)


def console():
    """The stdout console. Recreated when sys.stdout changes (as under CliRunner)."""
    global _console
    if _console is None or _console.file is not sys.stdout:
        _console = _make(False)
    return _console


def err_console():
    global _err_console
    if _err_console is None or _err_console.file is not sys.stderr:
        _err_console = _make(True)
    return _err_console


def error(message: str, hint: str | None = None) -> None:
    """One-line error on stderr (plus an optional hint line)."""
    from dlstudy.text import escape

    con = err_console()
    con.print(f"[bold red]error:[/] {escape(message)}")
    if hint:
        con.print(f"[dim]hint:[/] {escape(hint)}")


def warn(message: str) -> None:
    from dlstudy.text import escape

    err_console().print(f"[yellow]warning:[/] {escape(message)}")
