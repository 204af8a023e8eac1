"""The layer contract, checked over the import graph (every import, also those inside functions).

cli > session > export > render > (quiz | srs) > content > kinds > demos > base (errors, paths, text,
files, crash, signals). A package may import its own modules and any package of a lower layer, never one above
it; quiz and srs are independent of each other. docs/architecture.md explains what each layer owns.

No two files import each other, directly or around a loop: the module graph has no cycle (imports inside
functions count; those under `if TYPE_CHECKING:`, never executed, and plug-ins loaded by name with
`import_module` do not).
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


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def executed_imports(path: Path, root: Path = PACKAGE) -> list[str]:
    """The modules a file imports when it runs, at any depth (functions included): every `import` and
    `from ... import`, except under `if TYPE_CHECKING:`; dynamic import_module calls are not followed."""
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else (node.module or "")
            out.extend(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return out


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the modules of the package it imports (a name resolves to its longest module prefix:
    `from dlstudy.srs import journal` is dlstudy.srs.journal, `from dlstudy.kinds import X` dlstudy.kinds)."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        edges = set()
        for target in executed_imports(path, root):
            parts = target.split(".")
            while parts and ".".join(parts) not in files:
                parts.pop()
            if parts and ".".join(parts) != name:
                edges.add(".".join(parts))
        graph[name] = edges
    return graph


def import_cycles(root: Path = PACKAGE) -> list[list[str]]:
    """Every strongly connected group of modules (files that import each other around a loop), each as
    one loop through it: [a, b, ..., a]."""
    graph = import_graph(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            connect(v)
    loops = []
    for group in groups:  # a shortest way back to the first module, for the message
        start = min(group)
        paths = {start: [start]}
        frontier = [start]
        loop = None
        while frontier and loop is None:
            nxt = []
            for v in frontier:
                for w in sorted(graph[v] & group):
                    if w == start:
                        loop = paths[v] + [start]
                        break
                    if w not in paths:
                        paths[w] = paths[v] + [w]
                        nxt.append(w)
                if loop:
                    break
            frontier = nxt
        loops.append(loop or sorted(group))
    return loops


def test_no_file_imports_itself_around_a_loop():
    assert [" -> ".join(loop) for loop in import_cycles()] == []


def test_the_cycle_check_catches_a_loop_through_a_function_level_import(tmp_path):
    """A deliberate loop (a imports b at the top, b imports a inside a function) is reported; a loop
    closed only under TYPE_CHECKING or through import_module is not: the check can fail, and only there."""
    srs = tmp_path / "dlstudy" / "srs"
    srs.mkdir(parents=True)
    (srs / "__init__.py").write_text("")
    (srs / "a.py").write_text("from dlstudy.srs.b import helper\n")
    (srs / "b.py").write_text("def helper():\n    from dlstudy.srs import a\n    return a\n")
    (srs / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dlstudy.srs.d import D\n")
    (srs / "d.py").write_text("from . import c\n")
    (srs / "e.py").write_text("import importlib\nPLUGIN = importlib.import_module('dlstudy.srs.f')\n")
    (srs / "f.py").write_text("import dlstudy.srs.e\n")
    assert import_cycles(tmp_path / "dlstudy") == [["dlstudy.srs.a", "dlstudy.srs.b", "dlstudy.srs.a"]]


@pytest.mark.parametrize("package", [p for layer in LAYERS[:-1] for p in layer])
def test_every_layer_package_exists(package):
    assert (PACKAGE / package / "__init__.py").exists()


# What a demo of the catalog may import: pure computation (the standard library, numpy, torch) and the
# demo framework's data modules; never the registry, runner or cache, nor any other dlstudy package.
CATALOG_MAY_IMPORT = {"dlstudy.demos.spec", "dlstudy.demos.result", "dlstudy.demos.params", "dlstudy.demos.autograd"}
THIRD_PARTY_FOR_DEMOS = {"numpy", "torch"}


def catalog_violations(root: Path = PACKAGE) -> list[str]:
    import sys

    found = []
    for path in sorted((root / "demos" / "catalog").glob("*.py")):
        for line, module in imports_of(path, root):
            top = module.split(".")[0]
            if top == "dlstudy":
                if module.startswith("dlstudy.demos.catalog") or any(
                        module == m or module.startswith(m + ".") for m in CATALOG_MAY_IMPORT):
                    continue
                found.append(f"{path.relative_to(root.parent)}:{line}: {module}")
            elif top not in THIRD_PARTY_FOR_DEMOS and top not in sys.stdlib_module_names and top != "__future__":
                found.append(f"{path.relative_to(root.parent)}:{line}: {module}")
    return found


def test_the_catalog_imports_only_computation_and_the_demo_data_modules():
    assert catalog_violations() == []


def test_the_catalog_rule_catches_a_demo_that_imports_more(tmp_path):
    catalog = tmp_path / "dlstudy" / "demos" / "catalog"
    catalog.mkdir(parents=True)
    (catalog / "ok.py").write_text("import math\nimport numpy as np\nfrom dlstudy.demos.result import Result\n")
    (catalog / "bad.py").write_text("def run():\n    from dlstudy.render.table import table\n    import rich\n"
                                    "    from dlstudy.demos.registry import get_spec\n")
    assert [v.split(": ", 1)[1] for v in catalog_violations(tmp_path / "dlstudy")] == [
        "dlstudy.render.table", "dlstudy.render.table.table", "rich", "dlstudy.demos.registry",
        "dlstudy.demos.registry.get_spec"]
