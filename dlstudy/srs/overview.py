"""Cheap due/new counts for the dashboard (no fsrs import, read-only, no database created)."""

from __future__ import annotations

from collections import Counter


def due_counts(deck, now) -> dict:
    """Due now / later today per topic (srs/due.py's definition) and new questions per topic."""
    from dlstudy.paths import db_path
    from dlstudy.srs.due import blocked, day_end, is_due
    from dlstudy.srs.scheduler import config_problems, ts, valid_config

    due_by_topic: Counter = Counter()
    later_by_topic: Counter = Counter()
    new_by_topic: Counter = Counter()
    topic_of = {(c.id, qid): c.topic for c in deck.cards for qid in c.question_ids}
    seen: set = set()
    reviewed = False
    problems: list = []
    if db_path().exists():
        from dlstudy.srs.store import Store

        with Store.open(create=False, readonly=True) as store:
            stored = store.get_config()
            config, problems = valid_config(stored), config_problems(stored)
            t, end = ts(now), day_end(now, int(config["rollover_hour"]))
            flags = store.flags()
            for key, row in store.state_index().items():
                seen.add(key)
                reviewed = True
                if key not in topic_of or blocked(flags.get(key), t):
                    continue
                if is_due(row.due, t):
                    due_by_topic[topic_of[key]] += 1
                elif row.due < end:
                    later_by_topic[topic_of[key]] += 1
    for key, topic in topic_of.items():
        if key not in seen:
            new_by_topic[topic] += 1
    return {"due": sum(due_by_topic.values()), "later_today": sum(later_by_topic.values()),
            "due_by_topic": dict(due_by_topic), "later_by_topic": dict(later_by_topic),
            "new_by_topic": dict(new_by_topic), "reviewed_ever": reviewed, "settings_problems": problems}
