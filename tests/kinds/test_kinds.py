"""Grading per kind: right, wrong, borderline and malformed answers, including every example of the
issue "Grading you can trust" (meaning-flipping answers rejected, paraphrases accepted, ∞, 0.36 at two
significant figures, percents and scale words)."""

from __future__ import annotations

import math

import pytest

from dlstudy import kinds
from dlstudy.content.loader import load_deck
from dlstudy.kinds import choice, numeric, predict, short
from dlstudy.kinds import open as open_kind
from dlstudy.kinds.base import AnswerError, RubricPoint, Tolerance
from dlstudy.kinds.numexpr import ExprError, parse_number

DECK = load_deck(use_cache=False)


def bundled(card_id: str, qid: str):
    q = DECK.get(card_id).question(qid)
    assert q is not None, f"{card_id}/{qid}"
    return q


def test_the_registry_has_one_plugin_per_kind():
    from dlstudy.kinds.plugin import KindPlugin

    for name in kinds.KIND_NAMES:
        plugin = kinds.get(name)
        assert isinstance(plugin, KindPlugin) and plugin.name == name and plugin.fields
        # every method a kind must provide is its own, not the base's NotImplementedError
        for method in ("parse", "to_dict", "from_dict", "tip", "grade", "skip_answer", "anki_back"):
            assert getattr(type(plugin), method) is not getattr(KindPlugin, method), (name, method)
    with pytest.raises(KeyError):
        kinds.get("essay")


# ---------- choice ----------
def test_choice_letters_text_and_prefixes():
    spec = choice.Spec(("yes", "no"), ("no",))
    order = ["yes", "no"]
    assert choice.grade(spec, "b", order).correct is True
    assert choice.grade(spec, "no", order).correct is True  # the option's text, not 'n is not an option'
    assert choice.grade(spec, "No.", order).correct is True
    assert choice.grade(spec, "yes", order).correct is False
    spec = choice.Spec(("gradient clipping", "weight decay", "dropout"), ("weight decay",))
    order = list(spec.options)
    assert choice.grade(spec, "weight", order).correct is True  # an unambiguous prefix
    with pytest.raises(AnswerError):
        choice.grade(spec, "d", order)
    with pytest.raises(AnswerError):
        choice.grade(spec, "a,b", order)  # single-answer question


def test_choice_answered_with_the_text_as_shown_on_screen():
    """Options holding TeX are shown as Unicode (x_{t+1} as xₜ₊₁): typing what the screen shows, or what
    the card wrote, picks the option. Every bundled option with TeX is tried in both forms."""
    from dlstudy.content.tex import inline_tex

    tried = 0
    for card in load_deck([]).cards:
        for q in card.questions:
            if q.kind != "choice":
                continue
            order = list(q.spec.options)
            for i, opt in enumerate(order):
                text = choice.option_text(opt)
                if inline_tex(text) == text:
                    continue
                tried += 1
                assert choice.parse_choice(inline_tex(text), order) == [i], (card.id, q.id, inline_tex(text))
                assert choice.parse_choice(text, order) == [i], (card.id, q.id, text)
    assert tried >= 5


def test_choice_options_by_text_read_as_short_answers_are():
    """Issue 31 item 4: 'reweighting' picks 're-weighting' (hyphens, case, plurals, inflection)."""
    order = ["re-weighting", "oversampling", "class weights", "a/3", "a/√3"]
    for typed, want in (("reweighting", 0), ("Re weighting", 0), ("oversample", 1), ("class weighting", 2),
                        ("a/3", 3), ("a/√3", 4)):
        assert choice.parse_choice(typed, order) == [want], typed
    with pytest.raises(AnswerError):
        choice.parse_choice("undersampling", order)


def test_choice_multiple_answers_need_the_exact_set():
    spec = choice.Spec(("w", "x", "y", "z"), ("x", "z"))
    order = list(spec.options)
    assert choice.grade(spec, "b,d", order).correct is True
    partial = choice.grade(spec, "b", order)
    assert partial.correct is False and 0 < partial.score < 1


def test_options_are_shuffled_afresh_for_each_showing():
    opts = list("abcdefgh")
    orders = {tuple(choice.shuffled(opts, f"1:{n}", "q")) for n in range(10)}
    assert len(orders) > 5 and all(sorted(o) == opts for o in orders)
    assert choice.shuffled(opts, "1:1", "q") == choice.shuffled(opts, "1:1", "q")


# ---------- numeric ----------
@pytest.mark.parametrize("text,value", [("2/(300+100)", 0.005), ("sqrt(6/400)", math.sqrt(6 / 400)), ("1e-3", 1e-3),
                                        ("2^10", 1024), ("50%", 0.5)])
def test_expression_parser(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["9**9**9", "(" * 50 + "1" + ")" * 50, "import os", "1/0", ""])
def test_expression_parser_refuses_cleanly(text):
    with pytest.raises(ExprError):
        parse_number(text)


def test_numeric_two_significant_figures_are_accepted_when_asked():
    spec = numeric.Spec(0.35667, Tolerance(abs=0.0001), sig_figs=2)
    assert numeric.grade(spec, "0.36").correct is True
    assert numeric.grade(spec, "0.3567").correct is True
    assert numeric.grade(spec, "0.35").correct is False
    spec = numeric.Spec(0.10825, Tolerance(abs=0.0001), sig_figs=2)
    assert numeric.grade(spec, "0.11").correct is True
    assert numeric.grade(spec, "0.12").correct is False


def test_numeric_precision_is_always_stated_in_the_prompt():
    assert "2 significant figures" in numeric.prompt_suffix("What is x?", Tolerance(rel=0.01), 2, None)
    assert "within 1%" in numeric.prompt_suffix("What is x?", Tolerance(rel=0.01), None, None)
    assert "within ±0.01" in numeric.prompt_suffix("What is x?", Tolerance(abs=0.01), None, None)
    assert numeric.prompt_suffix("Give x to 3 decimals.", Tolerance(abs=0.001), None, None) == ""
    assert "in million" in numeric.prompt_suffix("How many parameters?", Tolerance(rel=0.01), None, "million")


def test_percent_and_fraction_where_the_answer_is_a_probability():
    spec = numeric.Spec(0.995, Tolerance(abs=0.001))
    for text in ("0.995", "99.5%", "99.5"):
        assert numeric.grade(spec, text).correct is True, text
    assert numeric.grade(spec, "95").correct is False
    counts = numeric.Spec(40.0, Tolerance(abs=0.5), unit="epochs")  # not a probability: 40 stays 40
    assert numeric.grade(counts, "0.4").correct is False


def test_scale_words_and_the_wrong_scale_asked_again():
    spec = numeric.Spec(12.44, Tolerance(rel=0.01), unit="million")
    for text in ("12.44", "12.44 million", "12.44M", "12.4 mn"):
        assert numeric.grade(spec, text).correct is True, text
    with pytest.raises(AnswerError, match="give it in million"):
        numeric.grade(spec, "12440000")
    assert numeric.grade(spec, "15 million").correct is False
    plain = numeric.Spec(3000.0, Tolerance(rel=0.01))
    assert numeric.grade(plain, "3k").correct is True and numeric.grade(plain, "3 thousand").correct is True


def test_decimal_comma_gets_a_hint_and_words_around_the_number_are_read():
    spec = numeric.Spec(0.5, Tolerance(abs=0.01))
    with pytest.raises(AnswerError, match="decimal"):
        numeric.grade(spec, "0,5")
    assert numeric.grade(spec, "about 0.5").correct is True
    assert numeric.grade(spec, "1/2 ≈ 0.5").correct is True
    nats = numeric.Spec(0.3567, Tolerance(abs=0.001), unit="nats")
    assert numeric.grade(nats, "0.357 nats").correct is True


# ---------- short ----------
def test_short_paraphrases_a_person_would_accept():
    spec = short.Spec("catastrophic forgetting", ("catastrophic interference",))
    for text in ("it's called catastrophic forgetting", "Catastrophic forgetting.", "I think catastrophic forgeting",
                 "the catastrophic-forgetting problem"):
        assert short.grade(spec, text).correct is True, text
    spec = short.Spec("running statistics", ("running mean and variance", "moving averages"))
    assert short.grade(spec, "the running statistics").correct is True
    assert short.grade(short.Spec("gradient clipping"), "grad clipping").correct is True  # abbreviation
    assert short.grade(short.Spec("Gaussian", ("normal distribution",)), "a normal distribution").correct is True
    assert short.grade(short.Spec("He initialization", ("Kaiming initialization", "Kaiming He init")),
                       "Kaiming He init").correct is True
    assert short.grade(short.Spec("add-one smoothing"), "add 1 smoothing").correct is True
    assert short.grade(short.Spec("biases"), "the bias").correct is True  # plural and article


def test_short_meaning_flipping_answers_are_rejected():
    assert short.grade(short.Spec("catt", reject=("cat",)), "cat").correct is False
    assert short.grade(short.Spec("catt", reject=("cat",)), "catt").correct is True
    assert short.grade(short.Spec("infinity"), "finite").correct is False
    assert short.grade(short.Spec("mean absolute error", ("MAE",), ("mean squared error", "L2 loss")),
                       "L2 loss").correct is False
    assert short.grade(short.Spec("right singular vectors", reject=("left singular vectors",)),
                       "left singular vectors").correct is False
    assert short.grade(short.Spec("moving averages"), "not moving averages").correct is False  # negation
    assert short.grade(short.Spec("moving averages"), "batch statistics instead of moving averages").correct is False


def test_short_inflection_and_word_order():
    assert short.grade(short.Spec("gradient clipping"), "clip gradients").correct is True
    assert short.grade(short.Spec("subtracting the max"), "subtract the max").correct is True
    assert short.grade(short.Spec("leave-one-out"), "leaving one out").correct is True
    assert short.grade(short.Spec("bias correction"), "de-biasing the moving averages").correct is False
    assert short.grade(short.Spec("debiasing"), "de-biasing the moving averages").correct is True  # written apart


def test_short_answer_then_explanation_is_judged_by_its_head():
    spec = short.Spec("tanh", ("hyperbolic tangent",), ("sigmoid", "ReLU"))
    g = short.grade(spec, "the hyperbolic tangent, since it's odd with range (-1, 1)")
    assert g.correct is True and g.details.get("head")
    assert short.grade(spec, "tanh, not sigmoid").correct is True  # the wrong one negated
    assert short.grade(short.Spec("scalar"), "a 0-d tensor, i.e. a scalar").correct is True


def test_short_hedges_fail():
    spec = short.Spec("tanh", ("hyperbolic tangent",), ("sigmoid", "ReLU"))
    for hedge in ("tanh, and sigmoid too", "tanh or relu", "sigmoid or tanh", "tanh or maybe softplus"):
        g = short.grade(spec, hedge)
        assert g.correct is False, hedge
    assert "commit to one" in short.grade(spec, "tanh, and sigmoid too").feedback
    # an accepted phrase that contains a rejected word is not a hedge
    spec = short.Spec("logarithmic scale", ("log-uniform",), ("uniform", "linear"))
    assert short.grade(spec, "log-uniform").correct is True


def test_short_typos_never_bridge_a_negating_prefix():
    assert short.grade(short.Spec("irreducible loss"), "reducible loss").correct is False
    assert short.grade(short.Spec("irreducible loss"), "irreducable loss").correct is True  # a real typo
    assert short.grade(short.Spec("unbiased"), "biased").correct is False
    assert short.grade(short.Spec("non-convex"), "convex").correct is False


def test_short_may_leave_out_words_the_question_supplies():
    prompt = "On what kind of scale should a learning rate between 1e-5 and 1e-1 be sampled?"
    spec = short.Spec("logarithmic scale", ("log scale",), ("linear scale",))
    assert short.grade(spec, "log", prompt).correct is True
    assert short.grade(spec, "scale", prompt).correct is False  # only the question's own word
    assert short.grade(spec, "log").correct is False  # without the question, 'log' alone is not the answer
    spec = short.Spec("universal approximation theorem")
    assert short.grade(spec, "approximation theorem", "Which theorem says a network can approximate any function?"
                       ).correct is False  # 'universal' is the answer, not the question's word


def test_numeric_right_value_in_another_unit_is_asked_again():
    tol = numeric.Tolerance(rel=0.01)
    for text, unit in (("2^31 bytes", "bytes"), ("2048 MiB", "MiB")):
        with pytest.raises(AnswerError, match=f"right value in {unit}, but give it in GiB"):
            numeric.grade_value(text, 2.0, tol, "GiB")
    assert numeric.grade_value("2 GiB", 2.0, tol, "GiB").correct is True
    assert numeric.grade_value("3 GB", 2.0, tol, "GiB").correct is False
    with pytest.raises(AnswerError, match="in ms, but give it in s"):
        numeric.grade_value("1500 ms", 1.5, tol, "s")


def test_short_keeps_meaningful_symbols():
    spec = short.Spec("infinity")
    assert short.grade(spec, "∞").correct is True and short.grade(spec, "+∞").correct is True
    assert short.grade(short.Spec("</s>", ("end of sentence token",)), "</s>").correct is True
    assert short.grade(short.Spec("</s>"), "s").correct is False
    assert short.tokens("+") == ["+"] and short.grade(short.Spec("+"), "-").correct is False
    assert short.tokens("γ") == ["gamma"] and short.grade(short.Spec("gamma"), "γ").correct is True


def test_short_typos_only_in_long_words():
    assert short.grade(short.Spec("dropout"), "dropuot").correct is True  # 7 letters: one edit
    assert short.grade(short.Spec("normalization"), "normalizaton").correct is True
    assert short.grade(short.Spec("bias"), "bass").correct is False  # short word: exact only
    assert short.grade(short.Spec("12"), "13").correct is False  # numbers: exact only
    assert short.grade(short.Spec("V"), "U").correct is False
    with pytest.raises(AnswerError):
        short.grade(short.Spec("x"), "   ")


def test_short_check_proves_answers_aliases_and_rejects():
    good = short.Spec("catt", ("c a t t",), ("cat",))
    assert short.problems(good) == []
    tiny = short.Spec("identity", ("...",))
    assert any("no letters or digits" in m for _f, m in short.problems(tiny))  # punctuation only: a problem
    assert short.problems(short.Spec("x", ("the identity",))) == []  # one letter is an answer (ReLU(x) − ReLU(−x))


def test_a_one_letter_answer_counts_only_on_its_own():
    spec = short.Spec("x", ("identity", "the input"), ("0", "relu(x)"))
    assert short.grade(spec, "x").correct is True and short.grade(spec, "X").correct is True
    assert short.grade(spec, "x, the input itself").correct is True  # its head
    for wrong in ("x squared", "2x", "max(x, 0)", "y"):
        assert short.grade(spec, wrong).correct is False, wrong
    unaccepted = short.Spec("dropout", ("weight decay",), ("weight decay",))
    assert any("not accepted" in m for _f, m in short.problems(unaccepted))


def test_bundled_ctc_collapse_rejects_the_misconception():
    q = bundled("ctc", "collapse")
    assert short.grade(q.spec, "catt").correct is True
    assert short.grade(q.spec, "cat").correct is False


# ---------- open ----------
RUBRIC = open_kind.Spec("model", (
    RubricPoint("Averaging reduces variance", ("reduce variance", "reduces variance", "lower variance")),
    RubricPoint("Errors must be decorrelated: diversity", ("correlation", "correlated", "diversity", "diverse")),
    RubricPoint("Checkpoint ensembles are cheap", ("checkpoint", "snapshot")),
))


def test_open_premarks_are_labelled_and_never_a_verdict():
    g = open_kind.grade(RUBRIC, "Averaging diverse models reduces variance; snapshot checkpoints are a cheap ensemble.")
    assert g.correct is None and g.suggested == 3
    assert {item["mark"] for item in g.details["rubric"]} == {"mentioned"}
    g = open_kind.grade(RUBRIC, "no idea")
    assert g.suggested == 1 and all(item["mark"] == "" for item in g.details["rubric"])


def test_open_wrong_answer_in_the_rubric_words_is_not_suggested_good():
    g = open_kind.grade(RUBRIC, "Ensembles do not reduce variance at all; correlation and diversity are irrelevant; "
                                "checkpoints never help")
    assert g.suggested < 3
    assert all(item["mark"] == "" for item in g.details["rubric"])  # negated keywords are no evidence


def test_open_rating_follows_the_learners_marks():
    assert open_kind.rating_from_marks(3, 3) == 3
    assert open_kind.rating_from_marks(2, 4) == 2
    assert open_kind.rating_from_marks(1, 4) == 1


def test_open_with_semantic_evidence_marks_likely_covered():
    class Fake:
        def similarity(self, a, b):
            return 0.9

        def similarities(self, a, texts):
            return [0.9 for _ in texts]

    g = open_kind.grade(RUBRIC, "Averaging diverse models reduces variance; snapshot checkpoints help.", semantic=Fake())
    assert {item["mark"] for item in g.details["rubric"]} == {"likely covered"} and g.suggested == 3


# ---------- predict ----------
def test_predict_feedback_in_human_terms():
    spec = predict.Spec("x", "layers[xavier_normal].forward_variance[-1]", "numeric", tolerance=Tolerance(rel=0.05),
                        label="variance after the last layer")
    g = predict.grade(spec, "1.05", 1.0645951778019591)
    assert g.correct is True and g.expected == "1.06" and "forward_variance" not in g.expected
    spec = predict.Spec("x", "converged", "choice", options=(True, False))
    g = predict.grade(spec, "no", False)
    assert g.correct is True and g.expected == "b) no"
    assert predict.shown_value(spec, False) == "no"


def test_predict_input_shape_is_checked_before_the_demo_runs():
    spec = predict.Spec("x", "a", "numeric", tolerance=Tolerance(abs=1))
    with pytest.raises(AnswerError):
        predict.check_input(spec, "lots", None)


def test_no_bundled_predict_prompt_shows_a_json_path():
    import re

    for card in DECK.cards:
        for q in card.questions:
            if q.kind == "predict":
                path = q.spec.answer_from
                if any(ch in path for ch in ".[_"):
                    assert path not in q.prompt, f"{card.id}/{q.id}"
                assert not re.search(r"\b(True|False)\b", q.prompt), f"{card.id}/{q.id}"


def test_check_fails_on_a_reject_the_grader_accepts_and_an_alias_it_rejects(cli):
    from tests.conftest import FIXTURES

    r = cli("check", str(FIXTURES / "grading" / "leaky-reject.yaml"), "--fast")
    # a reject entry that is the right answer: rejects win, so the answer itself is reported as not accepted
    assert r.exit_code == 1 and "leaky-reject: questions[q].answer" in r.stdout and "not accepted" in r.stdout
    r = cli("check", str(FIXTURES / "grading" / "rejected-alias.yaml"), "--fast")
    assert r.exit_code == 1 and "rejected-alias: questions[q].aliases" in r.stdout and "not accepted" in r.stdout
