"""The one format for what dlstudy says about itself on stderr: `error: …`, `hint: …`, `warning: …`.

On a terminal a long message wraps at spaces to the terminal's width, its continuation lines indented
under the message text (after `error: `). Piped or redirected, every message stays on one line, so a
script can grep it. Words are never cut: hyphens are not break points (card ids have them) and a path
or id longer than the line keeps a line of its own.

Plain text and hand-written ANSI, no rich: usage errors are printed before anything else is imported.
"""

from __future__ import annotations

import re
import sys
from typing import Literal, TextIO

from dlstudy.render.layout import cells
from dlstudy.render.terminal import colour_allowed, output_width
from dlstudy.text import clean

Label = Literal["error", "hint", "warning"]
STYLES: dict[Label, str] = {"error": "\x1b[1;31m", "hint": "\x1b[2m", "warning": "\x1b[33m"}
RESET = "\x1b[0m"
MIN_TEXT = 20  # never wrap the text narrower than this (a tiny terminal gets long lines instead)


_WORD = re.compile(r"'[^'\n]*'\S*|\S+")  # a quoted command ('dlstudy quiz --help') is one word


def _words(paragraph: str, room: int) -> list[str]:
    words: list[str] = []
    for token in _WORD.findall(paragraph):
        words.extend(token.split() if " " in token and cells(token) > room else [token])
    return words


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """text in lines of at most `width` columns, the first one after an `indent`-column label, the
    others indented by `indent` spaces. Breaks only at spaces, and not inside a short quoted command;
    a word wider than the line stays whole."""
    room = max(width - indent, MIN_TEXT)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in _words(paragraph, room):
            w = cells(word)
            if line and used + 1 + w > room:
                lines.append(line)
                line, used = "", 0
            line, used = (f"{line} {word}", used + 1 + w) if line else (word, w)
        lines.append(line)
    return [lines[0]] + [" " * indent + line for line in lines[1:]]


def terminal_width(stream: TextIO) -> int | None:
    """Columns to wrap to when stream is a terminal (the one width policy), else None: one line each."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    return output_width(stream)


def format_message(label: Label, text: str, width: int | None = None, colour: bool = False) -> str:
    """`label: text` as printed: wrapped to width (None: one line per message, newlines in text kept and
    indented), label coloured when colour is on. Text from data is cleaned of control characters."""
    text = clean(text)
    indent = len(label) + 2
    if width is None:
        lines = text.split("\n")
        lines = [lines[0]] + [" " * indent + line for line in lines[1:]]
    else:
        lines = wrap(text, width, indent)
    head = f"{STYLES.get(label, '')}{label}:{RESET}" if colour else f"{label}:"
    return f"{head} " + "\n".join(lines)


def write(label: Label, text: str, no_color: bool = False, stream: TextIO | None = None) -> None:
    """Print one message (`error`, `hint` or `warning`) on stderr (or stream)."""
    stream = stream or sys.stderr
    stream.write(format_message(label, text, terminal_width(stream), colour_allowed(no_color, stream)) + "\n")
    stream.flush()
