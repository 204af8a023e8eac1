"""The bundled deck covers the concept checklist and every card has the required parts."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from dlstudy.content.loader import load_deck

DATA = Path(__file__).resolve().parent.parent / "data" / "concepts.md"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "concepts.md"
SECTION_TOPICS = ["foundations", "training", "neurons", "cnn", "rnn", "nlp", "beyond"]


def checklist() -> list[tuple[str, str, list[str]]]:
    """(card id, topic, demo ids) for each row of the concept checklist."""
    rows = []
    section = -1
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section += 1
            continue
        m = re.match(r"\|\s*`([a-z0-9-]+)`\s*\|(.*)\|(.*)\|(.*)\|\s*$", line)
        if m:
            demos = re.findall(r"`([a-z0-9-]+)`", m.group(4))
            rows.append((m.group(1), SECTION_TOPICS[section], demos))
    return rows


BEYOND = DATA.with_name("concepts-beyond.md")
SHARED_BEYOND = SHARED.with_name("concepts-beyond.md")


def checklist_beyond() -> tuple[list[tuple[str, str, list[str]]], list[tuple[str, str]]]:
    """Part two: (card id, topic, demos) of each new card, and (card id, demo) of new demos for old cards."""
    cards, links = [], []
    section = ""
    for line in BEYOND.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        ids = [re.findall(r"`([a-z0-9-]+)`", c) for c in cells]
        if not cells or not ids or not ids[0] or set(cells[0]) <= set("-: "):
            continue
        if "New cards" in section and len(cells) == 4:
            cards.append((ids[0][0], cells[1], ids[3]))
        elif "New demos" in section and len(cells) == 2:
            links.append((ids[0][0], ids[1][0]))
    return cards, links


ROWS = checklist()
BEYOND_CARDS, BEYOND_LINKS = checklist_beyond()
DECK = load_deck(use_cache=False)


def test_checklist_part_two_copy_is_current_and_complete():
    if SHARED_BEYOND.exists():
        assert SHARED_BEYOND.read_text(encoding="utf-8") == BEYOND.read_text(encoding="utf-8")
    assert len(BEYOND_CARDS) == 24 and len(BEYOND_LINKS) == 4
    assert {t for _c, t, _d in BEYOND_CARDS} >= {"llm", "training", "foundations", "cnn", "nlp", "beyond"}


@pytest.mark.parametrize("cid,topic,demos", BEYOND_CARDS, ids=[c for c, _t, _d in BEYOND_CARDS])
def test_every_part_two_concept_has_its_card_topic_and_demos(cid, topic, demos):
    card = DECK.get(cid)
    assert card is not None, f"no card {cid}"
    assert card.topic == topic
    for d in demos:
        assert d in card.demos and any(q.kind == "predict" and q.spec.demo == d for q in card.questions), d
    assert card.references, "cards beyond the notes cite published sources"
    assert "title" in card.zh and "summary" in card.zh
    assert len(card.questions) >= 4 and len({q.kind for q in card.questions}) >= 3
    assert any(q.kind == "open" for q in card.questions)


@pytest.mark.parametrize("cid,demo", BEYOND_LINKS)
def test_new_demos_are_linked_from_part_one_cards(cid, demo):
    card = DECK.get(cid)
    assert demo in card.demos and any(q.kind == "predict" and q.spec.demo == demo for q in card.questions)


MODERN = DATA.with_name("concepts-modern.md")
SHARED_MODERN = SHARED.with_name("concepts-modern.md")


def checklist_modern() -> list[tuple[str, str, list[str]]]:
    """Part three: (card id, topic, demo ids) of each row of the "New cards" table."""
    cards = []
    section = ""
    for line in MODERN.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line
            continue
        if "New cards" not in section or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        ids = re.findall(r"`([a-z0-9-]+)`", cells[0])
        if len(cells) == 4 and ids:
            cards.append((ids[0], cells[1], re.findall(r"`([a-z0-9-]+)`", cells[3])))
    return cards


MODERN_CARDS = checklist_modern()
MODERN_DEMOS = [(cid, d) for cid, _t, demos in MODERN_CARDS for d in demos]


def test_checklist_part_three_copy_is_current_and_complete():
    if SHARED_MODERN.exists():
        assert SHARED_MODERN.read_text(encoding="utf-8") == MODERN.read_text(encoding="utf-8")
    assert len(MODERN_CARDS) == 12 and len(MODERN_DEMOS) == 6
    assert {t for _c, t, _d in MODERN_CARDS} == {"llm", "vision"}


def test_the_vision_topic_comes_after_llm(cli):
    import json

    from dlstudy.content.schema import TOPICS

    keys = list(TOPICS)
    assert TOPICS["vision"] == "Vision transformers and multimodal models"
    assert keys.index("llm") < keys.index("vision") < keys.index("beyond")
    rows = json.loads(cli("cards", "--topic", "vision", "--json").stdout)
    assert {r["id"] for r in rows} == {c for c, t, _d in MODERN_CARDS if t == "vision"}
    topics = [r["topic"] for r in json.loads(cli("cards", "--json").stdout)]
    assert topics.index("vision") > max(i for i, t in enumerate(topics) if t == "llm")


@pytest.mark.parametrize("cid,topic", [(c, t) for c, t, _d in MODERN_CARDS], ids=[c for c, _t, _d in MODERN_CARDS])
def test_every_part_three_concept_has_its_card(cid, topic):
    card = DECK.get(cid)
    assert card is not None, f"no card {cid}"
    assert card.topic == topic
    assert card.references, "cards beyond the notes cite published sources"
    assert card.zh.get("title") and card.zh.get("summary")
    assert len(card.questions) >= 5 and len({q.kind for q in card.questions}) >= 3
    opens = [q for q in card.questions if q.kind == "open"]
    assert any(all(p.misconceptions and p.cues for p in q.spec.rubric) for q in opens), \
        "an open question whose every rubric point has misconceptions and cues"


@pytest.mark.parametrize("cid,demo", MODERN_DEMOS, ids=[f"{c}-{d}" for c, d in MODERN_DEMOS])
def test_part_three_demos_are_built_and_linked(cid, demo):
    from dlstudy.demos.registry import demo_ids, get_spec

    assert demo in demo_ids(), f"demo {demo} is not built"
    assert cid in get_spec(demo).cards
    card = DECK.get(cid)
    assert card is not None, f"no card {cid}"
    assert demo in card.demos
    assert any(q.kind == "predict" and q.spec.demo == demo for q in card.questions), f"no predict question on {demo}"


def test_the_llm_topic_and_the_size_of_the_deck(cli):
    from dlstudy.content.schema import TOPICS

    assert TOPICS["llm"] == "Large language models and modern training"
    assert len(DECK.cards) >= 138 and DECK.question_count() >= 700
    r = cli("cards", "--topic", "llm", "--json")
    ids = {c["id"] for c in __import__("json").loads(r.stdout)}
    assert {"kv-cache", "lora-adapters", "scaling-laws"} <= ids and len(ids) >= 9


def test_checklist_copy_is_current():
    if SHARED.exists():  # in a checkout next to the team's shared folder
        assert SHARED.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")
    assert len(ROWS) >= 100


def test_deck_is_clean():
    assert DECK.problems == []


def test_every_concept_has_a_card_in_its_topic_with_its_demos():
    missing, wrong_topic, unlinked = [], [], []
    for cid, topic, demos in ROWS:
        card = DECK.get(cid)
        if card is None:
            missing.append(cid)
            continue
        if card.topic != topic:
            wrong_topic.append(f"{cid} ({card.topic} != {topic})")
        for d in demos:
            if d not in card.demos:
                unlinked.append(f"{cid} -> {d}")
    assert not missing, f"{len(missing)} concepts without a card: {missing}"
    assert not wrong_topic, wrong_topic
    assert not unlinked, unlinked


def _sentences(text: str) -> int:
    text = re.sub(r"\b(e\.g|i\.e|vs|etc|cf|approx)\.", "x", text)
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()])


@pytest.mark.parametrize("card", DECK.cards, ids=[c.id for c in DECK.cards])
def test_card_has_required_parts(card):
    assert 3 <= _sentences(card.summary) <= 6, f"summary has {_sentences(card.summary)} sentences"
    assert 3 <= len(card.key_points) <= 7
    assert card.pitfalls, "no pitfalls"
    assert card.sources or card.references, "no sources"
    assert len(card.questions) >= 3
    assert len({q.kind for q in card.questions}) >= 2
    opens = [q for q in card.questions if q.kind == "open"]
    assert opens, "no open interview question"
    for q in opens:
        assert 3 <= len(q.spec.rubric) <= 6, f"{q.id}: rubric has {len(q.spec.rubric)} points"
        assert q.spec.model_answer
    for demo in card.demos:
        assert any(q.kind == "predict" and q.spec.demo == demo for q in card.questions), f"no predict question for {demo}"


def test_prerequisite_graph_has_no_orphans_outside_the_first_topic():
    orphans = [c.id for c in DECK.cards if c.topic != "foundations" and not c.prerequisites]
    assert not orphans, f"cards outside foundations without prerequisites: {orphans}"


def test_totals():
    kinds = Counter(q.kind for c in DECK.cards for q in c.questions)
    assert sum(kinds.values()) >= 350, kinds
    assert set(kinds) == {"choice", "numeric", "short", "open", "predict"}


@pytest.mark.parametrize("topic", SECTION_TOPICS)
def test_cards_topic_filter(cli, topic):
    r = cli("cards", "--topic", topic, "--json")
    assert r.exit_code == 0
    import json

    rows = json.loads(r.stdout)
    assert rows and all(row["topic"] == topic for row in rows)
