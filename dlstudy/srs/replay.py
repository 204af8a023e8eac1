"""The replay: question states, flags and settings derived from the log (reviews and events), in the one
order of srs/events.py. The same transitions serve the live actions (srs/actions.py) and the replays
(`doctor --rebuild`, undo, a sync), so that a cache written live is exactly what a replay computes.

- an answer is scheduled by `scheduler.next_state` (the live answer's function) with the settings in
  force at its moment (the config events before it), from the state the previous records led to, under
  the ids it was made under (they seed fuzz, as they did live);
- `forget` puts the question back to new (its reviews stay in the log), `reschedule` sets its due
  time, the flag events set its flags, `config` a setting (latest wins), `undo` removes the records it
  names wherever they are in the order;
- `rename` moves the history up to its moment to the new ids (events.Renames).
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable, cast

from dlstudy.srs.clock import in_range
from dlstudy.srs.events import QUESTION_KINDS, Event, EventKind, LoggedReview, Renames, Tombstones
from dlstudy.srs.ratings import is_lapse
from dlstudy.srs.records import NO_FLAGS, Flags, StateRow
from dlstudy.srs.scheduler import advance, from_ts, make_scheduler, next_state, state_columns
from dlstudy.srs.settings import DEFAULTS, Settings, valid_config

if TYPE_CHECKING:
    from fsrs.card import CardDict

Key = tuple[str, str]
# the settings that change what an answer schedules (the others: limits, display, probes)
SCHEDULING_KEYS = ("desired_retention", "parameters", "fuzz", "learning_steps", "relearning_steps",
                   "maximum_interval")


def apply_flag_event(flags: Flags, kind: EventKind, data: dict[str, Any]) -> Flags:
    """A question's flags after one flag event."""
    if kind == "suspend":
        return replace(flags, suspended=True)
    if kind == "unsuspend":
        return replace(flags, suspended=False)
    if kind == "bury":
        until = data.get("until")
        return replace(flags, buried_until=float(until)) if isinstance(until, (int, float)) else flags
    if kind == "unbury":
        return replace(flags, buried_until=None)
    if kind == "flag":
        name = data.get("name")
        note = data.get("note")
        return replace(flags, flag=str(name) if name else "edit", note=note if isinstance(note, str) else None)
    if kind == "unflag":
        return replace(flags, flag=None, note=None)
    return flags


def rescheduled(state: StateRow, due: float) -> StateRow:
    """A started question's state with a new due time (the fsrs card's too)."""
    return replace(state, due=due, fsrs={**state.fsrs, "due": from_ts(due).isoformat()})


def apply_schedule_event(state: StateRow | None, kind: EventKind, data: dict[str, Any]) -> StateRow | None:
    """A question's state after `forget` (back to new) or `reschedule` (a new due time; a question not
    started is left alone)."""
    if kind == "forget":
        return None
    if kind == "reschedule" and state is not None:
        due = data.get("due")
        if isinstance(due, (int, float)) and not isinstance(due, bool):
            return rescheduled(state, float(due))
    return state


def answered(scheduler: Any, fuzz: bool, state: StateRow | None, key: Key, review: LoggedReview) -> StateRow:
    """A question's state after one answer (scheduled under the ids it was made under, which seed its fuzz)."""
    after = next_state(scheduler, state, review.card, review.question, review.rating, from_ts(review.at),
                       review.duration_ms, fuzz)
    return StateRow(key[0], key[1], after.fsrs, after.due, after.state, after.stability, after.difficulty, review.at,
                    state.introduced_at if state is not None else review.at, (state.reps if state else 0) + 1,
                    (state.lapses if state else 0) + int(after.lapse))


class SettingsTimeline:
    """The settings in force at each moment: the config events (not undone) in order, latest wins. A
    scheduler is built once per distinct set of scheduling settings."""

    def __init__(self, events: Iterable[Event]) -> None:
        config = sorted((e for e in events if e.kind == "config"), key=lambda e: e.order)
        self.orders = [e.order for e in config]
        self.snapshots: list[dict[str, str]] = []
        current: dict[str, str] = {}
        for e in config:
            key, value = e.data.get("key"), e.data.get("value")
            if not isinstance(key, str):
                pass
            elif isinstance(value, str):
                current = {**current, key: value}
            else:
                current = {k: v for k, v in current.items() if k != key}
            self.snapshots.append(current)
        self._schedulers: dict[tuple[tuple[str, str], ...], tuple[Any, bool]] = {}
        self._by_index: dict[int, tuple[Any, bool]] = {}

    def final(self) -> dict[str, str]:
        """The settings after every event (the `config` table)."""
        return dict(self.snapshots[-1]) if self.snapshots else {}

    def at(self, order: tuple[float, int, str]) -> dict[str, str]:
        i = bisect.bisect_left(self.orders, order)
        return self.snapshots[i - 1] if i else {}

    def scheduler(self, order: tuple[float, int, str]) -> tuple[Any, bool]:
        """The scheduler an answer at `order` is scheduled with, and whether fuzz is on (one per snapshot of
        the settings, built once per distinct set of scheduling settings)."""
        i = bisect.bisect_left(self.orders, order)
        if i not in self._by_index:
            config = valid_config(self.snapshots[i - 1] if i else {})
            key = tuple((k, config[k]) for k in SCHEDULING_KEYS if k in DEFAULTS)
            if key not in self._schedulers:
                settings = Settings.from_config(dict(key))
                self._schedulers[key] = (make_scheduler(settings), settings.fuzz)
            self._by_index[i] = self._schedulers[key]
        return self._by_index[i]


@dataclass
class Log:
    """The records a replay reads: reviews, question events, renames, config events and the uids undone.

    `reviews` and `events` carry each record's current ids (the cache) beside the ids it was made under."""

    reviews: list[tuple[LoggedReview, Key]] = field(default_factory=list)
    events: list[tuple[Event, Key | None]] = field(default_factory=list)
    undone: Tombstones = field(default_factory=Tombstones)

    def live_reviews(self) -> list[LoggedReview]:
        return [r for r, _now in self.reviews if not self.undone.covers(r.uid, r.device)]


@dataclass
class Replayed:
    """What a replay derives.

    Attributes:
        states, flags: per question (questions without a state or flags are absent).
        config: the settings (None for a partial replay, which does not derive them).
        placed: every record's question now, by uid (reviews and question events).
        reviews, events: how many records were replayed.
    """

    states: dict[Key, StateRow] = field(default_factory=dict)
    flags: dict[Key, Flags] = field(default_factory=dict)
    config: dict[str, str] | None = None
    placed: dict[str, Key] = field(default_factory=dict)
    reviews: int = 0
    events: int = 0


def replay(log: Log, timeline: SettingsTimeline, renames: Renames, keys: set[Key] | None = None) -> Replayed:
    """Replay the log. keys: only these questions (their records must all be in the log); None: all."""
    out = Replayed()
    per_key: dict[Key, list[tuple[tuple[float, int, str], LoggedReview | Event]]] = defaultdict(list)
    for review in log.live_reviews():
        order = review.order
        key = renames.final(review.card, review.question, order)
        out.placed[review.uid] = key
        if keys is None or key in keys:
            per_key[key].append((order, review))
    for event, _now_key in log.events:
        if event.kind not in QUESTION_KINDS or event.key is None:
            continue
        key = renames.final(event.card or "", event.question or "", event.order)
        out.placed[event.uid] = key  # an undone event too: it stays with its question through renames
        if log.undone.covers(event.uid, event.device):
            continue
        if keys is None or key in keys:
            per_key[key].append((event.order, event))
    for key, records in per_key.items():
        state, flags = final_state(key, records, timeline)
        out.reviews += sum(isinstance(r, LoggedReview) for _o, r in records)
        out.events += sum(not isinstance(r, LoggedReview) for _o, r in records)
        if state is not None:
            out.states[key] = state
        if not flags.empty:
            out.flags[key] = flags
    if keys is None:
        out.config = timeline.final()
    return out


def final_step(records: Iterable[tuple[LoggedReview | Event, StateRow | None, Flags]]) -> tuple[StateRow | None, Flags]:
    """The state and flags after the last record (none: a new question without flags)."""
    state: StateRow | None = None
    flags = NO_FLAGS
    for _record, state, flags in records:  # noqa: B007 - the last step is the result
        pass
    return state, flags


def final_state(key: Key, records: list[tuple[tuple[float, int, str], LoggedReview | Event]],
                timeline: SettingsTimeline) -> tuple[StateRow | None, Flags]:
    """final_step(steps(...)) without the states in between: a run of answers carries fsrs's card from one
    answer to the next (scheduler.advance, the computation next_state makes) and builds the question's
    state once, at its end or before an event."""
    from fsrs import Card

    records.sort(key=lambda r: r[0])
    state: StateRow | None = None
    flags = NO_FLAGS
    card: Any = None  # fsrs's card after the current run of answers (None: a new question)
    reps = lapses = 0
    before: int | None = None
    introduced = last = 0.0
    running = False

    def built() -> StateRow:
        cols = state_columns(card)
        return StateRow(key[0], key[1], cols["fsrs"], cols["due"], cols["state"], cols["stability"], cols["difficulty"],
                        last, introduced, reps, lapses)

    for order, record in records:
        if isinstance(record, LoggedReview):
            if not running:
                running = True
                card = Card.from_dict(cast("CardDict", state.fsrs)) if state is not None else None
                reps, lapses = (state.reps, state.lapses) if state is not None else (0, 0)
                before = state.state if state is not None else None
                introduced = state.introduced_at if state is not None else record.at
            scheduler, fuzz = timeline.scheduler(order)
            card = advance(scheduler, card, record.card, record.question, reps, record.rating, from_ts(record.at),
                           record.duration_ms, fuzz)
            lapses += int(is_lapse(before, record.rating))
            reps += 1
            before = int(card.state)
            last = record.at
        else:
            if running:
                state, running = built(), False
            flags = apply_flag_event(flags, record.kind, record.data)
            state = apply_schedule_event(state, record.kind, record.data)
    if running:
        state = built()
    return state, flags


def steps(key: Key, records: list[tuple[tuple[float, int, str], LoggedReview | Event]],
          timeline: SettingsTimeline) -> Iterable[tuple[LoggedReview | Event, StateRow | None, Flags]]:
    """One question's records in order, each with the state and flags it leads to."""
    records.sort(key=lambda r: r[0])
    state: StateRow | None = None
    flags = NO_FLAGS
    for order, record in records:
        if isinstance(record, LoggedReview):
            scheduler, fuzz = timeline.scheduler(order)
            state = answered(scheduler, fuzz, state, key, record)
        else:
            flags = apply_flag_event(flags, record.kind, record.data)
            state = apply_schedule_event(state, record.kind, record.data)
        yield record, state, flags


def question_history(store: Any, key: Key) -> tuple[list[tuple[LoggedReview | Event, StateRow | None, Flags]],
                                                    SettingsTimeline]:
    """One question's records (by its current ids), not undone, in order, each with the state and flags
    it led to (`dlstudy info`), and the settings timeline."""
    log, timeline, _renames = read_log(store, {key})
    records: list[tuple[tuple[float, int, str], LoggedReview | Event]] = [(r.order, r) for r in log.live_reviews()]
    records += [(e.order, e) for e, _now in log.events
                if not log.undone.covers(e.uid, e.device) and e.kind in QUESTION_KINDS]
    return list(steps(key, records, timeline)), timeline


# ----------------------------------------------------------------------------------------- reading the log

_EVENT_SQL = "SELECT uid, device, at, kind, coalesce(asked_card, card_id), coalesce(asked_question, question_id), " \
             "data, card_id, question_id FROM events"


def _review(row: tuple[Any, ...]) -> tuple[LoggedReview, Key] | None:
    """A review-log row as the replay reads it; None for a row it cannot use (doctor reports those)."""
    uid, card, question, at, rating, duration, now_card, now_question, device = row
    # SQLite gives str, int, float, bytes or None: exact type checks (no bool comes back)
    if type(uid) is not str or type(card) is not str or type(question) is not str or not card or not question:
        return None
    if type(rating) is not int or not 1 <= rating <= 4:
        return None
    if (type(at) is not float and type(at) is not int) or not in_range(at):
        return None
    if type(duration) is not int or duration < 0:
        duration = None
    return LoggedReview(uid, card, question, float(at), rating, duration, str(device or "")), (now_card, now_question)


def event_from_row(row: tuple[Any, ...]) -> tuple[Event, Key | None]:
    uid, device, at, kind, card, question, data, now_card, now_question = row
    try:
        parsed = json.loads(data) if isinstance(data, str) else {}
    except ValueError:
        parsed = {}
    if not isinstance(parsed, dict):
        parsed = {}
    # as stored: a kind a newer version adds passes through (the replay acts only on the kinds it knows)
    event = Event(str(uid), str(device), float(at), cast(EventKind, str(kind)), card, question, parsed)
    return event, ((now_card, now_question) if now_card is not None and now_question is not None else None)


def read_log(store: Any, keys: set[Key] | None = None) -> tuple[Log, SettingsTimeline, Renames]:
    """The log from the database: everything, or the records of these questions (by their current ids)
    with every config, rename and undo event."""
    log = Log()
    global_events = [event_from_row(r) for r in store.query(
        _EVENT_SQL + " WHERE kind IN ('config', 'rename', 'undo') ORDER BY seq")]
    log.undone = Tombstones(e for e, _key in global_events if e.kind == "undo")
    live = [e for e, _k in global_events if e.kind != "undo" and not log.undone.covers(e.uid, e.device)]
    timeline = SettingsTimeline(live)
    renames = Renames(live)
    if keys is None:
        rows = store.logged_reviews()
        event_rows = store.query(_EVENT_SQL + " WHERE kind NOT IN ('config', 'rename', 'undo')")
    else:
        rows, event_rows = [], []
        for card, question in sorted(keys):
            rows += store.logged_reviews((card, question))
            event_rows += store.query(_EVENT_SQL + " WHERE card_id = ? AND question_id = ? AND kind NOT IN "
                                      "('config', 'rename', 'undo')", (card, question))
    log.reviews = [r for r in (_review(row) for row in rows) if r is not None]
    log.events = [event_from_row(r) for r in event_rows]
    return log, timeline, renames


# ----------------------------------------------------------------------------------------- writing the caches

@dataclass
class Changes:
    """What writing a replay changed in the caches (all zero: the caches already agreed)."""

    states: int = 0
    flags: int = 0
    settings: int = 0
    moved: int = 0
    dropped: int = 0
    ids: int = 0

    @property
    def total(self) -> int:
        return self.states + self.flags + self.settings + self.moved + self.dropped + self.ids


def write(store: Any, result: Replayed, keys: set[Key] | None = None, log: Log | None = None) -> Changes:
    """Make the caches agree with a replay, inside the caller's transaction, writing only what differs:
    question states and flags (of `keys`, or all), and for a full replay (keys None) the settings, every
    record's current ids and the review rows an undo removed."""
    changes = Changes()
    if keys is None:
        current_states = {s.key: s for s in store.states()}
    else:
        found = [store.state(*k) for k in sorted(keys)]
        current_states = {s.key: s for s in found if s is not None}
    for key in set(current_states) | set(result.states):
        if keys is not None and key not in keys:
            continue
        new = result.states.get(key)
        if current_states.get(key) != new:
            store.put_state(key[0], key[1], new)
            changes.states += 1
    current_flags = store.flag_rows(None if keys is None else keys)
    for key in set(current_flags) | set(result.flags):
        if keys is not None and key not in keys:
            continue
        new_flags = result.flags.get(key, NO_FLAGS)
        if current_flags.get(key, NO_FLAGS) != new_flags:
            store.put_flags(key, new_flags)
            changes.flags += 1
    if keys is None and result.config is not None:
        stored = store.get_config()
        if stored != result.config:
            store.replace_config(result.config)
            changes.settings = len(set(stored.items()) ^ set(result.config.items()))
    if keys is None and log is not None:
        moves = [(uid, key) for review, now in log.reviews if (uid := review.uid) in result.placed
                 and (key := result.placed[uid]) != now]
        event_moves = [(uid, key) for event, now in log.events if (uid := event.uid) in result.placed
                       and (key := result.placed[uid]) != now]
        changes.moved = store.move_records(moves, event_moves)
        changes.dropped = store.drop_reviews([r.uid for r, _now in log.reviews if log.undone.covers(r.uid, r.device)])
    return changes


def rebuild(store: Any) -> tuple[Replayed, Changes]:
    """Replay the whole log and write what differs (`doctor --rebuild`), in one transaction."""
    with store.transaction():
        filled = store.fill_missing_ids()
        log, timeline, renames = read_log(store)
        result = replay(log, timeline, renames)
        changes = write(store, result, None, log)
        changes.ids = filled
    return result, changes


def recompute(store: Any, keys: Iterable[Key]) -> dict[Key, StateRow | None]:
    """Replay these questions from their records and write their states and flags (inside the caller's
    transaction, or in one of its own): after an undo, an override another session's review followed,
    or a sync. Their records must carry current ids (renames kept the cache up to date)."""
    wanted = set(keys)
    if not wanted:
        return {}
    with store.transaction():
        log, timeline, renames = read_log(store, wanted)
        result = replay(log, timeline, renames, wanted)
        write(store, result, wanted)
    return {k: result.states.get(k) for k in wanted}
