"""Short answers: a word or phrase, accepted when a person would accept it and rejected when it is
the wrong answer the question tests.

Normalization (both sides): Unicode NFKC, lower case, framing and filler dropped ("it's called",
"I think", "the", "a"), punctuation dropped but meaningful symbols kept (∞ is "infinity", </s>, +,
−, Greek letters, subscripts); words compared on their stems (Snowball), so inflection and word order
do not matter ("clip gradients" = "gradient clipping").

Accepted: the answer or an alias, equal after normalization (or the same words in another order or
inflection); with a typo in words of 5+ letters (1 edit up to 8 letters, 2 beyond; never in numbers,
single letters, short tokens, or across a negating prefix: "reducible" is not "irreducible"); an
answer followed by its explanation, judged by its head ("the hyperbolic tangent, since it's odd");
an answer that contains an accepted phrase with a few other words and no negation; an accepted
phrase without words the question itself supplies ("log" for "log scale" when it asks "on what kind
of scale").
Never accepted: anything that normalizes to a `reject` entry or is closer to one than to every
accepted phrase; a hedge: an answer that also names a rejected answer ("tanh, and sigmoid too", but
not "tanh, not sigmoid") or offers alternatives that are not all accepted ("tanh or relu").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from dlstudy.kinds import fields as F
from dlstudy.kinds.base import AnswerError, Grade
from dlstudy.kinds.plugin import GradeEnv, KindPlugin, Line, Span

NAME = "short"
FIELDS = {"answer", "aliases", "reject"}

FRAMING = re.compile(
    r"^(?:(?:i think|i believe|i guess|probably|maybe|perhaps|the answer is|answer|it is|it's|its|this is|that is|"
    r"that's|they are|they're|it is called|it's called|its called|called|known as|the so called|so called|"
    r"we call it|we call this)\b(?:[\s:,]|-(?![\d.]))*|(?:a|an|the)\b(?!\s*[-+*/^<>=~|])(?:[\s:,]|-(?![\d.]))*)+")
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


GREEK_SPELLING = {"lamda": "lambda"}  # Unicode's name for λ, and the spelling people type


def _greek_names(text: str) -> str:
    """Greek letters written as their names (γ and gamma are the same answer; ᾱ is alpha)."""
    out = []
    for ch in text:
        if "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff":
            parts = unicodedata.name(ch, "").split()
            if len(parts) >= 4 and parts[0] == "GREEK" and parts[2] == "LETTER":
                out.append(f" {GREEK_SPELLING.get(parts[3].lower(), parts[3].lower())} ")
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
    words = [_base(w) for i, w in enumerate(found) if w not in FILLER or _beside_operator(found, i)] or \
        [_base(w) for w in found]
    if len(words) == 1 and words[0] in ("inf", "infinite"):
        return ["infinity"]
    return words


def _beside_operator(found: list[str], i: int) -> bool:
    """A filler word next to an operator is a variable ("1/a", "a^2"), not an article."""
    return any(0 <= j < len(found) and _OPERATOR.fullmatch(found[j]) for j in (i - 1, i + 1))


_OPERATOR = re.compile(r"[-+*/^<>=~|]+")


# plurals in -ses that drop "es" (most drop only "s": uses, causes, cases, responses)
ES_PLURALS = frozenset({"biases", "aliases", "gases", "buses", "atlases", "statuses", "focuses", "lenses", "canvases"})


def _base(word: str) -> str:
    """One spelling per word: abbreviations written out, plurals made singular (biases -> bias)."""
    word = ABBREVIATIONS.get(word, word)
    if len(word) >= 4 and word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith(("sses", "xes", "ches", "shes")) or word in ES_PLURALS:
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


NEGATING_PREFIXES = ("ir", "in", "un", "non", "im", "il", "dis", "a")
HEDGES = {"or", "and/or", "maybe", "either"}  # an answer that offers alternatives commits to none
MAX_CONTAINING = 16  # words: an accepted phrase inside a longer answer counts up to this length
_EXPLANATION = re.compile(r",|;|:|\(|\s[-–—]\s|\b(?:since|because|as|which|so|i\.?e\.?|e\.?g\.?|that is|meaning)\b",
                          re.IGNORECASE)


def _prefix_flip(a: str, b: str) -> bool:
    """One word is the other with a negating prefix (reducible / irreducible): never a typo."""
    return any(a == p + b or b == p + a for p in NEGATING_PREFIXES)


def _words_match(given: list[str], want: list[str]) -> int | None:
    """Total typos if the two token lists match word by word within each word's budget, else None."""
    if len(given) != len(want):
        return None
    total = 0
    for g, w in zip(given, want):
        if g == w:
            continue
        d = edit_distance(g, w, typo_budget(w))
        if d > typo_budget(w) or not g.isalpha() or _prefix_flip(g, w):
            return None
        total += d
    return total


def _stems(words: list[str]) -> list[str]:
    from dlstudy.kinds.stems import stem

    return [stem(w) for w in words]


def _closeness(given: list[str], candidates: list[list[str]]) -> int | None:
    """The smallest number of typos with which given matches one of candidates (0 = exact, or the same
    words in another order or inflection: "clip gradients" = "gradient clipping")."""
    best = None
    joined = "".join(given)
    bag = sorted(_stems(given))
    for want in candidates:
        if given == want or (joined == "".join(want) and joined) or (len(want) > 1 and bag == sorted(_stems(want))):
            return 0
        d = _words_match(given, want)
        if d is not None and (best is None or d < best):
            best = d
    return best


def _occurs(phrase: list[str], given: list[str]) -> list[int]:
    """Positions where phrase occurs in given, word by word on stems; a hyphenated word written apart
    counts as one ("de-biasing" = "debiasing")."""
    want = _stems(phrase)
    words = _stems(given)
    out = []
    for i in range(len(words)):
        j, k = i, 0
        while k < len(want) and j < len(words):
            if words[j] == want[k]:
                j, k = j + 1, k + 1
            elif j + 1 < len(words) and given[j] + given[j + 1] == phrase[k]:
                j, k = j + 2, k + 1
            else:
                break
        if k == len(want) and want:
            out.append(i)
    return out


def _stated(phrase: list[str], given: list[str], inside: set[int] | None = None) -> bool:
    """The phrase occurs in the answer, no negation stands just before it ("not sigmoid"), and it is not
    part of a longer phrase at `inside` ("uniform" inside "log-uniform")."""
    n = len(phrase)
    return any(not any(w in NEGATIONS for w in given[max(0, i - 2):i])
               and not (inside and set(range(i, i + n)) <= inside) for i in _occurs(phrase, given))


def _spans(phrases: list[list[str]], given: list[str]) -> set[int]:
    """The positions of the answer covered by occurrences of these phrases."""
    out: set[int] = set()
    for p in phrases:
        for i in _occurs(p, given):
            out.update(range(i, i + len(p)))
    return out


def _contains(given: list[str], want: list[str]) -> bool:
    """All of want's words, in order, inside a short answer with a few extra words and no negation
    ("e and d" for "e d")."""
    if not want or len(given) - len(want) > max(3, 2 * len(want)) or len(given) <= len(want):
        return False
    if any(g in NEGATIONS for g in given):
        return False
    it = iter(_stems(given))
    return all(any(g == w for g in it) for w in _stems(want))


def _hedged(given: list[str], accepted: list[list[str]]) -> bool:
    """The answer offers alternatives ("tanh or sigmoid") and not every alternative is accepted."""
    if not HEDGES & set(given) or any(HEDGES & set(a) for a in accepted):
        return False
    parts: list[list[str]] = [[]]
    for w in given:
        if w in HEDGES:
            parts.append([])
        else:
            parts[-1].append(w)
    parts = [p for p in parts if p]
    return len(parts) > 1 and not all(_closeness(p, accepted) is not None for p in parts)


def _head(text: str) -> str:
    """The answer before its explanation: "the hyperbolic tangent, since it's odd" -> "the hyperbolic tangent"."""
    m = _EXPLANATION.search(text)
    return text[: m.start()] if m and m.start() > 0 else text


def _completes(given: list[str], accepted: list[list[str]], prompt: str) -> bool:
    """The answer is an accepted phrase without words the question itself supplies ("log" for "log scale"
    when the question asks "on what kind of scale")."""
    if not prompt or not given:
        return False
    asked = set(_stems(tokens(prompt)))
    mine = _stems(given)
    if all(w in asked for w in mine):
        return False  # only the question's own words
    for want in accepted:
        ws = _stems(want)
        if len(ws) > len(mine) and _occurs(given, want) and all(w in asked for w in ws if w not in mine):
            return True
    return False


def grade(spec: Spec, text: str, prompt: str = "") -> Grade:
    """Judge a short answer as a person reads it (the module docstring gives the rules)."""
    given = tokens(text)
    if not given:
        raise AnswerError("type your answer (or 's' to skip, '?' for a hint)")
    accepted = [tokens(a) for a in (spec.answer, *spec.aliases)]
    rejected = [t for t in (tokens(r) for r in spec.reject) if t]
    to_reject = _closeness(given, rejected)
    to_accept = _closeness(given, accepted)
    if to_reject is not None and (to_accept is None or to_reject <= to_accept):
        return Grade(False, 0.0, spec.answer, "that is the wrong answer this question tests", {"rejected": True})
    if to_accept == 0:
        return Grade(True, 1.0, spec.answer)
    if to_accept is not None:
        return Grade(True, 1.0, spec.answer, f"accepted (spelled '{spec.answer}')", {"typos": to_accept})
    named_wrong = any(_stated(r, given, inside=_spans(accepted, given)) for r in rejected)
    if named_wrong or _hedged(given, accepted):
        right_too = any(_stated(a, given) for a in accepted)
        return Grade(False, 0.0, spec.answer, "that also names a wrong answer: commit to one" if right_too
                     else "that is the wrong answer this question tests", {"rejected": True, "hedge": right_too})
    head = tokens(_head(text))
    if head and head != given and _closeness(head, accepted) is not None and _closeness(head, rejected) is None:
        return Grade(True, 1.0, spec.answer, f"accepted ('{spec.answer}')", {"head": True})
    phrases = [a for a in accepted if len("".join(a)) > 1]  # a one-letter answer ("x") counts only on its own
    if any(_contains(given, want) for want in phrases) or \
            (len(given) <= MAX_CONTAINING and any(_stated(a, given) for a in phrases)):
        return Grade(True, 1.0, spec.answer, f"accepted ('{spec.answer}')", {"contains": True})
    if _completes(given, phrases, prompt):
        return Grade(True, 1.0, spec.answer, f"accepted ('{spec.answer}')", {"completes": True})
    return Grade(False, 0.0, spec.answer)


def problems(spec: Spec) -> list[tuple[str, str]]:
    """What `dlstudy check` proves for a short question: (field, message) for each failure; fields name
    the entry (`aliases[2]`), so check reports it at its own line."""
    out: list[tuple[str, str]] = []
    entries = [("answer", spec.answer)] + [(f"aliases[{i}]", a) for i, a in enumerate(spec.aliases)] + \
        [(f"reject[{i}]", r) for i, r in enumerate(spec.reject)]
    unreadable = set()
    for field, v in entries:
        norm = tokens(v)
        if not norm:
            out.append((field, f"'{v}' has no letters or digits: nothing to grade (write the answer out)"))
            unreadable.add(field)
        elif len("".join(norm)) <= 1 and not "".join(norm).isalnum():
            out.append((field, f"'{v}' normalizes to '{' '.join(norm)}': too short to grade (write it out)"))
            unreadable.add(field)
    for field, v in entries:
        if field in unreadable:
            continue
        try:
            g = grade(spec, v)
        except AnswerError:
            continue
        if not field.startswith("reject") and not g.correct:
            out.append((field, f"'{v}' is not accepted by the grader"))
        elif field.startswith("reject") and g.correct:
            out.append((field, f"'{v}' is accepted by the grader although it is listed as wrong"))
    return out


def anki_back(spec: Spec, esc) -> str:
    also = f" <span class='kp'>(also: {esc(', '.join(spec.aliases))})</span>" if spec.aliases else ""
    return esc(spec.answer) + also


class Plugin(KindPlugin[Spec]):
    name = NAME
    fields = frozenset(FIELDS)

    def parse(self, ctx: F.Ctx, q: Any, prefix: str, demo_ids: set[str] | None = None) -> Spec | None:
        return parse(ctx, q, prefix, demo_ids)

    def to_dict(self, spec: Spec) -> dict[str, Any]:
        return to_dict(spec)

    def from_dict(self, d: dict[str, Any]) -> Spec:
        return from_dict(d)

    def problems(self, spec: Spec, prompt: str) -> list[tuple[str, str]]:
        return problems(spec)

    def tip(self, spec: Spec) -> str:
        return tip(spec)

    def grade(self, spec: Spec, text: str, env: GradeEnv) -> Grade:
        return grade(spec, text, env.prompt)

    def feedback(self, spec: Spec, grade: Grade) -> list[Line]:
        if grade.correct:
            return [(Span("✓ right", "right"), Span(" " + grade.feedback if grade.feedback else "")),
                    (Span("  answer: " + grade.expected),)]
        lines: list[Line] = [(Span("✗ not quite", "wrong"), Span(" — the answer is "), Span(grade.expected, "bold"))]
        if grade.details.get("rejected"):
            lines.append((Span("  " + grade.feedback, "warn"),))
        return lines

    def skip_answer(self, spec: Spec) -> Span:
        return Span(spec.answer, prose=True)

    def anki_back(self, spec: Spec, order: list[Any], esc: Callable[[str], str], value: Any = None) -> str:
        return anki_back(spec, esc)


PLUGIN = Plugin()
