"""The layer contract, checked over the import graph (every import, also those inside functions).

cli > session > export > render > (quiz | srs) > content > kinds > demos > base (errors, paths, text,
files, crash, signals). A package may import its own modules and any package of a lower layer, never one above
it; quiz and srs are independent of each other. docs/architecture.md explains what each layer owns.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dlstudy"

# top to bottom; a tuple is one layer of independent packages
LAYERS: list[tuple[str, ...]] = [
    ("cli",),
    ("session",),
    ("export",),
    ("render",),
    ("quiz", "srs"),
    ("content",),
    ("kinds",),
    ("demos",),
    ("errors", "paths", "text", "files", "crash", "signals"),
]
BASE = LAYERS[-1]


def layer_of(package: str) -> int:
    for i, layer in enumerate(LAYERS):
        if package in layer:
            return i
    raise AssertionError(f"dlstudy.{package} is in no layer: add it to LAYERS and docs/architecture.md")


def top_package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "dlstudy" or len(parts) < 2:
        return None
    return parts[1]


def imports_of(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root.parent).with_suffix("")
    here = ".".join(rel.parts)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = here.split(".")[: -node.level]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((node.lineno, module))
            out += [(node.lineno, f"{module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                arg = arg.values[0]  # f"dlstudy.render.demos.{name}": the package is in the constant prefix
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.append((node.lineno, arg.value))
    return out


def violations(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        if len(rel.parts) < 3:  # dlstudy/__init__.py, __main__.py or a base module
            own = rel.stem
            if own in ("__init__", "__main__"):
                continue
        else:
            own = rel.parts[1]
        mine = layer_of(own)
        reported: set[tuple[int, str]] = set()
        for line, module in imports_of(path, root):
            other = top_package(module)
            if other is None or other == own or other in ("__init__", "__version__"):
                continue
            if other not in {p for layer in LAYERS for p in layer}:
                continue  # a name imported from dlstudy itself (e.g. __version__)
            theirs = layer_of(other)
            if (line, other) in reported:
                continue
            if theirs < mine or (theirs == mine and own not in BASE):
                reported.add((line, other))
                found.append(f"{rel}:{line}: {own} imports {module} ({other} is not below {own})")
    return found


def test_every_import_respects_the_layers():
    assert violations() == []


def test_the_contract_catches_a_wrong_import(tmp_path):
    """A deliberately wrong import (srs importing session) is reported: the check can fail."""
    fake = tmp_path / "dlstudy"
    (fake / "srs").mkdir(parents=True)
    (fake / "session").mkdir()
    (fake / "srs" / "bad.py").write_text("def f():\n    from dlstudy.session.review import run_review\n")
    (fake / "quiz").mkdir()
    (fake / "quiz" / "worse.py").write_text("import dlstudy.srs.store\n")
    found = violations(fake)
    assert len(found) == 2, found
    assert any("srs imports dlstudy.session.review" in f for f in found)
    assert any("quiz imports dlstudy.srs.store" in f for f in found)


@pytest.mark.parametrize("package", [p for layer in LAYERS[:-1] for p in layer])
def test_every_layer_package_exists(package):
    assert (PACKAGE / package / "__init__.py").exists()
