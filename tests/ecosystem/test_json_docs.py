"""docs/json.md lists the real top-level keys of every --json output."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import REPO
from tests.srs.conftest import DEFAULT_SPEC, write_deck

DOC = (REPO / "docs" / "json.md").read_text(encoding="utf-8")


def documented(heading: str) -> list[str]:
    section = DOC.split(f"## `{heading}`", 1)[1].split("\n## ", 1)[0]
    m = re.search(r"(?:Top-level|Item) keys: (.+)", section)
    return [k.strip() for k in m.group(1).split(",")]


def _keys(data):
    return list((data[0] if isinstance(data, list) else data).keys())


@pytest.mark.parametrize("heading,args", [
    ("dlstudy cards --json", ["cards", "--json"]),
    ("dlstudy show ID --json", ["show", "uniform-variance", "--json"]),
    ("dlstudy demo --json` (the list", ["demo", "--json"]),
    ("dlstudy check --json", ["check", "--fast", "--json"]),
    ("dlstudy config --json", ["config", "--json"]),
])
def test_documented_keys_match(cli, heading, args):
    r = cli(*args)
    data = json.loads(r.stdout)
    assert set(_keys(data)) == set(documented(heading.split("` (")[0] if "` (" in heading else heading))


def test_session_outputs_match(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    r = cli("--content", d, "quiz", "--topic", "omega", "-n", "1", "--json", input="delta1\n\n")
    assert set(json.loads(r.stdout)) == set(documented("dlstudy quiz --json`, `dlstudy drill --json"))
    r = cli("--content", d, "review", "--topic", "omega", "--new", "1", "--json", input="x\n\n")
    data = json.loads(r.stdout)
    assert set(data) == set(documented("dlstudy review --json"))
    assert set(data["answers"][0]) == {"card", "question", "new", "rating", "suggested_rating", "due", "previews"}
    r = cli("--content", d, "schedule", "--json")
    assert set(_keys(json.loads(r.stdout))) == set(documented("dlstudy schedule --json"))
    r = cli("--content", d, "stats", "--json")
    assert set(json.loads(r.stdout)) == set(documented("dlstudy stats --json"))
    r = cli("history", "--json")
    assert set(_keys(json.loads(r.stdout))) == set(documented("dlstudy history --json"))


def test_stats_practice_and_calibration_keys_match(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    cli("--content", d, "quiz", "--question", "delta/q1", "--json", input="delta1\n\n")
    data = json.loads(cli("--content", d, "stats", "--json").stdout)
    section = DOC.split("## `dlstudy stats --json`", 1)[1].split("\n## ", 1)[0]
    for key in ("practice", "calibration"):
        listed = re.search(rf"- `{key}`: `\{{(.+?)\}}`", section)
        assert listed, key
        assert set(data[key]) == {k.strip().strip('"') for k in listed.group(1).split(",")}, key
    assert set(data["practice"]["by_topic"]["omega"]) == {"answers", "right", "right_share"}


def test_every_command_is_documented():
    from dlstudy.cli.app import COMMANDS, app

    text = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    names = [*COMMANDS] + [g.name for g in app.registered_groups]
    assert len(names) >= 15
    for name in names:
        assert f"## dlstudy {name}" in text, name


def test_history_and_sync_outputs_match(cli, tmp_path, monkeypatch):
    """issues 27 and 29: info, leeches, suspended and sync --status list the documented keys."""
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    d = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    cli("--content", d, "review", "--topic", "omega", "--new", "1", input="x\n\n:f\n")
    r = cli("--content", d, "info", "delta/q1", "--json")
    data = json.loads(r.stdout)
    assert set(data) == set(documented("dlstudy info CARD/QID --json"))
    assert set(data["reviews"][0]) == {"at", "rating", "suggested_rating", "overridden", "answer", "interval_days",
                                       "device"}
    assert set(data["curve"][0]) == {"day", "retrievability"}
    assert cli("config", "leech_threshold", "1").exit_code == 0
    r = cli("leeches", "--json")
    assert json.loads(r.stdout) == []  # none yet: the keys of an item are checked in tests/srs
    r = cli("suspended", "--json")
    assert set(_keys(json.loads(r.stdout))) == set(documented("dlstudy suspended --json"))
    folder = tmp_path / "sync"
    folder.mkdir()
    assert cli("sync", str(folder)).exit_code == 0
    r = cli("sync", "--status", "--json")
    assert set(json.loads(r.stdout)) == set(documented("dlstudy sync --status --json"))
