"""What every question kind shares: the grade it returns, the input error that asks again, the
numeric tolerance and rubric point types (numbers are written with dlstudy.text.fmt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlstudy.text import fmt

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
