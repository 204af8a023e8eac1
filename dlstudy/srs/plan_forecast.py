"""The plan's forecast: day by day until the interview, what `review` will serve and what it costs, and
the recall to expect on the day; whether the plan is on track and, if not, what would put it there.

The forecast runs the plan's own rules (srs/plan.py's day_plan, the rule `review` follows) forward
from the questions' FSRS states with fsrs's scheduler, studying at most the plan's minutes a day at
the learner's own seconds per answer. Each answer is drawn as a learner's would be: a review is
recalled with the probability FSRS predicts (then rated Hard, Good or Easy with the shares of FSRS's
own simulator), else Again and its relearning steps; a new question's first answer with the
first-sight shares. The draws come from a generator seeded by the plan, the day and the questions
started, so one state always gives one forecast. Expected recall on the day: the mean FSRS
retrievability at the interview over the syllabus (0 for a question never started).
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dlstudy.srs import plan
from dlstudy.srs.plan import PlanSpec

if TYPE_CHECKING:
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

Key = tuple[str, str]  # (card id, question id)
TRIES = 4  # what-ifs tried per step of a search for advice (each a forecast)
WHAT_IF_SAMPLE = 200  # a what-if forecasts at most this many questions (a sample, with its share of the minutes)
MAX_ANSWERS_A_DAY = 12  # a question's answers in one day (its steps), bounded in any case
_Date = date  # the type, for the dataclass whose field is called `date`


@dataclass(frozen=True)
class Day:
    """One day of the forecast.

    Attributes:
        date: the study day.
        reviews: reviews served that day (due ones, and in the last days those brought forward).
        new: new questions introduced that day.
        minutes: the answers they take (learning and relearning steps included) at the learner's pace.
        For today: what is left to do (the answers given so far today count against the minutes).
    """

    date: _Date
    reviews: int
    new: int
    minutes: float

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "reviews": self.reviews, "new": self.new,
                "minutes": round(self.minutes, 1)}


@dataclass
class Inputs:
    """What the forecast starts from.

    Attributes:
        syllabus: the plan's questions (suspended ones left out) and their topics, in the order new
            questions are introduced.
        cards: the FSRS cards of the syllabus questions already started.
        now: the current moment (UTC).
        today: the current study day; day_start: the moment it began (UTC).
        rollover_hour: the hour study days start (for the interview moment).
        seconds: the learner's seconds per answer.
        answers_today, new_today: answers given and questions introduced so far today.
        scale: the share of the syllabus these questions stand for (a what-if of the advice runs on a
            sample of the questions with that share of the minutes).
        follow_ups: each follow-up question (`follows:`) and the question it follows: never introduced
            on its own, but straight after that question is answered, as `review` does.
        bury_siblings: as the setting: a card's new questions wait while another of its questions is
            shown that day, unless the pace needs them (srs/plan_review.py).
    """

    syllabus: dict[Key, str]
    cards: dict[Key, "FsrsCard"]
    now: datetime
    today: date
    day_start: datetime
    rollover_hour: int
    seconds: float = plan.DEFAULT_SECONDS_PER_ANSWER
    answers_today: int = 0
    new_today: int = 0
    scale: float = 1.0
    follow_ups: dict[Key, Key] = field(default_factory=dict)
    bury_siblings: bool = False


@dataclass
class Forecast:
    """The forecast of a plan.

    Attributes:
        days: one per study day from today to the day before the interview, studying at most the
            plan's minutes a day.
        recall: expected recall on the day per question of the syllabus.
        postponed: due reviews put off a day because the minutes ran out (before the review-only days).
        late: questions not started before the review-only days.
        never_started: questions still unstarted on the day.
        busiest: the day that asks the most of the plan (its due reviews and the pace), and the minutes
            that would take.
    """

    days: list[Day]
    recall: dict[Key, float]
    postponed: int = 0
    late: int = 0
    never_started: int = 0
    busiest: tuple[date, float] | None = None

    def overall(self) -> float:
        return sum(self.recall.values()) / len(self.recall) if self.recall else 0.0

    def by_topic(self, syllabus: Mapping[Key, str]) -> dict[str, float]:
        sums: dict[str, list[float]] = {}
        for key, topic in syllabus.items():
            sums.setdefault(topic, []).append(self.recall.get(key, 0.0))
        return {t: sum(v) / len(v) for t, v in sums.items()}


def forecast(spec: PlanSpec, inputs: Inputs, scheduler: "Scheduler", rank: bool = True) -> Forecast:
    """Run the plan's rules forward to the interview, studying at most the plan's minutes a day (see the
    module's docstring). rank=False: the peak rule's cheaper order (the what-ifs of the advice)."""
    from fsrs import Card, Rating, State

    RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
    interview = plan.interview_moment(spec.date, inputs.rollover_hour)
    per_new = plan.answers_per_new(len(scheduler.learning_steps))
    relearn = len(scheduler.relearning_steps)
    budget = spec.minutes * 60.0 / inputs.seconds * inputs.scale  # answers a day
    cards: dict[Key, FsrsCard] = dict(inputs.cards)
    parent = {q: p for q, p in inputs.follow_ups.items() if q in inputs.syllabus and p in inputs.syllabus}
    children: dict[Key, list[Key]] = {}
    for q, p in parent.items():
        children.setdefault(p, []).append(q)
    pending = [q for q in inputs.syllabus if q not in cards and q not in parent]  # in syllabus order
    unstarted = len(pending) + sum(1 for q in parent if q not in cards)
    heap = [(c.due, i, k) for i, (k, c) in enumerate(cards.items())]
    heapq.heapify(heap)
    tie = len(heap)
    days: list[Day] = []
    needed: list[float] = []  # per day, the answers the plan asks for (due reviews and the pace)
    postponed = 0
    rng = random.Random(f"{spec.to_json()}|{inputs.today}|{len(cards)}")

    def push(key: Key) -> None:
        nonlocal tie
        tie += 1
        heapq.heappush(heap, (cards[key].due, tie, key))

    def answer(key: Key, at: datetime) -> None:
        """One answer at `at`, its rating drawn as a learner's would be: a new question's from the first-sight
        shares; otherwise recalled with the probability FSRS predicts (then Hard, Good or Easy by their
        shares), else Again."""
        card = cards[key]
        if card.last_review is None:
            rating = rng.choices(RATINGS, plan.FIRST_RATING_SHARES)[0]
        elif rng.random() < float(scheduler.get_card_retrievability(card, at)):
            rating = rng.choices(RATINGS[1:], plan.RECALLED_RATING_SHARES)[0]
        else:
            rating = Rating.Again
        cards[key], _ = scheduler.review_card(card, rating, review_datetime=at)
        push(key)

    def study(key: Key, at: datetime, end: datetime) -> int:
        """A question answered at `at`, then its learning or relearning steps while they fall before the
        day's end; the answers that took."""
        answer(key, at)
        n = 1
        while n < MAX_ANSWERS_A_DAY and cards[key].state != State.Review and cards[key].due < end:
            answer(key, max(cards[key].due, at))
            n += 1
        return n

    def take(claimed: set[str], sibling_ok: bool) -> Key | None:
        """The next new question: the first of the syllabus whose card shows nothing today (bury_siblings),
        or, when none is left and the pace needs one, the first of all."""
        for i, key in enumerate(pending):
            if not inputs.bury_siblings or key[0] not in claimed:
                return pending.pop(i)
        return pending.pop(0) if pending and sibling_ok else None

    def introduce(key: Key, at: datetime, end: datetime) -> int:
        """A new question's first answers, then its follow-ups' (served straight after it); the answers."""
        nonlocal unstarted
        cards[key] = Card(card_id=1, due=at)  # an id of its own: fsrs would sleep 1 ms to make one
        unstarted -= 1
        return study(key, at, end) + follow(key, at, end)

    def follow(key: Key, at: datetime, end: datetime) -> int:
        return sum(introduce(child, at, end) for child in children.get(key, ()) if child not in cards)

    def cost(key: Key, at: datetime) -> float:
        card = cards[key]
        if card.state != State.Review:
            return 1.0
        return 1.0 + (1.0 - float(scheduler.get_card_retrievability(card, at))) * relearn

    late = unstarted if inputs.today >= spec.cutoff else 0
    for k in range(max((spec.date - inputs.today).days, 0)):
        day = inputs.today + timedelta(days=k)
        if day == spec.cutoff:
            late = unstarted
        start = inputs.day_start + timedelta(days=k)
        end = start + timedelta(days=1)
        at = inputs.now if k == 0 else start + timedelta(hours=6)
        answers = inputs.answers_today * inputs.scale if k == 0 else 0.0
        due_keys: list[Key] = []  # due before the day ends (stale heap entries skipped)
        while heap and heap[0][0] < end:
            due_at, _t, key = heapq.heappop(heap)
            if cards[key].due == due_at:
                due_keys.append(key)
        due_answers = sum(cost(key, at) for key in due_keys)
        today = plan.day_plan(spec, today=day, due=due_keys,
                              candidates=lambda: [plan.Candidate(key, card) for key, card in cards.items()],
                              unstarted=unstarted, new_today=inputs.new_today if k == 0 else 0,
                              answers_today=answers, budget_answers=budget, per_new=per_new, scheduler=scheduler,
                              now=at, day_end=end, interview=interview, due_answers=due_answers,
                              rank="when-short" if rank else "never")
        must = 0.0 if today.peak else due_answers + today.pace * per_new
        # the day's sequence: a question to review, or None for a new one; served while the minutes last
        seq: list[Key | None] = [*[None] * today.first, *today.reviews, *[None] * today.new, *today.extra]
        needed.append(answers + must)
        reviews = new = 0
        served: set[Key] = set()
        claimed = {key[0] for key in today.reviews}  # cards with a question shown today
        need = min(today.pace, today.first + today.new)  # what the pace needs, siblings or not
        for item in seq:
            if answers >= budget - 1e-9:
                break
            if item is None:
                before = unstarted
                chosen = take(claimed, new < need)
                if chosen is None:
                    continue
                answers += introduce(chosen, at, end)
                new += before - unstarted
                claimed.add(chosen[0])
            elif item not in served:
                when = at if cards[item].state == State.Review else max(at, cards[item].due)  # steps at their time
                answers += study(item, when, end)
                reviews += 1
                served.add(item)
                before = unstarted
                answers += follow(item, at, end)  # its follow-ups not started yet come next
                new += before - unstarted
        for key in due_keys:  # not served today (left alone, or no minutes left): due again tomorrow
            if key not in served:
                push(key)
                if day < spec.cutoff and cards[key].state == State.Review:
                    postponed += 1
        given = inputs.answers_today * inputs.scale if k == 0 else 0.0  # today: what is left to do
        days.append(Day(day, reviews, new, (answers - given) * inputs.seconds / 60.0 / inputs.scale))
    recall = {key: float(scheduler.get_card_retrievability(cards[key], interview)) if key in cards else 0.0
              for key in inputs.syllabus}
    busiest = max(range(len(days)), key=lambda i: needed[i], default=None)
    return Forecast(days, recall, postponed, late, unstarted,
                    (days[busiest].date, needed[busiest] * inputs.seconds / 60.0) if busiest is not None else None)


# ------------------------------------------------------------------------------------------------- report

@dataclass
class Report(plan.Countdown):
    """Everything `dlstudy plan` shows and `--json` prints.

    Attributes:
        spec: the plan as stored; today: the current study day.
        topics: the syllabus's topics; questions, started: its questions (suspended left out) and
            how many have been started.
        new_per_day: the least the plan needs each day until the review-only days (0 in them).
        forecast: the forecast (None once the date has passed).
        goal: the recall on the day the plan must reach to be on track (the desired retention).
        target: the recall on the day the peak rule aims each question at.
        seconds: the learner's seconds per answer.
        advice: what would make the plan fit, when it does not.
    """

    spec: PlanSpec
    today: date
    topics: list[str]
    questions: int
    started: int
    new_per_day: int
    forecast: Forecast | None
    recall_by_topic: dict[str, float]
    goal: float
    target: float
    seconds: float
    advice: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.forecast.overall() if self.forecast else 0.0

    @property
    def on_track(self) -> bool:
        """Every question started before the review-only days and the expected recall on the day (studying
        the plan's minutes a day) at least the goal."""
        return (not self.ended and self.forecast is not None and self.forecast.late == 0
                and self.recall >= self.goal - 1e-9)

    def behind(self) -> str:
        """What keeps the plan off track, in a few words ('' when on track)."""
        if self.on_track:
            return ""
        if self.ended:
            return "ended"
        fc = self.forecast
        assert fc is not None
        if fc.late:
            return f"{fc.late} question(s) would not be started before {self.spec.cutoff}"
        short = f"expected recall {self.recall:.2f} is below {self.goal:.2f}"
        if fc.postponed:
            return short + f" ({fc.postponed} due review(s) put off for lack of minutes)"
        return short

    def to_dict(self) -> dict[str, Any]:
        """The `plan --json` object (docs/json.md)."""
        return {
            "date": self.spec.date.isoformat(),
            "days_left": self.days_left,
            "syllabus": {"topics": self.topics, "questions": self.questions, "started": self.started},
            "new_per_day": self.new_per_day,
            "minutes_per_day": self.spec.minutes,
            "forecast": [d.to_dict() for d in self.forecast.days] if self.forecast else [],
            "expected_recall": {"overall": round(self.recall, 4),
                                "by_topic": {t: round(v, 4) for t, v in self.recall_by_topic.items()}},
            "on_track": self.on_track,
            "advice": list(self.advice),
        }


def report(spec: PlanSpec, inputs: Inputs, topics: list[str], scheduler: "Scheduler", advise: bool = True,
           rank: bool = True) -> Report:
    """The plan's report: its forecast, whether it is on track and, if not, what would fit."""
    days = (spec.date - inputs.today).days
    started = sum(1 for k in inputs.syllabus if k in inputs.cards)
    unstarted = len(inputs.syllabus) - started
    goal, target = scheduler.desired_retention, plan.peak_target(scheduler.desired_retention)
    if days < 0:
        out = Report(spec, inputs.today, topics, len(inputs.syllabus), started, 0, None, {}, goal, target,
                     inputs.seconds)
        out.advice = [ended_text(spec)]
        return out
    fc = forecast(spec, inputs, scheduler, rank=rank)
    to_introduce = (spec.cutoff - inputs.today).days
    new_per_day = plan.pace(unstarted + inputs.new_today, to_introduce) if to_introduce > 0 else 0
    out = Report(spec, inputs.today, topics, len(inputs.syllabus), started, new_per_day, fc,
                 fc.by_topic(inputs.syllabus), goal, target, inputs.seconds)
    if advise and not out.on_track:
        out.advice = advice(out, inputs, scheduler)
    return out


def ended_text(spec: PlanSpec) -> str:
    return (f"the interview date {spec.date} has passed: the plan has ended and ordinary scheduling has resumed "
            "('dlstudy plan --clear' removes it)")


def advice(rep: Report, inputs: Inputs, scheduler: "Scheduler") -> list[str]:
    """Why the plan is off track, and what would put it on track: more minutes, a later date, fewer
    topics, each checked with a forecast of its own."""
    spec = rep.spec
    out = [rep.behind()]

    def fits(candidate: PlanSpec, syllabus: dict[Key, str] | None = None, sample: bool = True) -> Report | None:
        """The what-if's report when it is on track: on a sample of the questions while searching, on all
        of them to confirm what is suggested."""
        ins = inputs if syllabus is None else _with_syllabus(inputs, syllabus)
        r = report(candidate, _sample(ins) if sample else ins, [], scheduler, advise=False, rank=False)
        return r if r.on_track else None

    more = _least_minutes(rep, fits)
    if more is not None:
        out.append(f"more minutes: {more} min a day would fit ('dlstudy plan --minutes {more}')")
    later = _later_date(rep, inputs, fits)
    if later is not None:
        out.append(f"a later date: {later} would fit in {spec.minutes} min a day ('dlstudy plan --date {later} "
                   f"--minutes {spec.minutes}" + "".join(f" --topic {t}" for t in spec.topics) + "')")
    fewer = _fewer_topics(rep, inputs, fits)
    if fewer:
        out.append("fewer topics: " + ", ".join(fewer) + f" would fit in {spec.minutes} min a day ('dlstudy plan"
                   + "".join(f" --topic {t}" for t in fewer) + "')")
    if len(out) == 1:
        out.append(f"nothing within {plan.MAX_MINUTES} min a day, two years or fewer topics fits: start with what "
                   "'dlstudy review' serves and keep going")
    return out


def _with_syllabus(inputs: Inputs, syllabus: dict[Key, str]) -> Inputs:
    return replace(inputs, syllabus=syllabus, cards={k: c for k, c in inputs.cards.items() if k in syllabus})


def _sample(inputs: Inputs, limit: int = WHAT_IF_SAMPLE) -> Inputs:
    """Every k-th question of a large syllabus (the topics' mix kept), with its share of the minutes."""
    keys = list(inputs.syllabus)
    if len(keys) <= limit:
        return inputs
    stride = len(keys) / limit
    picked = {keys[int(i * stride)]: inputs.syllabus[keys[int(i * stride)]] for i in range(limit)}
    scale = len(picked) / len(keys)
    return replace(_with_syllabus(inputs, picked), scale=inputs.scale * scale,
                   new_today=round(inputs.new_today * scale))


def _ratio(rep: Report) -> float:
    """How far off the plan is, as a factor (> 1) on the minutes or the days it would need: the share of
    the questions to start that it cannot start in time, or of the recall it falls short of."""
    fc = rep.forecast
    assert fc is not None
    to_start = rep.questions - rep.started
    ratio = to_start / max(to_start - fc.late, 1) if fc.late else 1.0
    if rep.recall < rep.goal:
        ratio = max(ratio, rep.goal / max(rep.recall, 0.05))
    return max(ratio, 1.2)


def _least(lo: int, guess: int, hi: int, unit: int, fits: Any) -> int | None:
    """The least value (a multiple of `unit`) above `lo`, up to `hi`, that fits, searched from a guess:
    up by half again until one fits, then halving the gap down towards `lo` (about TRIES forecasts each)."""
    def up(v: float) -> int:
        return min(int(math.ceil(v / unit) * unit), hi)

    value, bad = up(max(guess, lo + unit)), lo
    for _ in range(TRIES):
        if fits(value):
            break
        if value >= hi:
            return None
        bad, value = value, up(value * 1.5)
    else:
        return None
    for _ in range(TRIES):
        mid = up((bad + value) / 2)
        if mid >= value or mid <= bad:
            break
        if fits(mid):
            value = mid
        else:
            bad = mid
    return value


def _confirmed(value: int | None, unit: int, hi: int, fits_all: Any) -> int | None:
    """A value found on a sample, confirmed on every question (or the next step or two up)."""
    for _ in range(3):
        if value is None or fits_all(value):
            return value
        if value >= hi:
            return None
        value = min(value + max(unit, int(value * 0.1) // unit * unit), hi)
    return None


def _least_minutes(rep: Report, fits: Any) -> int | None:
    """The fewest minutes a day (a multiple of 5) that fit, if any up to the maximum does."""
    minutes = rep.spec.minutes
    unit = 5 if minutes >= 5 else 1
    found = _least(minutes, int(minutes * _ratio(rep)), plan.MAX_MINUTES, unit,
                   lambda m: fits(replace(rep.spec, minutes=m)) is not None)
    return _confirmed(found, unit, plan.MAX_MINUTES,
                      lambda m: fits(replace(rep.spec, minutes=m), sample=False) is not None)


def _later_date(rep: Report, inputs: Inputs, fits: Any) -> date | None:
    """The earliest later date (a new plan from today) that fits at the same minutes, within two years."""
    days = max(rep.days_left, 1)
    unit = max(days // 20, 1)
    def spec_in(d: int) -> PlanSpec:
        return replace(rep.spec, date=inputs.today + timedelta(days=d), start=inputs.today)

    found = _least(days, int(days * _ratio(rep)), plan.MAX_DAYS_AHEAD, unit, lambda d: fits(spec_in(d)) is not None)
    found = _confirmed(found, unit, plan.MAX_DAYS_AHEAD, lambda d: fits(spec_in(d), sample=False) is not None)
    return inputs.today + timedelta(days=found) if found is not None else None


def _fewer_topics(rep: Report, inputs: Inputs, fits: Any) -> list[str]:
    """Topics to keep (in the syllabus's order) that fit: the topics with the most questions still to start
    are dropped first, down to about the share of the work that fits, then one more or one back at a
    time; empty when the syllabus has one topic or nothing found fits."""
    topics = list(dict.fromkeys(inputs.syllabus.values()))
    if len(topics) < 2:
        return []
    unstarted = {t: sum(1 for k, tt in inputs.syllabus.items() if tt == t and k not in inputs.cards) for t in topics}
    order = sorted(topics, key=lambda t: (-unstarted[t], topics.index(t)))  # dropped first to last
    total = sum(unstarted.values()) or 1
    share = 1.0 / _ratio(rep)
    dropped = 0
    while dropped < len(order) - 1 and sum(unstarted[t] for t in order[dropped:]) / total > share:
        dropped += 1
    dropped = max(dropped, 1)

    def ok(n: int, sample: bool = True) -> bool:
        keep = [t for t in topics if t in order[n:]]
        return fits(replace(rep.spec, topics=tuple(keep)), {k: t for k, t in inputs.syllabus.items() if t in keep},
                    sample=sample) is not None

    if ok(dropped):
        for _ in range(TRIES):  # one back while it still fits
            if dropped <= 1 or not ok(dropped - 1):
                break
            dropped -= 1
    else:
        for _ in range(TRIES):  # one more until it fits
            dropped += 1
            if dropped >= len(order):
                return []
            if ok(dropped):
                break
        else:
            return []
    while not ok(dropped, sample=False):  # confirmed on every question, or one more dropped
        dropped += 1
        if dropped >= len(order) or dropped > len(order) - 1:
            return []
    return [t for t in topics if t in order[dropped:]]


# ------------------------------------------------------------------------------------------------- from the store

def syllabus_of(cards: Iterable[Any], topics: tuple[str, ...], suspended: set[tuple[str, str]],
                new_order: str = "breadth") -> dict[Key, str]:
    """The plan's questions (topics; all when empty), suspended ones left out, in the order `review`
    introduces new questions (srs/queue.py's new_order)."""
    from dlstudy.srs.queue import new_order as ordered

    wanted = set(topics)
    chosen = [c for c in cards if not wanted or c.topic in wanted]
    return {(c.id, qid): c.topic for c in ordered(chosen, new_order) for qid in c.question_ids
            if (c.id, qid) not in suspended}


def inputs_from_store(store: Any, collection: Any, spec: PlanSpec, now: datetime, rollover_hour: int,
                      new_order: str = "breadth", bury_siblings: bool = False) -> Inputs:
    """The forecast's starting point: the syllabus, its questions' FSRS cards, today's answers so far and
    the learner's seconds per answer."""
    from dlstudy.srs import clock

    syllabus = syllabus_of(collection.cards, spec.topics, store.suspended(), new_order)
    cards = {(s.card_id, s.question_id): plan.card_of(s.fsrs) for s in store.states()
             if (s.card_id, s.question_id) in syllabus}
    start = clock.day_start(now, rollover_hour)
    today_rows = store.reviews_since(start.timestamp())
    new_today = len({(c, q) for c, q, intro in today_rows if (c, q) in syllabus and intro is not None
                     and intro >= start.timestamp()})
    seconds = plan.seconds_per_answer(store.recent_durations(plan.TIMED_ANSWERS_USED))
    follow_ups = {(c.id, q): (c.id, p) for c in collection.cards for q, p in c.follow_ups.items()}
    return Inputs(syllabus, cards, now, date.fromisoformat(clock.study_day(now, rollover_hour)), start,
                  rollover_hour, seconds, len(today_rows), new_today, follow_ups=follow_ups,
                  bury_siblings=bury_siblings)


def current(store: Any, collection: Any, now: datetime, advise: bool = True) -> tuple[Report | None, str | None]:
    """The stored plan's report: (report, None), (None, None) without a plan, or (None, why) when the
    stored plan is not valid."""
    from dlstudy.srs.scheduler import make_scheduler
    from dlstudy.srs.settings import Settings

    config = store.get_config()
    spec, problem = plan.stored_plan(config)
    if spec is None:
        return None, problem
    settings = Settings.from_config(config)
    inputs = inputs_from_store(store, collection, spec, now, settings.rollover_hour, settings.new_order,
                               settings.bury_siblings)
    topics = list(spec.topics) or collection.topics()
    return report(spec, inputs, topics, make_scheduler(settings), advise=advise), None
