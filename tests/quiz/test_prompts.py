"""Every prompt handles Ctrl-D (EOF) cleanly; d and c work after an answer."""

from __future__ import annotations

import pytest

from tests.quiz.test_quiz_cli import DECK, answers_for


@pytest.fixture
def deck_dir(tmp_path):
    d = tmp_path / "deck"
    d.mkdir()
    (d / "quiz-fixture.yaml").write_text(DECK, encoding="utf-8")
    return d


@pytest.mark.parametrize("cut", range(0, 11))
def test_quiz_eof_at_every_prompt(cli, deck_dir, cut):
    _items, text = answers_for(deck_dir, seed=9, right=True)
    lines = text.split("\n")[:cut]
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "-n", "5", "--seed", "9",
            input="\n".join(lines) + ("\n" if lines else ""))
    assert r.exit_code == 0
    assert "Summary" in r.stdout


@pytest.mark.parametrize("cut", range(0, 7))
def test_review_eof_at_every_prompt(cli, tmp_path, cut):
    from tests.srs.conftest import DEFAULT_SPEC, write_deck

    d = write_deck(tmp_path / "rdeck", DEFAULT_SPEC)
    lines = ["beta1", "", "nope", "h", "beta3", "e"][:cut]
    r = cli("--content", str(d), "review", "--topic", "alpha", input="\n".join(lines) + ("\n" if lines else ""))
    assert r.exit_code == 0
    assert "Review summary" in r.stdout


def test_d_runs_the_demo_and_c_shows_the_card(cli, deck_dir):
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "--kind", "short", "-n", "1",
            input="glorot\nc\nd\n\n")
    assert r.exit_code == 0, r.stderr
    assert "Key points" in r.stdout  # the card
    assert "relative error" in r.stdout  # the demo ran
    assert "from keypress to output" not in r.stdout  # internals only on request
    r = cli("--content", str(deck_dir), "quiz", "--card", "quiz-fixture", "--kind", "short", "-n", "1",
            input="glorot\nd\n\n", env={"DLSTUDY_VERBOSE": "1"})
    assert "from keypress to output" in r.stdout
