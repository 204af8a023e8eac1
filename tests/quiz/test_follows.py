"""Follow-up questions (`follows:`) are asked only straight after their parent, in quiz, interview and
review; `dlstudy check` flags prompts that lean on an earlier question without saying so."""

from __future__ import annotations

import textwrap

from dlstudy.content.loader import load_deck
from dlstudy.quiz.selection import select_questions

CARD = textwrap.dedent("""
    id: pair
    title: Pair
    topic: pairs
    summary: "One. Two. Three."
    key_points: [a]
    questions:
      - {id: base, kind: short, prompt: "What is the variance of U(-1, 1)?", answer: "1/3", aliases: [one third], explanation: e}
      - {id: more, kind: short, follows: base, prompt: "And its standard deviation?", answer: "0.577", explanation: e}
      - {id: other, kind: short, prompt: "Name the Xavier bound's numerator.", answer: "six", explanation: e}
      - {id: other2, kind: short, prompt: "Name the He gain for ReLU.", answer: "sqrt 2", explanation: e}
""")


def _deck(tmp_path):
    d = tmp_path / "deck"
    d.mkdir()
    (d / "pair.yaml").write_text(CARD, encoding="utf-8")
    return d


def test_quiz_asks_a_follow_up_only_straight_after_its_parent(tmp_path):
    deck = load_deck([_deck(tmp_path)], include_bundled=False, use_cache=False)
    for seed in range(20):
        items = [q.id for _c, q in select_questions(deck.cards, 4, seed)]
        assert items.count("more") == items.count("base")
        if "more" in items:
            assert items[items.index("more") - 1] == "base"


def test_review_serves_the_follow_up_next_and_never_alone(cli, tmp_path):
    d = str(_deck(tmp_path))
    cli("config", "bury_siblings", "off")  # the card's other questions the same day too (a follow-up is never buried)
    r = cli("--content", d, "review", "--topic", "pairs", "--new", "3", input="1/3\n\n0.577\n\nsix\n\n", env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.index("variance of U(-1, 1)") < out.index("And its standard deviation") < out.index("numerator")


def test_check_flags_dependent_prompts_and_unknown_parents(cli, tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "bad.yaml").write_text(CARD.replace("id: pair", "id: bad").replace("follows: base, ", "")
                                .replace("Name the He gain", "Same setting: name the He gain")
                                + "", encoding="utf-8")
    r = cli("check", str(d), "--fast")
    assert r.exit_code == 1
    assert "questions[more].prompt" in r.stdout and "questions[other2].prompt" in r.stdout
    (d / "bad.yaml").write_text(CARD.replace("id: pair", "id: bad").replace("follows: base", "follows: nowhere"),
                                encoding="utf-8")
    r = cli("check", str(d), "--fast")
    assert r.exit_code == 1 and "questions[more].follows" in r.stdout


def test_every_bundled_dependent_question_declares_it(cli):
    r = cli("check", "--fast")
    assert r.exit_code == 0, r.stdout
