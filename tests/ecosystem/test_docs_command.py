"""`dlstudy docs [PAGE]` prints the docs shipped in the package; --help points there, not to docs/."""

from __future__ import annotations

import re

import pytest

from dlstudy.cli.docs import PAGES
from tests.conftest import REPO
from tests.ecosystem.commands_doc import DOC, command_paths, generate, help_text


@pytest.mark.parametrize("page", ["json", "card-format", "commands"])
def test_a_page_is_the_shipped_file(cli, page):
    r = cli("docs", page)
    assert r.exit_code == 0 and r.stderr == ""
    assert r.stdout == (REPO / "docs" / f"{page}.md").read_text(encoding="utf-8")


def test_without_a_page_the_pages_are_listed(cli):
    r = cli("docs", env={"COLUMNS": "200"})
    assert r.exit_code == 0
    for name, (file, about) in PAGES.items():
        assert re.search(rf"^{re.escape(name)} +{re.escape(about)}$", r.stdout, re.M), name
        assert (REPO / "docs" / file).is_file()
    assert {"commands", "card-format", "json"} <= set(PAGES)


def test_path_option(cli):
    assert cli("docs", "json", "--path").stdout.strip() == str(REPO / "docs" / "json.md")
    assert cli("docs", "--path").stdout.strip() == str(REPO / "docs")


def test_unknown_page_is_a_usage_error(cli):
    r = cli("docs", "zzz")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.splitlines() == ["error: no docs page 'zzz'", "hint: pages: " + ", ".join(PAGES)]


def test_docs_dir_in_a_checkout_and_in_the_wheel(tmp_path, monkeypatch):
    import dlstudy.paths as paths

    assert paths.docs_dir() == REPO / "docs"
    # inside an installed package the docs sit next to the code, as _docs/
    fake = tmp_path / "site" / "dlstudy"
    (fake / "_docs").mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(fake / "paths.py"))
    assert paths.docs_dir() == fake / "_docs"


def test_the_wheel_ships_the_docs():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[tool.hatch.build.targets.wheel.force-include]", 1)[1].split("\n[", 1)[0]
    assert re.search(r'^"docs" = "dlstudy/_docs"', section, re.M), section


def test_help_points_to_dlstudy_docs_not_to_the_docs_folder():
    assert "'dlstudy docs commands'" in help_text("") and "'dlstudy docs json'" in help_text("")
    for path in [""] + command_paths():
        assert "docs/" not in help_text(path), path


def test_commands_doc_is_the_current_help():
    text = DOC.read_text(encoding="utf-8")
    assert generate(text) == text, "docs/commands.md is out of date: python -m tests.ecosystem.commands_doc"
