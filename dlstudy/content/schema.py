"""Typed concept cards and questions (small dataclasses with to_dict/from_dict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUESTION_KINDS = ("choice", "numeric", "short", "open", "predict")
LEVELS = ("basic", "intermediate", "advanced")

# Built-in topics in study order; user decks may add their own topic ids.
TOPICS: dict[str, str] = {
    "foundations": "Math and probability foundations",
    "training": "Training and optimization",
    "neurons": "Neurons, activations and losses",
    "cnn": "Convolutional networks",
    "rnn": "Recurrent networks and sequences",
    "nlp": "NLP, attention and transformers",
    "llm": "Large language models and modern training",
    "beyond": "Unsupervised, generative and other topics",
}


def topic_title(topic: str) -> str:
    return TOPICS.get(topic, topic.replace("-", " ").capitalize())


def topic_order(topic: str) -> int:
    keys = list(TOPICS)
    return keys.index(topic) if topic in keys else len(keys)


@dataclass
class Tolerance:
    """Numeric tolerance: the answer is right if within abs OR within rel of the truth."""

    abs: float | None = None
    rel: float | None = None

    def accepts(self, given: float, truth: float) -> bool:
        diff = abs(given - truth)
        slack = 1e-12 * max(1.0, abs(truth))  # float noise at the border (3.1 - 3 > 0.1)
        if self.abs is not None and diff <= self.abs + slack:
            return True
        if self.rel is not None and diff <= self.rel * abs(truth) + slack:
            return True
        return given == truth


@dataclass
class Reference:
    """A published source: author(s), year and title (venue optional)."""

    author: str
    year: int
    title: str
    venue: str | None = None

    def text(self) -> str:
        venue = f", {self.venue}" if self.venue else ""
        return f"{self.author} ({self.year}). {self.title}{venue}"


@dataclass
class RubricPoint:
    """One key point of an open answer, recognised by any of its keywords (lower-case substrings)."""

    point: str
    keywords: list[str]


@dataclass
class Question:
    """A question of one of the five kinds; fields not used by a kind stay None/empty."""

    id: str
    kind: str
    prompt: str
    explanation: str
    level: str | None = None
    hint: str | None = None
    # choice (and predict with format choice): option texts/values and the right one(s)
    options: list[Any] = field(default_factory=list)
    answer: Any = None
    # numeric (and predict with format numeric)
    tolerance: Tolerance | None = None
    unit: str | None = None
    sig_figs: int | None = None  # numeric: the precision asked; a correctly rounded answer is accepted
    # short
    aliases: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)  # wrong answers the question tests (never accepted)
    # open
    model_answer: str | None = None
    rubric: list[RubricPoint] = field(default_factory=list)
    # predict
    demo: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    answer_from: str | None = None
    format: str | None = None  # predict: "choice" or "numeric"
    label: str | None = None  # predict: the value in human terms ("variance after the last layer")
    follows: str | None = None  # id of the question this one follows up (asked straight after it)
    line: int = 0

    @property
    def multi(self) -> bool:
        return self.kind == "choice" and isinstance(self.answer, list) and len(self.answer) > 1

    def grades_as(self) -> str:
        """The answer format the user types: choice, numeric, short or open."""
        return self.format if self.kind == "predict" else self.kind

    def to_dict(self) -> dict[str, Any]:
        data = {f: getattr(self, f) for f in _QUESTION_FIELDS}
        if self.tolerance is not None:
            data["tolerance"] = {"abs": self.tolerance.abs, "rel": self.tolerance.rel}
        if self.rubric:
            data["rubric"] = [{"point": r.point, "keywords": list(r.keywords)} for r in self.rubric]
        if self.options:
            data["options"] = list(self.options)
        if self.params:
            data["params"] = dict(self.params)
        return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


@dataclass
class Formula:
    tex: str
    label: str | None = None
    text: str = ""  # the TeX as readable Unicode when rendered ahead of time (see loader.EAGER_FORMULAS)


@dataclass
class Card:
    """A concept card: what to know, how it is tested, and the demos that show it."""

    id: str
    title: str
    topic: str
    summary: str
    key_points: list[str]
    questions: list[Question]
    tags: list[str] = field(default_factory=list)
    level: str = "basic"
    sources: list[str] = field(default_factory=list)  # note ids from the study notes
    references: list[Reference] = field(default_factory=list)  # published sources (papers, books)
    prerequisites: list[str] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    pitfalls: list[str] = field(default_factory=list)
    demos: list[str] = field(default_factory=list)
    zh: dict[str, str] = field(default_factory=dict)
    path: str = ""
    line: int = 0
    bundled: bool = True

    @property
    def n_questions(self) -> int:
        return len(self.questions)

    @property
    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def zh_title(self) -> str:
        return self.zh.get("title", "")

    def question(self, qid: str) -> Question | None:
        for q in self.questions:
            if q.id == qid:
                return q
        return None

    def to_dict(self) -> dict[str, Any]:
        data = {f: getattr(self, f) for f in _CARD_FIELDS}
        for key in ("key_points", "tags", "sources", "prerequisites", "pitfalls", "demos"):
            data[key] = list(data[key])
        data["zh"] = dict(self.zh)
        data["formulas"] = [{"tex": f.tex, "label": f.label, "text": f.text} for f in self.formulas]
        data["references"] = [dict(vars(r)) for r in self.references]
        data["questions"] = [q.to_dict() for q in self.questions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Card":  # noqa: D102 - inverse of to_dict
        data = dict(data)
        questions = []
        for q in data.pop("questions", []):
            q = dict(q)
            if q.get("tolerance") is not None:
                q["tolerance"] = Tolerance(**q["tolerance"])
            q["rubric"] = [RubricPoint(**r) for r in q.get("rubric", [])]
            questions.append(Question(**q))
        data["formulas"] = [Formula(**f) for f in data.get("formulas", [])]
        data["references"] = [Reference(**r) for r in data.get("references", [])]
        return cls(questions=questions, **data)


_QUESTION_FIELDS = ("id", "kind", "prompt", "explanation", "level", "hint", "options", "answer", "tolerance", "unit",
                    "sig_figs", "aliases", "reject", "model_answer", "rubric", "demo", "params", "seed", "answer_from", "format",
                    "label", "follows", "line")
_CARD_FIELDS = ("id", "title", "topic", "summary", "key_points", "tags", "level", "sources", "prerequisites",
                "pitfalls", "demos", "path", "line", "bundled")
