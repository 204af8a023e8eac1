"""Kinds are plug-ins: no code outside dlstudy/kinds/ asks which kind a question is. Everything that
depends on the kind goes through `q.plugin` (kinds/plugin.py: KindPlugin)."""

from __future__ import annotations

import ast
from pathlib import Path

from dlstudy.kinds import KIND_NAMES

ROOT = Path(__file__).resolve().parents[2] / "dlstudy"


def _constants(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def _about_kind(node: ast.AST) -> bool:
    """An expression that names a question's kind or its answer format (q.kind, kind, spec.format)."""
    text = ast.unparse(node)
    return "kind" in text or text.endswith(".format") or "grades_as" in text


def kind_comparisons(root: Path) -> list[str]:
    """file:line of every comparison of a kind's name with a question's kind outside root/kinds/."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] == "kinds":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                names = set().union(*(_constants(o) for o in operands)) & set(KIND_NAMES)
                if names and any(_about_kind(o) for o in operands if not _constants(o)):
                    out.append(f"{rel}:{node.lineno}: compares a kind name ({', '.join(sorted(names))})")
            elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
                keys = {k.value for k in node.value.keys if isinstance(k, ast.Constant)} & set(KIND_NAMES)
                if keys and _about_kind(node.slice):
                    out.append(f"{rel}:{node.lineno}: looks a kind name up in a table")
            elif isinstance(node, ast.Dict) and len(
                    {k.value for k in node.keys if isinstance(k, ast.Constant)} & set(KIND_NAMES)) >= 2:
                out.append(f"{rel}:{node.lineno}: a table keyed by kind names")
            elif isinstance(node, ast.MatchValue) and _constants(node.value) & set(KIND_NAMES):
                out.append(f"{rel}:{node.lineno}: matches a kind name")
    return out


def test_no_code_outside_kinds_compares_a_kind_name() -> None:
    assert kind_comparisons(ROOT) == []


def test_the_boundary_check_catches_each_form(tmp_path: Path) -> None:
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "ok.py").write_text('if q.kind == "open":\n    pass\n')  # inside kinds: allowed
    (tmp_path / "session").mkdir()
    (tmp_path / "session" / "bad.py").write_text(
        'if q.kind == "open":\n    pass\n'
        'x = q.kind in ("numeric", "predict")\n'
        'y = {"choice": 1, "short": 2}[q.kind]\n'
        'z = spec.format != "choice"\n'
        'w = p.type == "choice"\n'  # a demo parameter's type, not a question kind
        'SHORT = {"numeric": "num", "predict": "pred"}\n'
        'v = {"numeric": "num", "predict": "pred"}.get(a["kind"], a["kind"])\n'
    )
    found = sorted(kind_comparisons(tmp_path))
    assert found == ["session/bad.py:1: compares a kind name (open)",
                     "session/bad.py:3: compares a kind name (numeric, predict)",
                     "session/bad.py:4: a table keyed by kind names",
                     "session/bad.py:4: looks a kind name up in a table",
                     "session/bad.py:5: compares a kind name (choice)",
                     "session/bad.py:7: a table keyed by kind names",
                     "session/bad.py:8: a table keyed by kind names"]


def test_the_expected_value_of_a_demo_is_read_in_one_place() -> None:
    """Predict's expected value (the value at answer_from in a demo result) is read by kinds/predict.py
    only; the quiz, `check` and the Anki export reach it through the plug-in (KindPlugin.demo_value).
    Reading a path of a demo result elsewhere is named here with its reason."""
    readers = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("demos/"):
            continue  # where lookup is defined
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "dlstudy.demos.result" and \
                    any(a.name == "lookup" for a in node.names):
                readers.append(rel)
    # besides: a drill reads its own answer path, the lab and a demo's screen read its headline figures
    assert readers == ["kinds/predict.py", "quiz/drill.py", "render/demo_run.py", "session/lab.py"]
