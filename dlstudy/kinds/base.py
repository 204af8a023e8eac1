"""What every question kind shares: the grade it returns, the input error that asks again, the
numeric tolerance and rubric point types, and number formatting for feedback."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

LETTERS = "abcdefgh"


class AnswerError(ValueError):
    """The input does not fit the question's kind; ask again (it never counts as an answer)."""


@dataclass
class Grade:
    """The grader's verdict on one answer. correct is None for open answers (the learner rates them).

    `suggested` is the rating the grader proposes (1 again … 4 easy); the learner may choose another
    (an override, recorded with the answer)."""

    correct: bool | None
    score: float
    expected: str
    feedback: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    suggested: int = 0

    def __post_init__(self) -> None:
        if not self.suggested:
            self.suggested = 3 if self.correct else 1

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "score": self.score, "expected": self.expected,
                "feedback": self.feedback, "details": self.details, "suggested": self.suggested}


@dataclass(frozen=True)
class Tolerance:
    """Numeric tolerance: the answer is right if within abs OR within rel of the truth."""

    abs: float | None = None
    rel: float | None = None

    def accepts(self, given: float, truth: float) -> bool:
        diff = abs(given - truth)
        slack = 1e-12 * max(1.0, abs(truth))  # float noise at the border (3.1 - 3 > 0.1)
        if self.abs is not None and diff <= self.abs + slack:
            return True
        if self.rel is not None and diff <= self.rel * abs(truth) + slack:
            return True
        return given == truth

    def text(self) -> str:
        parts = []
        if self.abs is not None:
            parts.append("exactly" if self.abs == 0 else f"within ±{fmt(self.abs)}")
        if self.rel is not None:
            parts.append(f"within {self.rel * 100:g}%" if self.rel else "exactly")
        return " or ".join(dict.fromkeys(parts))


@dataclass(frozen=True)
class RubricPoint:
    """One key point of an open answer, recognised by any of its keywords (lower-case phrases).

    Attributes:
        misconceptions: the point gotten wrong in the same words (roles or directions swapped, a
            negation, the classic confusion), as a candidate would say it.
        cues: patterns (kinds/cues.py) that recognise those misconceptions in a clause of an answer.
        support: patterns that must match for the point to count as mentioned, where its keywords
            alone mislead (empty: the keywords decide).
    """

    point: str
    keywords: tuple[str, ...]
    misconceptions: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    support: tuple[str, ...] = ()


def fmt(v: Any) -> str:
    """A number for feedback: up to 6 significant figures, scientific when very large or small."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if v is None or not isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "∞" if v > 0 else "−∞" if v < 0 else "nan"
    if v == 0 or 1e-4 <= abs(v) < 1e6:
        return f"{v:.6g}"
    return f"{v:.4e}"


def round_sig(v: float, digits: int) -> float:
    """v rounded to `digits` significant figures."""
    if v == 0 or not math.isfinite(v):
        return v
    return round(v, digits - 1 - int(math.floor(math.log10(abs(v)))))


def fmt_sig(v: float, digits: int) -> str:
    """v shown with exactly `digits` significant figures (0.35667, 2 -> '0.36')."""
    if v == 0 or not math.isfinite(v):
        return fmt(v)
    r = round_sig(v, digits)
    exp = int(math.floor(math.log10(abs(r))))
    if -4 <= exp < 6:
        decimals = max(digits - 1 - exp, 0)
        return f"{r:.{decimals}f}"
    return f"{r:.{digits - 1}e}"
