"""`dlstudy stats --json` against a fixture whose figures are computed by hand below."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from tests.srs.conftest import DEFAULT_SPEC, write_deck


def t(s: str) -> float:
    return datetime.fromisoformat(s).replace(tzinfo=timezone.utc).timestamp()


def fsrs_dict(stability, last, due):
    return {"card_id": 1, "state": 2, "step": None, "stability": stability, "difficulty": 5.0,
            "due": datetime.fromtimestamp(due, timezone.utc).isoformat(),
            "last_review": datetime.fromtimestamp(last, timezone.utc).isoformat() if last else None}


def test_stats_json_matches_hand_computed_figures(cli, store, tmp_path, monkeypatch):
    root = write_deck(tmp_path / "deck", DEFAULT_SPEC)
    now = "2026-03-10T12:00:00"
    monkeypatch.setenv("DLSTUDY_NOW", now + "+00:00")
    states = [  # card, question, due, stability, last_review
        ("beta", "q1", t("2026-03-10T11:00:00"), 10.0, t("2026-03-01T12:00:00")),  # overdue -> today
        ("beta", "q2", t("2026-03-10T23:00:00"), None, None),  # before tomorrow 04:00 -> today
        ("beta", "q3", t("2026-03-11T05:00:00"), None, None),  # +1
        ("zeta", "q1", t("2026-03-15T04:00:00"), 30.0, t("2026-03-05T12:00:00")),  # +5
        ("zeta", "q2", t("2026-03-10T11:00:00"), None, None),  # suspended: not counted
    ]
    with store.transaction() as conn:
        for c, q, due, stab, last in states:
            conn.execute("INSERT INTO question_state(card_id, question_id, fsrs, due, state, stability, difficulty, "
                         "last_review, introduced_at, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         (c, q, json.dumps(fsrs_dict(stab, last, due)), due, 2, stab, 5.0, last, t("2026-02-01T12:00:00"),
                          1, 0))
        logs = [("beta", "q1", "2026-02-01T12:00:00", 3), ("zeta", "q1", "2026-02-05T12:00:00", 3),
                ("beta", "q1", "2026-03-01T12:00:00", 1), ("zeta", "q1", "2026-03-05T12:00:00", 3),
                ("beta", "q2", "2026-03-08T12:00:00", 3), ("beta", "q3", "2026-03-10T03:00:00", 1),
                ("beta", "q2", "2026-03-10T10:00:00", 3)]
        for c, q, when, rating in logs:
            conn.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES (?,?,?,?)",
                         (c, q, t(when), rating))
        conn.execute("INSERT INTO question_flags(card_id, question_id, suspended, flagged) VALUES ('zeta','q2',1,0),"
                     " ('gamma','q1',0,1)")
    store.close()
    r = cli("--content", str(root), "stats", "--json")
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["due_today"] == 2
    assert d["forecast"][:7] == [2, 1, 0, 0, 0, 1, 0]
    assert d["reviews_total"] == 7
    assert d["retention"]["all"] == round(5 / 7, 4)
    # mature = at least 21 days after the previous review: beta/q1 on 03-01 (failed), zeta/q1 on 03-05 (passed)
    assert d["retention"]["mature_reviews"] == 2 and d["retention"]["true"] == 0.5
    # study days (rollover 4 am): 03-10, 03-09 (the 03:00 review on the 10th), 03-08 -> streak 3
    assert d["streak_days"] == 3
    heat = d["heatmap"]["reviews_per_day"]
    assert len(heat) == 84 and sum(heat) == 7
    assert d["heatmap"]["first_day"] == "2025-12-17"
    assert heat[-1] == 1 and heat[-2] == 1 and heat[-3] == 1 and heat[-6] == 1  # 03-10, 03-09, 03-08, 03-05
    # FSRS-6 retrievability with default w20 = 0.1542: R = (1 + F t/S)^-w20, F = 0.9^(-1/w20) - 1
    w20 = 0.1542
    f = 0.9 ** (-1 / w20) - 1
    r1 = (1 + f * 9 / 10.0) ** -w20
    r2 = (1 + f * 5 / 30.0) ** -w20
    assert abs(d["mastery_by_topic"]["alpha"] - (r1 + r2) / 8) < 1e-3
    assert d["mastery_by_topic"]["omega"] == 0
    assert d["questions"]["suspended"] == ["zeta/q2"] and d["questions"]["flagged"] == ["gamma/q1"]
    assert d["weakest"][0]["card"] == "beta"
