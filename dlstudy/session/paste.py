"""One line typed on a terminal, as the learner meant it (read_line in session/asker.py uses it).

- **Bracketed paste** is switched on: with GNU readline 8.1 or later, a pasted answer of several lines
  then reaches `input()` as one line with its newlines (CPython switches the mode off by default).
- **Pasted lines joined** where the terminal does not bracket a paste (libedit, an older readline, a
  terminal without the mode): lines that are already waiting, or arrive within PASTE_GAP, when a line
  ends are read and joined to it. A paste arrives at once; nobody types a second line that fast. Lines
  that were waiting before the prompt (typed ahead while a demo ran) are not a paste: each answers its
  own prompt, as before.
- **A clean line after an empty Enter**: GNU readline ends the line on screen only when the line it
  edited shows something, and it never sees our prompt (rich prints it), so after an empty line the
  next output would be glued to the prompt (`lab> grader: …`). The line is ended here.
"""

from __future__ import annotations

import select
import sys
from types import ModuleType

PASTE_GAP = 0.015  # seconds: a line that follows within this is part of a paste


def _readline() -> ModuleType | None:
    """The readline module with bracketed paste on (when it is GNU readline), or None without one."""
    try:
        import readline  # enables line editing and history for input()
    except ImportError:
        return None
    if _gnu(readline):
        readline.parse_and_bind("set enable-bracketed-paste on")
    return readline


def _gnu(readline: ModuleType) -> bool:
    backend = getattr(readline, "backend", None)  # Python 3.13+: "readline" or "editline"
    if backend is not None:
        return bool(backend == "readline")
    return "libedit" not in (readline.__doc__ or "")


def _waiting(timeout: float) -> bool:
    """More input is waiting on stdin (or arrives within timeout seconds)."""
    try:
        ready, _, _ = select.select([sys.stdin], [], [], timeout)
    except (OSError, ValueError, TypeError):  # no select on this stream (Windows consoles)
        return False
    return bool(ready)


def _input(gnu: bool) -> str:
    line = input("").rstrip("\r\n")
    if line == "" and gnu:
        sys.stdout.write("\n")  # readline ended nothing on screen: end the prompt's line
        sys.stdout.flush()
    return line


def read_terminal_line(limit: int) -> str:
    """One answer from a terminal: a line, with any pasted lines that came with it joined by newlines.
    Past `limit` characters the rest of the paste is still read (and dropped), so none of it reaches the
    next prompt; the caller refuses a result longer than `limit`."""
    readline = _readline()
    gnu = readline is not None and _gnu(readline)
    typed_ahead = _waiting(0)  # lines typed while the program was busy are answers to the next prompts
    text = _input(gnu)
    while not typed_ahead and _waiting(PASTE_GAP):
        try:
            more = _input(gnu)
        except EOFError:
            break
        if len(text) <= limit:  # beyond the limit the text is refused anyway: keep it bounded
            text = (text + "\n" + more)[: limit + 1]
    return text
