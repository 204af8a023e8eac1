"""Text layout by display width: what a terminal shows, not how many characters a string holds.

East Asian wide and full-width characters take two cells, combining marks and zero-width characters
none. Wrapping breaks at spaces, and between two CJK characters (Chinese has no spaces), never
inside a word unless the word alone is wider than the line; closing punctuation such as '，' or '）'
never starts a line. Stdlib only (no rich import): the card and list renderers must start fast.
"""

from __future__ import annotations

import re
import unicodedata

# Characters a line may not start with (closing punctuation, CJK and Latin) nor end with (opening).
NO_START = set("，。、；：！？）》」』】〕〉”’…%,.;:!?)]}·")
NO_END = set("（《「『【〔〈“‘([{")
# A token: a run of spaces, one wide character (a break may come before or after it), or a word.
_WIDE = (r"\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
         r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6")
_WIDE_RANGES = ((0x1100, 0x115F), (0x2E80, 0x303E), (0x3041, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF60),
                (0xFFE0, 0xFFE6))  # the same ranges as _WIDE
_PIECES = re.compile(r"\s+|\S+")


def _is_wide(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x1100 and any(lo <= o <= hi for lo, hi in _WIDE_RANGES)


def tokens(text: str) -> list[str]:
    """Runs of whitespace, single wide characters and words (a run of other characters), in order:
    what `\\s+|[WIDE]|[^\\s WIDE]+` finds, without compiling that pattern (~2 ms at startup)."""
    out: list[str] = []
    for piece in _PIECES.findall(text):
        if piece.isascii() or piece[0].isspace() or not any(_is_wide(c) for c in piece):
            out.append(piece)
            continue
        start = 0
        for i, ch in enumerate(piece):
            if _is_wide(ch):
                if i > start:
                    out.append(piece[start:i])
                out.append(ch)
                start = i + 1
        if start < len(piece):
            out.append(piece[start:])
    return out


def char_cells(ch: str) -> int:
    """Terminal cells of one character: 2 for East Asian wide/full-width, 0 for combining marks."""
    o = ord(ch)
    if 0x20 <= o < 0x300:
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf") or o in (0x200B, 0xFEFF):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cells(text: str) -> int:
    """Display width of text on one line."""
    if text.isascii():
        return len(text)
    return sum(char_cells(c) for c in text)


def fit(text: str, width: int) -> str:
    """Text cut to at most width cells, with '…' when something was cut."""
    if cells(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_cells(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" if width > 0 else ""


def pad(text: str, width: int, right: bool = False) -> str:
    """Text padded with spaces to width cells (on the left when right-aligned)."""
    gap = " " * max(width - cells(text), 0)
    return gap + text if right else text + gap


def _take(word: str, width: int) -> str:
    """The longest start of word that fits in width cells (at least one character)."""
    used = 0
    for i, ch in enumerate(word):
        used += char_cells(ch)
        if used > width:
            return word[: max(i, 1)]
    return word


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Text wrapped to lines of at most width cells. `first` starts the first line, `rest` the others
    (default: as many spaces as `first` is wide). Runs of whitespace (newlines too) become one space."""
    rest = " " * cells(first) if rest is None else rest
    if cells(first) + cells(text) <= width and "  " not in text and not any(c in text for c in "\n\t\r"):
        return [(first + text).rstrip()]
    lines: list[str] = []
    line: list[str] = [first]  # the current line's pieces
    used = cells(first)
    start = used  # cells taken by the indent
    space = False  # whitespace seen before the next token
    for token in tokens(text):
        if token.isspace():
            space = True
            continue
        need = cells(token) + (1 if space and used > start else 0)
        if used + need <= width:
            if space and used > start:
                line.append(" ")
            line.append(token)
            used += need
            space = False
            continue
        carry: list[str] = []
        # closing punctuation must not start a line, an opening bracket not end one: carry a neighbour down
        # (when the carried pieces fit on the next line and something stays behind; the width comes first)
        if not space and len(line) > 1 and (token[0] in NO_START) and line[-1] != " ":
            carry = [line.pop()]
        while len(line) > 1 and line[-1] in NO_END:
            carry.insert(0, line.pop())
        if carry and (len(line) == 1 or cells(rest) + sum(cells(c) for c in carry) + cells(token) > width):
            line += carry
            carry = []
        if len(line) > 1:
            lines.append("".join(line).rstrip())
            line, used = [rest], cells(rest)
            start = used
        line += carry
        used += sum(cells(c) for c in carry)
        while cells(token) > width - used:  # a word wider than the line: cut it into line-sized pieces
            if len(line) > 1:
                lines.append("".join(line).rstrip())
                line, used = [rest], cells(rest)
                continue
            piece = _take(token, max(width - used, 1))
            line.append(piece)
            lines.append("".join(line).rstrip())
            line, used = [rest], cells(rest)
            token = token[len(piece):]
        line.append(token)
        used += cells(token)
        space = False
    if len(line) > 1 or not lines:
        lines.append("".join(line).rstrip())
    return lines
