"""The review engine: builds today's queue and applies answers, undo, bury, suspend and flag (each an
event of the log: srs/actions.py).

UI-free so that tests can drive weeks of reviews with an injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Callable

from dlstudy import signals
from dlstudy.content.loader import Deck
from dlstudy.content.schema import Card
from dlstudy.srs import actions, clock
from dlstudy.srs import answer as answer_path
from dlstudy.srs.answer import Recorded, outcomes, recompute
from dlstudy.srs.clock import Clock
from dlstudy.srs.due import DueCounts, count_due, day_end, is_due
from dlstudy.srs.due import blocked as due_blocked
from dlstudy.srs.events import DEFAULT_FLAG
from dlstudy.srs.queue import Item, interleave, prerequisite_order
from dlstudy.srs.records import Answer, IndexRow, NextStates
from dlstudy.srs.scheduler import Settings, from_ts, make_scheduler, next_state, ts
from dlstudy.srs.store import Store

LEARN_AHEAD = timedelta(minutes=20)


@dataclass
class TodayCounts:
    reviews_done: int = 0
    new_done: int = 0


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
    order they will be asked, and the due counts (srs/due.py) of this session's questions."""

    items: list[Item] = field(default_factory=list)
    counts: DueCounts = field(default_factory=DueCounts)


class ReviewEngine:
    def __init__(self, store: Store, deck: Deck, settings: Settings | None = None, topic: str | None = None,
                 new_limit: int | None = None, limit: int | None = None, session_id: int | None = None,
                 clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or Clock()
        self.deck = deck
        self.settings = settings or Settings.from_config(store.get_config())
        self._scheduler: Any = None
        self.topic = topic
        self.new_limit = new_limit
        self.limit = limit
        self.session_id = session_id
        self.history: list[Answered] = []
        self.done_in_session = 0
        self.skipped: set[tuple[str, str]] = set()
        self.new_served: set[tuple[str, str]] = set()
        self.kept_in_journal = 0  # answers interrupted or failed while being written, kept in the journal
        self.actions: list[str] = []  # this session's actions (an answer's uid, an action's first event), oldest first

    @property
    def scheduler(self) -> Any:
        """The fsrs scheduler, built on first use (the first screen does not need it)."""
        if self._scheduler is None:
            self._scheduler = make_scheduler(self.settings)
        return self._scheduler

    # ----- queue -----
    def _cards(self) -> list[Card]:
        return [c for c in self.deck.cards if self.topic is None or c.topic == self.topic]

    def today_counts(self, now: datetime) -> TodayCounts:
        start = ts(clock.day_start(now, self.settings.rollover_hour))
        rows = self.store.reviews_since(start)
        counts = TodayCounts()
        seen_new: set[tuple[str, str]] = set()
        for card_id, qid, introduced in rows:
            if introduced is not None and introduced >= start:
                if (card_id, qid) not in seen_new:
                    seen_new.add((card_id, qid))
                    counts.new_done += 1
            else:
                counts.reviews_done += 1
        return counts

    def today(self, now: datetime | None = None) -> Today:
        """The questions left for today and the due counts, from one read of the states, the flags and
        today's answers (each queued item carries its state: the answer is computed from it)."""
        now = now or self.clock.now()
        cards = self._cards()
        index = {(c.id, q.id): (c, q) for c in cards for q in c.questions}
        flags = self.store.flags()
        t = ts(now)

        def blocked(key: tuple[str, str]) -> bool:
            return key in self.skipped or due_blocked(flags.get(key), t)

        counts = self.today_counts(now)
        states = self.store.state_index()

        def item(key: tuple[str, str]) -> Item:
            card, q = index[key]
            return Item(card, q, is_new=False, state=states[key].full(key))

        due = sorted((k for k, row in states.items() if k in index and is_due(row.due, t) and not blocked(k)),
                     key=lambda k: states[k].due)
        review_room = max(self.settings.reviews_per_day - counts.reviews_done, 0)
        reviews = [item(k) for k in due[:review_room]]
        new_room = self.settings.new_per_day - counts.new_done  # the daily limit ...
        if self.new_limit is not None:  # ... and, on top of it, this session's
            new_room = min(new_room, self.new_limit - len(self.new_served))
        new_room = max(new_room, 0)
        new: list[Item] = []
        if new_room:
            for card in prerequisite_order(cards):
                for q in card.questions:
                    key = (card.id, q.id)
                    if q.follows:  # asked only straight after its parent (see below)
                        continue
                    if key not in states and not blocked(key):
                        new.append(Item(card, q, is_new=True))
                        if len(new) >= new_room:
                            break
                if len(new) >= new_room:
                    break
        items = interleave(reviews, new)
        pending = self._follow_up(index, states, blocked, t)
        if pending is not None:  # the follow-up of the question just answered comes next, due or new
            items = [pending] + [i for i in items if i.key != pending.key]
        if not items:  # learning steps due soon: learn ahead rather than stop
            soon = ts(now + LEARN_AHEAD)
            ahead = sorted((k for k, row in states.items() if k in index and row.state in (1, 3) and row.due <= soon
                            and not blocked(k)), key=lambda k: states[k].due)
            items = [item(k) for k in ahead[:1]]
        if self.limit is not None:
            items = items[: max(self.limit - self.done_in_session, 0)]
        return Today(items, count_due(states, flags, set(index), t, day_end(now, self.settings.rollover_hour)))

    def queue(self, now: datetime | None = None) -> list[Item]:
        """The questions left for today, in the order they will be asked."""
        return self.today(now).items

    def _follow_up(self, index: dict[tuple[str, str], Any], states: dict[tuple[str, str], IndexRow],
                   blocked: Callable[[tuple[str, str]], bool], t: float) -> Item | None:
        """A follow-up (`follows:`) of the last answered question, if it is new or due: the pair is
        scheduled together."""
        if not self.history:
            return None
        last = self.history[-1].item
        for q in last.card.questions:
            key = (last.card.id, q.id)
            if q.follows == last.question.id and key in index and not blocked(key) and key not in self.answered_keys:
                if key not in states:
                    return Item(last.card, q, is_new=True)
                if is_due(states[key].due, t):
                    return Item(last.card, q, is_new=False, state=states[key].full(key))
        return None

    @property
    def answered_keys(self) -> set[tuple[str, str]]:
        return {a.item.key for a in self.history}

    def counts(self, now: datetime | None = None) -> DueCounts:
        """Due now and later today for this session's cards (srs/due.py: the dashboard's definition)."""
        now = now or self.clock.now()
        keys = {(c.id, q.id) for c in self._cards() for q in c.questions}
        return count_due(self.store.state_index(), self.store.flags(), keys, ts(now),
                         day_end(now, self.settings.rollover_hour))

    def served(self, item: Item) -> None:
        """The session showed this item (a new one counts against --new even when skipped)."""
        if item.is_new:
            self.new_served.add(item.key)

    def next_item(self, now: datetime | None = None) -> Item | None:
        items = self.queue(now)
        return items[0] if items else None

    # ----- answers -----
    def next_states(self, item: Item, now: datetime | None = None) -> NextStates:
        """The four outcomes of answering `item` now, computed once: the previews at the rating prompt,
        and what `answer` writes for the rating chosen. From the state the queue read with the item (read
        here only for an item built elsewhere). An answer is never recorded at or before the question's
        previous one (a clock that did not move, or went back): the log stays in order."""
        now = now or self.clock.now()
        current = item.state if item.state is not None or item.is_new else self.store.state(*item.key)
        at = ts(now)
        if current is not None and current.last_review is not None and at <= current.last_review:
            at = current.last_review + 0.001
        return outcomes(self.scheduler, current, item.card.id, item.question.id, at)

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
                recorded = answer_path.record_answer(self.store, self.scheduler, answer, states)
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
                                from_ts(old.answer.at), duration_ms)
            states = replace(states, by_rating={**states.by_rating, rating: chosen})
        answer = replace(old.answer, rating=rating, duration_ms=duration_ms, details=details or {},
                         suggested=suggested, overridden=overridden)
        with signals.held(), self.store.transaction():
            scheduled = states[rating]
            if not self.store.rerate_review(answered.log_id, answer, states.reps_after, old.scheduled, scheduled):
                row = recompute(self.store, self.scheduler, *answer.key)
                if row is not None:
                    scheduled = replace(scheduled, due=row.due)
            done = Answered(answered.log_id, answered.item, rating, Recorded(answered.log_id, answer, states, scheduled))
            for i, a in enumerate(self.history):
                if a is answered:
                    self.history[i] = done
        return done

    def undo(self, now: datetime | None = None) -> actions.Undone | None:
        """Undo this session's last action (an answer, a suspension, a bury, a flag), or, when the session
        has none left, the device's last action of any kind (also from an earlier run): an undo event, and
        the question replayed without what it undoes (srs/actions.py). An undone answer of this session
        leaves its history."""
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

    def _act(self, kind: str, item: Item, now: datetime | None, data: dict[str, Any] | None = None) -> None:
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

