"""Statements read as clauses of stemmed words, with their negations: what misconception cues
(kinds/cues.py) and rubric evidence (kinds/open.py) match against.

A clause ends at sentence punctuation (. ; : ! ? and a comma), at a line break, and before a word
that starts a contrast or a reason (but, while, whereas, unlike, instead of, rather than, although,
however, because, since, so, hence, thus, therefore, as opposed to, compared to/with, versus).
A clause that starts with a relative pronoun (which, whose, who, that, where) is read together with
the clause before it: in "ReLU, whose derivative is 0.25" the derivative is ReLU's.

Words are normalized as short answers are (kinds/short.py: Unicode, case, abbreviations, plurals,
Greek letters), "n't" is read as "not", and each word is reduced to its stem by the Snowball English
stemmer (`snowballstemmer`: "covers", "covering" -> "cover"; "clipping" -> "clip"), so a cue written
in one inflection matches the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dlstudy.kinds.short import tokens
from dlstudy.kinds.stems import stem

MAX_TEXT = 4000  # characters of an answer that are read (the prompt refuses longer lines)

# words that negate what follows them in their clause (stems and plain forms)
NEGATOR_WORDS = ("not", "no", "never", "without", "cannot", "neither", "nor", "none", "nothing",
                 "fails", "failed", "lacks", "lacking")
_DO = frozenset({"do", "doe", "does", "did", "done", "doing"})  # "doing nothing": an object, not a negation
# a clause starts before these (multi-word ones are written with spaces)
_BREAK_WORDS = ("but", "while", "whereas", "unlike", "instead of", "rather than", "although", "though", "however",
                "because", "since", "so that", "hence", "thus", "therefore", "as opposed to", "compared to",
                "compared with", "in contrast to", "versus", "vs")
# ... and these say that what follows them is NOT the case ("X instead of Y": Y is negated)
CONTRAST_WORDS = ("unlike", "instead of", "rather than", "as opposed to", "in contrast to", "versus", "vs")
BREAKS = _BREAK = re.compile(r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _BREAK_WORDS) + r")\b",
                             re.IGNORECASE)
_CONTRAST = re.compile(r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in CONTRAST_WORDS) + r")$",
                       re.IGNORECASE)
_RELATIVE = frozenset({"which", "whose", "who", "that", "where", "whom"})
_CONDITIONAL = frozenset({"if", "when", "whenever", "once", "unless", "given", "assuming", "provided"})
_CANT = re.compile(r"\bcan['’]t\b", re.IGNORECASE)
_WONT = re.compile(r"\bwon['’]t\b", re.IGNORECASE)
_NOT = re.compile(r"n['’]t\b", re.IGNORECASE)


def normalized(text: str) -> list[str]:
    """A phrase as normalized words, before stemming ("isn't mode-seeking" -> ['is', 'not', 'mode', 'seeking'])."""
    text = _CANT.sub("cannot", text)
    text = _WONT.sub("will not", text)
    text = _NOT.sub(" not", text)
    text = re.sub(r"\bcan\s*not\b", "cannot", text, flags=re.IGNORECASE)
    return tokens(text)


def words(text: str) -> list[str]:
    """A phrase as stemmed, normalized words ("isn't mode-seeking" -> ['is', 'not', 'mode', 'seek'])."""
    return [stem(w) for w in normalized(text)]


def _pieces(text: str) -> list[str]:
    """The text cut at sentence punctuation, commas and dashes, but never inside brackets ("U(-a, a)")."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch in ";!?\n," or (ch in ".:" and (i + 1 == n or text[i + 1].isspace()))
                             or (ch in "–—" and 0 < i < n - 1 and text[i - 1] == " " and text[i + 1] == " ")):
            out.append(text[start:i])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out


@dataclass(frozen=True)
class Clause:
    """One clause: its stemmed words, the same words before stemming, the original text (messages), and
    where each joined part starts (a relative clause or a consequence joined to the clause before it:
    a negation reaches to the end of its own part only)."""

    words: tuple[str, ...]
    raw: tuple[str, ...]
    text: str
    parts: tuple[int, ...] = (0,)

    def scope_start(self, position: int) -> int:
        """The start of the joined part that holds `position`."""
        return max(p for p in self.parts if p <= position)


def clauses(text: str) -> list[Clause]:
    """The answer's clauses: relative clauses joined to the clause they describe, a condition ("if …")
    joined to its consequence, and what follows "instead of", "rather than", "unlike", … read as negated."""
    text = text[:MAX_TEXT]
    parts: list[tuple[str, bool]] = []  # (text, negated by a contrast word before it)
    for piece in _pieces(text):
        chunks = _BREAK.split(piece)  # [text, word, text, word, text, ...]
        parts.append((chunks[0], False))
        for k in range(1, len(chunks) - 1, 2):
            parts.append((chunks[k + 1], bool(_CONTRAST.match(chunks[k].strip()))))
    out: list[Clause] = []
    pending: Clause | None = None  # a condition waiting for its consequence
    for part, contrasted in parts:
        raw = normalized(part)
        if not raw:
            continue
        if contrasted:
            raw = ["not", *raw]
        clause = Clause(tuple(stem(x) for x in raw), tuple(raw), part.strip())
        if pending is not None:
            out.append(_joined(pending, clause))
            pending = None
        elif out and raw[0] in _RELATIVE:
            out.append(_joined(out.pop(), clause))
        elif raw[0] in _CONDITIONAL:
            pending = clause
        else:
            out.append(clause)
    if pending is not None:
        out.append(pending)
    return out


def _joined(a: Clause, b: Clause) -> Clause:
    return Clause(a.words + b.words, a.raw + b.raw, f"{a.text}, {b.text}",
                  a.parts + tuple(len(a.words) + p for p in b.parts))


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    """The negating words, stemmed as clause words are."""
    return frozenset(stem(w) for w in NEGATOR_WORDS)


def negated_before(clause: Clause, position: int, exclude: set[int] | None = None) -> bool:
    """Whether a negating word stands in the clause's part before `position` (a negation reaches to the
    end of its part: in "is mode-seeking and does not cover", "mode-seeking" is not negated; in "if the
    supports do not overlap, JS is constant", "constant" is not)."""
    neg = negators()
    start = clause.scope_start(position)
    return any(w in neg and not (w == "noth" and i > 0 and clause.words[i - 1] in _DO)
               for i, w in enumerate(clause.words[start:position], start) if not exclude or i not in exclude)
