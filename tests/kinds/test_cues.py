"""Misconception cues: the pattern language (kinds/cues.py), clauses and negation (kinds/clauses.py),
contradicted evidence in open grading, and what `dlstudy check` proves about cues."""

from __future__ import annotations

import textwrap

import pytest

from dlstudy.kinds import open as open_kind
from dlstudy.kinds.base import RubricPoint
from dlstudy.kinds.clauses import clauses
from dlstudy.kinds.cues import CueError, main, matches, parse

FWD = "forward & mode-seeking | one mode | single mode & !reverse"


@pytest.mark.parametrize("sentence,expected", [
    ("Forward KL is mode-seeking.", True),
    ("The forward KL fit locks onto a single mode.", True),
    ("forward KL is NOT mode-seeking", False),  # negated before the matched term
    ("Forward KL isn't mode seeking", False),  # n't is a negation
    ("Forward KL is mode-seeking and does not cover both modes", True),  # negation after the terms
    ("Forward KL covers all modes, while reverse KL is mode-seeking", False),  # clause split at while
    ("Forward KL covers both modes; reverse KL seeks one mode", False),  # clause split at ;
    ("forward and reverse KL both pick one mode", False),  # cancelled by 'reverse'
    ("Unlike reverse KL, forward KL is mode-seeking", True),  # 'unlike' starts a new clause
])
def test_unordered_cue_with_cancel_and_negation(sentence: str, expected: bool) -> None:
    assert matches(FWD, sentence) is expected


def test_inflections_match_through_stems() -> None:
    assert matches("clip & gradient", "we clipped the gradients")
    assert matches("cover all modes", "q is covering all the modes")
    assert not matches("cover all modes", "q covers a mode")


def test_ordered_cue_needs_the_order() -> None:
    cue = "p > cover* > q"
    assert matches(cue, "p covers q")
    assert not matches(cue, "q covers p")


def test_relative_clause_joins_its_antecedent() -> None:
    assert matches("relu > derivative > 0.25", "ReLU, whose derivative is 0.25")
    # without the relative pronoun the comma separates the two clauses
    assert not matches("relu > derivative > 0.25", "ReLU, the derivative is 0.25")


def test_negative_cue_matches_only_negated_clauses() -> None:
    cue = "not: bagging | ensembl* & reduce variance | lower variance"
    assert matches(cue, "Bagging does not reduce variance")
    assert matches(cue, "ensembles never lower variance")
    assert not matches(cue, "Bagging reduces variance, not bias")
    assert not matches(cue, "bagging reduces variance")


def test_conditions_join_their_consequence_and_brackets_do_not_split() -> None:
    assert matches("negative & minimum", "If all eigenvalues are negative, it is a minimum")
    assert matches("variance & a^2/3", "U(-a, a) has variance a^2/3")
    assert [c.text for c in clauses("U(-a, a) is symmetric, so its mean is 0")] == ["U(-a, a) is symmetric",
                                                                                 "so its mean is 0"]


def test_what_follows_a_contrast_word_is_negated() -> None:
    cue = "recomput* & prefix"
    assert not matches(cue, "the cache reuses keys and values instead of recomputing the prefix")
    assert matches(cue, "decoding recomputes the prefix at every step")
    assert matches("not: recomput* & prefix", "it reuses the cache rather than recomputing the prefix")


def test_articles_inside_cue_phrases_drop_as_in_answers() -> None:
    assert matches("all the modes", "q covers all modes") and matches("all modes", "q covers all the modes")
    assert matches("fine-tun* & forget*", "fine-tuning causes catastrophic forgetting")
    assert matches("lambda & 0", "λ = 0 gives ordinary least squares")
    assert matches("1/a", "the scale is 1/a")


def test_contractions_in_terms_read_like_answers() -> None:
    assert matches("cannot & invert*", "you can't invert it") and matches("will not & converge", "it won't converge")
    assert matches("doesn't & converge", "it doesn't converge") and matches("does not & converge", "it doesn't converge")


def test_negation_inside_a_term_does_not_negate() -> None:
    assert matches("no effect & variance", "dropout has no effect on the variance")


def test_prefix_words() -> None:
    assert matches("overfit* & more data", "it overfits with more data")
    assert matches("normaliz* & batch", "normalizing over the batch")
    assert not matches("normaliz* & batch", "normal over the batch")


def test_numbers_and_clause_split_on_sentence_period_only() -> None:
    parts = clauses("The slope is 0.25. Then it is 1.")
    assert [c.text for c in parts] == ["The slope is 0.25", "Then it is 1"]


@pytest.mark.parametrize("bad,why", [
    ("", "empty"),
    ("a & b > c", "either"),
    ("!a", "at least one group"),
    ("a & | b", "empty group"),
    ("a > !b", "'!'"),
    ("x* y*z", "'*'"),
    ("a" * 400, "longer"),
    ("forward but reverse", "can never match"),  # clauses split before 'but'
    ("mode-seeking & rather than reverse", "can never match"),
])
def test_bad_cues_say_why(bad: str, why: str) -> None:
    with pytest.raises(CueError, match=why):
        parse(bad)


def test_cli_helper(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([FWD, "Forward KL is mode-seeking.", "Reverse KL is mode-seeking."]) == 0
    out = capsys.readouterr().out
    assert "MATCH  Forward KL is mode-seeking." in out and "no     Reverse KL is mode-seeking." in out
    assert main(["a & b > c", "x"]) == 2
    assert main([FWD, "nothing here"]) == 1


SPEC = open_kind.Spec(
    "Forward KL averages over p and covers both modes; reverse KL averages over q and locks onto one mode.",
    (RubricPoint("Forward KL covers all modes", ("cover", "all modes"), ("Forward KL is mode-seeking.",), (FWD,)),
     RubricPoint("Reverse KL locks onto one mode", ("one mode", "mode-seeking"),
                 ("Reverse KL covers both modes.",), ("reverse & both modes | all modes & !forward",))))


def test_a_contradicted_point_is_shown_never_counts_and_suggests_again() -> None:
    g = open_kind.grade(SPEC, "Forward KL is mode-seeking and reverse KL covers all modes.")
    marks = [r["mark"] for r in g.details["rubric"]]
    # the whole sentence is one clause: 'forward' and 'reverse' cancel each other's cue
    assert marks == ["mentioned", "mentioned"]
    g = open_kind.grade(SPEC, "Forward KL is mode-seeking. Reverse KL covers all modes.")
    assert [r["mark"] for r in g.details["rubric"]] == ["contradicted", "contradicted"]
    assert g.details["rubric"][0]["misconception"] == "Forward KL is mode-seeking."
    assert not any(r["hit"] for r in g.details["rubric"])
    assert g.suggested == 1 and g.score == 0
    right = open_kind.grade(SPEC, "Forward KL covers all modes. Reverse KL is mode-seeking and picks one mode.")
    assert [r["mark"] for r in right.details["rubric"]] == ["mentioned", "mentioned"]
    assert right.suggested == 3


def test_check_proves_cues() -> None:
    bad = open_kind.Spec(
        "Forward KL is mass-covering; reverse KL is mode-seeking.",
        (RubricPoint("Reverse KL is mode-seeking", ("mode-seeking",),
                     ("Forward KL is mode-seeking.", "Reverse KL averages over p."),
                     ("mode-seeking", "reverse & zero-avoiding"), ("reverse & lock* onto",)),))
    found = open_kind.cue_problems(bad)
    fields = {f for f, _ in found}
    assert "rubric[0].misconception[1]" in fields  # 'averages over p' is recognised by no cue
    assert "rubric[0].cues[1]" in fields  # 'reverse & zero-avoiding' recognises no misconception
    assert any(f == "rubric[0].cues[0]" and "model answer" in m for f, m in found)  # fires on a right statement
    assert "rubric[0].support[0]" in fields  # matches neither the point nor the model answer
    assert open_kind.cue_problems(SPEC) == []


def test_check_reports_cue_problems_in_a_deck(tmp_path, cli) -> None:
    card = textwrap.dedent("""\
        id: tiny-kl
        title: Tiny KL
        topic: foundations
        summary: A card to test cues.
        key_points: ["Forward KL covers all modes."]
        questions:
          - id: explain
            kind: open
            prompt: "Explain forward KL."
            model_answer: "Forward KL covers all modes."
            explanation: "Forward KL is mass-covering."
            rubric:
              - point: "Forward KL covers all modes"
                keywords: [cover]
                misconception: "Forward KL is mode-seeking."
                cues: ["forward & mode-seeking", "forward & cover"]
        """)
    (tmp_path / "tiny-kl.yaml").write_text(card, encoding="utf-8")
    result = cli("check", str(tmp_path))
    assert result.exit_code == 1
    assert "cue 'forward & cover' recognises none of the point's misconceptions" in result.output
    assert "fires on the model answer" in result.output
    (tmp_path / "tiny-kl.yaml").write_text(card.replace('"forward & cover"', '"a & > b"'), encoding="utf-8")
    result = cli("check", str(tmp_path))
    assert result.exit_code == 1 and "cues[1]: cue 'a & > b': use either" in result.output
