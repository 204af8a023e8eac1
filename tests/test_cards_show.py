"""cards/show/dashboard behaviour: user decks from DLSTUDY_CONTENT, filters, --run, --lang zh, formulas."""

from __future__ import annotations

import json
import os

from tests.srs.conftest import write_deck


def test_dlstudy_content_env_adds_decks(cli, tmp_path, monkeypatch):
    a = write_deck(tmp_path / "a", {"alpha-card": ("mine", [], 3)})
    b = write_deck(tmp_path / "b", {"beta-card": ("mine", ["alpha-card"], 3)})
    monkeypatch.setenv("DLSTUDY_CONTENT", os.pathsep.join([str(a), str(b)]))
    rows = json.loads(cli("cards", "--json").stdout)
    ids = {r["id"]: r for r in rows}
    assert "alpha-card" in ids and "beta-card" in ids and "uniform-variance" in ids
    assert ids["alpha-card"]["bundled"] is False and ids["uniform-variance"]["bundled"] is True
    assert cli("show", "beta-card").exit_code == 0
    assert json.loads(cli("cards", "--topic", "mine", "--json").stdout)[0]["topic"] == "mine"


def test_cards_filters(cli):
    rows = json.loads(cli("cards", "--search", "variance", "--json").stdout)
    assert any(r["id"] == "uniform-variance" for r in rows)
    for r in rows:  # every hit mentions the word somewhere in the card
        card = json.loads(cli("show", r["id"], "--json").stdout)
        text = " ".join([card["id"], card["title"], card["summary"], " ".join(card["tags"]),
                         " ".join(card["key_points"])]).lower()
        assert "variance" in text
    assert len(rows) < len(json.loads(cli("cards", "--json").stdout))
    tag_rows = json.loads(cli("cards", "--tag", "probability", "--json").stdout)
    assert tag_rows and all("probability" in r["tags"] for r in tag_rows)
    assert cli("cards", "--topic", "astrology").exit_code == 2
    r = cli("cards", "--search", "zzzzzz-nothing")
    assert r.exit_code == 0 and "No cards match" in r.stdout


def test_show_renders_formula_as_unicode_and_lists_demo_commands(cli):
    r = cli("show", "xavier-init")
    assert r.exit_code == 0, r.stderr
    assert "2/(nᵢₙ + nₒᵤₜ)" in r.stdout.replace(" ", " ") or "2/(n" in r.stdout
    assert "dlstudy demo xavier-variance" in r.stdout
    assert "Questions" in r.stdout


def test_show_run_runs_the_cards_demos(cli):
    r = cli("show", "uniform-variance", "--run")
    assert r.exit_code == 0
    assert "demo: uniform-variance" in r.stdout and "relative error" in r.stdout


def test_show_lang_zh_uses_chinese_title_and_summary(cli):
    card = json.loads(cli("show", "entropy", "--json").stdout)
    assert card["zh"].get("title")
    r = cli("show", "entropy", "--lang", "zh")
    assert card["zh"]["title"] in r.stdout


def test_show_unknown_id_suggests(cli):
    r = cli("show", "xavier")
    assert r.exit_code == 2 and "xavier-init" in r.stderr


def test_version_and_help_point_to_docs(cli):
    assert cli("--version").stdout.startswith("dlstudy ")
    r = cli("--help")
    assert "'dlstudy docs card-format'" in r.stdout and "'dlstudy docs json'" in r.stdout


def test_bare_dlstudy_dashboard(cli):
    r = cli()
    assert r.exit_code == 0
    assert "foundations" in r.stdout and "Next:" in r.stdout
