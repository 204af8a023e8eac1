"""Cheap due/new counts for the dashboard (no fsrs import, read-only, no database created)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta


def due_counts(deck, now) -> dict:
    from dlstudy.paths import db_path
    from dlstudy.srs import clock
    from dlstudy.srs.scheduler import DEFAULTS, ts

    due_by_topic: Counter = Counter()
    new_by_topic: Counter = Counter()
    topic_of = {(c.id, qid): c.topic for c in deck.cards for qid in c.question_ids}
    seen: set = set()
    reviewed = False
    if db_path().exists():
        from dlstudy.srs.store import Store

        with Store.open(create=False) as store:
            config = {**DEFAULTS, **store.get_config()}
            end = ts(clock.day_start(now, int(config["rollover_hour"])) + timedelta(days=1))
            susp = store.suspended()
            for (c, q), (due, _state, _intro) in store.state_index().items():
                seen.add((c, q))
                reviewed = True
                if (c, q) in topic_of and due < end and (c, q) not in susp:
                    due_by_topic[topic_of[(c, q)]] += 1
    for key, topic in topic_of.items():
        if key not in seen:
            new_by_topic[topic] += 1
    return {"due": sum(due_by_topic.values()), "due_by_topic": dict(due_by_topic), "new_by_topic": dict(new_by_topic),
            "reviewed_ever": reviewed}

