"""Multiple choice: options shown in a fresh order each time, answered by letter, by the option's
text, or by an unambiguous prefix of it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from dlstudy.kinds import fields as F
from dlstudy.kinds.base import LETTERS, AnswerError, Grade
from dlstudy.kinds.plugin import GradeEnv, KindPlugin, Span

NAME = "choice"
FIELDS = {"options", "answer"}


@dataclass(frozen=True)
class Spec:
    options: tuple[str, ...]
    answer: tuple[str, ...]  # the right option(s)

    @property
    def multi(self) -> bool:
        return len(self.answer) > 1


def parse(ctx: F.Ctx, q: Any, prefix: str, demo_ids=None) -> Spec | None:
    options = F.read_options(ctx, q, prefix, scalars=False)
    ans = q.get("answer")
    answers = ans if isinstance(ans, list) else [ans]
    if ans is None or not answers:
        ctx.add(F.line_no(q, "answer"), prefix + "answer", "required: the right option's text (or a list of them)")
        return None
    right = []
    for a in answers:
        text = str(a).strip() if isinstance(a, (str, int, float)) and not isinstance(a, bool) else None
        if text is None or text not in options:
            ctx.add(F.line_no(q, "answer"), prefix + "answer", f"'{a}' is not one of the options")
        else:
            right.append(text)
    if not options or not right:
        return None
    return Spec(tuple(options), tuple(right))


def to_dict(spec: Spec) -> dict:
    return {"options": list(spec.options), "answer": list(spec.answer) if spec.multi else spec.answer[0]}


def from_dict(d: dict) -> Spec:
    ans = d["answer"]
    return Spec(tuple(d["options"]), tuple(ans) if isinstance(ans, list) else (ans,))


def tip(spec: Spec) -> str:
    return "letters of ALL right options, e.g. a,c" if spec.multi else "a letter, or the option's words"


def shuffled(options, seed: object, key: str) -> list:
    """The options in an order fixed by (seed, key): a new seed gives a new order."""
    import random  # when options are shown: showing a card needs no generator

    opts = list(options)
    random.Random(f"{seed}:{key}").shuffle(opts)
    return opts


def option_text(opt: Any) -> str:
    if isinstance(opt, bool):
        return "yes" if opt else "no"
    return str(opt)


# symbols that make two options different answers (a/3 and a/√3, −1 and 1, LN(x) + F(x) and LN(x + F(x))):
# kept, spaced, so that x+y and x + y read the same; other punctuation (ADAM! and adam) is dropped
_MATH = r"+\-×·/√←→=<>≤≥*()\[\]∞%|"


# sub- and superscript comparison signs that NFKC leaves alone (TeX's Σ_{p>0} shown as Σₚ˲₀)
_MODIFIER_SIGNS = str.maketrans({"˂": "<", "˃": ">", "˱": "<", "˲": ">", "˖": "+", "˗": "-"})


def _norm(text: str) -> str:
    """Text compared as a reader sees it: the option as written (`x_{t+1}`) and as shown on screen, TeX
    made Unicode (`xₜ₊₁`), read the same (sub/superscripts folded by NFKC, TeX's _ ^ { } dropped); case,
    spacing and punctuation do not count, mathematical symbols do (a hyphen inside a word is a space)."""
    folded = unicodedata.normalize("NFKC", re.sub(r"[_^{}]", "", text)).lower().replace("\u2212", "-")
    folded = folded.translate(_MODIFIER_SIGNS)
    folded = re.sub(r"(?<=[^\W_])-(?=[^\W_])", " ", folded)
    spaced = re.sub(f"([{_MATH}])", r" \1 ", folded)
    return re.sub(r"\s+", " ", re.sub(rf"[^\w\s{_MATH}]", " ", spaced)).strip()


def parse_choice(text: str, order: list, multi: bool = False) -> list[int]:
    """Indexes picked: letters ('b', 'a,c'), or an option's text or unambiguous prefix ('no', 'yes'). An
    option typed exactly as written wins over options that only read the same; text that reads as
    several options (and is no letters) is refused, saying so."""
    n = len(order)
    raw = text.strip().lower()
    if not raw:
        raise AnswerError(f"type a letter from a to {LETTERS[n - 1]}")
    by_text, several = _by_text(text.strip(), order)
    if by_text is not None:
        return [by_text]
    cleaned = re.sub(r"[\s,;/&]+|\band\b", "", raw)
    idx: list[int] = []
    for ch in cleaned:
        if ch not in LETTERS[:n]:
            if several:
                raise AnswerError(f"'{text.strip()[:40]}' matches several options "
                                  f"({', '.join(LETTERS[i] for i in several)}): type the letter")
            raise AnswerError(f"'{text.strip()[:40]}' is not an option: type a letter from a to {LETTERS[n - 1]} "
                              "(e.g. 'b' or 'a,c') or the option's words")
        i = LETTERS.index(ch)
        if i not in idx:
            idx.append(i)
    return sorted(idx)


def _loose(text: str) -> str:
    """An option read as a short answer is: words normalized and stemmed, spaces and hyphens ignored
    ('reweighting' = 're-weighting', 'class weights' = 'class weighting')."""
    from dlstudy.kinds.short import tokens
    from dlstudy.kinds.stems import stem

    return "".join(stem(w) for w in tokens(text))


def _by_text(typed: str, order: list) -> tuple[int | None, list[int]]:
    """The option whose text the answer is (or an unambiguous prefix of, 3+ characters), and the options
    it reads as when it reads as several (then nothing is picked)."""
    raw = typed.lower()
    if len(raw) == 1 and raw in LETTERS[: len(order)]:
        return None, []  # a letter
    written = [i for i, o in enumerate(order) if option_text(o).strip() == typed]
    if len(written) == 1:  # exactly as written on the card: no doubt which
        return written[0], []
    want = _norm(raw)
    if not want:
        return None, []
    texts = [_norm(option_text(o)) for o in order]
    exact = [i for i, t in enumerate(texts) if t == want]
    if len(exact) == 1:
        return exact[0], []
    if len(exact) > 1:
        return None, exact
    loose = _loose(raw)  # as short answers are read: hyphens, plurals, inflection, word order
    if loose:
        alike = [i for i, o in enumerate(order) if _loose(option_text(o)) == loose]
        if len(alike) == 1:
            return alike[0], []
    if len(want) >= 2:
        prefix = [i for i, t in enumerate(texts) if t.startswith(want)]
        if len(prefix) == 1 and (len(want) >= 3 or len(texts[prefix[0]]) <= 3):
            return prefix[0], []
        if len(prefix) > 1 and len(want) >= 3:
            return None, prefix
    return None, []


def same_reading(options: list | tuple) -> list[tuple[str, str]]:
    """Pairs of options the matcher cannot tell apart from typed text (equal after its normalisation,
    e.g. 'adam' and 'ADAM!'; options of words only also as it reads them loosely, e.g. 'The Adam' and
    'adam', 'class weights' and 'class weighting'): (first, second) for each option that reads as an
    earlier one."""
    seen: dict[str, str] = {}
    loosely: dict[str, str] = {}  # options of words only, as typed text is read loosely (articles, word forms)
    out = []
    for o in options:
        text = option_text(o)
        key = _norm(text)
        loose = _loose(text) if not re.search(f"[{_MATH}]", text) else ""
        if key and key in seen:
            out.append((seen[key], text))
        elif loose and loose in loosely:
            out.append((loosely[loose], text))
        seen.setdefault(key, text)
        if loose:
            loosely.setdefault(loose, text)
    return out


def problems(spec: Spec) -> list[tuple[str, str]]:
    """What `dlstudy check` proves for a choice question: every option can be told apart when typed."""
    return [("options", f"'{b}' reads the same as '{a}' when typed (case, punctuation, spacing, articles and "
                        "word forms are ignored): make the options distinct") for a, b in same_reading(spec.options)]


def grade(spec: Spec, text: str, order: list) -> Grade:
    picked = parse_choice(text, order, spec.multi)
    right_idx = sorted(order.index(a) for a in spec.answer)
    if len(right_idx) == 1 and len(picked) > 1:
        raise AnswerError("pick one letter: this question has a single right answer")
    expected = ", ".join(f"{LETTERS[i]}) {order[i]}" for i in right_idx)
    correct = picked == right_idx
    hits = len(set(picked) & set(right_idx))
    score = 1.0 if correct else hits / max(len(set(picked) | set(right_idx)), 1)
    return Grade(correct, score, expected, details={"picked": [str(order[i]) for i in picked]})


def anki_back(spec: Spec, order: list, esc) -> str:
    return ", ".join(f"{LETTERS[order.index(a)]}) {esc(a)}" for a in spec.answer)


class Plugin(KindPlugin[Spec]):
    name = NAME
    short_name = "mcq"
    fields = frozenset(FIELDS)

    def parse(self, ctx: F.Ctx, q: Any, prefix: str, demo_ids: set[str] | None = None) -> Spec | None:
        return parse(ctx, q, prefix, demo_ids)

    def to_dict(self, spec: Spec) -> dict[str, Any]:
        return to_dict(spec)

    def from_dict(self, d: dict[str, Any]) -> Spec:
        return from_dict(d)

    def problems(self, spec: Spec, prompt: str) -> list[tuple[str, str]]:
        return problems(spec)

    def options(self, spec: Spec) -> tuple[Any, ...]:
        return spec.options

    def multi(self, spec: Spec) -> bool:
        return spec.multi

    def tip(self, spec: Spec) -> str:
        return tip(spec)

    def grade(self, spec: Spec, text: str, env: GradeEnv) -> Grade:
        return grade(spec, text, env.order or list(spec.options))

    def skip_answer(self, spec: Spec) -> Span:
        return Span(", ".join(option_text(a) for a in spec.answer), prose=True)

    def anki_back(self, spec: Spec, order: list[Any], esc: Callable[[str], str], value: Any = None) -> str:
        return anki_back(spec, order, esc)


PLUGIN = Plugin()
