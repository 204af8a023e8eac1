"""Progress statistics, computed from the database with indexed, aggregated queries.

Mastery of a concept = mean FSRS retrievability of its questions (questions never reviewed count 0).
True retention = share of passed reviews (rating > again) among mature reviews: those made at least
21 days after the question's previous review.
Practice = quiz, interview and drill answers (they do not change the schedule); right = rated Good or Easy.
Calibration = how well FSRS predicts the learner's reviews (srs/calibration.py). fsrs is imported only
when there are reviews to replay.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from dlstudy.srs import clock
from dlstudy.srs.due import read_due
from dlstudy.srs.scheduler import Settings, make_scheduler, ts

if TYPE_CHECKING:
    from dlstudy.srs.calibration import Calibration
    from dlstudy.srs.store import StateRow, Store

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
    started = [s for s in states if (s.card_id, s.question_id) in questions and s.stability]
    if started:  # fsrs only when there is something to compute
        from fsrs import Card as FsrsCard

        scheduler = make_scheduler(settings)
        for s in started:
            retr[(s.card_id, s.question_id)] = float(scheduler.get_card_retrievability(FsrsCard.from_dict(s.fsrs), now))
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
                      "leeches": leech_ids(states, questions, store.get_config()),
                      "orphaned": [f"{c}/{q}" for c, q in orphans]},
        "practice": practice_figures(store, deck, shift, first_idx),
        "calibration": learner_calibration(store, states, total, settings).to_dict(),
    }


def leech_ids(states: list[StateRow], questions: dict[tuple[str, str], Any], config: dict[str, str]) -> list[str]:
    """The leeches of the deck: questions whose lapses reach leech_threshold (srs/leech.py)."""
    from dlstudy.srs.leech import is_leech, threshold

    limit = threshold(config)
    return sorted(f"{s.card_id}/{s.question_id}" for s in states if s.key in questions and is_leech(s.lapses, limit))


PRACTICE_RECENT_DAYS = 7


def practice_figures(store: Store, deck: Any, shift: float, first_idx: int) -> dict[str, Any]:
    """Quiz, interview and drill answers: in all and right (rated Good or Easy), per mode, per topic of the
    deck (answers to cards no longer in the content count only in the totals), and per study day over the
    heatmap's days (first_idx on, `shift` as day_index_sql's)."""
    per_day = store.practice_per_day(shift, first_idx * 86400 - shift)
    days = [per_day.get(first_idx + i, 0) for i in range(HEATMAP_WEEKS * 7)]
    topic_of = {c.id: c.topic for c in deck.cards}
    by_mode: Counter[str] = Counter()
    by_topic: dict[str, list[int]] = {topic: [0, 0] for topic in deck.topics()}
    total = right = 0
    for mode, card_id, n, ok in store.practice_by_card():
        total += n
        right += ok
        by_mode[mode] += n
        if card_id in topic_of:
            by_topic[topic_of[card_id]][0] += n
            by_topic[topic_of[card_id]][1] += ok
    return {"answers": total, "right": right, "right_share": round(right / total, 4) if total else None,
            "last_7_days": sum(days[-PRACTICE_RECENT_DAYS:]), "answers_per_day": days,
            "by_mode": dict(sorted(by_mode.items())),
            "by_topic": {topic: {"answers": n, "right": ok, "right_share": round(ok / n, 4)}
                         for topic, (n, ok) in by_topic.items() if n}}


def recent_practice(now: datetime, days: int = PRACTICE_RECENT_DAYS) -> int:
    """Quiz, interview and drill answers in the last `days` study days, today included (the dashboard):
    0 without a database; reads two small tables, no fsrs."""
    from dlstudy.paths import db_path
    from dlstudy.srs.store import Store

    if not db_path().exists():
        return 0
    with Store.open(create=False, readonly=True) as store:
        _expr, shift = day_index_sql(Settings.from_config(store.get_config()))
        today = int((ts(now) + shift) // 86400)
        return sum(store.practice_per_day(shift, (today - days + 1) * 86400 - shift).values())


def _replayable(at: object, rating: object) -> bool:
    """A log row FSRS can replay (doctor reports the others)."""
    return (isinstance(rating, int) and not isinstance(rating, bool) and 1 <= rating <= 4
            and isinstance(at, (int, float)) and not isinstance(at, bool) and clock.in_range(at))


def learner_calibration(store: Store, states: list[StateRow], reviews_total: int, settings: Settings) -> Calibration:
    """How well FSRS predicts the learner's reviews, under their parameters and the defaults. Up to
    MAX_REPLAY log rows are replayed: the whole log, or beyond that the histories of the questions reviewed
    most recently. No reviews: no replay (and no fsrs import)."""
    from dlstudy.srs.calibration import MAX_REPLAY, Calibration, calibration

    if not reviews_total:
        return Calibration(reviews_used=0)
    if reviews_total <= MAX_REPLAY:
        rows = store.rating_log()
    else:
        rows = []
        for s in sorted(states, key=lambda s: (-(s.last_review or 0.0), s.card_id, s.question_id)):
            if len(rows) >= MAX_REPLAY:
                break
            rows += store.rating_log([(s.card_id, s.question_id)])
    logs: list[tuple[str, str, float, int, int | None]] = [
        (c, q, float(at), int(r), None) for c, q, at, r in rows if _replayable(at, r)]
    if not logs:
        return Calibration(reviews_used=0)
    return calibration(logs, settings.parameters)
