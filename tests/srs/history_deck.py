"""A deck for the history tests (issues 27 and 29): one question per card, every answer "x", so that a
piped review answers whatever it is asked (the order new questions come in does not matter), and a
snapshot of everything the log derives."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from dlstudy.paths import db_path

CARD = """id: {id}
title: Card {id}
topic: hist
summary: "One. Two. Three."
key_points: ["{id} point one", "{id} point two"]
pitfalls: ["{id} pitfall"]
prerequisites: {pre}
questions:
  - id: q
    kind: short
    prompt: "Question of {id}?"
    answer: "x"
    explanation: "Because."
"""
CARDS = {"c1": [], "c2": [], "c3": [], "c4": ["c1"], "c5": ["c2", "c3"]}
RIGHT, WRONG = "x\n", "nope\n"


def write_history_deck(root: Path, cards: dict[str, list[str]] | None = None) -> str:
    root.mkdir(parents=True, exist_ok=True)
    for cid, pre in (cards or CARDS).items():
        (root / f"{cid}.yaml").write_text(CARD.format(id=cid, pre=json.dumps(pre)), encoding="utf-8")
    return str(root)


def tables(path: Path | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every table that holds the log or what it derives, in a fixed order (sessions and the local table
    apart): two equal snapshots mean nothing changed."""
    con = sqlite3.connect(path or db_path())
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("review_log", "question_state", "question_flags", "config", "events", "attempts")}
    finally:
        con.close()


def derived(path: Path | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """What the replay derives (states, flags, settings) and the current ids of the answers."""
    con = sqlite3.connect(path or db_path())
    try:
        return {"state": con.execute("SELECT * FROM question_state ORDER BY card_id, question_id").fetchall(),
                "flags": con.execute("SELECT card_id, question_id, suspended, buried_until, flagged, flag "
                                     "FROM question_flags ORDER BY card_id, question_id").fetchall(),
                "config": con.execute("SELECT key, value FROM config ORDER BY key").fetchall(),
                "log": con.execute("SELECT uid, card_id, question_id, reviewed_at, rating FROM review_log "
                                   "ORDER BY uid").fetchall()}
    finally:
        con.close()


def at(day: int, hour: int = 10, minute: int = 0) -> dict[str, str]:
    """The env of a command run on 2026-03-<day> at hour:minute UTC."""
    return {"DLSTUDY_NOW": f"2026-03-{day:02d}T{hour:02d}:{minute:02d}:00+00:00", "DLSTUDY_TZ_UTC": "1"}
