"""One answer, one path: the function that writes a review answer, shared by the live review and the
recovery journal's replay, and the recomputation of a question's state from its log.

The live path computes the four outcomes once, when the answer is graded (their due times are the
previews at the rating prompt), and hands the chosen one to `record_answer`: one transaction of
BEGIN, INSERT into the log, UPDATE (or INSERT) of the state, COMMIT. The replay hands no outcomes:
they are computed inside the transaction from the state stored then. Either way, if another session
answered the question after the outcomes were computed, the state stored now is the one scheduled from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlstudy.srs.records import Answer, NextStates, Scheduled, StateRow
from dlstudy.srs.scheduler import from_ts, next_state, next_states


@dataclass(frozen=True)
class Recorded:
    """An answer in the log.

    Attributes:
        log_id: its review_log row; states: the four outcomes it was chosen from (their `current` is the
        state it replaced); scheduled: the state it led to.
    """

    log_id: int
    answer: Answer
    states: NextStates
    scheduled: Scheduled


def record_answer(store: Any, scheduler: Any, answer: Answer, states: NextStates | None = None,
                  journal: bool = True, fuzz: bool = True) -> Recorded | None:
    """Write one answer in one committed transaction; None when the log has it already (a journal entry
    replayed twice). `states`: the outcomes computed when the answer was graded (the live path), or None
    to compute them from the stored state (the replay). journal=True: if the write has to wait for another
    process's lock, the answer is journaled before the wait (Store.transaction). fuzz: the `fuzz` setting."""
    from dlstudy.srs.clock import check_time

    check_time(answer.at)  # a clock out of range: refused, nothing to keep for later
    with store.transaction(answer.entry() if journal else None):
        if states is None:
            states = _outcomes(store, scheduler, answer, fuzz)
        log_id = store.insert_review(answer, states.current)
        if log_id is None:
            return None
        if states.pushed:
            store.raise_floor(answer.at)
        if not store.advance_state(answer, states.current, states[answer.rating]):
            # another session answered the question since the outcomes were computed: schedule from now's state
            states = _outcomes(store, scheduler, answer, fuzz)
            store.set_state_before(log_id, states.current)
            if not store.advance_state(answer, states.current, states[answer.rating]):
                raise RuntimeError("the question's state changed inside a write transaction")
        return Recorded(log_id, answer, states, states[answer.rating])


def _outcomes(store: Any, scheduler: Any, answer: Answer, fuzz: bool) -> NextStates:
    """The outcome of the answer's own rating from the state stored now (the others are not needed)."""
    current = store.state(answer.card_id, answer.question_id)
    chosen = next_state(scheduler, current, answer.card_id, answer.question_id, answer.rating, from_ts(answer.at),
                        answer.duration_ms, fuzz)
    return NextStates(current, answer.at, {answer.rating: chosen})


def outcomes(scheduler: Any, current: StateRow | None, card_id: str, question_id: str, at: float,
             duration_ms: int | None = None, fuzz: bool = True) -> NextStates:
    """The four outcomes of answering a question whose state is `current`, at time `at`."""
    return next_states(scheduler, current, card_id, question_id, from_ts(at), duration_ms, fuzz)


def recompute(store: Any, scheduler: Any, card_id: str, question_id: str, fuzz: bool = True) -> StateRow | None:
    """The question's state replayed from its log (answers and events, srs/replay.py) and stored, inside
    the caller's transaction: after an override of an answer that another session's review followed.
    `scheduler` and `fuzz` are not used: the replay schedules each answer with the settings of its moment."""
    from dlstudy.srs.replay import recompute as replay_questions

    return replay_questions(store, [(card_id, question_id)])[(card_id, question_id)]
