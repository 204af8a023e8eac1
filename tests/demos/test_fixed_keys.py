"""The --json keys that the concept checklist (part three, "New demos") fixes for each demo: every key present,
under its exact name and nesting, with the parameters it names in `run.params`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dlstudy.demos.result import lookup

MODERN = Path(__file__).resolve().parent.parent / "data" / "concepts-modern.md"


def fixed_keys() -> list[tuple[str, list[str], list[str]]]:
    """(demo id, result keys, run.params keys) from the "New demos" table."""
    rows, section = [], ""
    for line in MODERN.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line
            continue
        if "New demos" not in section or not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        demo = re.findall(r"`([a-z0-9-]+)`", cells[0])[0]
        keys_cell = cells[2]
        m = re.search(r"with (.*) in `run\.params`", keys_cell)
        params = re.findall(r"`([\w.]+)`", m.group(1)) if m else []
        head = keys_cell[:m.start()] if m else keys_cell
        rows.append((demo, re.findall(r"`([\w.]+)`", head), params))
    return rows


ROWS = fixed_keys()


def test_the_table_names_six_demos():
    assert [d for d, _k, _p in ROWS] == ["speculative-decoding", "rope-scaling", "continuous-batching",
                                         "grpo-advantage", "pass-at-k", "contrastive-temperature"]
    assert {d: p for d, _k, p in ROWS}["speculative-decoding"] == ["k", "trials"]


@pytest.mark.parametrize("demo,keys,params", ROWS, ids=[r[0] for r in ROWS])
def test_json_has_the_fixed_keys(cli, demo, keys, params):
    r = cli("demo", demo, "--json", "--seed", "1")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    for key in keys:
        lookup(data, key)  # KeyError names what is missing
    for name in params:
        assert name in data["run"]["params"], name
