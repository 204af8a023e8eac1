"""The review engine: builds today's queue and applies answers, undo, bury, suspend and flag.

UI-free so that tests can drive weeks of reviews with an injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dlstudy import signals
from dlstudy.content.loader import Deck
from dlstudy.srs import clock
from dlstudy.srs.clock import Clock
from dlstudy.srs.due import DueCounts, count_due, day_end, is_due
from dlstudy.srs.due import blocked as due_blocked
from dlstudy.srs.queue import Item, interleave, prerequisite_order
from dlstudy.srs.scheduler import Settings, from_ts, make_scheduler, review, ts
from dlstudy.srs.store import Store

LEARN_AHEAD = timedelta(minutes=20)


@dataclass
class TodayCounts:
    reviews_done: int = 0
    new_done: int = 0


@dataclass
class Answered:
    log_id: int
    item: Item
    rating: int


class ReviewEngine:
    def __init__(self, store: Store, deck: Deck, settings: Settings | None = None, topic: str | None = None,
                 new_limit: int | None = None, limit: int | None = None, session_id: int | None = None,
                 clock: Clock | None = None):
        self.store = store
        self.clock = clock or Clock()
        self.deck = deck
        self.settings = settings or Settings.from_config(store.get_config())
        self._scheduler = None
        self.topic = topic
        self.new_limit = new_limit
        self.limit = limit
        self.session_id = session_id
        self.history: list[Answered] = []
        self.done_in_session = 0
        self.skipped: set[tuple[str, str]] = set()
        self.new_served: set[tuple[str, str]] = set()
        self.kept_in_journal = 0  # answers interrupted or failed while being written, kept in the journal

    @property
    def scheduler(self):
        """The fsrs scheduler, built on first use (the first screen does not need it)."""
        if self._scheduler is None:
            self._scheduler = make_scheduler(self.settings)
        return self._scheduler

    # ----- queue -----
    def _cards(self):
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

    def queue(self, now: datetime | None = None) -> list[Item]:
        """The questions left for today, in the order they will be asked."""
        now = now or self.clock.now()
        cards = self._cards()
        index = {(c.id, q.id): (c, q) for c in cards for q in c.questions}
        flags = self.store.flags()
        t = ts(now)

        def blocked(key) -> bool:
            return key in self.skipped or due_blocked(flags.get(key), t)

        counts = self.today_counts(now)
        states = self.store.state_index()  # (due, state, introduced_at), no JSON decoding
        due = sorted((k for k, (d, _s, _i) in states.items() if k in index and is_due(d, t) and not blocked(k)),
                     key=lambda k: states[k][0])
        review_room = max(self.settings.reviews_per_day - counts.reviews_done, 0)
        reviews = [Item(*index[k], is_new=False) for k in due[:review_room]]
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
            ahead = sorted((k for k, (d, st, _i) in states.items() if k in index and st in (1, 3) and d <= soon
                            and not blocked(k)), key=lambda k: states[k][0])
            items = [Item(*index[k], is_new=False) for k in ahead[:1]]
        if self.limit is not None:
            items = items[: max(self.limit - self.done_in_session, 0)]
        return items

    def _follow_up(self, index, states, blocked, t) -> Item | None:
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
                if is_due(states[key][0], t):
                    return Item(last.card, q, is_new=False)
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
    def answer(self, item: Item, rating: int, duration_ms: int = 0, details: dict | None = None,
               now: datetime | None = None, suggested: int | None = None, overridden: bool = False) -> Answered:
        """Schedule and record one answer in one committed transaction. If the write has to wait for
        another process's lock the answer is journaled first; committed and counted (history) as one
        step that no signal cuts in half (dlstudy.signals.held)."""
        now = now or self.clock.now()
        nested = self.store.in_transaction  # re-rating: the enclosing transaction keeps the old answer on failure
        entry = {"type": "review", "card": item.card.id, "question": item.question.id, "at": ts(now),
                 "rating": rating, "duration_ms": duration_ms, "details": details or {},
                 "session_id": self.session_id, "suggested": suggested, "overridden": overridden}
        clock.check_time(ts(now))  # a clock out of range: refused, nothing to keep for later
        if not nested:
            self.store.journaled = None
        with signals.held():
            try:
                # read-modify-write under one lock: a second window cannot interleave
                with self.store.transaction(None if nested else entry):
                    before = self.store.state(item.card.id, item.question.id)
                    after = review(self.scheduler, before.fsrs if before else None, item.card.id, item.question.id,
                                   rating, now, duration_ms)
                    log_id = self.store.record_review(item.card.id, item.question.id, ts(now), rating, duration_ms,
                                                      details or {}, before, after, self.session_id,
                                                      suggested=suggested, overridden=overridden)
            except BaseException:  # Ctrl-C or a signal while waiting for the lock, or a failure: keep the answer
                if nested:
                    raise
                if self.store.journaled is None:
                    from dlstudy.srs import journal

                    self.store.journaled = journal.add(entry)
                self.kept_in_journal += self.store.journaled is not None
                raise
            done = Answered(log_id, item, rating)
            self.history.append(done)
            self.done_in_session += 1
        return done

    def rerate(self, answered: Answered, rating: int, duration_ms: int = 0, details: dict | None = None,
               now: datetime | None = None, suggested: int | None = None, overridden: bool = False) -> Answered:
        """Change the rating of the answer just given (the learner overrides the grader), atomically; the
        new rating schedules exactly as if it had been given in the first place. If another session
        reviewed the question since, the answer's row gets the new rating and the question's state is
        recomputed from its log (its previous state would be stale)."""
        with signals.held(), self.store.transaction():
            if not self.store.is_last_review(answered.log_id):
                return self._rerate_in_log(answered, rating, duration_ms, details, suggested, overridden)
            self.store.undo_review(answered.log_id)
            if self.history and self.history[-1] is answered:
                self.history.pop()
                self.done_in_session -= 1
            return self.answer(answered.item, rating, duration_ms, details, now, suggested=suggested,
                               overridden=overridden)

    def _rerate_in_log(self, answered: Answered, rating: int, duration_ms: int, details: dict | None,
                       suggested: int | None, overridden: bool) -> Answered:
        self.store.update_review(answered.log_id, rating, duration_ms, details or {}, suggested, overridden)
        self._recompute(*answered.item.key)
        done = Answered(answered.log_id, answered.item, rating)
        if self.history and self.history[-1] is answered:
            self.history[-1] = done
        return done

    def _recompute(self, card_id: str, question_id: str) -> None:
        """The question's state from its review log (inside the caller's transaction)."""
        from dlstudy.srs.rebuild import state_from_log

        entries = [(at, r, d if isinstance(d, int) and not isinstance(d, bool) and d >= 0 else None)
                   for _id, _c, _q, at, r, d, _det in self.store.review_logs(card_id, question_id)]
        self.store.put_state(card_id, question_id,
                             state_from_log(self.scheduler, card_id, question_id, entries) if entries else None)

    def preview(self, item: Item, now: datetime | None = None) -> dict[int, datetime]:
        """When the question would come back after each rating (nothing is saved)."""
        now = now or self.clock.now()
        before = self.store.state(item.card.id, item.question.id)
        out = {}
        for rating in (1, 2, 3, 4):
            after = review(self.scheduler, before.fsrs if before else None, item.card.id, item.question.id, rating,
                           now, None)
            out[rating] = from_ts(after["due"])
        return out

    def undo(self) -> Item | None:
        """Undo the last answer of this session: its log row goes and the previous state comes back."""
        if not self.history:
            return None
        last = self.history[-1]
        with signals.held(), self.store.transaction():  # the check and the change under one lock
            if self.store.is_last_review(last.log_id):
                self.store.undo_review(last.log_id)  # exact: the state it replaced comes back
            else:  # another session reviewed it since: drop this answer, recompute from what is left
                key = self.store.review_key(last.log_id)
                self.store.delete_review(last.log_id)
                if key is not None:
                    self._recompute(*key)
            self.history.pop()
            self.done_in_session -= 1
        return last.item

    def bury(self, item: Item, now: datetime | None = None) -> datetime:
        """Hide until the next study day starts."""
        now = now or self.clock.now()
        until = clock.day_start(now, self.settings.rollover_hour) + timedelta(days=1)
        self.store.set_flag(item.card.id, item.question.id, buried_until=ts(until))
        return until

    def suspend(self, item: Item) -> None:
        self.store.set_flag(item.card.id, item.question.id, suspended=1)

    def flag(self, item: Item, note: str | None = None) -> None:
        self.store.set_flag(item.card.id, item.question.id, flagged=1, note=note)

    def skip(self, item: Item) -> None:
        """Not now (this session only)."""
        self.skipped.add(item.key)
