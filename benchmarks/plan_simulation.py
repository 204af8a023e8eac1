"""Does the plan peak on interview day? A synthetic learner under three schedules, the same minutes a day.

    python benchmarks/plan_simulation.py            # the figures in benchmarks/README.md (a few minutes)
    python benchmarks/plan_simulation.py --quick    # one scenario, fewer seeds
    python benchmarks/plan_simulation.py --json     # the figures as JSON
    python benchmarks/plan_simulation.py --ablations  # what each choice of the plan's rules is worth

The learner: every question has a true memory that follows FSRS's own model (fsrs's Scheduler with
its default parameters: its forgetting curve, its stability and difficulty updates), with a true
difficulty drawn at random per question (uniform on FSRS's range 1-10), which the scheduler does not
know: it sees only the ratings and keeps its own estimate. A review is recalled with the probability
of the true memory's retrievability (fsrs's get_card_retrievability); a recalled answer is rated
Hard, Good or Easy, a forgotten one Again; the first answer to a new question is drawn from FSRS's
simulator's first-rating shares. Each answer takes the same seconds, so minutes a day are answers a
day.

The schedules, each with the same minutes a day and the same questions:
  (a) plain FSRS at the configured retention (0.9): due reviews first, oldest due first, then new
      questions while the minutes last;
  (b) plain FSRS at a retention tuned for the same minutes: the retention (0.70 to 0.97) that gives
      (a)'s policy the best recall on the day, chosen on seeds of its own (not the ones reported);
  (c) the plan (dlstudy/srs/plan.py, the rules `review` follows): new questions paced so the syllabus
      is introduced before the review-only days, more while the minutes allow (the pace first on a
      day that cannot hold both it and the due reviews), due reviews, and in the last days the peak
      rule (what it brings forward within the minutes).
Reported per schedule, the mean over seeds (and the range): expected recall on the interview day
(the mean over the syllabus of the true memory's retrievability at the interview, 0 for a question
never started), answers given, questions never started. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ["DLSTUDY_TZ_UTC"] = "1"  # study days in UTC, as START is

from fsrs import Card, Rating, Scheduler, State  # noqa: E402

from dlstudy.srs import plan  # noqa: E402

FIRST_RATING = plan.FIRST_RATING_SHARES  # Again, Hard, Good, Easy on first sight
RECALLED_RATING = plan.RECALLED_RATING_SHARES  # Hard, Good, Easy when recalled
START = datetime(2026, 1, 5, 4, tzinfo=timezone.utc)  # study days start at 04:00 (UTC here)
SESSION_AT = timedelta(hours=6)  # a day's session starts at 10:00
RETENTION = 0.9
GRID = [round(0.70 + 0.01 * i, 2) for i in range(28)]  # 0.70 .. 0.97


@dataclass(frozen=True)
class Scenario:
    name: str
    questions: int
    days: int
    minutes: int
    seconds: float = 20.0

    @property
    def answers_per_day(self) -> int:
        return int(self.minutes * 60 // self.seconds)


SCENARIOS = [
    Scenario("llm topic, 20 days, 15 min a day", 150, 20, 15),
    Scenario("300 questions, 30 days, 20 min a day", 300, 30, 20),
    Scenario("whole deck, 60 days, 45 min a day", 1000, 60, 45),
    Scenario("whole deck, 30 days, 30 min a day (more than fits)", 1000, 30, 30),
]


@dataclass
class Question:
    difficulty: float  # the true difficulty (FSRS's 1..10), unknown to the scheduler
    seen: Card | None = None  # the scheduler's card
    true: Card | None = None  # the learner's true memory


@dataclass
class Result:
    recall: float
    answers: int
    never_started: int
    per_day: list[int] = field(default_factory=list)


class Learner:
    """Questions with true memories; answers drawn from their retrievability."""

    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.truth = Scheduler(enable_fuzzing=False)
        self.questions = [Question(self.rng.uniform(1.0, 10.0)) for _ in range(n)]

    def answer(self, sched: Scheduler, i: int, at: datetime) -> None:
        q = self.questions[i]
        if q.true is None:
            rating = Rating(self.rng.choices((1, 2, 3, 4), FIRST_RATING)[0])
        else:
            p = self.truth.get_card_retrievability(q.true, at) if q.true.stability else 1.0
            recalled = self.rng.random() < p
            rating = Rating(self.rng.choices((2, 3, 4), RECALLED_RATING)[0]) if recalled else Rating.Again
        first = q.true is None
        q.seen, _ = sched.review_card(q.seen or Card(card_id=i + 1, due=at), rating, review_datetime=at)
        q.true, _ = self.truth.review_card(q.true or Card(card_id=i + 1, due=at), rating, review_datetime=at)
        if first:
            q.true.difficulty = q.difficulty

    def recall_at(self, when: datetime) -> float:
        total = sum(self.truth.get_card_retrievability(q.true, when) for q in self.questions if q.true is not None)
        return total / len(self.questions)


@dataclass(frozen=True)
class Variant:
    """A change to the plan's rules, to see what each choice is worth (--ablations).

    Attributes:
        target: the peak rule's target (None: plan.peak_target, 0.97 at 0.9).
        rank: the peak rule's order: by expected gain (True) or lowest recall on the day first.
        review_only_share: the share of the days that are review only (None: plan.REVIEW_ONLY_SHARE).
        pace_first: the pace before the due reviews on a day that cannot hold both.
        peak: the peak rule at all (False: due reviews only in the last days, like FSRS).
    """

    target: float | None = None
    rank: bool = True
    review_only_share: float | None = None
    pace_first: bool = True
    peak: bool = True


PLAN = Variant()


def run(scenario: Scenario, seed: int, policy: str, retention: float = RETENTION, variant: Variant = PLAN) -> Result:
    """One learner, one schedule. policy: 'fsrs' or 'plan' (with a variant of its rules, patched into
    dlstudy/srs/plan.py for the run)."""
    saved = (plan.PEAK_GAIN, plan.REVIEW_ONLY_SHARE, plan.new_first, plan.peak_queue)
    try:
        if variant.target is not None:
            plan.PEAK_GAIN = (variant.target - retention) / (1 - retention)
        if variant.review_only_share is not None:
            plan.REVIEW_ONLY_SHARE = variant.review_only_share
        if not variant.pace_first:
            plan.new_first = lambda **_kw: False
        if not variant.peak:  # only what is due, as FSRS would serve it
            def due_only(*args: Any, **kw: Any) -> plan.PeakQueue:
                q = saved[3](*args, **kw)
                return plan.PeakQueue([x for x in q.serve if not x.brought_forward], [])

            plan.peak_queue = due_only
        return _run(scenario, seed, policy, retention, variant)
    finally:
        plan.PEAK_GAIN, plan.REVIEW_ONLY_SHARE, plan.new_first, plan.peak_queue = saved


def _run(scenario: Scenario, seed: int, policy: str, retention: float, variant: Variant) -> Result:
    learner = Learner(scenario.questions, seed)
    qs = learner.questions
    sched = Scheduler(desired_retention=retention, enable_fuzzing=False)
    spec = plan.PlanSpec(date=(START + timedelta(days=scenario.days)).date(), start=START.date(),
                         minutes=scenario.minutes)
    interview = plan.interview_moment(spec.date, START.hour)
    per_new = plan.answers_per_new(len(sched.learning_steps))
    budget = scenario.answers_per_day
    unstarted = list(range(scenario.questions))
    unstarted.reverse()  # pop() takes them in order
    per_day: list[int] = []
    for k in range(scenario.days):
        day_start = START + timedelta(days=k)
        day_end = day_start + timedelta(days=1)
        today = day_start.date()
        t = day_start + SESSION_AT
        started = [i for i, q in enumerate(qs) if q.seen is not None]
        due = sorted((i for i in started if qs[i].seen.due < day_end), key=lambda i: qs[i].seen.due)  # study days
        first: list[int] = []  # new questions before the queue
        extra: list[int] = []  # brought forward, after the new questions
        if policy != "plan":  # due reviews, oldest due first, then new questions while the minutes last
            queue, new_today = due, len(unstarted)
        else:  # the plan's rules for the day, as `review` and the forecast follow them
            day = plan.day_plan(spec, today=today, due=due,
                                candidates=lambda started=started: [plan.Candidate(i, qs[i].seen) for i in started],
                                unstarted=len(unstarted), new_today=0, answers_today=0, budget_answers=budget,
                                per_new=per_new, scheduler=sched, now=t, day_end=day_end, interview=interview,
                                rank="always" if variant.rank else "never")
            first = [unstarted.pop() for _ in range(min(day.first, len(unstarted)))]
            queue, new_today, extra = day.reviews, day.new, list(day.extra)
        queue = first + queue
        answers = 0
        done_today: set[int] = set()
        pos = 0

        def in_steps(i: int) -> bool:
            return qs[i].seen.state in (State.Learning, State.Relearning)

        while answers < budget:
            steps = [j for j in done_today if in_steps(j) and qs[j].seen.due <= t]
            if steps:  # a learning or relearning step that is due comes first
                i = min(steps, key=lambda j: qs[j].seen.due)
            else:
                while pos < len(queue) and queue[pos] in done_today:
                    pos += 1
                while extra and extra[0] in done_today:
                    extra.pop(0)
                if pos < len(queue):
                    i = queue[pos]
                    pos += 1
                elif new_today > 0 and unstarted:
                    i = unstarted.pop()
                    new_today -= 1
                elif extra:
                    i = extra.pop(0)
                else:  # learn ahead: the next step due later today, if any
                    later = [j for j in done_today if in_steps(j) and qs[j].seen.due < day_end]
                    if not later:
                        break
                    i = min(later, key=lambda j: qs[j].seen.due)
                    t = max(t, qs[i].seen.due)
            learner.answer(sched, i, t)
            done_today.add(i)
            answers += 1
            t += timedelta(seconds=scenario.seconds)
        unstarted += [i for i in reversed(first) if qs[i].seen is None]  # not reached today: still to come
        per_day.append(answers)
    return Result(learner.recall_at(interview), sum(per_day), len(unstarted), per_day)


def forecast_recall(scenario: Scenario, retention: float = RETENTION) -> float:
    """What `dlstudy plan` forecasts on the first day for this syllabus (nothing started yet)."""
    from dlstudy.srs import plan_forecast

    spec = plan.PlanSpec(date=(START + timedelta(days=scenario.days)).date(), start=START.date(),
                         minutes=scenario.minutes)
    syllabus = {(f"c{i}", "q"): "topic" for i in range(scenario.questions)}
    inputs = plan_forecast.Inputs(syllabus, {}, START + SESSION_AT, START.date(), START, START.hour, scenario.seconds)
    return plan_forecast.forecast(spec, inputs, Scheduler(desired_retention=retention, enable_fuzzing=False)).overall()


def summary(results: list[Result]) -> dict:
    def stat(values: list[float], digits: int) -> dict:
        return {"mean": round(statistics.fmean(values), digits), "min": round(min(values), digits),
                "max": round(max(values), digits)}

    return {"recall": stat([r.recall for r in results], 4), "answers": stat([r.answers for r in results], 1),
            "never_started": stat([r.never_started for r in results], 1)}


def evaluate(scenario: Scenario, seeds: list[int], tune_seeds: list[int]) -> dict:
    tuned = {r: statistics.fmean(run(scenario, s, "fsrs", r).recall for s in tune_seeds) for r in GRID}
    best = max(tuned, key=lambda r: (tuned[r], -abs(r - RETENTION)))
    rows = {
        "fsrs": summary([run(scenario, s, "fsrs") for s in seeds]),
        "fsrs_tuned": summary([run(scenario, s, "fsrs", best) for s in seeds]),
        "plan": summary([run(scenario, s, "plan") for s in seeds]),
    }
    return {"scenario": vars(scenario), "tuned_retention": best, "seeds": seeds, "rows": rows,
            "forecast_recall": round(forecast_recall(scenario), 4)}


def table(results: list[dict]) -> str:
    lines = []
    for res in results:
        sc = res["scenario"]
        lines.append(f"**{sc['name']}** ({sc['questions']} questions, interview in {sc['days']} days, "
                     f"{sc['minutes']} min a day = {int(sc['minutes'] * 60 // sc['seconds'])} answers at "
                     f"{sc['seconds']:g} s; {len(res['seeds'])} seeds)\n")
        lines.append("| schedule | recall on the day | answers given | never started |")
        lines.append("|---|---|---|---|")
        names = {"fsrs": f"(a) plain FSRS at {RETENTION}",
                 "fsrs_tuned": f"(b) plain FSRS at the tuned retention {res['tuned_retention']}",
                 "plan": "(c) the plan"}
        for key, name in names.items():
            r = res["rows"][key]
            lines.append(f"| {name} | {r['recall']['mean']:.3f} ({r['recall']['min']:.3f}-{r['recall']['max']:.3f}) | "
                         f"{r['answers']['mean']:.0f} | {r['never_started']['mean']:g} |")
        lines.append(f"\nThe plan's own forecast on the first day (`dlstudy plan`: FSRS's model of the learner, which "
                     f"does not know the hidden difficulties): expected recall {res['forecast_recall']:.3f}.\n")
    return "\n".join(lines)


ABLATIONS = {
    "the plan as shipped": PLAN,
    "no peak rule (pacing only; due reviews in the last days)": Variant(peak=False),
    "peak target 0.95": Variant(target=0.95),
    "peak target 0.99": Variant(target=0.99),
    "peak order: lowest recall on the day first": Variant(rank=False),
    "review-only days: 15% of the days": Variant(review_only_share=0.15),
    "review-only days: 35% of the days": Variant(review_only_share=0.35),
    "due reviews always before the pace": Variant(pace_first=False),
}


def ablations(scenarios: list[Scenario], seeds: list[int]) -> dict[str, list[float]]:
    """Mean recall on the day of each variant of the plan's rules, per scenario."""
    return {name: [round(statistics.fmean(run(sc, s, "plan", variant=v).recall for s in seeds), 4) for sc in scenarios]
            for name, v in ABLATIONS.items()}


def ablation_table(scenarios: list[Scenario], rows: dict[str, list[float]]) -> str:
    head = "| variant of the plan | " + " | ".join(sc.name for sc in scenarios) + " |"
    lines = [head, "|---" * (len(scenarios) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(f"{v:.3f}" for v in vals) + " |" for name, vals in rows.items()]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="one scenario, two seeds")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--ablations", action="store_true", help="what each choice of the plan's rules is worth")
    args = ap.parse_args()
    if args.ablations:
        scenarios = SCENARIOS[:1] if args.quick else SCENARIOS
        print(ablation_table(scenarios, ablations(scenarios, [0, 1] if args.quick else [0, 1, 2])))
        return
    scenarios = SCENARIOS[:1] if args.quick else SCENARIOS
    seeds = [0, 1] if args.quick else [0, 1, 2, 3, 4]
    tune_seeds = [100] if args.quick else [100, 101, 102]
    started = time.perf_counter()
    results = [evaluate(sc, seeds, tune_seeds) for sc in scenarios]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(table(results))
        print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
