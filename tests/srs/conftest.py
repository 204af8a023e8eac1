"""A small deck with prerequisites, a store with fuzzing off, and a frozen clock."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dlstudy.content.loader import load_deck
from dlstudy.srs.clock import FixedClock
from dlstudy.srs.store import Store

CARD = """
id: {id}
title: Card {id}
topic: {topic}
summary: One. Two. Three.
key_points: [a, b, c]
prerequisites: {pre}
questions:
{questions}
"""
QUESTION = """  - id: q{n}
    kind: short
    prompt: "Question {n} of {id}?"
    answer: "{id}{n}"
    explanation: "Because."
"""


def write_deck(root, spec: dict[str, tuple[str, list[str], int]]):
    """spec: card id -> (topic, prerequisites, number of questions)."""
    root.mkdir(parents=True, exist_ok=True)
    for cid, (topic, pre, nq) in spec.items():
        qs = "".join(QUESTION.format(n=i, id=cid) for i in range(1, nq + 1))
        (root / f"{cid}.yaml").write_text(CARD.format(id=cid, topic=topic, pre=pre, questions=qs.rstrip("\n")),
                                          encoding="utf-8")
    return root


DEFAULT_SPEC = {
    "zeta": ("alpha", ["beta"], 3),   # depends on beta: must come after it
    "beta": ("alpha", [], 3),
    "gamma": ("alpha", ["zeta"], 2),
    "delta": ("omega", [], 4),
}


@pytest.fixture
def deck(tmp_path):
    return load_deck([write_deck(tmp_path / "deck", DEFAULT_SPEC)], include_bundled=False, use_cache=False)


@pytest.fixture
def store(monkeypatch):
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    s = Store.open()
    s.set_config("fuzz", "false")
    yield s
    s.close()


@pytest.fixture
def frozen():
    """A clock of its own for each test (nothing global to reset)."""
    return FixedClock(datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc))
