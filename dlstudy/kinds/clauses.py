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
NEGATOR_WORDS = ("not", "no", "never", "without", "cannot", "neither", "nor", "none", "nothing", "nobody",
                 "nowhere", "fails", "failed", "lacks", "lacking")
# a clause starts before these (multi-word ones are written with spaces)
_BREAK_WORDS = ("but", "while", "whereas", "unlike", "instead of", "rather than", "although", "though", "however",
                "because", "since", "so that", "hence", "thus", "therefore", "as opposed to", "compared to",
                "compared with", "in contrast to", "versus", "vs")
BREAKS = _BREAK = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _BREAK_WORDS) + r")\b",
                    re.IGNORECASE)
_SPLIT = re.compile(r"[;!?\n]|[.:](?=\s|$)|,|\s[–—]\s")
_RELATIVE = frozenset({"which", "whose", "who", "that", "where", "whom"})
_NOT = re.compile(r"n['’]t\b", re.IGNORECASE)


def normalized(text: str) -> list[str]:
    """A phrase as normalized words, before stemming ("isn't mode-seeking" -> ['is', 'not', 'mode', 'seeking'])."""
    text = _NOT.sub(" not", text)
    text = re.sub(r"\bcan\s*not\b", "cannot", text, flags=re.IGNORECASE)
    return tokens(text)


def words(text: str) -> list[str]:
    """A phrase as stemmed, normalized words ("isn't mode-seeking" -> ['is', 'not', 'mode', 'seek'])."""
    return [stem(w) for w in normalized(text)]


@dataclass(frozen=True)
class Clause:
    """One clause: its stemmed words, the same words before stemming, and the original text (messages)."""

    words: tuple[str, ...]
    raw: tuple[str, ...]
    text: str


def clauses(text: str) -> list[Clause]:
    """The answer's clauses, with relative clauses joined to the clause they describe."""
    text = text[:MAX_TEXT]
    parts: list[str] = []
    for piece in _SPLIT.split(text):
        parts.extend(_BREAK.split(piece))
    out: list[Clause] = []
    for part in parts:
        raw = normalized(part)
        if not raw:
            continue
        w = tuple(stem(x) for x in raw)
        if out and raw[0] in _RELATIVE:
            prev = out[-1]
            out[-1] = Clause(prev.words + w, prev.raw + tuple(raw), f"{prev.text}, {part.strip()}")
            continue
        out.append(Clause(w, tuple(raw), part.strip()))
    return out


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    """The negating words, stemmed as clause words are."""
    return frozenset(stem(w) for w in NEGATOR_WORDS)


def negated_before(clause_words: tuple[str, ...], position: int, exclude: set[int] | None = None) -> bool:
    """Whether a negating word stands in the clause before `position` (a negation reaches to the end of
    its clause: in "is mode-seeking and does not cover", "mode-seeking" is not negated)."""
    neg = negators()
    return any(w in neg for i, w in enumerate(clause_words[:position]) if not exclude or i not in exclude)
