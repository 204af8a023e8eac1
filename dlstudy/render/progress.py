"""A one-line status on stderr for steps that can take over a second ("loading torch…",
"running 53 demos for predict questions 12/53", "writing 528 notes").

Shown only when stderr is a terminal (and TERM is not "dumb"); silent when piped and when the caller
says so (--json). Each update rewrites the line (carriage return, the text, clear to end of line),
cut to the terminal's width so it never wraps; `done()` (or leaving the `with` block, also on an
error or Ctrl-C) clears the line, so what the command prints afterwards starts at column 0 of a
clean line. Plain stdlib: no rich.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from typing import Callable, TextIO

from dlstudy.text import clean

CLEAR = "\x1b[K"  # erase to the end of the line


def _cells(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def fit(text: str, width: int) -> str:
    """text cut to at most `width` terminal cells (an ellipsis marks the cut)."""
    if width <= 0:
        return ""
    cells = [_cells(ch) for ch in text]
    if sum(cells) <= width:
        return text
    out, used = [], 0
    for ch, w in zip(text, cells):
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


class Status:
    """`with Status() as status: status.update("loading torch…")`; `enabled=False` silences it."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _is_terminal(self.stream) and os.environ.get("TERM") != "dumb"
        self.shown = False

    def width(self) -> int:
        """The terminal's width now (it may have been resized), else COLUMNS, else 80."""
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
        if columns <= 0:  # not known (a pseudo-terminal without a size)
            try:
                columns = int(os.environ.get("COLUMNS", "80"))
            except ValueError:
                columns = 80
        return max(columns, 1)

    def update(self, text: str) -> None:
        if not self.enabled:
            return
        line = " ".join(clean(text).split())  # one line: newlines and tabs become spaces
        try:
            if not self.shown:
                sys.stdout.flush()  # what was printed before stays above the status
            self.stream.write("\r" + fit(line, self.width() - 1) + CLEAR)
            self.stream.flush()
            self.shown = True
        except (OSError, ValueError):
            self.enabled = False

    def progress(self, label: str) -> Callable[[int, int], None]:
        """A callback (i, n) -> shows "label i/n"."""
        return lambda i, n: self.update(f"{label} {i}/{n}")

    def done(self) -> None:
        """Clear the status line (nothing happens if none was shown)."""
        if not self.shown:
            return
        self.shown = False
        try:
            self.stream.write("\r" + CLEAR)
            self.stream.flush()
        except (OSError, ValueError):
            pass

    def __enter__(self) -> "Status":
        return self

    def __exit__(self, *exc: object) -> None:
        self.done()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
