"""Cues: small hand-written patterns that recognise a statement in an answer, one clause at a time.

A rubric point of an open question carries `misconception:` (the point gotten wrong in the same
words) and `cues:` that recognise each misconception; an answer with a clause that matches one of
them *contradicts* the point. `support:` cues, where a point's keywords alone mislead, say what
must be stated for the point to count as mentioned. The syntax (docs/card-format.md):

    cue    := ["not:"] group ("&" group)*      terms of every group in one clause, in any order
            | ["not:"] group (">" group)*      ... in this order
    group  := ["!"] term ("|" term)*           any one of the terms; "!" cancels the match if present
    term   := words                            a phrase, matched word by word on stems; a word ending
                                               in "*" matches any word it begins (overfit*)

    forward & mode-seeking | one mode | single mode & !reverse
    relu > derivative | slope | gradient > 0.25
    not: bagging | ensemble* & reduce variance | lower variance

Negation: a cue matches a clause only when no negating word (not, no, never, n't, without, …) stands
before the last of its matched terms in that clause, so "forward KL is not mode-seeking" does not
match the first cue above. With "not:" it is the other way round: the cue states something negative
("bagging does not reduce variance") and matches only a negated clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dlstudy.kinds.clauses import BREAKS, Clause, clauses, negated_before, normalized
from dlstudy.kinds.stems import stem

MAX_CUE = 300  # characters in one cue
MAX_TERMS = 24  # terms in one cue, over all its groups


class CueError(ValueError):
    """A cue that cannot be read (the message says why)."""


@dataclass(frozen=True)
class Term:
    """A phrase: stemmed words; `prefix` words (written with *) match any word that begins with them as
    typed, or the word they normalize to (`zero*` matches "0", as "zero" reads in answers)."""

    words: tuple[str, ...]
    prefix: tuple[bool, ...]
    based: tuple[str, ...] = ()  # per word: the prefix word normalized as answers are ('' if the same)

    def find(self, clause: Clause, raw: tuple[str, ...]) -> list[int]:
        """Start positions of this phrase in the clause."""
        n = len(self.words)
        based = self.based or ("",) * n
        out = []
        for i in range(len(clause.words) - n + 1):
            if all((raw[i + j].startswith(w) or (b != "" and raw[i + j] == b)) if p else clause.words[i + j] == w
                   for j, (w, p, b) in enumerate(zip(self.words, self.prefix, based))):
                out.append(i)
        return out


@dataclass(frozen=True)
class Cue:
    text: str
    groups: tuple[tuple[Term, ...], ...]
    cancel: tuple[Term, ...]
    ordered: bool
    negative: bool  # "not:": matches only a negated clause

    def match(self, clause: Clause) -> bool:
        raw = _raw(clause)
        if any(t.find(clause, raw) for t in self.cancel):
            return False
        used: set[int] = set()
        starts: list[int] = []
        if self.ordered:
            pos = 0
            for group in self.groups:
                best: tuple[int, int] | None = None  # (start, length) of the earliest term from pos
                for term in group:
                    found = [s for s in term.find(clause, raw) if s >= pos]
                    if found and (best is None or found[0] < best[0]):
                        best = (found[0], len(term.words))
                if best is None:
                    return False
                used.update(range(best[0], best[0] + best[1]))
                starts.append(best[0])
                pos = best[0] + best[1]
        else:
            for group in self.groups:
                hits = [(s, len(t.words)) for t in group for s in t.find(clause, raw)]
                if not hits:
                    return False
                start, length = min(hits)
                used.update(range(start, start + length))
                starts.append(start)
        negated = any(negated_before(clause, s, exclude=used) for s in starts)
        return negated == self.negative


def _raw(clause: Clause) -> tuple[str, ...]:
    """The clause's words before stemming, for prefix terms."""
    return clause.raw


def _term(text: str, cue: str, cancel: bool = False) -> Term:
    if not cancel and BREAKS.search(text):
        raise CueError(f"the term '{text.strip()}' can never match: an answer's clauses are split before "
                       f"'{BREAKS.search(text).group(0)}' (docs/card-format.md)")  # type: ignore[union-attr]
    marked: list[str] = []  # the term with each prefix word replaced by a placeholder word
    stars: dict[str, list[str]] = {}
    for part in text.split():
        if "*" in part.rstrip("*") or part.count("*") > 1:
            raise CueError(f"'{part}': '*' goes at the end of a word")
        if not part.endswith("*"):
            marked.append(part)
            continue
        toks = re.findall(r"[^\W_]+", part.rstrip("*").lower())  # as typed: no abbreviations (prob* is prob*)
        if not toks:
            raise CueError(f"'{part}': '*' goes at the end of a word")
        mark = f"qqprefix{'abcdefghijklmnopqrtuvwxyz'[len(stars) % 25]}qq"
        stars[mark] = toks
        marked.append(mark)
    out: list[str] = []
    prefix: list[bool] = []
    based: list[str] = []
    for t in normalized(" ".join(marked)):  # normalized as a whole, as an answer's clause is
        if t in stars:
            toks = stars[t]
            out.extend(stem(w) for w in toks[:-1])  # fine-tun*: 'fine' exactly, then any word beginning 'tun'
            prefix.extend([False] * (len(toks) - 1))
            based.extend([""] * (len(toks) - 1))
            out.append(toks[-1])
            prefix.append(True)
            as_answer = normalized(toks[-1])
            based.append(as_answer[0] if len(as_answer) == 1 and as_answer[0] != toks[-1] else "")
        else:
            out.append(stem(t))
            prefix.append(False)
            based.append("")
    if not out:
        raise CueError(f"a term of '{cue}' has no words")
    return Term(tuple(out), tuple(prefix), tuple(based))


@lru_cache(maxsize=8192)
def parse(text: str) -> Cue:
    """Read one cue (CueError says what is wrong)."""
    src = text.strip()
    if not src:
        raise CueError("empty cue")
    if len(src) > MAX_CUE:
        raise CueError(f"longer than {MAX_CUE} characters")
    negative = False
    body = src
    if body.lower().startswith("not:"):
        negative = True
        body = body[4:].strip()
    if "&" in body and ">" in body:
        raise CueError("use either '&' (any order) or '>' (in order) between the groups, not both")
    ordered = ">" in body
    groups: list[tuple[Term, ...]] = []
    cancel: list[Term] = []
    n_terms = 0
    for chunk in body.split(">" if ordered else "&"):
        chunk = chunk.strip()
        is_cancel = chunk.startswith("!")
        if is_cancel:
            chunk = chunk[1:].strip()
            if ordered:
                raise CueError("'!' (cancel) groups go with '&' cues, not ordered ones")
        alternatives = [a.strip() for a in chunk.split("|")]
        if not chunk or any(not a for a in alternatives):
            raise CueError(f"an empty group or term in '{src}'")
        terms = tuple(_term(a, src, cancel=is_cancel) for a in alternatives)
        n_terms += len(terms)
        if is_cancel:
            cancel.extend(terms)
        else:
            groups.append(terms)
    if not groups:
        raise CueError("a cue needs at least one group that must be present (not only '!' groups)")
    if n_terms > MAX_TERMS:
        raise CueError(f"more than {MAX_TERMS} terms")
    return Cue(src, tuple(groups), tuple(cancel), ordered, negative)


def first_match(cues: tuple[str, ...] | list[str], text: str | list[Clause]) -> tuple[str, Clause] | None:
    """The first cue that matches a clause of the text, with that clause (None if none does). Cues that
    cannot be read are skipped (`dlstudy check` reports them)."""
    parts = clauses(text) if isinstance(text, str) else text
    for source in cues:
        try:
            cue = parse(source)
        except CueError:
            continue
        for clause in parts:
            if cue.match(clause):
                return source, clause
    return None


def matches(cue: str, text: str) -> bool:
    """Whether one cue matches a clause of the text (CueError if the cue cannot be read)."""
    c = parse(cue)
    return any(c.match(clause) for clause in clauses(text))


def main(argv: list[str] | None = None) -> int:
    """`python -m dlstudy.kinds.cues CUE SENTENCE...`: which clauses of each sentence the cue matches
    (for card authors)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("usage: python -m dlstudy.kinds.cues CUE SENTENCE [SENTENCE ...]", file=sys.stderr)
        return 2
    try:
        cue = parse(args[0])
    except CueError as exc:
        print(f"error: cue '{args[0]}': {exc}", file=sys.stderr)
        return 2
    found = 0
    for sentence in args[1:]:
        hits = [c for c in clauses(sentence) if cue.match(c)]
        found += bool(hits)
        print(("MATCH  " if hits else "no     ") + sentence)
        for c in hits:
            print(f"       in clause: {c.text}")
    return 0 if found else 1


if __name__ == "__main__":
    raise SystemExit(main())
