"""Probes (kinds/probes.py): each rubric point of an open answer asked back as an either/or of the point
and one of its misconceptions, answered by letter or by the statement's words."""

from __future__ import annotations

import pytest

from dlstudy import kinds
from dlstudy.kinds.base import AnswerError, RubricPoint
from dlstudy.kinds.probes import Probe, generate, tally

RUBRIC = (
    RubricPoint("Forward KL covers both modes", ("covers both",), ("Reverse KL covers both modes.",),
                ("reverse & covers both",)),
    RubricPoint("Reverse KL locks onto one mode", ("one mode",),
                ("Forward KL locks onto one mode.", "Reverse KL averages over both modes."),
                ("forward & one mode", "reverse & averages")),
    RubricPoint("a point nobody gets wrong", ("nobody",)),  # no misconception: not probed
)


def test_one_probe_per_point_with_a_misconception_offering_the_point_and_a_misconception():
    probes = generate(RUBRIC, seed=1)
    assert [p.point for p in probes] == [1, 2]
    first, second = probes
    assert first.statement == "Forward KL covers both modes"
    assert first.misconception == "Reverse KL covers both modes"  # the full stop is no tell
    assert set(first.options) == {"Forward KL covers both modes", "Reverse KL covers both modes"}
    assert second.statement == "Reverse KL locks onto one mode"
    assert second.misconception in ("Forward KL locks onto one mode", "Reverse KL averages over both modes")


def test_the_seed_fixes_the_order_and_other_seeds_change_it():
    assert generate(RUBRIC, seed="s:card/q") == generate(RUBRIC, seed="s:card/q")
    orders = {generate(RUBRIC, seed=s)[0].right for s in range(40)}
    assert orders == {0, 1}  # the point is sometimes a), sometimes b)
    offered = {generate(RUBRIC, seed=s)[1].misconception for s in range(40)}
    assert offered == {"Forward KL locks onto one mode", "Reverse KL averages over both modes"}


def test_a_point_the_answer_contradicted_is_probed_with_the_misconception_it_stated():
    stated = [None, "Reverse KL averages over both modes.", None]
    for s in range(20):
        assert generate(RUBRIC, seed=s, matched=stated)[1].misconception == "Reverse KL averages over both modes"


@pytest.mark.parametrize("typed,right", [
    ("a", True), ("B", False),
    ("forward kl covers both modes", True),  # the statement's words, as a choice option is read
    ("Reverse KL covers both modes.", False),
    ("forward kl cover", True),  # an unambiguous beginning
])
def test_answered_by_letter_or_by_the_statement(typed, right):
    probe = Probe(1, ("Forward KL covers both modes", "Reverse KL covers both modes"), 0)
    assert probe.judge(typed) is right


@pytest.mark.parametrize("typed", ["c", "a, b", "both", "", "it depends"])
def test_an_answer_that_picks_neither_or_both_is_asked_again(typed):
    probe = Probe(1, ("Forward KL covers both modes", "Reverse KL covers both modes"), 0)
    with pytest.raises(AnswerError):
        probe.judge(typed)


def test_open_points_count_typed_points_then_probes_then_pre_marks():
    plugin = kinds.get("open")
    from dlstudy.kinds.open import Spec

    spec = Spec("model", RUBRIC)
    details = {"rubric": [{"point": p.point, "mark": m, "hit": m in ("mentioned", "likely covered")}
                          for p, m in zip(RUBRIC, ["mentioned", "contradicted", "likely covered"])]}
    marks = plugin.points(spec, details)
    assert [(p["mark"], p["counted"], p["probe"]) for p in marks] == [
        ("mentioned", True, None), ("contradicted", False, None), ("likely", True, None)]
    details["probes"] = [{"point": 1, "right": False, "answer": "b", "misconception": "x"},
                         {"point": 2, "right": True, "answer": "a", "misconception": "y"}]
    assert [(p["counted"], p["probe"]) for p in plugin.points(spec, details)] == [
        (False, "wrong"), (True, "right"), (True, None)]
    assert tally(details) == (2, 1)
    details["covered"] = [1]  # the points the learner typed decide
    assert [p["counted"] for p in plugin.points(spec, details)] == [True, False, False]


def test_kinds_without_a_rubric_have_no_probes():
    for name in ("choice", "numeric", "short", "predict"):
        plugin = kinds.get(name)
        assert plugin.probes(None, 0) == [] and plugin.points(None, {}) == []
