"""Reading one line of input, typed or piped: bounded (MAX_LINE), echoed when piped, sanitized.

Shared by the asker (answers, ratings) and the demo lab (`lab>` commands). EOF (Ctrl-D, or a closed
standard input) raises EOFError; Ctrl-C raises KeyboardInterrupt.
"""

from __future__ import annotations

import sys
from typing import Any

from dlstudy.text import clean, escape, shorten

MAX_LINE = 4_000  # characters in one typed or piped answer line; longer lines are refused, not read whole


class LineTooLong(Exception):
    """The line was longer than MAX_LINE (the rest of it has been read and dropped)."""


def _read_piped() -> str:
    if sys.stdin is None:  # standard input closed (`dlstudy review <&-`): nothing more to read
        raise EOFError
    try:
        line = sys.stdin.readline(MAX_LINE + 1)
    except (ValueError, OSError):  # closed, or the terminal is gone: the end of the input
        raise EOFError from None
    if line == "":
        raise EOFError
    if len(line) > MAX_LINE and not line.endswith("\n"):
        while True:  # drop the rest of the line in bounded chunks: work proportional to the input
            rest = sys.stdin.readline(1 << 16)
            if rest == "" or rest.endswith("\n"):
                break
        raise LineTooLong
    return line.rstrip("\r\n")


def read_line(con: Any, prompt: str) -> str:
    """One line of input. On a terminal, input() gives line editing (readline); piped answers are echoed
    (sanitized, and shortened when long). Lines over MAX_LINE characters are refused and asked again."""
    while True:
        con.print(prompt, end="")
        sys.stdout.flush()
        try:
            if sys.stdin is not None and sys.stdin.isatty() and con.file is sys.stdout:
                from dlstudy.session.paste import read_terminal_line

                try:  # line editing (readline); a pasted answer of several lines is one answer
                    line = read_terminal_line(MAX_LINE)
                except (EOFError, KeyboardInterrupt):
                    con.print()  # Ctrl-D / Ctrl-C: end the prompt line, so nothing is glued to it
                    raise
                if len(line) > MAX_LINE:
                    raise LineTooLong
                return clean(line)
            try:
                line = _read_piped()
            except EOFError:
                con.print()
                raise
            con.print(escape(shorten(line, 200)), markup=True, highlight=False)  # echo piped answers
            return clean(line)
        except LineTooLong:
            con.print(f"\n[yellow]that line is longer than {MAX_LINE:,} characters; answer in fewer words[/]")
