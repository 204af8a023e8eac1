"""Every numeric answer in the bundled content is recomputed independently.

Each module in tests/content_refs/ defines REFS: {(card_id, question_id): callable returning the
value computed from first principles (arithmetic, torch, brute force)}. This test requires a
reference for every numeric question and checks the card's answer against it.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.content_refs as refs_pkg
from dlstudy.content.loader import load_deck


def _all_refs():
    refs = {}
    for info in pkgutil.iter_modules(refs_pkg.__path__):
        module = importlib.import_module(f"tests.content_refs.{info.name}")
        for key, fn in module.REFS.items():
            assert key not in refs, f"{key} has two references"
            refs[key] = fn
    return refs


REFS = _all_refs()
DECK = load_deck(use_cache=False)
NUMERIC = [(c.id, q) for c in DECK.cards for q in c.questions if q.kind == "numeric"]


def test_every_numeric_question_has_an_independent_reference():
    missing = [f"{cid}/{q.id}" for cid, q in NUMERIC if (cid, q.id) not in REFS]
    assert not missing, "numeric questions without a reference in tests/content_refs/: " + ", ".join(missing)


def test_no_stale_references():
    have = {(cid, q.id) for cid, q in NUMERIC}
    stale = [k for k in REFS if k not in have]
    assert not stale, f"references for questions that are not numeric or do not exist: {stale}"


@pytest.mark.parametrize("card_id,question", NUMERIC, ids=[f"{c}/{q.id}" for c, q in NUMERIC])
def test_numeric_answer_matches_reference(card_id, question):
    ref = REFS.get((card_id, question.id))
    if ref is None:
        pytest.fail("no reference (see test_every_numeric_question_has_an_independent_reference)")
    truth = float(ref())
    assert question.spec.tolerance.accepts(float(question.spec.answer), truth), (
        f"{card_id}/{question.id}: card says {question.spec.answer}, reference computes {truth}")
