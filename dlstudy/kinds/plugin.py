"""The interface every question kind gives the rest of dlstudy, so that no code outside this package
asks which kind a question is.

A kind is one module in this package with a `Spec` (its frozen fields), pure functions on plain values
(parse, grade, ...) and a `PLUGIN`: an instance of a `KindPlugin` subclass that the session, the
exports and `check` use. `kinds.get(name)` returns it. Everything the screen shows about a kind comes
back as data (`Span`s), which the session renders; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Generic, Literal, TypeVar

from dlstudy.kinds.base import Grade, RubricPoint

if TYPE_CHECKING:
    from dlstudy.kinds.fields import Ctx
    from dlstudy.kinds.probes import Probe

S = TypeVar("S")

Style = Literal["", "bold", "dim", "right", "wrong", "warn", "mark", "contradicted", "command"]


@dataclass(frozen=True)
class Span:
    """A piece of a feedback line: its text, how it is emphasised, and whether it is card prose (TeX
    inside it is shown as formulas) or plain text (shown as is)."""

    text: str
    style: Style = ""
    prose: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True)
class DemoRef:
    """The demo run a question's answer comes from: demo id, parameters, seed, and the path of the
    value in the demo's result."""

    demo: str
    params: dict[str, Any]
    seed: int
    answer_from: str

    @property
    def key(self) -> tuple[str, str, int]:
        return self.demo, repr(sorted(self.params.items())), self.seed


@dataclass
class GradeEnv:
    """What grading may ask of the session: the options in the order shown, the semantic model (a
    callable returning it or None), and a demo runner (demo id, params, seed -> a run with
    `to_dict()`). A kind that runs a demo leaves the run in `run` for the session to show."""

    order: list[Any] | None = None
    prompt: str = ""  # the question as asked (short answers may leave out words it supplies)
    semantic: Callable[[], Any] | None = None
    run_demo: Callable[[str, dict[str, Any], int], Any] | None = None
    run: Any = None


class KindPlugin(Generic[S]):
    """One question kind. Subclasses set `name` and `fields` and implement `parse`, `to_dict`,
    `from_dict`, `tip` and `grade`; every other method has a default that fits a kind without options,
    demos or a rubric."""

    name: ClassVar[str]
    fields: ClassVar[frozenset[str]]
    interview_main: ClassVar[bool] = False  # a mock interview draws its main questions from these kinds
    self_rated: ClassVar[bool] = False  # the learner rates the answer against a rubric (open answers)
    short_name: ClassVar[str | None] = None  # the name on narrow screens, when shorter than `name`

    @property
    def narrow_name(self) -> str:
        """The kind's name where columns are few."""
        return self.short_name or self.name

    # ----- the card -----
    def parse(self, ctx: Ctx, q: Any, prefix: str, demo_ids: set[str] | None = None) -> S | None:
        raise NotImplementedError

    def to_dict(self, spec: S) -> dict[str, Any]:
        raise NotImplementedError

    def from_dict(self, d: dict[str, Any]) -> S:
        raise NotImplementedError

    def problems(self, spec: S, prompt: str) -> list[tuple[str, str]]:
        """What `dlstudy check` proves beyond parsing: (field, message) for each failure."""
        return []

    def demo_ref(self, spec: S) -> DemoRef | None:
        """The demo run the answer is read from (predict questions), else None."""
        return None

    def demo_value(self, spec: S, result: dict[str, Any]) -> Any:
        """The value the answer is read from in a result of demo_ref's run (KeyError when the card's path
        names nothing there). Only kinds with a demo_ref have one."""
        raise KeyError(f"a {self.name} question reads no demo")

    def value_problem(self, spec: S, value: Any) -> str | None:
        """Why a demo value cannot answer the question (for `check`), or None if it can."""
        return None

    def rubric(self, spec: S) -> tuple[RubricPoint, ...]:
        return ()

    def multi(self, spec: S) -> bool:
        """More than one right option."""
        return False

    # ----- asking -----
    def preamble(self, spec: S) -> Line | None:
        """A line shown above the prompt (predict: the demo command)."""
        return None

    def prompt_text(self, spec: S, prompt: str) -> str:
        """The prompt as shown: with the precision and unit asked when the kind adds them."""
        return prompt

    def options(self, spec: S) -> tuple[Any, ...]:
        """The options to show (shuffled by the session), or () for a typed answer."""
        return ()

    def tip(self, spec: S) -> str:
        raise NotImplementedError

    def grade(self, spec: S, text: str, env: GradeEnv) -> Grade:
        """Grade one answer (AnswerError: input of the wrong shape, asked again)."""
        raise NotImplementedError

    # ----- after the answer -----
    def feedback(self, spec: S, grade: Grade) -> list[Line]:
        """What the learner sees after answering, before the explanation."""
        if grade.correct:
            return [(Span("✓ right", "right"), Span(" " + grade.feedback if grade.feedback else ""))]
        lines: list[Line] = [(Span("✗ not quite", "wrong"), Span(" — the answer is "), Span(grade.expected, "bold"))]
        return lines

    def skip_answer(self, spec: S) -> Span:
        """The answer shown after a skip."""
        raise NotImplementedError

    def probes(self, spec: S, seed: object, grade: Grade | None = None) -> list[Probe]:
        """Either/or questions that let the learner prove the points of a self-rated answer (kinds/probes.py),
        drawn with the seed; none by default."""
        return []

    def points(self, spec: S, details: dict[str, Any]) -> list[dict[str, Any]]:
        """The rubric points of an answer as recorded in its details: `{"point", "mark", "counted",
        "probe"}` each, in rubric order (empty for a kind without a rubric)."""
        return []

    def points_rating(self, spec: S, covered: int) -> int:
        """The rating that `covered` rubric points earn (the kind's one rule)."""
        raise NotImplementedError

    # ----- exports -----
    def anki_front(self, spec: S, esc: Callable[[str], str]) -> str:
        """HTML shown above the prompt on the note's front."""
        return ""

    def anki_back(self, spec: S, order: list[Any], esc: Callable[[str], str], value: Any = None) -> str:
        """The note's back side: the answer (esc escapes text and turns $TeX$ into MathJax); value is the
        demo's value for kinds with a demo_ref."""
        raise NotImplementedError
