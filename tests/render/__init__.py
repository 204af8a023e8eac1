"""Tests of what the terminal shows: charts, tables and demo screens."""

from __future__ import annotations

import re


def sgr_codes(text):
    """Every SGR attribute in the text, as ('fg' | 'bg' | 'other', code), extended colours parsed whole."""
    out = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        codes = [int(c) if c else 0 for c in params.split(";")]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c in (38, 48):
                step = 5 if i + 1 < len(codes) and codes[i + 1] == 2 else 3
                out.append(("fg" if c == 38 else "bg", tuple(codes[i:i + step])))
                i += step
                continue
            kind = "fg" if 30 <= c <= 37 or 90 <= c <= 97 else "bg" if 40 <= c <= 47 or 100 <= c <= 107 else "other"
            out.append((kind, c))
            i += 1
    return out

