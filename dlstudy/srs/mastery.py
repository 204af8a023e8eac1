"""A card's progress line for `dlstudy show`: questions started, mastery, next due."""

from __future__ import annotations


def card_progress(card, now) -> dict | None:
    """None when there is no database yet; never creates one."""
    from dlstudy.paths import db_path

    if not db_path().exists():
        return None
    from dlstudy.srs import clock
    from dlstudy.srs.due import due_at
    from dlstudy.srs.scheduler import make_scheduler, retrievability
    from dlstudy.srs.settings import Settings, config_problems
    from dlstudy.srs.store import Store

    with Store.open(create=False, readonly=True) as store:
        stored = store.get_config()
        settings, problems = Settings.from_config(stored), config_problems(stored)
        rows = [s for s in store.states() if s.card_id == card.id]
    if not rows:
        return {"text": f"not started ({len(card.questions)} new questions)", "mastery": 0.0,
                "settings_problems": problems}
    scheduler = make_scheduler(settings)
    qids = {q.id for q in card.questions}
    total = sum(retrievability(scheduler, s.fsrs, now) for s in rows if s.question_id in qids and s.stability)
    mastery = total / len(card.questions)
    when = min(due_at(s.due, s.last_review, settings.rollover_hour) for s in rows).astimezone(clock.local_tz())
    return {"text": f"{len(rows)}/{len(card.questions)} questions started · mastery {mastery:.0%} · "
                    f"next due {when:%Y-%m-%d %H:%M}", "mastery": mastery, "settings_problems": problems}
