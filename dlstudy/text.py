"""The one sanitizer for text that reaches the terminal from data (cards, answers, file names, paths).

`clean` removes C0/C1 control characters (everything but newline and tab), so no escape sequence
from data can move the cursor, set the window title, write the clipboard or hide text. `escape`
also escapes Rich markup, for text printed through a Rich console. `control_chars` finds them, for
`dlstudy check`, which rejects them in cards.
"""

from __future__ import annotations

import re

# C0 (except \t \n), DEL, C1; plus the Unicode line/paragraph separators and bidi overrides that
# reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

MAX_SHOWN = 2_000  # characters of one echoed input line


def control_chars(text: str) -> list[str]:
    """The distinct control characters in text, as \\xNN / \\uNNNN escapes (for messages)."""
    found = sorted(set(_CONTROL.findall(text)))
    return [f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in found]


def clean(text: object) -> str:
    """The text without control characters (newline and tab kept); carriage returns become nothing."""
    s = text if isinstance(text, str) else str(text)
    return _CONTROL.sub("", s) if _CONTROL.search(s) else s


def escape(text: object) -> str:
    """clean() plus Rich markup escaped: safe to embed in a string printed by a Rich console."""
    from rich.markup import escape as _rich_escape

    return _rich_escape(clean(text))


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """At most `limit` characters, with an ellipsis and the full length when cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def suggestions(word: str, choices, n: int = 3, cutoff: float = 0.5) -> list[str]:
    """'Did you mean' candidates: close spellings first, then choices that contain the word."""
    import difflib

    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)
    close += [c for c in choices if word and word in c and c not in close]
    return close[: n + 1]
