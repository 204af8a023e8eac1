"""Grading per kind: right, wrong, borderline and malformed answers."""

from __future__ import annotations

import math

import pytest

from dlstudy.content.schema import Question, RubricPoint, Tolerance
from dlstudy.quiz.grading import (
    AnswerError,
    edit_distance,
    grade_choice,
    grade_numeric,
    grade_open,
    grade_predict,
    grade_short,
    shuffled_options,
)
from dlstudy.quiz.numexpr import ExprError, parse_number


def q(**kw):
    base = {"id": "q", "kind": "choice", "prompt": "p", "explanation": "e"}
    base.update(kw)
    return Question(**base)


# ---- choice ----
def test_choice_right_wrong_and_malformed():
    question = q(options=["alpha", "beta", "gamma"], answer="beta")
    order = ["alpha", "beta", "gamma"]
    assert grade_choice(question, "b", order).correct is True
    assert grade_choice(question, " B ", order).correct is True
    assert grade_choice(question, "a", order).correct is False
    with pytest.raises(AnswerError):
        grade_choice(question, "d", order)  # not an option
    with pytest.raises(AnswerError):
        grade_choice(question, "", order)
    with pytest.raises(AnswerError):
        grade_choice(question, "a,b", order)  # single-answer question


def test_choice_multiple_answers_need_the_exact_set():
    question = q(options=["w", "x", "y", "z"], answer=["x", "z"])
    order = ["w", "x", "y", "z"]
    assert grade_choice(question, "b,d", order).correct is True
    assert grade_choice(question, "db", order).correct is True
    partial = grade_choice(question, "b", order)
    assert partial.correct is False and 0 < partial.score < 1


def test_choice_shuffle_is_seeded_and_a_permutation():
    question = q(options=list("abcdefgh"), answer="a")
    one = shuffled_options(question, 1)
    assert one == shuffled_options(question, 1)
    assert sorted(one) == list("abcdefgh")
    assert any(shuffled_options(question, s) != one for s in range(2, 10))


# ---- numeric ----
@pytest.mark.parametrize("text,value", [
    ("2/(300+100)", 0.005), ("sqrt(6/400)", math.sqrt(6 / 400)), ("1e-3", 1e-3), ("exp(88.7)", math.exp(88.7)),
    ("log(2)", math.log(2)), ("2^10", 1024), ("-2**2", -4), ("5%", 0.05), ("3 * (1 + 1)", 6), ("√4", 2),
])
def test_expression_parser(text, value):
    assert math.isclose(parse_number(text), value, rel_tol=1e-12)


@pytest.mark.parametrize("text", ["9**9**9", "1e999", "exp(1000)", "(" * 60 + "1" + ")" * 60, "__import__('os')",
                                  "1/0", "2 3", "abc", "", "x" * 500, "(-8)^0.5", "2**", "sqrt"])
def test_expression_parser_rejects_cleanly(text):
    with pytest.raises(ExprError):
        parse_number(text)


def test_numeric_tolerance_borderline():
    question = q(kind="numeric", answer=0.005, tolerance=Tolerance(rel=0.01))
    assert grade_numeric(question, "0.00505").correct is True  # exactly 1% off
    assert grade_numeric(question, "0.00506").correct is False
    assert grade_numeric(question, "2/(300+100)").correct is True
    with pytest.raises(AnswerError):
        grade_numeric(question, "five thousandths")
    absolute = q(kind="numeric", answer=3, tolerance=Tolerance(abs=0.1))
    assert grade_numeric(absolute, "3.1").correct is True
    assert grade_numeric(absolute, "3.1001").correct is False


# ---- short ----
def test_short_answers_aliases_case_spacing_and_typos():
    question = q(kind="short", answer="Xavier initialization", aliases=["Glorot", "glorot init"])
    for text in ("xavier initialization", "  XAVIER   Initialization ", "glorot", "Glorot Init", "xavier initialisation",
                 "xavier-initialization"):
        assert grade_short(question, text).correct is True, text
    for text in ("he init", "kaiming", "xav"):
        assert grade_short(question, text).correct is False, text
    with pytest.raises(AnswerError):
        grade_short(question, "   ")


def test_short_answer_typo_budget_scales_with_length():
    question = q(kind="short", answer="relu")
    assert grade_short(question, "rleu").correct is True  # one transposition
    assert grade_short(question, "tanh").correct is False
    tiny = q(kind="short", answer="KL")
    assert grade_short(tiny, "KL").correct is True
    assert grade_short(tiny, "KS").correct is False  # no typos allowed in 2-letter answers
    assert edit_distance("kitten", "sitting") == 3


# ---- open ----
def test_open_marks_rubric_points_by_keywords():
    question = q(kind="open", model_answer="m", rubric=[
        RubricPoint("shift by the max", ["subtract the max", "max logit", "shift"]),
        RubricPoint("log-sum-exp", ["log-sum-exp", "logsumexp"]),
        RubricPoint("overflow", ["overflow", "inf"]),
    ])
    g = grade_open(question, "You shift all logits by the maximum so exp cannot overflow.")
    assert g.correct is None
    assert [r["hit"] for r in g.details["rubric"]] == [True, False, True]
    assert math.isclose(g.score, 2 / 3)
    assert grade_open(question, "no idea").score == 0
    assert grade_open(question, "use logsumexp, max logit, it overflows").score == 1


# ---- predict ----
def test_predict_numeric_uses_the_demo_value():
    question = q(kind="predict", format="numeric", tolerance=Tolerance(rel=0.01), demo="x", answer_from="a")
    assert grade_predict(question, "1.333", 4 / 3).correct is True
    assert grade_predict(question, "1.333", 3.0).correct is False  # same answer, other demo value


def test_predict_choice_with_booleans():
    question = q(kind="predict", format="choice", options=[True, False], demo="x", answer_from="a")
    order = [True, False]
    assert grade_predict(question, "a", True, order).correct is True
    assert grade_predict(question, "a", False, order).correct is False
    with pytest.raises(AnswerError):
        grade_predict(question, "c", True, order)
