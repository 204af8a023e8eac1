"""Issue "Polish from a week of use", items 1 and 4, through the CLI: the precision a numeric prompt asks is
stated once (and `check` flags a prompt that states what the kind adds); a choice option typed as text
is found with the short-answer normalisation (hyphens, case, punctuation, plurals)."""

from __future__ import annotations

import re
import textwrap

import pytest

from dlstudy.content.loader import load_deck

SIG_FIGS_CARD = textwrap.dedent("""\
    id: precise
    title: A precise card
    topic: testing
    summary: One. Two. Three.
    key_points: [one, two]
    questions:
      - id: twice
        kind: numeric
        prompt: "What is 2/3? Give 3 significant figures."
        answer: 0.6667
        tolerance: {rel: 0.01}
        sig_figs: 3
        explanation: "Two thirds."
      - id: once
        kind: numeric
        prompt: "What is 1/3?"
        answer: 0.3333
        tolerance: {rel: 0.01}
        sig_figs: 3
        explanation: "One third."
""")

CHOICE_CARD = textwrap.dedent("""\
    id: ensembles
    title: Ensembles
    topic: testing
    summary: One. Two. Three.
    key_points: [one, two]
    questions:
      - id: adaboost
        kind: choice
        prompt: "How does AdaBoost focus on hard examples?"
        options: ["re-weighting", "bagging", "dropout"]
        answer: "re-weighting"
        explanation: "It raises the weights of the misclassified examples."
""")


def test_check_flags_a_prompt_that_states_the_precision_the_kind_adds(cli, tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "precise.yaml").write_text(SIG_FIGS_CARD, encoding="utf-8")
    r = cli("check", str(deck))
    assert r.exit_code == 1, r.stdout + r.stderr
    out = r.stdout + r.stderr
    flagged = [line for line in out.splitlines() if "precise.yaml" in line]
    assert len(flagged) == 1 and "precise.yaml:9" in flagged[0] and "twice" in flagged[0], out


def test_every_bundled_sig_figs_prompt_states_its_precision_once():
    asked = [(c.id, q) for c in load_deck(use_cache=False).cards for q in c.questions
             if q.kind == "numeric" and getattr(q.spec, "sig_figs", None)]
    assert len(asked) >= 40
    for card_id, q in asked:
        shown = q.plugin.prompt_text(q.spec, q.prompt)
        assert len(re.findall(r"significant fig", shown)) == 1, (card_id, q.id, shown)


@pytest.mark.parametrize("question", ["residual-connections/residual-gradient", "kl-divergence/kl-gaussians",
                                      "bayes-rule/two-positive-tests"])
def test_the_named_prompts_show_the_precision_once_in_the_quiz(cli, question):
    r = cli("quiz", "--question", question, "-n", "1", input="q\n")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("significant figure") == 1, r.stdout


@pytest.mark.parametrize("typed", ["reweighting", "Re Weighting", "re-weightings", "REWEIGHTING!", "re-weighting"])
def test_a_choice_option_typed_as_text_is_found_as_a_short_answer_would_be(cli, tmp_path, typed):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "ensembles.yaml").write_text(CHOICE_CARD, encoding="utf-8")
    r = cli("--content", str(deck), "quiz", "--question", "ensembles/adaboost", "-n", "1", "--json",
            input=f"{typed}\n\n")
    assert r.exit_code == 0, r.stderr
    assert "is not an option" not in r.stdout + r.stderr
    assert '"correct": true' in r.stdout, r.stdout


def test_a_wrong_option_typed_as_text_is_still_wrong(cli, tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "ensembles.yaml").write_text(CHOICE_CARD, encoding="utf-8")
    r = cli("--content", str(deck), "quiz", "--question", "ensembles/adaboost", "-n", "1", "--json",
            input="Bagging\n\n")
    assert r.exit_code == 0, r.stderr
    assert '"correct": false' in r.stdout, r.stdout
