"""What a quiz, drill or interview session produced: its attempts and the summary computed from them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

OPEN_SCORE = {1: 0.0, 2: 0.5, 3: 1.0, 4: 1.0}


@dataclass
class AttemptRecord:
    card_id: str
    question_id: str
    topic: str
    kind: str
    correct: bool | None
    score: float
    rating: int | None
    seconds: float
    skipped: bool = False
    suggested: int | None = None  # the grader's rating
    overridden: bool = False  # the learner chose another
    points: list[dict[str, Any]] | None = None  # open: each rubric point's mark, whether it counted, its probe


@dataclass
class SessionSummary:
    mode: str
    seed: int
    attempts: list[AttemptRecord] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    session_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        answered = [a for a in self.attempts if not a.skipped]
        by_topic: dict[str, list[float]] = defaultdict(list)
        by_kind: dict[str, list[float]] = defaultdict(list)
        by_card: dict[str, list[float]] = defaultdict(list)
        for a in answered:
            by_topic[a.topic].append(a.score)
            by_kind[a.kind].append(a.score)
            by_card[a.card_id].append(a.score)

        def agg(d):
            return {k: {"answered": len(v), "score": round(sum(v) / len(v), 4)} for k, v in sorted(d.items())}

        weakest = sorted(by_card.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
        weak = [{"card": k, "score": round(sum(v) / len(v), 4)} for k, v in weakest if sum(v) / len(v) < 1.0][:5]
        total = sum(a.score for a in answered)
        return {
            "mode": self.mode,
            "seed": self.seed,
            "session_id": self.session_id,
            "asked": len(self.attempts),
            "answered": len(answered),
            "skipped": sum(1 for a in self.attempts if a.skipped),
            "correct": sum(1 for a in answered if a.correct),
            "auto_graded": sum(1 for a in answered if a.correct is not None),
            "open_answered": sum(1 for a in answered if a.correct is None),
            "score": round(total / len(answered), 4) if answered else None,
            "by_topic": agg(by_topic),
            "by_kind": agg(by_kind),
            "weakest": weak,
            "seconds": round(self.seconds, 1),
            "interrupted": self.interrupted,
            "review_next": [w["card"] for w in weak[:3]],
            "answers": [{"card": a.card_id, "question": a.question_id, "kind": a.kind, "correct": a.correct,
                         "score": a.score, "rating": a.rating, "suggested_rating": a.suggested, "overridden": a.overridden,
                         "seconds": round(a.seconds, 1), "skipped": a.skipped, "points": a.points}
                        for a in self.attempts],
        }
