"""A study plan to an interview date: what is stored, how new questions are paced, and the peak rule.

FSRS schedules every question for a fixed desired retention, forever. A candidate has a date. The
plan keeps FSRS's memory model and its scheduler and changes two things until the date:

- **pacing**: new questions per day are chosen so that the whole syllabus is introduced by the end of
  the introduction days, leaving the last days (a quarter of them, at most two weeks) for review only;
  more are introduced while the day's minutes allow (early is better: more reviews before the
  date), and on a day that cannot hold both the due reviews and the pace, the new questions come
  first. A learner who is behind (questions still unstarted in the last days) gets them, while the
  minutes allow, after the due reviews and before anything brought forward;
- **the peak rule**: in those last days what is served aims at recall *on the day*. A question whose
  FSRS retrievability at the interview is below the target is brought forward (served now even if
  it is not due); a due question that will still be recalled on the day is not reviewed needlessly.

Everything here is pure: the stored plan as a typed value, day arithmetic, and the rule as a
function of the candidates' FSRS cards (fsrs's own retrievability; nothing re-derives the curve).
The forecast (srs/plan_forecast.py) and `review` use these functions; so does the simulation in
benchmarks/plan_simulation.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from dlstudy.errors import UsageError
from dlstudy.srs.settings import PLAN_KEY  # the config key the plan is stored under (JSON)

K = TypeVar("K", bound=Hashable)  # the caller's key for a question
_Date = date  # the type, for the dataclass whose field is called `date`
Rank = Literal["always", "when-short", "never"]

if TYPE_CHECKING:
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

DEFAULT_MINUTES = 30
MAX_MINUTES = 600
MAX_DAYS_AHEAD = 730  # "more than two years away" is refused
MAX_TOPICS = 100
REVIEW_ONLY_SHARE = 0.25  # the last quarter of the plan's days are for review only ...
MAX_REVIEW_ONLY_DAYS = 14  # ... but never more than two weeks
INTERVIEW_OFFSET = timedelta(hours=8)  # recall "on the day": 8 h into the interview's study day (noon at rollover 4)
DEFAULT_SECONDS_PER_ANSWER = 20.0  # until the learner has MIN_TIMED_ANSWERS timed answers of their own
MIN_TIMED_ANSWERS = 20
TIMED_ANSWERS_USED = 500  # the learner's most recent answers estimate their pace
MAX_SECONDS_COUNTED = 300.0  # an answer left open longer (a break) counts as this long
# How a learner rates: a new question on first sight (Again, Hard, Good, Easy), and a recalled one (Hard,
# Good, Easy): the shares FSRS's own simulator uses (fsrs-optimizer), for the forecast and the benchmark.
FIRST_RATING_SHARES = (0.24, 0.094, 0.495, 0.171)
RECALLED_RATING_SHARES = (0.224, 0.632, 0.144)
PEAK_GAIN = 0.7  # the peak target: 70% of the way from the desired retention to certainty (0.9 -> 0.97)


@dataclass(frozen=True)
class PlanSpec:
    """What the learner set with `dlstudy plan`.

    Attributes:
        date: the interview date (a local calendar date).
        start: the study day the plan was made (its length decides the review-only days).
        topics: the syllabus; empty means every topic.
        minutes: the minutes a day the learner means to study.
    """

    date: _Date
    start: _Date
    topics: tuple[str, ...] = ()
    minutes: int = DEFAULT_MINUTES

    def to_json(self) -> str:
        return json.dumps({"date": self.date.isoformat(), "start": self.start.isoformat(),
                           "topics": list(self.topics), "minutes": self.minutes})

    @classmethod
    def from_json(cls, text: str) -> "PlanSpec":
        """The stored plan, checked; ValueError says what is wrong with it (an edit, another version)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        raw_date, raw_start = data.get("date"), data.get("start")
        topics, minutes = data.get("topics", []), data.get("minutes", DEFAULT_MINUTES)
        if not isinstance(raw_date, str) or not isinstance(raw_start, str):
            raise ValueError("no date")
        when, start = date.fromisoformat(raw_date), date.fromisoformat(raw_start)
        if not start <= when <= start + timedelta(days=MAX_DAYS_AHEAD):
            raise ValueError("the dates are out of order")
        if not isinstance(topics, list) or len(topics) > MAX_TOPICS or not all(isinstance(t, str) and t
                                                                               for t in topics):
            raise ValueError("topics is not a list of names")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
            raise ValueError(f"minutes is not a whole number from 1 to {MAX_MINUTES}")
        return cls(when, start, tuple(topics), minutes)

    @property
    def cutoff(self) -> _Date:
        """The first review-only day: no new question from this day on."""
        return self.date - timedelta(days=review_only_days((self.date - self.start).days))


class Countdown:
    """Days to the interview, for what holds a plan (`spec`) and the current study day (`today`)."""

    spec: PlanSpec
    today: _Date

    @property
    def days_left(self) -> int:
        """Study days before the interview, today included (0 on the day, negative after it)."""
        return (self.spec.date - self.today).days

    @property
    def ended(self) -> bool:
        return self.days_left < 0


def stored_plan(config: dict[str, str]) -> tuple[PlanSpec | None, str | None]:
    """(the plan, None), (None, None) when there is none, or (None, why) when the stored one is not valid."""
    text = config.get(PLAN_KEY, "")
    if not text:
        return None, None
    try:
        return PlanSpec.from_json(text), None
    except (ValueError, TypeError, OverflowError) as exc:
        return None, f"the stored plan is not valid ({exc}); 'dlstudy plan --clear' removes it"


def parse_date(text: str) -> date:
    """--date YYYY-MM-DD, or a UsageError."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text[:40]!r} is not a date", hint="give it as YYYY-MM-DD, e.g. --date 2026-12-01") \
            from None


def check_spec(spec: PlanSpec, known_topics: Iterable[str], *, today: date) -> None:
    """A UsageError (one line, exit 2) for a date in the past or more than two years away, an unknown
    topic, or minutes out of range."""
    from dlstudy.text import suggestions

    if spec.date < today:
        raise UsageError(f"the interview date {spec.date} is in the past (today is {today})",
                         hint="give today's date or a later one")
    if spec.date > today + timedelta(days=MAX_DAYS_AHEAD):
        raise UsageError(f"the interview date {spec.date} is more than two years away "
                         f"(the latest is {today + timedelta(days=MAX_DAYS_AHEAD)})",
                         hint="plan for a nearer date; ordinary review suits longer horizons")
    known = list(known_topics)
    for topic in spec.topics:
        if topic not in known:
            close = suggestions(topic, known)
            raise UsageError(f"no topic '{topic}'", hint=f"did you mean: {', '.join(close)}?" if close
                             else "topics: " + ", ".join(known))
    if not 1 <= spec.minutes <= MAX_MINUTES:
        raise UsageError(f"--minutes must be from 1 to {MAX_MINUTES}, got {spec.minutes}")


# ------------------------------------------------------------------------------------------------- days

def interview_moment(when: date, rollover_hour: int) -> datetime:
    """The moment recall "on the day" is measured (UTC): 8 hours into the interview's study day."""
    from dlstudy.srs.clock import local_tz

    start = datetime(when.year, when.month, when.day, rollover_hour, tzinfo=local_tz())
    return (start + INTERVIEW_OFFSET).astimezone(timezone.utc)


def review_only_days(days: int) -> int:
    """How many of a plan's last days introduce nothing new: a quarter of them, at most two weeks
    (`days`: from the day the plan was made to the interview)."""
    return min(int(days * REVIEW_ONLY_SHARE), MAX_REVIEW_ONLY_DAYS) if days > 0 else 0


def pace(unstarted: int, days_to_introduce: int) -> int:
    """New questions a day that introduce `unstarted` questions in `days_to_introduce` days, evenly:
    the least the plan needs each day."""
    if unstarted <= 0 or days_to_introduce <= 0:
        return 0
    return math.ceil(unstarted / days_to_introduce)


def answers_per_new(learning_steps: int) -> float:
    """Answers a new question takes on its first day: one per learning step, and half an answer more
    for the Again that sends it back (2.5 with FSRS's two default steps; the simulation measures 2.4)."""
    return max(learning_steps, 1) + 0.5


def new_allowance(*, pace_left: int, unstarted: int, spare_answers: float, per_new: float) -> int:
    """New questions to offer now: at least what the pace still asks of today, more while the day's
    minutes allow (introducing early leaves each question more reviews before the date)."""
    extra = int(spare_answers // per_new) if spare_answers > 0 and per_new > 0 else 0
    return max(0, min(unstarted, max(pace_left, extra)))


def new_first(*, due_answers: float, pace_left: int, per_new: float, budget_answers: float) -> bool:
    """Whether today's paced new questions come before the due reviews: only when the day cannot hold
    both (a question never started is recalled by no one; a review put off a day loses little)."""
    return pace_left > 0 and due_answers + pace_left * per_new > budget_answers


def peak_target(desired_retention: float) -> float:
    """The recall on the day the peak rule aims at: 70% of the way from the desired retention to
    certainty (0.97 for 0.9), the best of the targets the simulation tried."""
    return desired_retention + (1.0 - desired_retention) * PEAK_GAIN


def seconds_per_answer(durations_ms: Iterable[int | None]) -> float:
    """The learner's seconds per answer: the median of their recent timed answers (each at most five
    minutes); the default until there are enough of them."""
    secs = sorted(min(d / 1000.0, MAX_SECONDS_COUNTED) for d in durations_ms
                  if isinstance(d, int) and not isinstance(d, bool) and d > 0)
    if len(secs) < MIN_TIMED_ANSWERS:
        return DEFAULT_SECONDS_PER_ANSWER
    mid = len(secs) // 2
    return secs[mid] if len(secs) % 2 else (secs[mid - 1] + secs[mid]) / 2


# ------------------------------------------------------------------------------------------------- peak

@dataclass(frozen=True)
class Candidate(Generic[K]):
    """A started question the peak rule considers.

    Attributes:
        key: the caller's key for the question (e.g. (card id, question id)).
        card: its FSRS card (fsrs.Card), as FSRS scheduled it.
    """

    key: K
    card: "FsrsCard"


@dataclass(frozen=True)
class Served(Generic[K]):
    """One question the peak rule serves.

    Attributes:
        key: the candidate's key.
        recall_on_day: its FSRS retrievability at the interview, as it stands now.
        gain: how much a review now is expected to raise that recall (with rank=False: 1 - recall).
        brought_forward: True when it is not due yet (served for the interview).
    """

    key: K
    recall_on_day: float
    gain: float
    brought_forward: bool


@dataclass(frozen=True)
class PeakQueue(Generic[K]):
    """What the peak rule serves, in order, and the due questions it leaves alone.

    Attributes:
        serve: learning and relearning steps that are due (oldest first), then the questions whose
            recall on the day is below the target, the largest expected gain first.
        left_alone: due questions whose recall on the day is already at or above the target.
    """

    serve: list[Served[K]]
    left_alone: list[K]


def peak_queue(candidates: Iterable[Candidate[K]], *, scheduler: "Scheduler", now: datetime, interview: datetime,
               target: float, rank: bool = True, due_until: datetime | None = None) -> PeakQueue[K]:
    """The peak rule. A review-state question whose retrievability at `interview` is below `target` is
    served now, due or not (brought forward); one at or above the target is not, even when FSRS says
    it is due. Those served come in the order of the recall on the day a review now is expected to
    add: p·R_pass + (1 - p)·R_fail - R, where p is the retrievability now and R_pass, R_fail the
    retrievability at the interview after a pass (Good) or a lapse (Again, then its relearning
    steps), all from the scheduler itself (fsrs's review_card and get_card_retrievability). Learning
    and relearning steps that are due come first (they finish learning the question, not a bet on
    the day). rank=False orders by recall on the day instead of the gain (cheaper: the advice's
    what-ifs use it). due_until: a review falling due before it (the end of the study day) counts as
    due now (default: now). Nothing is written: the caller serves the list."""
    from fsrs import State

    steps: list[tuple[datetime, Served[K]]] = []
    below: list[tuple[float, int, Served[K]]] = []
    left: list[K] = []
    for c in candidates:
        due = c.card.due <= (due_until or now)
        recall = float(scheduler.get_card_retrievability(c.card, interview))
        if c.card.state in (State.Learning, State.Relearning):
            if c.card.due <= now:
                steps.append((c.card.due, Served(c.key, recall, 0.0, False)))
            continue
        if recall < target:
            gain = expected_gain(scheduler, c.card, now, interview) - recall if rank else 1.0 - recall
            below.append((-gain, 0 if due else 1, Served(c.key, recall, gain, not due)))
        elif due:
            left.append(c.key)
    steps.sort(key=lambda s: s[0])
    below.sort(key=lambda b: (b[0], b[1]))
    return PeakQueue([s for _, s in steps] + [b for _g, _d, b in below], left)


def expected_gain(scheduler: "Scheduler", card: "FsrsCard", now: datetime, interview: datetime) -> float:
    """The expected retrievability at the interview after a review now (pass with the probability FSRS
    predicts now, else a lapse and its relearning steps passed)."""
    from fsrs import Rating, State

    p = float(scheduler.get_card_retrievability(card, now))
    passed, _ = scheduler.review_card(card, Rating.Good, review_datetime=now)
    failed, _ = scheduler.review_card(card, Rating.Again, review_datetime=now)
    for _ in range(len(scheduler.relearning_steps) + 1):
        if failed.state == State.Review:
            break
        failed, _ = scheduler.review_card(failed, Rating.Good, review_datetime=max(failed.due, now))
    return (p * float(scheduler.get_card_retrievability(passed, interview))
            + (1 - p) * float(scheduler.get_card_retrievability(failed, interview)))


# ------------------------------------------------------------------------------------------------- a day

@dataclass(frozen=True)
class DayPlan(Generic[K]):
    """What review serves today under the plan, in this order: `first` new questions, the `reviews`,
    `new` more new questions, then `extra` (questions brought forward while a learner who is behind
    still has questions to start).

    Attributes:
        first: new questions before the reviews (the pace, on a day that cannot hold both).
        reviews: the questions to review, in order: the due ones (as the caller ordered them) before the
            review-only days; in them, the peak rule's order, brought-forward questions only within
            the day's minutes.
        new: new questions after the reviews.
        extra: brought forward after the new questions (only when questions remain unstarted in the
            review-only days).
        left_alone: due questions the peak rule does not serve (recalled on the day anyway).
        peak: whether today is one of the review-only days.
        pace: the least number of new questions today still asks for.
    """

    first: int
    reviews: list[K]
    new: int
    extra: list[K]
    left_alone: list[K]
    peak: bool
    pace: int


def day_plan(spec: PlanSpec, *, today: date, due: Sequence[K], candidates: Callable[[], Iterable[Candidate[K]]],
             unstarted: int, new_today: int, answers_today: float, budget_answers: float, per_new: float,
             scheduler: "Scheduler | None", now: datetime, day_end: datetime, interview: datetime,
             due_answers: float | None = None, rank: Rank = "always") -> DayPlan[K]:
    """The plan's rules for one day, shared by `review`, the forecast and the simulation.

    due: the questions due today (steps and reviews), in the caller's order; candidates: every
    started question of the syllabus (asked for only in the review-only days); unstarted, new_today:
    the syllabus's questions not started yet, and those started today; answers_today, budget_answers:
    answers given today (all of them) and the answers the day's minutes allow; per_new: the answers
    a new question takes on its first day; scheduler: fsrs's, needed only in the review-only days;
    due_answers: what the due questions will take (default
    one answer each); rank: the peak rule's order by expected gain "always", only "when-short" of
    minutes for all it would bring forward (the forecast: then the order decides what is served), or
    "never" (lowest recall on the day first)."""
    left = budget_answers - answers_today
    due_ans = float(len(due)) if due_answers is None else due_answers
    if today < spec.cutoff:
        pace_left = pace(unstarted + new_today, (spec.cutoff - today).days) - new_today
        allowance = new_allowance(pace_left=pace_left, unstarted=unstarted, spare_answers=left - due_ans,
                                  per_new=per_new)
        first = 0
        if new_first(due_answers=due_ans, pace_left=pace_left, per_new=per_new, budget_answers=left):
            first = min(pace_left, allowance)
        return DayPlan(first, list(due), allowance - first, [], [], False, max(pace_left, 0))
    if scheduler is None:
        raise ValueError("the review-only days need fsrs's scheduler")
    target = peak_target(scheduler.desired_retention)
    pool = list(candidates())
    q = peak_queue(pool, scheduler=scheduler, now=now, interview=interview, target=target, rank=rank == "always",
                   due_until=day_end)
    if rank == "when-short" and len(q.serve) + unstarted * per_new > left:
        q = peak_queue(pool, scheduler=scheduler, now=now, interview=interview, target=target, due_until=day_end)
    listed = {s.key for s in q.serve} | set(q.left_alone)
    later = [k for k in due if k not in listed]  # not the peak rule's (outside the syllabus): as due
    due_part = [s.key for s in q.serve if not s.brought_forward]
    forward = [s.key for s in q.serve if s.brought_forward]
    room = left - len(due_part) - len(later)
    if unstarted:  # behind: the due reviews, the questions still to start, then what the minutes leave
        n_new = new_allowance(pace_left=0, unstarted=unstarted, spare_answers=room, per_new=per_new)
        extra = forward[:max(int(room - n_new * per_new), 0)]
        return DayPlan(0, due_part + later, n_new, extra, q.left_alone, True, 0)
    keep = set(forward[:max(int(room), 0)])
    reviews = [s.key for s in q.serve if not s.brought_forward or s.key in keep] + later
    return DayPlan(0, reviews, 0, [], q.left_alone, True, 0)


def card_of(fsrs_state: dict[str, Any]) -> "FsrsCard":
    """An fsrs Card from a stored state."""
    from fsrs import Card

    return Card.from_dict(fsrs_state)  # type: ignore[arg-type]
