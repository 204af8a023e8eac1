"""The terminal policy: whether colour may be written, and the one width of a command's output.
(render/console.py builds the rich consoles with it; render/messages.py writes plain lines with it.)"""

from __future__ import annotations

import os
import sys
from typing import TextIO


def colour_allowed(no_color: bool, stream: TextIO | None = None) -> bool:
    """Whether ANSI colour may be written to stream (default stdout)."""
    stream = stream or sys.stdout
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def rich_no_color(no_color: bool) -> bool:
    """For rich: colour is off when the user said so (rich itself detects terminals and FORCE_COLOR)."""
    return no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


PIPED_WIDTH = 100  # columns for output that is not a terminal, unless COLUMNS says otherwise
MIN_WIDTH = 20


def output_width(stream: TextIO | None = None) -> int:
    """The one width policy: a terminal's own width (COLUMNS wins, as everywhere); otherwise COLUMNS, or
    100. Every renderer of one command uses this width, so piped output never mixes widths."""
    stream = stream or sys.stdout
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return max(int(env), MIN_WIDTH)
    try:
        if stream.isatty():
            return max(os.get_terminal_size(stream.fileno()).columns, MIN_WIDTH)
    except (AttributeError, ValueError, OSError):
        pass
    return PIPED_WIDTH
