"""Grading per question kind. Pure functions: parse the user's text, compare, explain.

parse errors raise AnswerError (the prompt explains and asks again: it never counts as an answer).
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from dlstudy.content.schema import Question
from dlstudy.demos.result import option_index, option_text
from dlstudy.quiz.numexpr import ExprError, parse_number

LETTERS = "abcdefgh"


class AnswerError(ValueError):
    """The input does not fit the question's kind; ask again."""


@dataclass
class Grade:
    """The outcome of one answer. correct is None for open answers (self-rated)."""

    correct: bool | None
    score: float
    expected: str
    feedback: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "score": self.score, "expected": self.expected,
                "feedback": self.feedback, "details": self.details}


# ---------- choice ----------

def shuffled_options(question: Question, seed: int) -> list[Any]:
    """The question's options in a per-run order (deterministic for a seed and question)."""
    opts = list(question.options)
    rnd = random.Random(f"{seed}:{question.id}")
    rnd.shuffle(opts)
    return opts


def parse_letters(text: str, n: int) -> list[int]:
    cleaned = re.sub(r"[\s,;/&]+|\band\b", "", text.strip().lower())
    if not cleaned:
        raise AnswerError(f"type a letter from a to {LETTERS[n - 1]}")
    idx = []
    for ch in cleaned:
        if ch not in LETTERS[:n]:
            raise AnswerError(f"'{ch}' is not an option: type letter(s) from a to {LETTERS[n - 1]} (e.g. 'b' or 'a,c')")
        i = LETTERS.index(ch)
        if i not in idx:
            idx.append(i)
    return sorted(idx)


def grade_choice(question: Question, text: str, order: list[Any]) -> Grade:
    picked = parse_letters(text, len(order))
    right = question.answer if isinstance(question.answer, list) else [question.answer]
    right_idx = sorted(order.index(a) for a in right)
    if len(right_idx) == 1 and len(picked) > 1:
        raise AnswerError("pick one letter: this question has a single right answer")
    expected = ", ".join(f"{LETTERS[i]}) {order[i]}" for i in right_idx)
    correct = picked == right_idx
    hits = len(set(picked) & set(right_idx))
    score = 1.0 if correct else hits / max(len(set(picked) | set(right_idx)), 1)
    return Grade(correct, score, expected, details={"picked": [str(order[i]) for i in picked]})


# ---------- numeric ----------

def grade_numeric_value(given: float, truth: float, question: Question) -> Grade:
    tol = question.tolerance
    ok = tol.accepts(given, truth) if tol else given == truth
    unit = f" {question.unit}" if question.unit else ""
    expected = f"{_fmt(truth)}{unit}"
    tol_text = []
    if tol and tol.abs is not None:
        tol_text.append(f"±{_fmt(tol.abs)}")
    if tol and tol.rel is not None:
        tol_text.append(f"±{tol.rel:.1%}")
    feedback = f"accepted within {' or '.join(tol_text)}" if tol_text else ""
    return Grade(ok, 1.0 if ok else 0.0, expected, feedback, {"given": given, "truth": truth})


def grade_numeric(question: Question, text: str, truth: float | None = None) -> Grade:
    try:
        given = parse_number(text)
    except ExprError as exc:
        raise AnswerError(f"{exc}. Examples: 0.005, 2/(300+100), sqrt(6/400), 1e-3, log(2)") from None
    return grade_numeric_value(given, float(question.answer if truth is None else truth), question)


def _fmt(v: float) -> str:
    if v is None or not isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if v == 0 or 1e-4 <= abs(v) < 1e6:
        return f"{v:.6g}"
    return f"{v:.4e}"


# ---------- short ----------

def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s.+-]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .")


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
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 7 else 2


def grade_short(question: Question, text: str) -> Grade:
    given = normalize(text)
    if not given:
        raise AnswerError("type your answer (or 's' to skip, '?' for a hint)")
    accepted = [question.answer] + list(question.aliases)
    for cand in accepted:
        want = normalize(str(cand))
        if given == want:
            return Grade(True, 1.0, str(question.answer))
        if given.replace(" ", "").replace("-", "") == want.replace(" ", "").replace("-", ""):
            return Grade(True, 1.0, str(question.answer))
    for cand in accepted:
        want = normalize(str(cand))
        if edit_distance(given, want) <= typo_budget(want):
            return Grade(True, 1.0, str(question.answer), feedback=f"accepted (spelled '{question.answer}')")
    return Grade(False, 0.0, str(question.answer))


# ---------- open ----------

def rubric_hits(question: Question, text: str) -> list[bool]:
    """For each rubric point: does the answer mention any of its keywords (typo-tolerant per word)?"""
    given = normalize(text)
    words = given.split()
    hits = []
    for point in question.rubric:
        found = False
        for kw in point.keywords:
            k = normalize(kw)
            if not k:
                continue
            if k in given:
                found = True
                break
            if " " not in k and len(k) >= 5 and any(edit_distance(w, k, 1) <= 1 for w in words):
                found = True
                break
        hits.append(found)
    return hits


def grade_open(question: Question, text: str) -> Grade:
    hits = rubric_hits(question, text)
    n = len(hits) or 1
    score = sum(hits) / n
    return Grade(None, score, question.model_answer or "",
                 feedback=f"you covered {sum(hits)} of {len(hits)} key points",
                 details={"rubric": [{"point": p.point, "hit": h} for p, h in zip(question.rubric, hits)]})


# ---------- predict ----------

def grade_predict(question: Question, text: str, value: Any, order: list[Any] | None = None) -> Grade:
    """Grade a prediction against the value the demo actually computed."""
    if question.format == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerError("this demo's value is not a number")  # caught by dlstudy check
        grade = grade_numeric(question, text, truth=float(value))
        grade.details["demo_value"] = value
        return grade
    order = order or list(question.options)
    picked = parse_letters(text, len(order))
    if len(picked) != 1:
        raise AnswerError("pick one letter")
    idx = option_index(question.options, value)
    right = order.index(question.options[idx]) if idx is not None else None
    expected = f"{LETTERS[right]}) {option_text(order[right])}" if right is not None else str(value)
    ok = right is not None and picked[0] == right
    return Grade(ok, 1.0 if ok else 0.0, expected, details={"demo_value": value,
                                                            "picked": option_text(order[picked[0]])})
