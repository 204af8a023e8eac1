"""Short answers: a word or phrase, accepted when a person would accept it and rejected when it is
the wrong answer the question tests.

Normalization (both sides): Unicode NFKC, lower case, framing and filler dropped ("it's called",
"I think", "the", "a"), punctuation dropped but meaningful symbols kept (∞ is "infinity", </s>, +,
−, Greek letters, subscripts). Accepted: the answer or an alias, equal after normalization; or
with a typo in words of 5+ letters (1 edit up to 8 letters, 2 beyond; never in numbers, single
letters or short tokens); or containing all of an accepted phrase's words with at most two extra
words and no negation. Never accepted: anything that normalizes to a `reject` entry or is closer to
one than to every accepted phrase.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from dlstudy.kinds import fields as F
from dlstudy.kinds.base import AnswerError, Grade

NAME = "short"
FIELDS = {"answer", "aliases", "reject"}

FRAMING = re.compile(
    r"^(?:(?:i think|i believe|i guess|probably|maybe|perhaps|the answer is|answer|it is|it's|its|this is|that is|"
    r"that's|they are|they're|it is called|it's called|its called|called|known as|the so called|so called|"
    r"we call it|we call this|a|an|the)\b[\s:,-]*)+")
FILLER = {"the", "a", "an", "just", "basically", "simply", "called", "so-called"}
NEGATIONS = {"not", "no", "never", "non", "without", "isn't", "isnt", "doesn't", "doesnt", "don't", "dont", "cannot",
             "can't", "nor", "neither", "instead", "rather", "unlike", "versus", "vs", "except", "but"}
# the same word, written short or long (both sides of a comparison are mapped)
ABBREVIATIONS = {"grad": "gradient", "grads": "gradient", "var": "variance", "vocab": "vocabulary", "conv": "convolution",
                 "param": "parameter", "params": "parameter", "prob": "probability", "probs": "probability",
                 "init": "initialization", "initialisation": "initialization", "avg": "average", "dim": "dimension",
                 "dims": "dimension", "normalisation": "normalization", "regularisation": "regularization",
                 "optimiser": "optimizer", "info": "information", "approx": "approximately", "eval": "evaluation",
                 "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "half": "0.5"}
SYMBOLS = {"∞": " infinity ", "+∞": " infinity ", "−": "-", "–": "-", "—": "-", "×": " x ", "·": " * ", "≈": " ~ ",
           "≤": " <= ", "≥": " >= ", "→": " -> ", "←": " <- ", "√": " sqrt ", "⌊": " floor ", "⌈": " ceil ",
           "∑": " sum ", "∏": " product ", "∇": " nabla ", "∂": " partial "}
# kept as tokens of their own: signs and operators, angle-bracket tokens like </s>, <eos>
_TOKEN = re.compile(r"</?[a-z_]+>|\[[a-z_]+\]|[^\W_]+|[-+*/^<>=~|]+")


@dataclass(frozen=True)
class Spec:
    answer: str
    aliases: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()


def parse(ctx: F.Ctx, q: Any, prefix: str, demo_ids=None) -> Spec | None:
    answer = F.read_text(ctx, q, "answer", prefix)
    aliases = F.read_text_list(ctx, q, "aliases", prefix)
    reject = F.read_text_list(ctx, q, "reject", prefix)
    if answer is None:
        return None
    return Spec(answer, tuple(aliases), tuple(reject))


def to_dict(spec: Spec) -> dict:
    return {"answer": spec.answer, "aliases": list(spec.aliases), "reject": list(spec.reject)}


def from_dict(d: dict) -> Spec:
    return Spec(d["answer"], tuple(d.get("aliases", ())), tuple(d.get("reject", ())))


def tip(spec: Spec) -> str:
    return "a word or phrase"


def _greek_names(text: str) -> str:
    """Greek letters written as their names (γ and gamma are the same answer; ᾱ is alpha)."""
    out = []
    for ch in text:
        if "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff":
            parts = unicodedata.name(ch, "").split()
            if len(parts) >= 4 and parts[0] == "GREEK" and parts[2] == "LETTER":
                out.append(f" {parts[3].lower()} ")
                continue
        out.append(ch)
    return "".join(out)


def tokens(text: str) -> list[str]:
    """The normalized words and symbols of an answer."""
    text = unicodedata.normalize("NFKC", text).lower().strip()
    for sym, word in SYMBOLS.items():
        text = text.replace(sym, word)
    if any(ord(ch) >= 0x370 for ch in text):
        text = _greek_names(text)
    text = text.replace("’", "'").replace("`", "'")
    text = re.sub(r"(?<=[^\W_])-(?=[^\W_])", " ", text)  # a hyphen inside a compound word joins, it is no minus
    text = re.sub(r"\s+", " ", text).strip(" .!?;:,\"'()")
    unframed = FRAMING.sub("", text)
    found = _TOKEN.findall(unframed) or _TOKEN.findall(text)  # 'an answer' is an answer, not only framing
    words = [_base(w) for w in found if w not in FILLER] or [_base(w) for w in found]
    if len(words) == 1 and words[0] in ("inf", "infinite"):
        return ["infinity"]
    return words


def _base(word: str) -> str:
    """One spelling per word: abbreviations written out, plurals made singular (biases -> bias)."""
    word = ABBREVIATIONS.get(word, word)
    if len(word) >= 4 and word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith(("ses", "xes", "ches", "shes")):
            return word[:-2]
        return ABBREVIATIONS.get(word[:-1], word[:-1])
    return word


def normalize(text: str) -> str:
    return " ".join(tokens(text))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def typo_budget(word: str) -> int:
    """Typos allowed in one word: none for short words, numbers or anything but letters."""
    if len(word) < 5 or not word.isalpha():
        return 0
    return 1 if len(word) <= 8 else 2


def _words_match(given: list[str], want: list[str]) -> int | None:
    """Total typos if the two token lists match word by word within each word's budget, else None."""
    if len(given) != len(want):
        return None
    total = 0
    for g, w in zip(given, want):
        if g == w:
            continue
        d = edit_distance(g, w, typo_budget(w))
        if d > typo_budget(w) or not g.isalpha():
            return None
        total += d
    return total


def _contains(given: list[str], want: list[str]) -> bool:
    """All of want's tokens, in order, inside given, with at most two extra tokens and no negation."""
    if not want or len(given) - len(want) > max(3, 2 * len(want)) or len(given) <= len(want):
        return False
    if any(g in NEGATIONS for g in given):
        return False
    it = iter(given)
    return all(any(g == w for g in it) for w in want)


def _closeness(given: list[str], candidates: list[list[str]]) -> int | None:
    """The smallest number of typos with which given matches one of candidates (0 = exact)."""
    best = None
    joined = "".join(given)
    for want in candidates:
        if given == want or (joined == "".join(want) and joined):
            return 0
        d = _words_match(given, want)
        if d is not None and (best is None or d < best):
            best = d
    return best


def grade(spec: Spec, text: str) -> Grade:
    given = tokens(text)
    if not given:
        raise AnswerError("type your answer (or 's' to skip, '?' for a hint)")
    accepted = [tokens(a) for a in (spec.answer, *spec.aliases)]
    rejected = [tokens(r) for r in spec.reject]
    to_reject = _closeness(given, rejected)
    to_accept = _closeness(given, accepted)
    if to_reject is not None and (to_accept is None or to_reject <= to_accept):
        return Grade(False, 0.0, spec.answer, "that is the wrong answer this question tests",
                     {"rejected": True})
    if to_accept == 0:
        return Grade(True, 1.0, spec.answer)
    if to_accept is not None:
        return Grade(True, 1.0, spec.answer, f"accepted (spelled '{spec.answer}')", {"typos": to_accept})
    if any(_contains(given, want) for want in accepted):
        return Grade(True, 1.0, spec.answer, f"accepted ('{spec.answer}')", {"contains": True})
    return Grade(False, 0.0, spec.answer)


def problems(spec: Spec) -> list[tuple[str, str]]:
    """What `dlstudy check` proves for a short question: (field, message) for each failure."""
    out = []
    for field, values in (("answer", [spec.answer]), ("aliases", spec.aliases), ("reject", spec.reject)):
        for v in values:
            norm = tokens(v)
            if not norm:
                out.append((field, f"'{v}' has no letters or digits: nothing to grade (write the answer out)"))
            elif len("".join(norm)) <= 1 and not "".join(norm).isdigit():
                out.append((field, f"'{v}' normalizes to '{' '.join(norm)}': too short to grade (write it out)"))
    for v in (spec.answer, *spec.aliases):
        if not tokens(v):  # only punctuation ('...'): reported above as too short, nothing to grade
            continue
        g = grade(spec, v)
        if not g.correct:
            out.append(("aliases" if v != spec.answer else "answer", f"'{v}' is not accepted by the grader"))
    for r in spec.reject:
        try:
            g = grade(spec, r)
        except AnswerError:
            continue
        if g.correct:
            out.append(("reject", f"'{r}' is accepted by the grader although it is listed as wrong"))
    return out


def anki_back(spec: Spec, esc) -> str:
    also = f" <span class='kp'>(also: {esc(', '.join(spec.aliases))})</span>" if spec.aliases else ""
    return esc(spec.answer) + also
