"""A card's progress for `dlstudy show`: questions started, mastery, next due, and each question's
figures (state, due, interval, stability, difficulty, recall now, answers, lapses, leech and flags)."""

from __future__ import annotations

from typing import Any


def card_progress(card, now) -> dict | None:
    """None when there is no database yet; never creates one."""
    from dlstudy.paths import db_path

    if not db_path().exists():
        return None
    from dlstudy.srs import clock
    from dlstudy.srs.due import due_at
    from dlstudy.srs.leech import is_leech, threshold
    from dlstudy.srs.ratings import State
    from dlstudy.srs.scheduler import make_scheduler, retrievability
    from dlstudy.srs.settings import Settings, config_problems
    from dlstudy.srs.store import Store

    qids = [q.id for q in card.questions]
    with Store.open(create=False, readonly=True) as store:
        stored = store.get_config()
        settings, problems = Settings.from_config(stored), config_problems(stored)
        by_qid = {s.question_id: s for s in store.states() if s.card_id == card.id and s.question_id in qids}
        flags = store.flag_rows([(card.id, q) for q in qids])
        limit = threshold(stored)
    rows = [by_qid[q] for q in qids if q in by_qid]  # only the questions in the deck count
    if not rows:
        return {"text": f"not started ({len(card.questions)} new questions)", "mastery": 0.0,
                "settings_problems": problems}
    scheduler = make_scheduler(settings)
    recall = {s.question_id: retrievability(scheduler, s.fsrs, now) for s in rows if s.stability}
    mastery = sum(recall.values()) / len(card.questions)
    when = min(due_at(s.due, s.last_review, settings.rollover_hour) for s in rows).astimezone(clock.local_tz())
    table = []
    for qid in qids:
        s = by_qid.get(qid)
        flag = flags.get((card.id, qid))
        marks = [m for m, on in (("leech", s is not None and is_leech(s.lapses, limit)),
                                 ("suspended", flag is not None and flag.suspended),
                                 (f"flag {flag.flag}" if flag is not None and flag.flag else "", bool(flag and flag.flag)))
                 if on]
        table.append({"question": qid, "state": State(s.state).name.lower() if s else "new",
                      "due": due_at(s.due, s.last_review, settings.rollover_hour).astimezone(clock.local_tz())
                      .strftime("%Y-%m-%d %H:%M") if s else "-",
                      "interval": (s.due - s.last_review) / 86400 if s and s.last_review is not None else None,
                      "stability": s.stability if s else None, "difficulty": s.difficulty if s else None,
                      "recall": recall.get(qid), "reps": s.reps if s else 0, "lapses": s.lapses if s else 0,
                      "marks": ", ".join(marks)})
    return {"text": f"{len(rows)}/{len(card.questions)} questions started · mastery {mastery:.0%} · "
                    f"next due {when:%Y-%m-%d %H:%M}", "mastery": mastery, "settings_problems": problems,
            "questions": table}


def cards_mastery(cards: list[Any], states: dict[tuple[str, str], Any], scheduler: Any, now: Any) -> dict[str, float]:
    """card id -> mean predicted recall of its questions now (never-answered questions count 0), from the
    queue's state index (a leech's prerequisites, shown before it is asked)."""
    import json

    from dlstudy.srs.scheduler import retrievability

    out = {}
    for card in cards:
        total = 0.0
        for qid in card.question_ids:
            row = states.get((card.id, qid))
            if row is not None and row.stability:
                total += retrievability(scheduler, json.loads(row.fsrs_json), now)
        out[card.id] = total / len(card.question_ids) if card.question_ids else 0.0
    return out
