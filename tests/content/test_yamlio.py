"""content/yamlio.load builds the same values as PyYAML's own safe loader (the reference), faster,
with line numbers when asked, and bounds documents that aliases make huge."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dlstudy.content.lines import LineDict, LineList
from dlstudy.content.yamlio import load, load_yaml

ROOT = Path(__file__).resolve().parents[2]

DOCS = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: null, e: true, f: 1.5e3}\n",
    "- one\n- 2\n- - nested\n  - [3, 4]\n- {k: v}\n",
    "date: 2024-01-02\nstamp: 2024-01-02 03:04:05\nbin: !!binary aGVsbG8=\n",
    "s: !!str 5\nn: ~\nlist: []\nmap: {}\n'quoted key': v\n3: int key\n",
    "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n",
    "a: &a [1, 2]\nb: *a\nc: *a\n",
    "o: !!omap [{a: 1}, {b: 2}]\nset: !!set {a, b}\n",
    "dup: 1\ndup: 2\n",
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "inline: {<<: {m: 1}, n: 2}\n",
    "just a string\n",
    "",
    "# only a comment\n",
    "- 0x1f\n- 0o17\n- .inf\n- -.inf\n- yes\n- 'no'\n",
]


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if isinstance(a, dict) and isinstance(b, dict):  # LineDict is a dict
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("doc", DOCS)
def test_plain_load_equals_safe_load(doc: str) -> None:
    data, too_big = load(doc)
    assert too_big is None
    assert _same(data, yaml.safe_load(doc))


@pytest.mark.parametrize("doc", DOCS)
def test_tracked_load_equals_the_line_loader(doc: str) -> None:
    data, too_big = load(doc, track_lines=True)
    reference = load_yaml(doc)
    assert too_big is None
    assert data == reference
    if isinstance(reference, dict):
        assert isinstance(data, LineDict)
        assert (data.line, data.key_lines) == (reference.line, reference.key_lines)


def test_lines_are_the_lines_of_the_text() -> None:
    doc = "id: card\nquestions:\n  - id: q1\n    prompt: p\n  - id: q2\n\n    prompt: p2\n"
    data, _ = load(doc, track_lines=True)
    assert isinstance(data, LineDict) and data.line_of("questions") == 2
    questions = data["questions"]
    assert isinstance(questions, LineList) and questions.item_lines == [3, 5]
    assert questions[1].line_of("prompt") == 7


def test_every_bundled_card_file_loads_as_safe_load_does() -> None:
    files = sorted((ROOT / "content").rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8")
        data, too_big = load(text)
        assert too_big is None
        assert _same(data, yaml.safe_load(text)), path


@pytest.mark.parametrize("doc", [
    "a: !!python/object/apply:os.system ['true']\n",
    "a: !!python/name:os.system\n",
    "a: !custom 1\n",
    "? [a, b]\n: unhashable key\n",
    "a: [unclosed\n",
])
def test_what_safe_load_refuses_is_refused(doc: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(doc)
    with pytest.raises(yaml.YAMLError):
        load(doc)


def test_an_alias_bomb_is_reported_not_built_out() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    data, too_big = load("\n".join(lines) + "\n")
    assert data is None or too_big is not None
    assert too_big is not None and "more than 100,000 values" in too_big


def test_a_document_larger_than_the_limit_without_aliases() -> None:
    doc = "[" + ", ".join(["1"] * 50) + "]"
    assert load(doc, limit=51)[1] is None  # the list and its 50 items
    assert load(doc, limit=50)[1] is not None


def test_a_recursive_document_is_bounded() -> None:
    data, too_big = load("a: &a [*a]\n", limit=1000)
    assert too_big is not None


scalars = st.one_of(
    st.text(max_size=20), st.integers(-10**12, 10**12), st.booleans(), st.none(),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(),
)
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=5)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(trees, st.booleans())
def test_any_dumped_tree_loads_back_as_safe_load_does(tree: object, flow: bool) -> None:
    doc = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    data, too_big = load(doc)
    assert too_big is None
    assert _same(data, yaml.safe_load(doc))
    tracked, _ = load(doc, track_lines=True)
    assert _same(tracked, yaml.safe_load(doc))
