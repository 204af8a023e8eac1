"""Actions and event kinds are Literal types (checked by mypy in CI), and the runtime tuples and tables
that code iterates are derived from them, so the two cannot drift apart."""

from __future__ import annotations

from typing import get_args

from dlstudy.session.asker import Action, Outcome
from dlstudy.session.keys import REVIEW_COMMANDS, Command
from dlstudy.srs import events


def test_the_question_actions_are_a_literal_covering_the_review_commands():
    assert set(get_args(Action)) == {"answered", "skipped", "quit", "undo", "suspend", "bury", "flag"}
    assert set(REVIEW_COMMANDS.values()) == set(get_args(Command))
    assert Outcome.__dataclass_fields__["action"].type == "Action"


def test_the_event_kinds_are_literals_and_the_tuples_come_from_them():
    assert events.KINDS == get_args(events.EventKind)
    assert set(events.KINDS) == set(events.FLAG_KINDS) | set(events.SCHEDULE_KINDS) | {"rename", "config", "undo"}
    assert events.QUESTION_KINDS == get_args(events.QuestionKind)
    assert events.Event.__dataclass_fields__["kind"].type == "EventKind"
