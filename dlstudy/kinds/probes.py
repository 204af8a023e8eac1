"""Probes: each rubric point of a self-rated answer asked back as an either/or.

A probe shows the point and one of its misconceptions, in an order fixed by a seed, and the learner
picks the right statement by letter or by typing it (read as a choice option is, kinds/choice.py). A
point whose probe is answered right counts, one answered wrong does not (the learner is shown the
right statement); the kind's rule turns the points that count into the pre-selected rating.

Probe results travel in the answer's `details` (`PROBES`, a list of `ProbeResult.to_dict()`), so both
logs and both exports keep them without a schema change; `tally` counts them for `history`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dlstudy.kinds.base import LETTERS, AnswerError, RubricPoint

PROBES = "probes"  # the key of the probe results in an answer's details
BEFORE = "suggested_before_probes"  # the grader's rating before the probes moved the pre-selection
BLIND = "probes_before_model_answer"  # asked before the model answer and the rubric were on screen


@dataclass(frozen=True)
class Probe:
    """One either/or about a rubric point.

    Attributes:
        point: the rubric point's number (1-based, as the checklist shows it).
        options: the two statements, in the order shown (a, b): the point and a misconception of it.
        right: the index in `options` of the right statement (the point).
    """

    point: int
    options: tuple[str, str]
    right: int

    @property
    def statement(self) -> str:
        """The right statement (the point)."""
        return self.options[self.right]

    @property
    def misconception(self) -> str:
        return self.options[1 - self.right]

    def judge(self, text: str) -> bool:
        """True when the answer picks the right statement, False when it picks the misconception.
        AnswerError (asked again) when it picks neither or both."""
        from dlstudy.kinds.choice import parse_choice

        letters = f"{LETTERS[0]} or {LETTERS[1]}"
        try:
            picked = parse_choice(text, list(self.options))
        except AnswerError:
            raise AnswerError(f"type {letters}, or the words of one statement") from None
        if len(picked) != 1:
            raise AnswerError(f"pick one statement: {letters}")
        return picked[0] == self.right


@dataclass(frozen=True)
class ProbeResult:
    """A probe as answered: which point, what was offered against it, what the learner typed, and
    whether it picked the right statement."""

    point: int
    misconception: str
    answer: str
    right: bool

    def to_dict(self) -> dict[str, Any]:
        return {"point": self.point, "misconception": self.misconception, "answer": self.answer, "right": self.right}


def _shown(text: str) -> str:
    """A statement as offered: no trailing full stop and a capital first letter, so that the point (often
    a terse phrase) and a misconception (often a sentence) do not differ in those two tells."""
    s = " ".join(text.split()).rstrip(".").strip()
    return s[:1].upper() + s[1:]


def generate(rubric: Sequence[RubricPoint], seed: object, matched: Sequence[str | None] = ()) -> list[Probe]:
    """One probe per rubric point that has a misconception, in rubric order. The misconception offered is
    the one the answer stated (matched[i], when a cue matched it), else one drawn with the seed; the order
    of the two statements is drawn with the seed too (the same seed, the same probes)."""
    out = []
    for i, point in enumerate(rubric):
        if not point.misconceptions:
            continue
        import random  # seeded per point; imported when probes are asked

        rnd = random.Random(f"{seed}:probe:{i}")
        stated = matched[i] if i < len(matched) else None
        wrong = stated if stated in point.misconceptions else rnd.choice(point.misconceptions)
        right_first = rnd.random() < 0.5
        pair = (_shown(point.point), _shown(wrong))
        options = pair if right_first else (pair[1], pair[0])
        out.append(Probe(i + 1, options, 0 if right_first else 1))
    return out


def results(details: dict[str, Any]) -> dict[int, bool]:
    """{point number: answered right} from an answer's details (points not probed are absent)."""
    out: dict[int, bool] = {}
    items = details.get(PROBES)
    if not isinstance(items, list):
        return out
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("point"), int) and isinstance(item.get("right"), bool):
            out[item["point"]] = item["right"]
    return out


def tally(details: dict[str, Any]) -> tuple[int, int]:
    """(asked, right) probes of one answer's details."""
    found = results(details)
    return len(found), sum(found.values())
