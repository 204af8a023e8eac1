"""The README's layout block is generated from the code (package summaries and the import graph) and
must be current: `python -m tests.ecosystem.layout_doc` rewrites it."""

from __future__ import annotations

from tests.ecosystem import layout_doc


def test_the_readme_layout_block_is_current():
    assert layout_doc.current() == layout_doc.block(), "run: python -m tests.ecosystem.layout_doc"


def test_importers_come_from_the_import_graph():
    assert layout_doc.importers("cli") == []  # nothing imports the commands
    assert "session" in layout_doc.importers("srs") and "cli" in layout_doc.importers("session")
    assert "quiz" not in layout_doc.importers("srs")  # quiz and srs never import each other
