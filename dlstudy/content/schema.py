"""Typed concept cards and questions (small dataclasses with to_dict/from_dict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

from dlstudy.kinds import KIND_NAMES as QUESTION_KINDS  # noqa: F401 - re-exported
from dlstudy.kinds import Kind
from dlstudy.kinds.base import RubricPoint, Tolerance  # noqa: F401 - re-exported for cards' users

if TYPE_CHECKING:
    from dlstudy.kinds.plugin import KindPlugin

LEVELS = ("basic", "intermediate", "advanced")


def is_kind(name: str) -> TypeGuard[Kind]:
    """Whether a name read from a card is a question kind (dlstudy.kinds.KIND_NAMES)."""
    return name in QUESTION_KINDS


# Built-in topics in study order; user decks may add their own topic ids.
TOPICS: dict[str, str] = {
    "foundations": "Math and probability foundations",
    "training": "Training and optimization",
    "neurons": "Neurons, activations and losses",
    "cnn": "Convolutional networks",
    "rnn": "Recurrent networks and sequences",
    "nlp": "NLP, attention and transformers",
    "llm": "Large language models and modern training",
    "vision": "Vision transformers and multimodal models",
    "beyond": "Unsupervised, generative and other topics",
}


LANGS = ("en", "zh")  # the languages a card's title and summary can be shown in (--lang, config lang)
TOPICS_ZH: dict[str, str] = {
    "foundations": "数学与概率基础",
    "training": "训练与优化",
    "neurons": "神经元、激活函数与损失函数",
    "cnn": "卷积神经网络",
    "rnn": "循环神经网络与序列",
    "nlp": "自然语言处理、注意力与 Transformer",
    "llm": "大语言模型与现代训练",
    "vision": "视觉 Transformer 与多模态模型",
    "beyond": "无监督、生成式与其他主题",
}


def topic_title(topic: str, lang: str = "en") -> str:
    if lang == "zh" and topic in TOPICS_ZH:
        return TOPICS_ZH[topic]
    return TOPICS.get(topic, topic.replace("-", " ").capitalize())


def card_title(card: "Card | CardInfo", lang: str = "en") -> str:
    """The card's title in the language asked, where the card has it (English otherwise)."""
    if lang == "zh":
        zh = card.zh.get("title") if isinstance(card, Card) else card.zh_title
        if zh:
            return zh
    return card.title


def topic_order(topic: str) -> int:
    keys = list(TOPICS)
    return keys.index(topic) if topic in keys else len(keys)


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
class Question:
    """A question: the fields every kind has, plus its kind's frozen part (`spec`, see dlstudy.kinds)."""

    id: str
    kind: Kind
    prompt: str
    explanation: str
    spec: Any = None
    level: str | None = None
    hint: str | None = None
    follows: str | None = None  # id of the question this one follows up (asked straight after it)
    line: int = 0

    @property
    def plugin(self) -> KindPlugin[Any]:
        """The question's kind (dlstudy/kinds): everything that depends on it goes through this."""
        from dlstudy import kinds

        return kinds.get(self.kind)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "prompt": self.prompt,
                                "explanation": self.explanation, "level": self.level, "hint": self.hint,
                                "follows": self.follows, "line": self.line}
        data.update(self.plugin.to_dict(self.spec))
        return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Question":
        from dlstudy import kinds

        common = ("id", "kind", "prompt", "explanation", "level", "hint", "follows")
        spec = kinds.get(data["kind"]).from_dict({k: v for k, v in data.items() if k not in common})
        return cls(id=data["id"], kind=data["kind"], prompt=data["prompt"], explanation=data["explanation"], spec=spec,
                   level=data.get("level"), hint=data.get("hint"), follows=data.get("follows"),
                   line=data.get("line", 0))


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
    def follow_ups(self) -> dict[str, str]:
        """question id -> the question it follows (`follows:`), for the follow-up questions."""
        return {q.id: q.follows for q in self.questions if q.follows}

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
        questions = [Question.from_dict(q) for q in data.pop("questions", [])]
        data["formulas"] = [Formula(**f) for f in data.get("formulas", [])]
        data["references"] = [Reference(**r) for r in data.get("references", [])]
        return cls(questions=questions, **data)


_CARD_FIELDS = ("id", "title", "topic", "summary", "key_points", "tags", "level", "sources", "prerequisites",
                "pitfalls", "demos", "path", "line", "bundled")


class CardRow(Protocol):
    """What a Card and a CardInfo both have: all that lists, dashboards and completion read."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def n_questions(self) -> int: ...
    @property
    def question_ids(self) -> list[str]: ...
    @property
    def demos(self) -> list[str]: ...
    @property
    def prerequisites(self) -> list[str]: ...
    @property
    def tags(self) -> list[str]: ...
    @property
    def zh_title(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def bundled(self) -> bool: ...


@dataclass
class CardInfo:
    """What lists need of a card, without its text: cheap to keep for 10,000 cards."""

    id: str
    title: str
    topic: str
    level: str
    n_questions: int
    demos: list[str]
    prerequisites: list[str]
    tags: list[str]
    zh_title: str
    line: int
    question_ids: list[str]
    path: str = ""
    bundled: bool = True
    root: str = ""
    rel: str = ""
    follow_ups: dict[str, str] = field(default_factory=dict)  # question id -> the question it follows

    @classmethod
    def of(cls, card: Card) -> "CardInfo":
        return cls(card.id, card.title, card.topic, card.level, len(card.questions), list(card.demos),
                   list(card.prerequisites), list(card.tags), card.zh.get("title", ""), card.line,
                   [q.id for q in card.questions], follow_ups=card.follow_ups)
