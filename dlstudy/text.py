"""Text for the terminal: the one sanitizer for text from data (cards, answers, file names, paths),
and the one number format.

`clean` removes C0/C1 control characters (everything but newline and tab), so no escape sequence
from data can move the cursor, set the window title, write the clipboard or hide text. `escape`
also escapes Rich markup, for text printed through a Rich console. `control_chars` finds them, for
`dlstudy check`, which rejects them in cards. `fmt` writes every number that demos, feedback and the
lab show (`fmt_sig` when a question asks for significant figures).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable

# C0 (except \t \n), DEL, C1; plus the Unicode line/paragraph separators and bidi overrides that
# reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

MAX_SHOWN = 2_000  # characters of one echoed input line


def has_control_chars(text: str) -> bool:
    return _CONTROL.search(text) is not None


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


def suggestions(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """'Did you mean' candidates: close spellings first, then choices that contain the word."""
    import difflib

    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)
    close += [c for c in choices if word and word in c and c not in close]
    return close[: n + 1]


def fmt(v: object, digits: int | None = 6) -> str:
    """A number as text, the same way everywhere: `digits` significant figures (6, Python's `g`, in
    feedback and the lab; 4 in demo output), plain from 1e-4 up to 10**digits and scientific outside it
    with the same significant figures (1.469e+48); never "-0"; inf, -inf and nan as such; True and
    False as yes and no; what is not a number as str(). digits=None: the exact value, as a parameter is
    typed on the command line (1.0 -> "1", 0.1 -> "0.1", 1e-06)."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, numbers.Integral):
        v = int(v)
    elif isinstance(v, numbers.Real):
        v = float(v)
    else:
        return str(v)
    if digits is None:
        return str(int(v)) if isinstance(v, float) and v.is_integer() and abs(v) < 1e15 else str(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    if 1e-4 <= abs(v) < 10**digits:
        return f"{v:.{digits}g}"
    return f"{v:.{digits - 1}e}"


def round_sig(v: float, digits: int) -> float:
    """v rounded to `digits` significant figures."""
    if v == 0 or not math.isfinite(v):
        return v
    return round(v, digits - 1 - int(math.floor(math.log10(abs(v)))))


def fmt_sig(v: float, digits: int) -> str:
    """v shown with exactly `digits` significant figures (0.35667, 2 -> '0.36')."""
    if v == 0 or not math.isfinite(v):
        return fmt(v)
    r = round_sig(v, digits)
    exp = int(math.floor(math.log10(abs(r))))
    if -4 <= exp < 6:
        decimals = max(digits - 1 - exp, 0)
        return f"{r:.{decimals}f}"
    return f"{r:.{digits - 1}e}"
