"""One answer, one path (issue 24, item 2): the four outcomes computed once, the chosen one written in
one transaction of at most 4 SQL statements (counted with sqlite3's trace callback), an override as one
update transaction, and one function shared by the live answer and the recovery journal's replay."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from dlstudy.paths import db_path
from dlstudy.srs.store import Store
from tests.srs.conftest import DEFAULT_SPEC, write_deck


class Trace:
    """SQL statements run on every store opened while it is installed, and fsrs's review_card calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        self.fsrs_calls = 0
        self.on = False
        real_open = Store.open.__func__  # type: ignore[attr-defined]

        def open_(cls, *args, **kwargs):
            store = real_open(cls, *args, **kwargs)
            if store.conn is not None:
                store.conn.set_trace_callback(self._statement)
            return store

        monkeypatch.setattr(Store, "open", classmethod(open_))
        real_review = fsrs.Scheduler.review_card

        def review_card(scheduler, *args, **kwargs):
            self.fsrs_calls += self.on
            return real_review(scheduler, *args, **kwargs)

        monkeypatch.setattr(fsrs.Scheduler, "review_card", review_card)

    def _statement(self, sql: str) -> None:
        if self.on:
            self.statements.append(" ".join(sql.split())[:60])

    def start(self) -> None:
        self.statements, self.fsrs_calls, self.on = [], 0, True

    def stop(self) -> tuple[list[str], int]:
        self.on = False
        return self.statements, self.fsrs_calls


def _verbs(statements: list[str]) -> list[str]:
    return [" ".join(s.split()[:3]) for s in statements]


def _answers_through_the_session(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[tuple]:
    """(overridden, statements, fsrs calls) of each answer of a piped review, from the grader's verdict to
    the 'recorded' line: everything ReviewSession.apply does with an answered question."""
    import dlstudy.session.review as session_review

    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    trace = Trace(monkeypatch)
    real_apply = session_review.ReviewSession.apply
    seen = []

    def apply(self, item, outcome):
        trace.start()
        try:
            return real_apply(self, item, outcome)
        finally:
            statements, calls = trace.stop()
            if outcome.action == "answered":
                seen.append((outcome.overridden, statements, calls))

    monkeypatch.setattr(session_review.ReviewSession, "apply", apply)
    d = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    r = cli("--content", d, "review", "--topic", "alpha", "--new", "3", input=text)
    assert r.exit_code == 0, r.stdout + r.stderr
    return seen


def test_an_answer_is_four_statements_and_four_fsrs_calls(cli, tmp_path, monkeypatch):
    # beta/q1 right (Enter keeps good), beta/q2 wrong (Enter keeps again), beta/q3 right
    seen = _answers_through_the_session(cli, tmp_path, monkeypatch, "beta1\n\nnope\n\nbeta3\n\n")
    assert len(seen) == 3
    for overridden, statements, calls in seen:
        assert not overridden
        # the answer's time (after the question's latest answer or event and the device's floor) was read
        # when the question was shown (ReviewEngine.served), so recording it is its one transaction
        assert len(statements) <= 4, statements
        assert _verbs(statements) == ["BEGIN IMMEDIATE", "INSERT INTO review_log(card_id,", "INSERT INTO question_state(card_id,",
                                      "COMMIT"], statements
        assert calls == 4  # the four outcomes, once: the previews and the answer share them


def test_an_override_is_one_update_transaction(cli, tmp_path, monkeypatch):
    # beta/q1 right, then 'e' at the rating prompt: saved as good at once, then overridden to easy
    seen = _answers_through_the_session(cli, tmp_path, monkeypatch, "beta1\ne\n")
    [(overridden, statements, calls)] = seen
    assert overridden and calls == 4  # nothing recomputed for the override
    answer, override = statements[:4], statements[4:]
    assert _verbs(answer)[0] == "BEGIN IMMEDIATE" and _verbs(answer)[-1] == "COMMIT"
    assert len(override) <= 4, override
    assert _verbs(override) == ["BEGIN IMMEDIATE", "UPDATE review_log SET", "UPDATE question_state SET", "COMMIT"]
    con = sqlite3.connect(db_path())
    assert con.execute("SELECT rating, suggested_rating, overridden FROM review_log").fetchall() == [(4, 3, 1)]


def test_undo_is_one_transaction_of_five_statements(store, deck, frozen, monkeypatch):
    """Undo records its tombstone (issue 27: an undo is an event) in the same one transaction."""
    from dlstudy.srs.review import ReviewEngine

    engine = ReviewEngine(store, deck, clock=frozen)
    item = engine.next_item()
    engine.answer(item, 3)
    frozen.advance(days=3)
    engine.answer(next(i for i in engine.queue() if i.key == item.key), 1)
    statements: list[str] = []
    store.conn.set_trace_callback(lambda sql: statements.append(" ".join(sql.split())[:60]))
    engine.undo()
    assert _verbs(statements) == ["BEGIN IMMEDIATE", "INSERT INTO events(uid,", "DELETE FROM review_log",
                                  "UPDATE question_state SET", "COMMIT"]


def test_the_previewed_due_is_the_scheduled_due(store, deck, frozen):
    """Fuzz on: the due time each rating previews is the one its answer stores (computed once)."""
    from dlstudy.srs.review import ReviewEngine

    store.set_config("fuzz", "true")
    engine = ReviewEngine(store, deck, clock=frozen)
    item = engine.next_item()
    for rating in [3, 3, 4, 3, 2, 3, 1, 3]:
        states = engine.next_states(item, frozen.now())
        done = engine.answer(item, rating, states=states)
        stored = store.state(*item.key)
        assert stored.due == states.previews()[rating] == done.due
        frozen.set(datetime.fromtimestamp(stored.due, timezone.utc) + timedelta(hours=1))
        item = next(i for i in engine.queue() if i.key == item.key)


def test_the_live_answer_and_the_journal_replay_share_one_function(tmp_path, monkeypatch, deck, frozen):
    """The same answer, given live in one database and replayed from the journal in another with the same
    history, goes through srs.answer.record_answer both times and leaves identical rows."""
    from dlstudy.srs import answer, journal
    from dlstudy.srs.review import ReviewEngine

    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    calls = []
    real = answer.record_answer

    def spy(store, scheduler, ans, states=None, **kwargs):
        calls.append((ans.key, ans.rating, states is not None))
        return real(store, scheduler, ans, states, **kwargs)

    monkeypatch.setattr(answer, "record_answer", spy)
    rows = []
    for name in ("live", "replayed"):
        monkeypatch.setenv("DLSTUDY_HOME", str(tmp_path / name))
        with Store.open() as store:
            store.set_config("fuzz", "false")
            engine = ReviewEngine(store, deck, clock=frozen)
            item = engine.next_item()
            engine.answer(item, 3, now=frozen.now())  # the same history in both
            later = frozen.now() + timedelta(days=2)
            if name == "live":
                engine.answer(item, 2, duration_ms=4000, details={"answer": "x"}, now=later, suggested=3,
                              overridden=True)
        if name == "replayed":
            journal.add({"type": "review", "card": item.card.id, "question": item.question.id, "at": later.timestamp(),
                         "rating": 2, "duration_ms": 4000, "details": {"answer": "x"}, "session_id": None,
                         "suggested": 3, "overridden": True})
            with Store.open() as store:
                assert store.replayed == (1, 0)
        con = sqlite3.connect(db_path())
        rows.append((con.execute("SELECT card_id, question_id, reviewed_at, rating, duration_ms, details, "
                                 "state_before, suggested_rating, overridden FROM review_log ORDER BY id").fetchall(),
                     con.execute("SELECT * FROM question_state").fetchall()))
        con.close()
    assert rows[0] == rows[1]
    key = (item.card.id, item.question.id)
    # live: answered with its outcomes computed when graded; replayed: computed inside the transaction
    assert calls == [(key, 3, True), (key, 2, True), (key, 3, True), (key, 2, False)]


def test_the_answer_time_read_when_shown_is_read_again_after_a_write(store, deck, frozen):
    """served() reads the question's latest record and the floor while the learner thinks; a write of this
    process since (here the floor moved by an action pushed past another device's record) makes that read
    stale, and the answer is stamped after the floor all the same."""
    from dlstudy.srs.review import ReviewEngine
    from dlstudy.srs.scheduler import ts

    engine = ReviewEngine(store, deck, clock=frozen)
    item = engine.next_item()
    engine.served(item)
    statements: list[str] = []
    store.conn.set_trace_callback(lambda sql: statements.append(sql))
    states = engine.next_states(item, frozen.now())
    assert not any(s.lstrip().upper().startswith("SELECT") for s in statements), statements  # from the served read
    assert states.at == ts(frozen.now())
    ahead = ts(frozen.now()) + 3600
    store.raise_floor(ahead)
    statements.clear()
    states = engine.next_states(item, frozen.now())
    assert any("FROM review_log" in s for s in statements), statements  # read again
    assert states.at > ahead
    done = engine.answer(item, 3, states=states)
    assert done.recorded is not None
