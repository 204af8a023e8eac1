"""docs/adding-a-kind.md stays true: its `truefalse` module and registration, loaded from the page's code
blocks for the test only, make a kind that `check`, `quiz` and `export anki` take without any other change."""

from __future__ import annotations

import re
import sys
import textwrap
import types

import pytest

from tests.conftest import REPO

DOC = REPO / "docs" / "adding-a-kind.md"

CARD = textwrap.dedent("""\
    id: tf-card
    title: True or false
    topic: testing
    summary: One. Two. Three.
    key_points: [one, two]
    questions:
      - id: relu
        kind: truefalse
        prompt: "ReLU's derivative is 0.25 at most."
        answer: false
        explanation: "That is the sigmoid's; ReLU's is 0 or 1."
""")


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def truefalse(monkeypatch, tmp_path):
    """The page's module in place as dlstudy.kinds.truefalse, and its registration lines applied to the
    names that hold the kinds (dlstudy.kinds and the modules that imported its tuple)."""
    import dlstudy.content.schema as schema
    import dlstudy.content.validate as validate
    import dlstudy.kinds as kinds

    module_source, registration = _blocks()
    module = types.ModuleType("dlstudy.kinds.truefalse")
    monkeypatch.setitem(sys.modules, "dlstudy.kinds.truefalse", module)
    exec(compile(module_source, f"{DOC} (module)", "exec"), module.__dict__)
    names: dict[str, object] = {"Literal": __import__("typing").Literal}
    exec(compile(registration, f"{DOC} (registration)", "exec"), names)
    kind_names = names["KIND_NAMES"]
    assert isinstance(kind_names, tuple) and "truefalse" in kind_names
    monkeypatch.setattr(kinds, "KIND_NAMES", kind_names)
    monkeypatch.setattr(schema, "QUESTION_KINDS", kind_names)
    monkeypatch.setattr(validate, "QUESTION_KINDS", kind_names)
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "tf-card.yaml").write_text(CARD, encoding="utf-8")
    return deck


def test_the_page_has_the_module_and_the_registration():
    module_source, registration = _blocks()
    assert 'NAME = "truefalse"' in module_source and "PLUGIN = Plugin()" in module_source
    assert '"truefalse")' in registration


def test_check_quiz_and_export_take_the_new_kind(cli, truefalse, tmp_path):
    r = cli("check", str(truefalse))
    assert r.exit_code == 0 and "no problems" in r.stdout, r.stdout + r.stderr
    r = cli("--content", str(truefalse), "quiz", "--question", "tf-card/relu", "-n", "1", input="maybe\nfalse\n\n")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "answer true or false" in r.stdout and "✓ right" in r.stdout, r.stdout
    r = cli("--content", str(truefalse), "quiz", "--question", "tf-card/relu", "-n", "1", input="true\n\n")
    assert "✓ right" not in r.stdout, r.stdout
    out = tmp_path / "tf.apkg"
    r = cli("--content", str(truefalse), "export", "anki", str(out), "--topic", "testing")
    assert r.exit_code == 0 and out.exists() and re.search(r"\b1 note", r.stdout), r.stdout + r.stderr


def test_a_bad_answer_field_is_reported_at_its_line(cli, truefalse):
    path = truefalse / "tf-card.yaml"
    path.write_text(CARD.replace("answer: false", "answer: maybe"), encoding="utf-8")
    r = cli("check", str(truefalse))
    assert r.exit_code == 1 and "tf-card.yaml:10" in r.stdout and "must be true or false" in r.stdout, r.stdout
