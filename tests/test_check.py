"""`dlstudy check` on broken fixtures: every mistake is named by file and field, exit 1, no traceback,
and the valid card beside it still loads."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.conftest import FIXTURES

# fixture folder -> (file that must be named, text that must appear: the field or the message)
BROKEN = {
    "yaml-syntax": ("broken.yaml", "YAML syntax error"),
    "empty": ("broken.yaml", "file is empty"),
    "non-utf8": ("broken.yaml", "not valid UTF-8"),
    "missing-field": ("broken.yaml", "summary: required field is missing"),
    "mistyped-field": ("broken.yaml", "key_points: must be a list"),
    "unknown-key": ("broken.yaml", "summery: unknown key (did you mean 'summary'?)"),
    "duplicate-card-id": ("broken.yaml", "uniform-variance: id: duplicate card id"),
    "duplicate-question-id": ("broken.yaml", "questions[q1].id: duplicate question id"),
    "unknown-prerequisite": ("broken.yaml", "prerequisites: unknown card id 'no-such-card'"),
    "prerequisite-cycle": ("broken", "prerequisite cycle"),
    "unregistered-demo": ("broken.yaml", "demos[0]: 'no-such-demo' is not a registered demo"),
    "choice-answer-not-option": ("broken.yaml", "questions[q1].answer: 'd' is not one of the options"),
    "numeric-no-tolerance": ("broken.yaml", "questions[q1].tolerance: numeric answers need a tolerance"),
    "python-tag": ("broken.yaml", "is not allowed: cards are plain data"),
    "predict-bad-path": ("broken.yaml", "questions[q1].answer_from: 'theory.no_such_key'"),
    "unknown-kind": ("broken.yaml", "questions[q1].kind: unknown kind 'essay'"),
}


def test_bundled_content_is_clean(cli):
    r = cli("check")
    assert r.exit_code == 0, r.stdout
    assert "no problems" in r.stdout


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_is_reported(cli, name):
    folder = FIXTURES / "broken" / name
    file, needle = BROKEN[name]
    r = cli("check", str(folder))
    assert r.exit_code == 1
    out = r.stdout
    assert "Traceback" not in out + r.stderr
    lines = [line for line in out.splitlines() if needle in line]
    assert lines, out
    assert any(file in line and ":" in line for line in lines), out
    # the format is file:line: card-id: field: message
    path, line_no = lines[0].split(":")[:2]
    assert path.endswith(".yaml") and line_no.isdigit()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_valid_card_beside_a_broken_one_still_loads(cli, name):
    folder = FIXTURES / "broken" / name
    r = cli("--content", str(folder), "cards", "--json")
    assert r.exit_code == 0
    ids = [row["id"] for row in json.loads(r.stdout)]
    assert "fixture-valid-card" in ids
    assert "uniform-variance" in ids  # bundled content is unaffected
    if name != "predict-bad-path":  # a bad answer_from path is found only by running the demo (check)
        assert "dlstudy check" in r.stderr  # broken cards are reported, not silently dropped


def test_every_problem_is_printed_not_just_the_first(cli, tmp_path):
    for name in ("unknown-key", "numeric-no-tolerance", "unregistered-demo"):
        for f in (FIXTURES / "broken" / name).glob("broken*.yaml"):
            (tmp_path / f"{name}.yaml").write_bytes(f.read_bytes())
    r = cli("check", str(tmp_path), "--fast")
    assert r.exit_code == 1
    assert "summery" in r.stdout and "tolerance" in r.stdout and "no-such-demo" in r.stdout


def test_all_of_a_files_problems_in_one_run_each_at_its_line(cli, tmp_path):
    """Schema, grading and dependency problems together, at their own lines (not line 1, not in stages)."""
    (tmp_path / "deck.yaml").write_text(textwrap.dedent("""\
        id: Attention_Complexity
        title: Attention complexity
        topic: nlp
        summary: Self-attention costs O(n²) in the sequence length.
        key_points: ["Self-attention compares every pair of positions."]
        questions:
          - id: cost
            kind: short
            prompt: "How does self-attention's cost grow with the sequence length n?"
            answer: quadratically
            explanation: "Every pair of positions."
          - id: memory
            kind: short
            prompt: "And its memory for the score matrix?"
            answer: quadratic
            explanation: "n by n scores."
          - id: explain
            kind: open
            prompt: "Why is attention quadratic?"
            model_answer: "Each of n queries attends to n keys."
            explanation: "n × n scores."
            rubric:
              - point: "n queries times n keys"
                keywords:
                  - "n squared"
                  - n
        """), encoding="utf-8")
    r = cli("check", str(tmp_path), "--fast")
    assert r.exit_code == 1
    lines = [line.split(": ", 1)[0].rsplit(":", 1)[1] + " " + line.split(": ")[2] for line in r.stdout.splitlines()
             if line.startswith(str(tmp_path))]
    assert lines == ["1 id", "14 questions[memory].prompt", "26 questions[explain].rubric[0].keywords[1]"], r.stdout


def test_check_path_reads_other_ids_from_the_index(cli, tmp_path):
    """A PATH is checked alone; a duplicate of a bundled id and a prerequisite on a bundled card are still
    judged (from the index cache)."""
    card = textwrap.dedent("""\
        id: {id}
        title: T
        topic: nlp
        prerequisites: [{pre}]
        summary: S.
        key_points: ["K."]
        questions:
          - id: q
            kind: short
            prompt: "P?"
            answer: "a word"
            explanation: "E."
        """)
    (tmp_path / "a.yaml").write_text(card.format(id="softmax", pre="attention"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(card.format(id="mine", pre="softmaks"), encoding="utf-8")
    r = cli("check", str(tmp_path), "--fast")
    assert r.exit_code == 1
    assert "a.yaml:1: softmax: id: duplicate card id (also in " in r.stdout
    assert "b.yaml:1: mine: prerequisites: unknown card id 'softmaks' (did you mean 'softmax'?)" in r.stdout
    assert "0 valid card" not in r.stdout and "1 valid card(s)" in r.stdout


def test_check_json(cli):
    r = cli("check", str(FIXTURES / "broken" / "unknown-key"), "--fast", "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert any(p["field"] == "summery" for p in data["problems"])


def test_missing_path_is_a_usage_error(cli, tmp_path):
    r = cli("check", str(tmp_path / "nope"), "--fast")
    assert r.exit_code == 2
    assert "no such file or folder" in r.stderr and r.stdout == ""


def test_missing_content_folder_is_reported(cli, tmp_path):
    r = cli("--content", str(tmp_path / "nope"), "check", "--fast")
    assert r.exit_code == 1
    assert "no such file or folder" in r.stdout
