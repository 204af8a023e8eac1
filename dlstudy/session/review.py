"""The interactive review loop: ReviewEngine (scheduling, storage) + Asker (terminal).

`ReviewSession.run` asks question after question; `apply` turns one outcome into storage actions
(answer, re-rate on override, undo, bury, suspend, flag) and says what was recorded; `summary`
prints the end: what was answered, and what is left (today's limits say so, with the way on). Every
answer is committed before the next question appears. With --json the questions go to stderr and the
session is printed as JSON on stdout at the end (docs/json.md).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from typing import Any

from dlstudy import signals
from dlstudy.errors import ExitCode, StateError
from dlstudy.session.asker import Asker, Outcome
from dlstudy.session.sync import auto_sync
from dlstudy.srs import clock
from dlstudy.srs.backup import ensure_daily_backup
from dlstudy.srs.due import due_at, is_step
from dlstudy.srs.leech import became_leech, is_leech, threshold
from dlstudy.srs.queue import Plan
from dlstudy.srs.ratings import Rating
from dlstudy.srs.review import Answered, ReviewEngine
from dlstudy.srs.scheduler import from_ts
from dlstudy.text import escape

WAITING = ("[yellow]waiting for the database… another dlstudy is writing. Your answer is kept: wait, or press "
           "Ctrl-C to save it in the recovery journal for the next start.[/]")


def interval_text(now: datetime, due: datetime) -> str:
    """'1 min', '10 min', '5 h', '4 d' — how long until a question comes back."""
    s = max((due - now).total_seconds(), 0)
    if s < 3600:
        return f"{max(1, round(s / 60))} min"
    if s < 86400:
        return f"{round(s / 3600)} h"
    days = s / 86400
    return f"{round(days)} d" if days < 60 else f"{days / 30.4:.0f} mo"


def next_text(now: datetime, due: datetime, rollover_hour: int = 4) -> str:
    """'next in 10 min' for a learning step, 'next on Dec 5' (its study day) for a review."""
    if is_step(due.timestamp(), now.timestamp()):
        return f"next in {interval_text(now, due)}"
    day = clock.study_day(due, rollover_hour)
    return f"next on {datetime.fromisoformat(day):%b} {int(day[-2:])}"


def held_text(plan: Plan) -> str | None:
    """What today's limits hold back and how to go on, or None when they hold nothing back."""
    if plan.held_reviews:
        new = f" and {plan.new_waiting} new question(s) wait" if plan.new_held == "reviews_per_day" else ""
        return (f"Today's review limit is reached ({plan.review_limit} answers a day, new questions included): "
                f"{plan.held_reviews} more review(s) are due{new}. Go on with [green]dlstudy review --more "
                f"{min(plan.held_reviews, 50)}[/], or raise the limit: [green]dlstudy config reviews_per_day[/].")
    if plan.new_held == "reviews_per_day":
        return (f"Today's review limit is reached ({plan.review_limit} answers a day; it bounds new questions too): "
                f"{plan.new_waiting} new question(s) wait. Go on with [green]dlstudy review --more "
                f"{min(plan.new_waiting, 10)}[/], or raise it: [green]dlstudy config reviews_per_day[/].")
    if plan.new_held == "new_per_day":
        return (f"Today's new-question limit is reached ({plan.new_limit} a day): {plan.new_waiting} new question(s) "
                f"wait. Go on with [green]dlstudy review --more {min(plan.new_waiting, 10)}[/], or raise it: "
                f"[green]dlstudy config new_per_day[/].")
    return None


class ReviewSession:
    def __init__(self, app: Any, store: Any, deck: Any, topic: str | None = None, new: int | None = None,
                 limit: int | None = None, semantic: Any = None, more: int = 0, as_json: bool = False) -> None:
        self.app = app
        self.as_json = as_json
        self.con = app.err_console if as_json else app.console
        self.store = store
        store.wait_notice = lambda: self.con.print(WAITING)
        auto_sync(app, store, self.con, "start")  # before the settings and the queue are read
        ensure_daily_backup(store, warn=lambda m: self.con.print(f"[yellow]warning:[/] {escape(m)}"))
        self.session_id = store.start_session("review", app.clock.now().timestamp(), {"topic": topic})
        self.engine = ReviewEngine(store, deck, topic=topic, new_limit=new, limit=limit, session_id=self.session_id,
                                   clock=app.clock, more=more)
        self.entries: dict[int, dict[str, Any]] = {}  # log id -> the answer as --json prints it
        self.asker = Asker(self.con, seed=int(time.time()) % 100000, review=True,
                           semantic=semantic if semantic is not None else app.semantic_provider(store.get_config()),
                           verbose=app.verbose, probes=app.probes(store.get_config()), lang=app.lang or "en")
        self.deck = deck
        self.started = time.monotonic()
        self.leech_threshold = threshold(store.get_config())

    def run(self) -> int:
        """Returns the exit code (0, or 128 + the signal after Ctrl-C, SIGTERM or SIGHUP)."""
        missing = sorted(set(self.store.state_index()) - {(c.id, q.id) for c in self.deck.cards for q in c.questions})
        if missing:
            self.con.print(f"[yellow]{len(missing)} question(s) with history are no longer in the content "
                           f"(kept, not asked): {escape(', '.join('/'.join(k) for k in missing[:5]))}[/]")
        code: int = ExitCode.OK
        try:
            first = True
            while True:
                today = self.engine.today()  # one read: the queue and the counts
                if first:  # a study plan says what it does with today (or that it has ended)
                    self._plan_note()
                    first = False
                if not today.items:
                    break
                item = today.items[0]
                self.engine.served(item)
                counts = today.counts
                progress = f"{self.engine.done_in_session} done · {counts.now} due now" + \
                    (f" · {counts.later} step(s) later today" if counts.later else "")
                what = "new" if item.state is None else "step" if is_step(item.state.due, item.state.last_review) \
                    else "review"
                if self.engine.shaped is not None and item.key in self.engine.shaped.brought_forward:
                    what = "review, early for the interview"
                if item.state is not None and is_leech(item.state.lapses, self.leech_threshold):
                    self.teach(item)
                outcome = self.asker.ask(item.card, item.question, f"{what} · {progress}")
                if not self.apply(item, outcome):
                    break
        except EOFError:
            pass
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: like the end of the session
            code = signals.exit_code(exc)
        with signals.held():  # a second signal does not cut the summary short
            try:
                self.summary(interrupted=bool(code))
            except OSError:  # the terminal is gone (SIGHUP): the answers are saved, nobody reads the summary
                if not code:
                    raise
        return code

    def _plan_note(self) -> None:
        """The study plan's line at the start of a session (srs/plan_review.py), and the warning for a
        stored plan that is not valid."""
        engine = self.engine
        study_plan = engine.study_plan()
        if engine.plan_warning:
            self.app.warn(engine.plan_warning)
        if study_plan is not None:
            from dlstudy.srs.plan_review import note

            self.con.print(f"[bold]{escape(note(study_plan, engine.shaped))}[/]")

    def apply(self, item, outcome: Outcome) -> bool:
        """Store what the learner did with one question and say so; False to end the session."""
        engine, con = self.engine, self.con
        action = outcome.action
        if action == "quit":
            return False
        if action == "skipped":
            engine.skip(item)
            return True
        if action == "undo":
            log_ids = {a.recorded.answer.uid: a.log_id for a in engine.history}
            back = engine.undo()
            for uid in back.uids if back is not None and back.kind == "review" else ():
                self.entries.pop(log_ids.get(uid, -1), None)
            con.print(f"[yellow]undone:[/] {escape(back.what)}" + ("; it comes back" if back.kind == "review" else "")
                      if back else "[yellow]nothing to undo[/]")
            return True
        name = f"{item.card.id}/{item.question.id}"
        if action == "bury":
            until = engine.bury(item)
            con.print(f"[yellow]buried {name} until {until.astimezone(clock.local_tz()):%Y-%m-%d %H:%M}[/]")
            return True
        if action == "suspend":
            engine.suspend(item)
            con.print(f"[yellow]suspended {name}; 'u' undoes it, 'dlstudy unsuspend {name}' brings it back later[/]")
            return True
        if action == "flag":
            flag_name = outcome.details.get("flag") if isinstance(outcome.details.get("flag"), str) else None
            engine.flag(item, flag_name)
            what = f"'{escape(flag_name)}'" if flag_name else "for editing"
            con.print(f"[yellow]flagged {name} {what} (listed by 'dlstudy suspended'; 'u' undoes it)[/]")
            return True
        grade = outcome.grade
        assert grade is not None  # answered: graded
        now = self.app.clock.now()
        states = engine.next_states(item, now)  # the four outcomes, computed once: previewed, then one is written
        answered = None
        if grade.correct is not None:  # auto-graded: saved at once with the grader's rating; an override re-rates
            answered = engine.answer(item, grade.suggested, outcome.duration_ms, _details(outcome),
                                     suggested=grade.suggested, states=states)
            self._entry(answered, grade.suggested)
        step = self.asker.after(item.card, item.question, outcome,
                                intervals={r: interval_text(now, from_ts(d)) for r, d in states.previews().items()})
        if step == "redo":
            if answered is not None:
                self.entries.pop(answered.log_id, None)
                engine.undo()
            engine.new_served.discard(item.key)  # the same question again, not another new one
            con.print("[yellow]answer discarded; asking again[/]")
            return True
        assert outcome.rating is not None  # the rating prompt sets it
        if answered is None:
            answered = engine.answer(item, outcome.rating, outcome.duration_ms, _details(outcome),
                                     suggested=grade.suggested, overridden=outcome.overridden, states=states)
        elif outcome.rating != answered.rating:  # an override: one update of the answer and its state
            answered = engine.rerate(answered, outcome.rating, outcome.duration_ms, _details(outcome),
                                     suggested=grade.suggested, overridden=outcome.overridden)
        self._recorded(answered, outcome, now)
        return step != "quit"

    def teach(self, item) -> None:
        """A leech teaches before it asks: the card's key points and pitfalls, its demo one key away, its
        prerequisite cards with the learner's mastery of them."""
        from dlstudy.session.asker import prose
        from dlstudy.srs.mastery import cards_mastery

        con, card = self.con, item.card
        lapses = item.state.lapses if item.state is not None else 0
        con.print(f"[bold red]leech[/] [bold]{escape(card.id)}/{escape(item.question.id)}[/]: forgotten {lapses} times "
                  f"(leech_threshold {self.leech_threshold}). The card first, then the question.")
        for point in card.key_points:
            con.print(f"  • {prose(point)}")
        for pitfall in card.pitfalls:
            con.print(f"  [red]✗[/] {prose(pitfall)}")
        if card.demos:
            con.print(f"  demo: [green]:d[/] runs {escape(card.demos[0])} now (and [green]d[/] after your answer)")
        prerequisites = [c for c in (self.deck.get(p) for p in card.prerequisites) if c is not None]
        if prerequisites:
            mastery = cards_mastery(prerequisites, self.store.state_index(), self.engine.scheduler,
                                    self.app.clock.now())
            con.print("  prerequisites: " + ", ".join(f"{escape(c.id)} ({mastery[c.id]:.0%} mastered)"
                                                      for c in prerequisites))
        con.print("  [dim]'!' suspends it; it is never suspended for you[/]")

    def _entry(self, answered: Answered, suggested: int | None) -> None:
        """The answer as `review --json` lists it (kept from the moment it is recorded)."""
        rollover = self.engine.settings.rollover_hour
        at = answered.recorded.answer.at
        self.entries[answered.log_id] = {
            "card": answered.item.card.id, "question": answered.item.question.id, "new": answered.item.is_new,
            "rating": answered.rating, "suggested_rating": suggested,
            "due": _iso(due_at(answered.due, at, rollover)),
            "previews": {Rating(r).label: _iso(due_at(due, at, rollover))
                         for r, due in answered.recorded.states.previews().items()}}

    def _recorded(self, answered: Answered, outcome: Outcome, now: datetime) -> None:
        self._entry(answered, outcome.suggested)
        when = next_text(now, from_ts(answered.due), self.engine.settings.rollover_hour)
        label = Rating(answered.rating).label
        mark = "[red]✗[/]" if answered.rating == Rating.AGAIN else "[green]✓[/]"
        override = " [yellow](your rating; the grader said " + Rating(outcome.suggested or 0).label + ")[/]" \
            if outcome.overridden and outcome.suggested else ""
        self.con.print(f"[dim]{mark} recorded {answered.item.card.id}/{answered.item.question.id}:[/] "
                       f"{label} · {when}{override}")
        before = answered.recorded.states.current
        lapses = (before.lapses if before is not None else 0) + int(answered.recorded.scheduled.lapse)
        if became_leech(before.lapses if before is not None else 0, lapses, self.leech_threshold):
            self.con.print(f"[red]{answered.item.card.id}/{answered.item.question.id} is now a leech[/] ({lapses} "
                           "lapses): next time its card is shown before it is asked; it stays in your reviews "
                           "('dlstudy leeches' lists them, '!' or 'dlstudy suspend' takes one out)")

    def summary(self, interrupted: bool) -> None:
        engine, con = self.engine, self.con
        tally = dict.fromkeys(Rating, 0)
        for a in engine.history:
            tally[Rating(a.rating)] += 1
        n = len(engine.history)
        seconds = time.monotonic() - self.started
        try:
            plan = engine.today().plan
        except StateError:
            plan = None
        counts = plan.counts if plan else None
        data = {"answered": n, "ratings": {r.label: v for r, v in tally.items()},
                "due_now": counts.now if counts else None, "later_today": counts.later if counts else None,
                "seconds": round(seconds, 1)}
        if interrupted:
            self.store.stop_waiting()
        else:
            auto_sync(self.app, self.store, con, "end")
        try:
            self.store.end_session(self.session_id, self.app.clock.now().timestamp(), data)
        except StateError:  # the answers are saved; the session summary is a convenience
            pass
        if self.as_json:
            out = {"mode": "review", "session_id": self.session_id, **data, "interrupted": interrupted,
                   "answers": [self.entries[a.log_id] for a in engine.history if a.log_id in self.entries]}
            sys.stdout.write(json.dumps(out, indent=2) + "\n")
            sys.stdout.flush()
        con.print()
        if engine.kept_in_journal:
            con.print(f"[yellow]{engine.kept_in_journal} answer(s) could not be saved yet and are kept in the "
                      "recovery journal; the next dlstudy command writes them to the database.[/]")
        con.rule("[bold]Review summary[/]")
        if n:
            passed = n - tally[Rating.AGAIN]
            con.print(f"{n} answered · {passed} passed ({passed / n:.0%}) · "
                      + ", ".join(f"{r.label} {tally[r]}" for r in Rating) + f" · {seconds:.0f} s")
        else:
            con.print("Nothing answered.")
        if plan is None:
            return
        left = len(plan.order)
        held = held_text(plan)
        if left:
            beyond = plan.held_reviews + (plan.new_waiting if plan.new_held in ("reviews_per_day", "new_per_day") else 0)
            con.print(f"{left} question(s) left for today ({len(plan.due.steps) + len(plan.reviews)} due now, "
                      f"{len(plan.new)} new): [green]dlstudy review[/] to continue."
                      + (f" [dim](today's limits hold {beyond} more back)[/]" if beyond else ""))
        elif held:
            con.print(held)
        elif plan.counts.later:
            con.print(f"All done for now; {plan.counts.later} learning step(s) come back later today.")
        else:
            con.print("All done for today. [green]dlstudy stats[/] shows your progress.")
        if plan.counts.buried:
            con.print(f"[dim]{plan.counts.buried} question(s) wait until tomorrow: a question of their card was "
                      "shown today ('dlstudy config bury_siblings off' asks them the same day).[/]")


def run_review(app: Any, store: Any, deck: Any, topic: str | None = None, new: int | None = None,
               limit: int | None = None, semantic: Any = None, more: int = 0, as_json: bool = False) -> int:
    """Returns the exit code (0, or 128 + the signal after Ctrl-C, SIGTERM or SIGHUP)."""
    return ReviewSession(app, store, deck, topic=topic, new=new, limit=limit, semantic=semantic, more=more,
                         as_json=as_json).run()


def _iso(when: datetime) -> str:
    """A moment as local ISO 8601 time with its offset, to the second."""
    return when.astimezone(clock.local_tz()).isoformat(timespec="seconds")


def _details(outcome) -> dict:
    d = dict(outcome.details)
    if outcome.grade is not None:
        d.update({"correct": outcome.grade.correct, "score": outcome.grade.score, "answer": outcome.answer})
    return {k: v for k, v in d.items() if isinstance(v, (str, int, float, bool, type(None), list, dict))}
