"""Content is data: YAML code tags are rejected and never executed; demos are named by registered id."""

from __future__ import annotations

from tests.conftest import FIXTURES


def test_python_tags_are_rejected_and_not_executed(cli, tmp_path):
    marker = tmp_path / "pwned"
    card = tmp_path / "deck" / "evil.yaml"
    card.parent.mkdir()
    card.write_text(
        "id: evil\ntitle: Evil\ntopic: t\nsummary: !!python/object/apply:os.system ['touch %s']\n"
        "key_points: [a, b, c]\nquestions: []\n" % marker, encoding="utf-8")
    for args in (["check", str(card.parent)], ["--content", str(card.parent), "cards"],
                 ["--content", str(card.parent), "show", "evil"]):
        r = cli(*args)
        assert not marker.exists()
        assert "Traceback" not in r.stdout + r.stderr
    r = cli("check", str(card.parent), "--fast")
    assert r.exit_code == 1 and "is not allowed" in r.stdout


def test_other_code_tags_are_rejected(cli, tmp_path):
    for tag in ("!!python/name:os.system", "!!python/module:os", "!!python/object/new:builtins.dict"):
        d = tmp_path / tag.replace("/", "_").replace(":", "_").replace("!", "")
        d.mkdir()
        (d / "c.yaml").write_text(f"id: c\ntitle: {tag} x\n", encoding="utf-8")
        r = cli("check", str(d), "--fast")
        assert r.exit_code == 1 and "is not allowed" in r.stdout, tag


def test_demo_ids_must_be_registered(cli):
    r = cli("check", str(FIXTURES / "broken" / "unregistered-demo"), "--fast")
    assert r.exit_code == 1 and "not a registered demo" in r.stdout
