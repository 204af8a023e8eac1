"""The review engine: builds today's queue and applies answers, undo, bury, suspend and flag (each an
event of the log: srs/actions.py).

UI-free so that tests can drive weeks of reviews with an injected clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Callable

from dlstudy import signals
from dlstudy.content.loader import Deck
from dlstudy.content.schema import Card
from dlstudy.srs import answer as answer_path
from dlstudy.srs import clock
from dlstudy.srs.answer import Recorded, outcomes, recompute
from dlstudy.srs.clock import Clock
from dlstudy.srs.due import DueCounts, blocked, day_end, is_due
from dlstudy.srs.events import DEFAULT_FLAG, QuestionKind
from dlstudy.srs.queue import Item, Plan, plan_today
from dlstudy.srs.records import Answer, IndexRow, NextStates
from dlstudy.srs.scheduler import from_ts, make_scheduler, next_state, retrievability, ts
from dlstudy.srs.settings import PLAN_KEY, Settings
from dlstudy.srs.store import Store

if TYPE_CHECKING:
    from dlstudy.srs import actions

LEARN_AHEAD = timedelta(minutes=20)


@dataclass
class Answered:
    """An answer of this session, as recorded (undo and an override start from it)."""

    log_id: int
    item: Item
    rating: int
    recorded: Recorded

    @property
    def due(self) -> float:
        """When the question comes back after this answer."""
        return self.recorded.scheduled.due


@dataclass
class Today:
    """What the session reads before each question, in one read: the questions left for today, in the
    order they will be asked, the due counts (srs/due.py) of this session's questions, and the plan they
    come from (srs/queue.py: what the limits hold back)."""

    items: list[Item] = field(default_factory=list)
    counts: DueCounts = field(default_factory=DueCounts)
    plan: Plan | None = None


class ReviewEngine:
    def __init__(self, store: Store, deck: Deck, settings: Settings | None = None, topic: str | None = None,
                 new_limit: int | None = None, limit: int | None = None, session_id: int | None = None,
                 clock: Clock | None = None, more: int = 0) -> None:
        self.store = store
        self.clock = clock or Clock()
        self.deck = deck
        self.settings = settings or Settings.from_config(store.get_config())
        self._scheduler: Any = None
        self.topic = topic
        self.new_limit = new_limit  # --new: new questions this session, within today's limits
        self.limit = limit  # --limit: answers this session
        self.more = more  # --more: today's limits raised for this session
        self.session_id = session_id
        self.history: list[Answered] = []
        self.done_in_session = 0
        self.skipped: set[tuple[str, str]] = set()
        self.new_served: set[tuple[str, str]] = set()
        self.shown: set[tuple[str, str]] = set()  # shown in this session (their siblings wait: bury_siblings)
        # per question shown: what EventStore.answer_latest read then, and the store's write count at that
        # moment (a write of this process since, an answer or an action, makes it stale: read again)
        self._latest: dict[tuple[str, str], tuple[int, list[tuple[float, str | None]]]] = {}
        self.kept_in_journal = 0  # answers interrupted or failed while being written, kept in the journal
        self.actions: list[str] = []  # this session's actions (an answer's uid, an action's first event), oldest first
        self._study_plan: tuple[Any, str | None] | None = None  # (srs/plan_review.Context or None, warning)
        self.shaped: Any = None  # the last queue the study plan shaped (srs/plan_review.Reshaped), if any

    @property
    def scheduler(self) -> Any:
        """The fsrs scheduler, built on first use (the first screen does not need it)."""
        if self._scheduler is None:
            self._scheduler = make_scheduler(self.settings)
        return self._scheduler

    # ----- queue -----
    def _cards(self) -> list[Card]:
        return [c for c in self.deck.cards if self.topic is None or c.topic == self.topic]

    def today(self, now: datetime | None = None) -> Today:
        """The questions left for today and the due counts, from one read of the states, the flags and
        today's answers (each queued item carries its state: the answer is computed from it)."""
        now = now or self.clock.now()
        cards = self._cards()
        index = {(c.id, q.id): (c, q) for c in cards for q in c.questions}
        flags = self.store.flags()
        t = ts(now)
        states = self.store.state_index()
        answered = self.store.reviews_since(ts(clock.day_start(now, self.settings.rollover_hour)))
        plan = plan_today(cards, states, flags, answered, self.settings, now, shown=self.shown, skipped=self.skipped,
                          session_new=None if self.new_limit is None else self.new_limit - len(self.new_served),
                          more=self.more, review_key=self._review_key(states, now))

        def item(key: tuple[str, str]) -> Item:
            card, q = index[key]
            return Item(card, q, is_new=key not in states, state=states[key].full(key) if key in states else None)

        order = plan.order
        study_plan = self.study_plan(now)
        if study_plan is not None and not study_plan.ended:  # a study plan runs: it shapes the day (srs/plan_review.py)
            from dlstudy.srs.plan_review import reshape

            self.shaped = reshape(study_plan, plan, cards, states, flags, answered, self.settings, now,
                                  lambda: self.scheduler, shown=self.shown, skipped=self.skipped,
                                  session_new=None if self.new_limit is None else self.new_limit - len(self.new_served),
                                  more=self.more)
            order = self.shaped.order
        items = [item(k) for k in order]
        pending = self._follow_up(index, states, lambda k: k in self.skipped or blocked(flags.get(k), t), t,
                                  day_end(now, self.settings.rollover_hour))
        if pending is not None:  # the follow-up of the question just answered comes next, due or new
            items = [pending] + [i for i in items if i.key != pending.key]
        if not items:  # learning steps due soon: learn ahead rather than stop
            soon = ts(now + LEARN_AHEAD)
            items = [item(k) for k in plan.due.later if states[k].due <= soon][:1]
        if self.limit is not None:
            items = items[: max(self.limit - self.done_in_session, 0)]
        return Today(items, plan.counts, plan)

    def study_plan(self, now: datetime | None = None) -> Any:
        """The study plan this session follows (srs/plan_review.Context; its `ended` once the date has
        passed), read once per session; None without one. plan_warning: why a stored plan is ignored."""
        if self._study_plan is None:
            if not self.store.get_config().get(PLAN_KEY):  # no plan: nothing of the plan's machinery to import
                self._study_plan = (None, None)
            else:
                from dlstudy.srs.plan_review import load

                self._study_plan = load(self.store, self._cards(), self.settings, now or self.clock.now())
        return self._study_plan[0]

    @property
    def plan_warning(self) -> str | None:
        return self._study_plan[1] if self._study_plan is not None else None

    def _review_key(self, states: dict[tuple[str, str], IndexRow], now: datetime) -> Callable[[tuple[str, str]], Any] | None:
        """review_order retrievability: the lowest predicted recall first (Anki's answer to a backlog)."""
        if self.settings.review_order != "retrievability":
            return None
        cache: dict[tuple[str, str], float] = {}

        def key(k: tuple[str, str]) -> tuple[float, float, tuple[str, str]]:
            if k not in cache:
                cache[k] = retrievability(self.scheduler, json.loads(states[k].fsrs_json), now)
            return (cache[k], states[k].due, k)

        return key

    def queue(self, now: datetime | None = None) -> list[Item]:
        """The questions left for today, in the order they will be asked."""
        return self.today(now).items

    def _follow_up(self, index: dict[tuple[str, str], Any], states: dict[tuple[str, str], IndexRow],
                   blocked: Callable[[tuple[str, str]], bool], t: float, end: float) -> Item | None:
        """A follow-up (`follows:`) of the last answered question, if it is new or due: the pair is
        asked together."""
        if not self.history:
            return None
        last = self.history[-1].item
        for q in last.card.questions:
            key = (last.card.id, q.id)
            if q.follows == last.question.id and key in index and not blocked(key) and key not in self.answered_keys:
                if key not in states:
                    return Item(last.card, q, is_new=True)
                if is_due(states[key].due, states[key].last_review, t, end):
                    return Item(last.card, q, is_new=False, state=states[key].full(key))
        return None

    @property
    def answered_keys(self) -> set[tuple[str, str]]:
        return {a.item.key for a in self.history}

    def counts(self, now: datetime | None = None) -> DueCounts:
        """Due now and later today for this session's cards (srs/due.py: the dashboard's definition)."""
        return self.today(now).counts

    def served(self, item: Item) -> None:
        """The session showed this item (a new one counts against --new even when skipped; its siblings
        wait for the next study day)."""
        self.shown.add(item.key)
        if item.is_new:
            self.new_served.add(item.key)
        if not self.store.readonly:  # the answer's time needs the question's latest record: read it now,
            # while the learner thinks, so that recording the answer is its one transaction
            self._latest[item.key] = (self.store.writes, self.store.answer_latest(item.key))

    def next_item(self, now: datetime | None = None) -> Item | None:
        items = self.queue(now)
        return items[0] if items else None

    # ----- answers -----
    def next_states(self, item: Item, now: datetime | None = None) -> NextStates:
        """The four outcomes of answering `item` now, computed once: the previews at the rating prompt,
        and what `answer` writes for the rating chosen. From the state the queue read with the item (read
        here only for an item built elsewhere). An answer is never recorded at or before the question's
        latest record, answer or event, nor before this device's floor (a clock that did not move, or went
        back, or a forget or settings change stamped after another device's later record): the log replays
        in the order things were done (EventStore.answer_time). What that needs is read when the question
        is shown (served), unless this process wrote since; so recording the answer is one transaction."""
        now = now or self.clock.now()
        current = item.state if item.state is not None or item.is_new else self.store.state(*item.key)
        seen = self._latest.get(item.key)
        if seen is not None and seen[0] == self.store.writes:  # read when shown, nothing written since
            at, ahead = self.store.answer_after(ts(now), seen[1])
        else:
            at, ahead = self.store.answer_time(ts(now), item.key)
        states = outcomes(self.scheduler, current, item.card.id, item.question.id, at, fuzz=self.settings.fuzz)
        return replace(states, pushed=True) if ahead else states

    def answer(self, item: Item, rating: int, duration_ms: int = 0, details: dict[str, Any] | None = None,
               now: datetime | None = None, suggested: int | None = None, overridden: bool = False,
               states: NextStates | None = None) -> Answered:
        """Record one answer as `states` (from next_states) previewed it, in one committed transaction (the
        function the journal replay uses too). If the write has to wait for another process's lock the
        answer is journaled first; committed and counted (history) as one step that no signal cuts in half
        (dlstudy.signals.held)."""
        if states is None:
            states = self.next_states(item, now)
        answer = Answer(item.card.id, item.question.id, states.at, rating, duration_ms, details or {}, self.session_id,
                        suggested, overridden)
        clock.check_time(answer.at)  # a clock out of range: refused, nothing to keep for later
        self.store.journaled = None
        with signals.held():
            try:
                recorded = answer_path.record_answer(self.store, self.scheduler, answer, states, fuzz=self.settings.fuzz)
            except BaseException:  # Ctrl-C or a signal while waiting for the lock, or a failure: keep the answer
                if self.store.journaled is None:
                    from dlstudy.srs import journal

                    self.store.journaled = journal.add(answer.entry())
                self.kept_in_journal += self.store.journaled is not None
                raise
            if recorded is None:
                from dlstudy.errors import StateError

                raise StateError(f"an answer to {item.card.id}/{item.question.id} at this moment is already recorded",
                                 hint="nothing was changed")
            done = Answered(recorded.log_id, item, rating, recorded)
            self.history.append(done)
            self.actions.append(answer.uid)
            self.done_in_session += 1
        return done

    def rerate(self, answered: Answered, rating: int, duration_ms: int = 0, details: dict[str, Any] | None = None,
               now: datetime | None = None, suggested: int | None = None, overridden: bool = False) -> Answered:
        """Change the rating of an answer of this session (the learner overrides the grader) in one update
        transaction: its log row, and its question's state as the new rating was previewed, exactly as if it
        had been given in the first place. If another session reviewed the question since, the question's
        state is recomputed from its log instead (its previous state would be stale). `now` is not used:
        the answer keeps its time."""
        old = answered.recorded
        states = old.states
        if rating not in states.by_rating:  # computed from the stored state for one rating only (see answer.py)
            chosen = next_state(self.scheduler, states.current, old.answer.card_id, old.answer.question_id, rating,
                                from_ts(old.answer.at), duration_ms, self.settings.fuzz)
            states = replace(states, by_rating={**states.by_rating, rating: chosen})
        answer = replace(old.answer, rating=rating, duration_ms=duration_ms, details=details or {},
                         suggested=suggested, overridden=overridden)
        with signals.held(), self.store.transaction():
            scheduled = states[rating]
            if not self.store.rerate_review(answered.log_id, answer, states.reps_after, old.scheduled, scheduled):
                row = recompute(self.store, self.scheduler, *answer.key, fuzz=self.settings.fuzz)
                if row is not None:
                    scheduled = replace(scheduled, due=row.due)
            done = Answered(answered.log_id, answered.item, rating, Recorded(answered.log_id, answer, states, scheduled))
            for i, a in enumerate(self.history):
                if a is answered:
                    self.history[i] = done
        return done

    def undo(self, now: datetime | None = None) -> "actions.Undone | None":
        """Undo this session's last action (an answer, a suspension, a bury, a flag), or, when the session
        has none left, the device's last action of any kind (also from an earlier run): an undo event, and
        the question replayed without what it undoes (srs/actions.py). An undone answer of this session
        leaves its history."""
        from dlstudy.srs import actions

        t = ts(now or self.clock.now())
        undone = None
        with signals.held():
            last = self.history[-1] if self.history else None
            if last is not None and self.actions and self.actions[-1] == last.recorded.answer.uid:
                self.actions.pop()  # this session's last answer: its state before is known (one transaction)
                rec = last.recorded
                undone = actions.undo_answer(self.store, t, last.log_id, rec.answer, rec.states.reps_after,
                                             rec.states.current)
            while self.actions and undone is None:
                undone = actions.undo(self.store, t, target=self.actions.pop())
            if undone is None:
                undone = actions.undo(self.store, t)
            if undone is not None and undone.kind == "review":
                for i in range(len(self.history) - 1, -1, -1):
                    if self.history[i].recorded.answer.uid in undone.uids:
                        del self.history[i]
                        self.done_in_session -= 1
                        break
        return undone

    def preview(self, item: Item, now: datetime | None = None) -> dict[int, datetime]:
        """When the question would come back after each rating (nothing is saved)."""
        return {r: from_ts(due) for r, due in self.next_states(item, now).previews().items()}

    def _act(self, kind: QuestionKind, item: Item, now: datetime | None, data: dict[str, Any] | None = None) -> None:
        from dlstudy.srs import actions  # a session's first prompt needs no action

        with signals.held():
            done = actions.question_action(self.store, kind, [item.key], ts(now or self.clock.now()), data)
            self.actions.append(done.uids[0])

    def bury(self, item: Item, now: datetime | None = None) -> datetime:
        """Hide until the next study day starts."""
        now = now or self.clock.now()
        until = clock.day_start(now, self.settings.rollover_hour) + timedelta(days=1)
        self._act("bury", item, now, {"until": ts(until)})
        return until

    def suspend(self, item: Item, now: datetime | None = None) -> None:
        self._act("suspend", item, now)

    def flag(self, item: Item, name: str | None = None, note: str | None = None, now: datetime | None = None) -> None:
        self._act("flag", item, now, {"name": name or DEFAULT_FLAG, "note": note})

    def skip(self, item: Item) -> None:
        """Not now (this session only)."""
        self.skipped.add(item.key)

