"""The content cache: warm loads skip YAML parsing, and any edit invalidates the entry."""

from __future__ import annotations

import json
import os

import dlstudy.content.loader as loader
from tests.srs.conftest import DEFAULT_SPEC, write_deck


def _titles(cli, d):
    r = cli("--content", str(d), "cards", "--json")
    assert r.exit_code == 0, r.stderr
    return {row["id"]: row["title"] for row in json.loads(r.stdout)}


def test_edit_is_seen_by_the_next_command(cli, tmp_path):
    d = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    assert _titles(cli, d)["beta"] == "Card beta"
    path = d / "beta.yaml"
    st = path.stat()
    path.write_text(path.read_text().replace("title: Card beta", "title: Card BETA"), encoding="utf-8")
    # same size as before; only the modification time tells the edit apart (as it does for any editor)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert _titles(cli, d)["beta"] == "Card BETA"


def test_new_and_deleted_files_are_seen(cli, tmp_path):
    d = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    assert "gamma" in _titles(cli, d)
    (d / "gamma.yaml").unlink()
    assert "gamma" not in _titles(cli, d)
    write_deck(d, {"epsilon": ("omega", [], 1)})
    assert "epsilon" in _titles(cli, d)


def test_warm_load_does_not_parse_yaml(cli, tmp_path, monkeypatch):
    d = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    _titles(cli, d)  # cold: fills the cache
    calls = []
    real = loader.parse_file

    def counting(*a, **kw):
        calls.append(a[0])
        return real(*a, **kw)

    monkeypatch.setattr(loader, "parse_file", counting)
    _titles(cli, d)
    assert calls == []
    (d / "beta.yaml").write_text((d / "beta.yaml").read_text() + "\n# edited\n", encoding="utf-8")
    _titles(cli, d)
    assert [p.name for p in calls] == ["beta.yaml"]


def test_broken_edit_is_reported_not_served_from_cache(cli, tmp_path):
    d = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    assert "beta" in _titles(cli, d)
    (d / "beta.yaml").write_text("id: beta\ntitle: [unclosed\n", encoding="utf-8")
    r = cli("--content", str(d), "cards", "--json")
    ids = [row["id"] for row in json.loads(r.stdout)]
    assert "beta" not in ids and "YAML syntax error" in r.stderr


def test_corrupt_cache_file_is_ignored(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_CACHE_DIR", str(tmp_path / "own-cache"))
    d = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    _titles(cli, d)
    caches = list((tmp_path / "own-cache").glob("content-*.marshal"))
    assert len(caches) == 2  # one per content folder: the bundled one and the user deck
    for cache in caches:
        cache.write_bytes(b"\x00garbage")
    assert _titles(cli, d)["beta"] == "Card beta"
