"""TeX to readable Unicode for the terminal: \\frac, \\sqrt and operator names handled here, symbols,
sub- and superscripts by the unicodeit library. Falls back to the raw TeX if conversion fails."""

from __future__ import annotations

import re

_OPERATORS = ("log", "exp", "max", "min", "arg", "sin", "cos", "tanh", "tan", "det", "lim", "ln", "sup", "inf",
              "Pr", "softmax", "sign", "diag", "tr", "var", "Var", "Cov", "KL", "argmax", "argmin")


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The brace group starting at text[start] == '{': (inner, index after the closing brace)."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
    return None


def _atomic(s: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?|[A-Za-z]|\\[A-Za-z]+|(?:[A-Za-z]|\\[A-Za-z]+)[_^](?:\{[\w.,]+\}|\w)", s.strip()))


def _wrap(s: str) -> str:
    s = s.strip()
    return s if _atomic(s) else f"({s})"


def _structures(tex: str) -> str:
    out = []
    i = 0
    while i < len(tex):
        if tex.startswith(("\\frac", "\\dfrac", "\\tfrac"), i):
            j = tex.index("frac", i) + 4
            while j < len(tex) and tex[j] == " ":
                j += 1
            a = _group(tex, j)
            b = _group(tex, a[1]) if a else None
            if a and b:
                out.append(f"{_wrap(_structures(a[0]))}/{_wrap(_structures(b[0]))}")
                i = b[1]
                continue
        if tex.startswith("\\sqrt", i):
            j = i + 5
            g = _group(tex, j)
            if g:
                inner = _structures(g[0])
                out.append(f"√{_wrap(inner)}")
                i = g[1]
                continue
        m = re.match(r"\\(?:text|mathrm|operatorname|textrm|mathit)\s*\{", tex[i:])
        if m:
            g = _group(tex, i + m.end() - 1)
            if g:
                out.append(g[0])
                i = g[1]
                continue
        out.append(tex[i])
        i += 1
    return "".join(out)


def tex_to_unicode(tex: str) -> str:
    """Readable Unicode for a TeX formula; the raw TeX when unicodeit is missing or fails."""
    try:
        import unicodeit

        text = _structures(tex)
        text = re.sub(r"\\(left|right|big|Big|bigl|bigr|Bigl|Bigr)(?![A-Za-z])", "", text)
        text = re.sub(r"\\(" + "|".join(sorted(_OPERATORS, key=len, reverse=True)) + r")(?![A-Za-z])", r"\1", text)
        for tex_cmd, out in (("\\qquad", "    "), ("\\quad", "  "), ("\\,", " "), ("\\;", " "), ("\\:", " "),
                             ("\\!", ""), ("\\ ", " "), ("\\ldots", "…"), ("\\dots", "…"), ("\\cdots", "⋯"),
                             ("\\lVert", "‖"), ("\\rVert", "‖"), ("\\lvert", "|"), ("\\rvert", "|"),
                             ("\\textstyle", ""), ("\\displaystyle", "")):
            text = text.replace(tex_cmd, out)
        text = unicodeit.replace(text)
        text = re.sub(r"([_^])\{([^{}]{2,})\}", r"\1(\2)", text)
        text = re.sub(r"(?<!\\)[{}]", "", text)
        return re.sub(r"\s+", " ", text).strip()
    except Exception:  # noqa: BLE001 - any failure falls back to the raw TeX
        return tex


_MATH_START = re.compile(r"[_^]\{|\\[A-Za-z]+|\$")
# a one-letter symbol with a one-character subscript (x_t, c̃_t, W_h), but not an identifier (seq_len, top_k)
_SIMPLE_SUB = re.compile(r"(?<![\w\\])([A-Za-zα-ωΑ-Ω][\u0300-\u036f]?)_([A-Za-z0-9])(?![\w{])")


def inline_tex(text: str) -> str:
    """Prose with the TeX inside it made readable, as formulas are: `$...$` spans, and words holding a
    braced sub/superscript (`x_{t−1}`, `e^{z_i}`) or a command (`\\alpha`), including a brace group that
    runs over spaces (`Σ_{t' < t}`). Everything else is left exactly as written (`seq_len` stays)."""
    text = _SIMPLE_SUB.sub(_subscript, text) if "_" in text else text
    if not _MATH_START.search(text):
        return text
    out: list[str] = []
    i = 0
    while True:
        m = _MATH_START.search(text, i)
        if m is None:
            out.append(text[i:])
            return "".join(out)
        if m.group() == "$":
            end = text.find("$", m.end())
            if end < 0:
                out.append(text[i:])
                return "".join(out)
            out.append(text[i:m.start()] + tex_to_unicode(text[m.end():end]))
            i = end + 1
            continue
        start = m.start()
        while start > i and not text[start - 1].isspace():  # back to the start of the word
            start -= 1
        end = m.start()
        while end < len(text) and not text[end].isspace():  # on to its end, brace groups may hold spaces
            if text[end] == "{":
                group = _group(text, end)
                if group is None:
                    break
                end = group[1]
            else:
                end += 1
        out.append(text[i:start] + tex_to_unicode(text[start:end]))
        i = end


def _subscript(m: re.Match) -> str:
    try:
        import unicodeit

        sub = unicodeit.replace("_" + m.group(2))
    except Exception:  # noqa: BLE001 - as tex_to_unicode: the text as written
        return m.group(0)
    return m.group(0) if sub.startswith("_") else m.group(1) + sub
