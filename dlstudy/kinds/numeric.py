"""Numeric answers: an expression evaluated safely (kinds/numexpr.py), graded at the precision the
question states.

Precision: the prompt shows it (`sig_figs`, else the tolerance: "within 1%", "within ±0.01").
Accepted: a value within the tolerance, or one that is correctly rounded at `sig_figs` significant
figures. Forms: a percent where the answer is a probability or share ("99.5%" or "99.5" for 0.995),
scale words and suffixes ("12.44 million", "12.44M", "3k"); a right value in the wrong scale
("12440000" when the unit is million) is asked again, not failed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from dlstudy.kinds import fields as F
from dlstudy.kinds.base import AnswerError, Grade, Tolerance
from dlstudy.kinds.plugin import GradeEnv, KindPlugin, Line, Span
from dlstudy.text import fmt, fmt_sig, round_sig

NAME = "numeric"
FIELDS = {"answer", "tolerance", "unit", "sig_figs"}

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "b": 1e9, "bn": 1e9,
          "trillion": 1e12, "t": 1e12}
_SCALE_RE = re.compile(r"^(?P<num>.*?)(?<![a-z])\s*(?P<word>thousand|million|billion|trillion|mn|bn|k|m|b|t)\.?$",
                       re.IGNORECASE)
_PRECISION_WORDS = re.compile(r"significant|decimal|within|\bexact|whole number|integer|round|\bdp\b|nearest|"
                              r"\bto \d+ (digits|places)", re.IGNORECASE)


@dataclass(frozen=True)
class Spec:
    answer: float
    tolerance: Tolerance
    unit: str | None = None
    sig_figs: int | None = None


def parse(ctx: F.Ctx, q: Any, prefix: str, demo_ids=None) -> Spec | None:
    num = F.as_number(q.get("answer"))
    if num is None or not math.isfinite(num):
        ctx.add(F.line_no(q, "answer"), prefix + "answer", "must be a finite number")
    tol = F.read_tolerance(ctx, q, prefix)
    unit = F.read_text(ctx, q, "unit", prefix, required=False)
    sig = F.read_sig_figs(ctx, q, prefix)
    if num is None or tol is None or not math.isfinite(num):
        return None
    return Spec(num, tol, unit, sig)


def to_dict(spec: Spec) -> dict:
    return {"answer": spec.answer, "tolerance": {"abs": spec.tolerance.abs, "rel": spec.tolerance.rel},
            "unit": spec.unit, "sig_figs": spec.sig_figs}


def from_dict(d: dict) -> Spec:
    return Spec(d["answer"], Tolerance(**d["tolerance"]), d.get("unit"), d.get("sig_figs"))


def precision_text(tolerance: Tolerance, sig_figs: int | None) -> str:
    if sig_figs:
        return f"to {sig_figs} significant figure{'s' if sig_figs > 1 else ''}"
    return tolerance.text()


def prompt_suffix(prompt: str, tolerance: Tolerance, sig_figs: int | None, unit: str | None) -> str:
    """What the prompt adds so the precision (and unit) asked is always stated."""
    parts = []
    if sig_figs or not _PRECISION_WORDS.search(prompt):
        parts.append(precision_text(tolerance, sig_figs))
    if unit and unit.lower() not in prompt.lower():
        parts.append(f"in {unit}")
    return f"({'; '.join(p for p in parts if p)})" if any(parts) else ""


def tip(spec: Spec) -> str:
    return "a number or expression, e.g. 2/(300+100), 1.2e-3, 12 million, 45%"


def _is_share(unit: str | None, truth: float) -> bool:
    u = (unit or "").lower()
    return u in ("", "probability", "fraction", "share", "ratio") and 0 <= truth <= 1


_APPROX = re.compile(r"^(?:about|approximately|approx\.?|roughly|around|circa|ca\.|~|≈)\s*", re.IGNORECASE)
UNIT_WORDS = ("nats", "nat", "bits", "bit", "bytes", "byte", "flops", "flop", "parameters", "params", "tokens", "steps",
              "gib", "gb", "mib", "mb", "kib", "kb", "tib", "tb", "ms", "seconds", "minutes", "hours", "days", "s")


def _strip_words(raw: str, unit: str | None) -> str:
    """'ln 2 ≈ 0.69' -> '0.69'; 'about 17%' -> '17%'; '2 GiB' (unit GiB) -> '2'; '0.36 nats' -> '0.36'."""
    return _split_unit(raw, unit)[0]


def _split_unit(raw: str, unit: str | None) -> tuple[str, str | None]:
    """The number's text and the unit word written after it (lower case), if any."""
    for sep in ("≈", "="):
        if sep in raw:
            raw = raw.rsplit(sep, 1)[1]
    raw = _APPROX.sub("", raw.strip())
    words = [unit.lower()] if unit else []
    words += list(UNIT_WORDS)
    low = raw.lower()
    for w in words:
        if low.endswith(" " + w) or (low.endswith(w) and len(w) > 2 and low[: -len(w)].rstrip()[-1:].isdigit()):
            return raw[: len(raw) - len(w)].strip(), w
    return raw, None


# units of one quantity, in a common base: a right value written in another of them is asked again
UNIT_FAMILIES: tuple[dict[str, float], ...] = (
    {"bit": 1 / 8, "bits": 1 / 8, "byte": 1, "bytes": 1, "kb": 1e3, "kib": 2.0 ** 10, "mb": 1e6, "mib": 2.0 ** 20,
     "gb": 1e9, "gib": 2.0 ** 30, "tb": 1e12, "tib": 2.0 ** 40},
    {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "seconds": 1, "second": 1, "min": 60, "minutes": 60,
     "h": 3600, "hours": 3600, "days": 86400},
)


UNIT_NAMES = {"kb": "kB", "kib": "KiB", "mb": "MB", "mib": "MiB", "gb": "GB", "gib": "GiB", "tb": "TB", "tib": "TiB"}


def _in_other_unit(value: float, written: str | None, unit: str | None) -> float | None:
    """The value converted to the question's unit when it was written in another unit of the same quantity."""
    if not written or not unit or written == unit.lower():
        return None
    for family in UNIT_FAMILIES:
        if written in family and unit.lower() in family:
            return value * family[written] / family[unit.lower()]
    return None


def read_value(text: str, unit: str | None = None) -> tuple[float, float, bool]:
    """(value, scale word multiplier, written as a percent)."""
    return _read(text, unit)[:3]


def _read(text: str, unit: str | None = None) -> tuple[float, float, bool, str | None]:
    """(value, scale word multiplier, written as a percent, the unit word written after it)."""
    raw, written = _split_unit(text.strip().replace("−", "-"), unit)
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?\s*\w*%?", raw):  # thousands separators: 12,440,000
        raw = raw.replace(",", "")
    scale = 1.0
    m = _SCALE_RE.match(raw)
    if m and re.search(r"\d", m.group("num")):
        scale = SCALES[m.group("word").lower()]
        raw = m.group("num").strip()
    percent = raw.endswith("%")
    from dlstudy.kinds.numexpr import ExprError, parse_number  # the expression parser, when answering

    try:
        value = parse_number(raw)
    except ExprError as exc:
        raise AnswerError(f"{exc}. Examples: 0.005, 2/(300+100), sqrt(6/400), 1e-3, log(2), 12 million, 45%") from None
    return value, scale, percent, written


def grade_value(given_text: str, truth: float, tolerance: Tolerance, unit: str | None = None,
                sig_figs: int | None = None) -> Grade:
    value, scale, percent, written = _read(given_text, unit)
    unit_scale = SCALES.get((unit or "").lower().rstrip("s"), 1.0) if unit else 1.0
    candidates = []  # (value in the answer's unit, how it was read)
    if scale != 1.0:
        candidates.append((value * scale / unit_scale, f"read as {fmt(value * scale)}"))
    else:
        candidates.append((value, ""))
    if _is_share(unit, truth) and not percent and 1 < abs(value) <= 100:
        candidates.append((value / 100, f"read as {fmt(value)}%"))
    expected = with_unit(fmt_sig(truth, sig_figs) if sig_figs else fmt(truth), unit)
    precision = precision_text(tolerance, sig_figs)
    for v, how in candidates:
        if tolerance.accepts(v, truth) or (sig_figs and round_sig(v, sig_figs) == round_sig(truth, sig_figs)):
            note = f"accepted {precision}" + (f"; {how}" if how else "")
            return Grade(True, 1.0, expected, note, {"given": v, "truth": truth})
    if unit_scale != 1.0 and scale == 1.0 and tolerance.accepts(value / unit_scale, truth):
        raise AnswerError(f"that is the right value, but give it in {unit} (e.g. {fmt(truth)} {unit})")
    converted = _in_other_unit(value * scale, written, unit)
    if converted is not None and tolerance.accepts(converted, truth):
        shown = UNIT_NAMES.get(written or "", written)
        raise AnswerError(f"that is the right value in {shown}, but give it in {unit} (e.g. {fmt(truth)} {unit})")
    return Grade(False, 0.0, expected, f"the answer is {expected} ({precision})",
                 {"given": candidates[0][0], "truth": truth})


def grade(spec: Spec, text: str) -> Grade:
    return grade_value(text, spec.answer, spec.tolerance, spec.unit, spec.sig_figs)


def anki_back(spec: Spec, esc) -> str:
    return esc(with_unit(fmt_sig(spec.answer, spec.sig_figs) if spec.sig_figs else f"{spec.answer:g}", spec.unit))


_STATED = re.compile(r"significant\s+figure", re.IGNORECASE)


def precision_problems(prompt: str, sig_figs: int | None) -> list[tuple[str, str]]:
    """A prompt that states the significant figures the quiz adds itself would say them twice."""
    if sig_figs and _STATED.search(prompt):
        return [("prompt", f"states the precision, which the quiz adds itself ('to {sig_figs} significant "
                           f"figure{'s' if sig_figs > 1 else ''}'): remove it from the prompt")]
    return []


def feedback_lines(grade: Grade) -> list[Line]:
    """Right: the verdict and the answer as the card states it; wrong: the answer."""
    if grade.correct:
        return [(Span("✓ right", "right"), Span(" " + grade.feedback if grade.feedback else "")),
                (Span("  answer: " + grade.expected),)]
    return [(Span("✗ not quite", "wrong"), Span(" — the answer is "), Span(grade.expected, "bold"))]


def skip_text(answer: float, sig_figs: int | None, unit: str | None) -> str:
    return with_unit(fmt_sig(answer, sig_figs) if sig_figs else fmt(answer), unit)


def with_unit(number: str, unit: str | None) -> str:
    """'2 bits', '1 bit': a counted unit written as a plural word is singular for exactly one."""
    if not unit:
        return number
    try:
        one = abs(float(number)) == 1.0
    except ValueError:
        one = False
    if one and unit.lower() in PLURAL_UNITS:
        unit = unit[:-1]
    return f"{number} {unit}"


# counted units written as plural words ('ms', 'GB', 'bits/byte' are not): one of them is singular
PLURAL_UNITS = {"bits", "nats", "bytes", "tokens", "steps", "epochs", "days", "hours", "minutes", "seconds",
                "parameters", "params", "flops", "layers", "heads", "words", "samples", "examples", "iterations",
                "updates", "dimensions", "weights", "neurons", "units", "points", "times", "years", "images"}


class Plugin(KindPlugin[Spec]):
    name = NAME
    short_name = "num"
    fields = frozenset(FIELDS)

    def parse(self, ctx: F.Ctx, q: Any, prefix: str, demo_ids: set[str] | None = None) -> Spec | None:
        return parse(ctx, q, prefix, demo_ids)

    def to_dict(self, spec: Spec) -> dict[str, Any]:
        return to_dict(spec)

    def from_dict(self, d: dict[str, Any]) -> Spec:
        return from_dict(d)

    def problems(self, spec: Spec, prompt: str) -> list[tuple[str, str]]:
        return precision_problems(prompt, spec.sig_figs)

    def prompt_text(self, spec: Spec, prompt: str) -> str:
        suffix = prompt_suffix(prompt, spec.tolerance, spec.sig_figs, spec.unit)
        return f"{prompt} {suffix}" if suffix else prompt

    def tip(self, spec: Spec) -> str:
        return tip(spec)

    def grade(self, spec: Spec, text: str, env: GradeEnv) -> Grade:
        return grade(spec, text)

    def feedback(self, spec: Spec, grade: Grade) -> list[Line]:
        return feedback_lines(grade)

    def skip_answer(self, spec: Spec) -> Span:
        return Span(skip_text(spec.answer, spec.sig_figs, spec.unit), prose=True)

    def anki_back(self, spec: Spec, order: list[Any], esc: Callable[[str], str], value: Any = None) -> str:
        import html

        return anki_back(spec, html.escape)


PLUGIN = Plugin()
