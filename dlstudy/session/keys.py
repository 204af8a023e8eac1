"""The keys the question prompts read, with what they do. The asker reads them from here and `review
--help` lists them from here, so the two cannot disagree. Only `typing` imported: the help stays cheap."""

from __future__ import annotations

from typing import Literal

HINT, SKIP, QUIT = "?", "s", "q"  # at the question (also ':hint', 'skip', 'quit' written out)
DEMO, CARD, AGAIN, PROBE = "d", "c", "r", "p"  # after the answer (d also as ':d' at a review's question)
QUESTION_KEYS = {HINT: "hint", SKIP: "skip", QUIT: "quit"}
# in review only, at the question: typed alone (or after ':', as a choice question needs for b and f)
Command = Literal["undo", "suspend", "bury", "flag"]  # the review commands typed at a question
REVIEW_COMMANDS: dict[str, Command] = {"u": "undo", "!": "suspend", "b": "bury", "f": "flag"}
REVIEW_COMMAND_TEXT = {"undo": "u undo last", "suspend": "! suspend", "bury": ":b bury", "flag": ":f flag"}
# after the answer (with the ratings): d only for a card with a demo, r only in review
AFTER_KEYS = {DEMO: "demo", CARD: "card", AGAIN: "answer again", QUIT: "quit"}
PROBE_KEY = f"{PROBE} probe each point"  # after an open answer whose points have misconceptions


def question_keys(review: bool) -> str:
    """'? hint · s skip · q quit' (and the review commands)."""
    words = [f"{k} {v}" for k, v in QUESTION_KEYS.items()]
    return " · ".join(words + ([REVIEW_COMMAND_TEXT[c] for c in REVIEW_COMMANDS.values()] if review else []))


def after_keys(demo: bool, review: bool) -> list[str]:
    """['d demo', 'c card', 'r answer again', 'q quit'] as they apply."""
    return [f"{k} {v}" for k, v in AFTER_KEYS.items() if (k != DEMO or demo) and (k != AGAIN or review)]


def review_help() -> str:
    """The key list of `dlstudy review --help`."""
    return (f"Keys at the question: {question_keys(review=True)}. "
            f"After an answer: {' · '.join(after_keys(demo=True, review=True))} (d when the card has a demo; "
            f"{PROBE_KEY} after an open answer).")
