"""Progress statistics, computed from the database with indexed, aggregated queries.

Mastery of a concept = mean FSRS retrievability of its questions (questions never reviewed count 0).
True retention = share of passed reviews (rating > again) among mature reviews: those made at least
21 days after the question's previous review.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from dlstudy.srs import clock
from dlstudy.srs.due import read_due
from dlstudy.srs.scheduler import Settings, make_scheduler, ts

MATURE_DAYS = 21
HEATMAP_WEEKS = 12
FORECAST_DAYS = 30
RETENTION_WINDOW_DAYS = 30


def _utc_offset_seconds() -> float:
    off = datetime.now(clock.local_tz()).utcoffset()
    return off.total_seconds() if off else 0.0


WEAK_BELOW = 0.8  # "weakest concepts" lists only cards whose mastery is below this


def day_index_sql(settings: Settings) -> tuple[str, float]:
    """SQL expression (with one parameter) mapping reviewed_at to a study-day number."""
    shift = _utc_offset_seconds() - settings.rollover_hour * 3600
    return "CAST((reviewed_at + ?) / 86400 AS INTEGER)", shift


def compute_stats(store, deck, now: datetime, settings: Settings | None = None) -> dict:
    settings = settings or Settings.from_config(store.get_config())
    scheduler = make_scheduler(settings)
    t = ts(now)
    day_start = clock.day_start(now, settings.rollover_hour)
    tomorrow = ts(day_start + timedelta(days=1))
    questions = {(c.id, q.id): c for c in deck.cards for q in c.questions}
    flags = store.flags()
    states = store.states()

    def active(key) -> bool:
        f = flags.get(key)
        return not (f and f["suspended"])

    # due today and forecast (by study day; overdue counts today)
    forecast = [0] * FORECAST_DAYS
    due_today = 0
    for s in states:
        key = (s.card_id, s.question_id)
        if key not in questions or not active(key):
            continue
        day = 0 if s.due < tomorrow else int((s.due - tomorrow) // 86400) + 1
        if day < FORECAST_DAYS:
            forecast[day] += 1
        if day == 0:
            due_today += 1
    due = read_due(store, deck.cards, settings, now).counts
    # reviews per study day over the last 12 weeks
    expr, shift = day_index_sql(settings)
    today_idx = int((t + shift) // 86400)
    first_idx = today_idx - HEATMAP_WEEKS * 7 + 1
    per_day = store.reviews_per_day(expr, shift, (first_idx * 86400) - shift)
    heatmap = [per_day.get(first_idx + i, 0) for i in range(HEATMAP_WEEKS * 7)]
    # streak: consecutive study days with reviews, ending today (or yesterday if none yet today)
    streak = 0
    idx = today_idx if per_day.get(today_idx) else today_idx - 1
    if per_day.get(idx) is None and idx >= first_idx:
        streak = 0
    else:
        days_with = set(store.reviews_per_day(expr, shift, t - 400 * 86400))
        while idx in days_with:
            streak += 1
            idx -= 1
    # retention
    total, passed = store.passed_share()
    window_start = t - RETENTION_WINDOW_DAYS * 86400
    mature = store.mature_reviews(window_start, MATURE_DAYS * 86400)
    # mastery
    retr: dict[tuple[str, str], float] = {}
    from fsrs import Card as FsrsCard

    for s in states:
        key = (s.card_id, s.question_id)
        if key in questions and s.stability:
            retr[key] = float(scheduler.get_card_retrievability(FsrsCard.from_dict(s.fsrs), now))
    by_topic: dict[str, list[float]] = defaultdict(list)
    by_card: dict[str, list[float]] = defaultdict(list)
    for c in deck.cards:
        for q in c.questions:
            v = retr.get((c.id, q.id), 0.0)
            by_topic[c.topic].append(v)
            by_card[c.id].append(v)
    mastery_topic = {k: round(sum(v) / len(v), 4) for k, v in by_topic.items() if v}
    started_cards = {k[0] for k in retr}
    weakest = sorted(((cid, sum(v) / len(v)) for cid, v in by_card.items()
                      if cid in started_cards and sum(v) / len(v) < WEAK_BELOW),
                     key=lambda kv: (kv[1], kv[0]))[:5]
    lapses = store.most_lapsed_cards(5)
    orphans = sorted({(s.card_id, s.question_id) for s in states} - set(questions))
    return {
        "now": now.isoformat(),
        "due_today": due_today,
        "due_now": due.now,
        "later_today": due.later,
        "forecast": forecast,
        "heatmap": {"first_day": clock.study_day(datetime.fromtimestamp(first_idx * 86400 - shift, clock.local_tz()),
                                                 settings.rollover_hour),
                    "reviews_per_day": heatmap},
        "reviews_total": total,
        "retention": {"all": round(passed / total, 4) if total else None,
                      "true": round(mature[1] / mature[0], 4) if mature[0] else None,
                      "mature_reviews": mature[0], "window_days": RETENTION_WINDOW_DAYS},
        "mastery_by_topic": mastery_topic,
        "mastery_overall": round(sum(retr.values()) / len(questions), 4) if questions else 0.0,
        "weakest": [{"card": cid, "mastery": round(m, 4)} for cid, m in weakest],
        "most_lapses": [{"card": c, "lapses": n} for c, n in lapses if n],
        "streak_days": streak,
        "questions": {"total": len(questions), "started": len(retr),
                      "suspended": sorted(f"{c}/{q}" for (c, q), f in flags.items() if f["suspended"]),
                      "flagged": sorted(f"{c}/{q}" for (c, q), f in flags.items() if f["flagged"]),
                      "orphaned": [f"{c}/{q}" for c, q in orphans]},
    }
