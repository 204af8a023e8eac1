"""Terminal output policy: one place decides colour (--no-color, NO_COLOR, TERM=dumb, FORCE_COLOR, a
terminal or not), and `Consoles` holds the rich consoles for stdout and stderr built with it.

A Consoles object belongs to the application context (dlstudy.session.context); nothing here is
module-level state.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from dlstudy.render.terminal import PIPED_WIDTH, colour_allowed, output_width, rich_no_color  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from rich.console import Console


class Consoles:
    """The stdout and stderr rich consoles. Each is created on first use (rich costs ~25 ms to import)
    and again if sys.stdout/sys.stderr was replaced (as under typer's CliRunner)."""

    def __init__(self, no_color: bool = False):
        self.no_color = no_color
        self._out: Console | None = None
        self._err: Console | None = None

    def _make(self, stderr: bool) -> Console:
        from rich.console import Console

        stream = sys.stderr if stderr else sys.stdout
        return Console(stderr=stderr, no_color=rich_no_color(self.no_color), highlight=False, soft_wrap=stderr,
                       file=stream, width=output_width(stream))

    @property
    def out(self) -> Console:
        if self._out is None or self._out.file is not sys.stdout:
            self._out = self._make(False)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None or self._err.file is not sys.stderr:
            self._err = self._make(True)
        return self._err

    def width(self, stream: TextIO | None = None) -> int:
        """Columns for plain (non-rich) renderers writing to stream; the rich consoles use the same."""
        return output_width(stream)

    def colour(self, stream: TextIO | None = None) -> bool:
        """Colour for plain (non-rich) renderers writing to stream."""
        return colour_allowed(self.no_color, stream)

    def error(self, message: str, hint: str | None = None) -> None:
        """An error on stderr (plus an optional hint): one line each, wrapped at spaces on a terminal."""
        from dlstudy.render.messages import write

        write("error", message, self.no_color)
        if hint:
            write("hint", hint, self.no_color)

    def warn(self, message: str) -> None:
        from dlstudy.render.messages import write

        write("warning", message, self.no_color)
