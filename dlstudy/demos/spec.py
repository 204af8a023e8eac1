"""Declarative demo metadata: parameters with types, defaults, bounds and help, the headline figures,
and the drill questions a demo generates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Literal

from dlstudy.text import fmt

if TYPE_CHECKING:
    from random import Random

ParamType = Literal["int", "float", "choice", "bool", "int_list", "float_list"]
PARAM_TYPES: tuple[ParamType, ...] = ("int", "float", "choice", "bool", "int_list", "float_list")


@dataclass(frozen=True)
class Param:
    """One demo parameter. Lists are typed on the command line as comma-separated values."""

    name: str
    type: ParamType
    default: Any
    help: str
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    min_len: int = 1
    max_len: int = 64

    def bounds_text(self) -> str:
        if self.type == "choice":
            return "one of " + "|".join(self.choices)
        if self.type == "bool":
            return "true|false"
        lo = "-inf" if self.min is None else fmt(self.min, None)
        hi = "inf" if self.max is None else fmt(self.max, None)
        rng = f"{lo}..{hi}"
        if self.type.endswith("_list"):
            kind = "whole numbers" if self.type == "int_list" else "numbers"
            return f"{self.min_len}..{self.max_len} comma-separated {kind}, each {rng}"
        return f"{'whole number ' if self.type == 'int' else ''}{rng}"

    def default_text(self) -> str:
        if isinstance(self.default, (list, tuple)):
            return ",".join(fmt(v, None) for v in self.default)
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return fmt(self.default, None) if isinstance(self.default, (int, float)) else str(self.default)


@dataclass(frozen=True)
class Drill:
    """One generated hand-computation question (`dlstudy drill`): run the demo with `params`, and the
    value at `answer_from` in its result is the answer, right within `abs` or within `rel` of it."""

    params: dict[str, Any]
    prompt: str
    answer_from: str
    explanation: str
    abs: float | None = None
    rel: float | None = None


@dataclass(frozen=True)
class DemoSpec:
    """What the registry knows about a demo without running it."""

    id: str
    title: str
    description: str
    topic: str
    cards: tuple[str, ...]
    params: tuple[Param, ...] = ()
    uses_torch: bool = False
    # headline figures: (label, result path) pairs shown by the demo lab's comparison table,
    # predict-question feedback and `dlstudy demo ID --help`
    headline: tuple[tuple[str, str], ...] = ()
    # optional cross-parameter check (pure Python): raise ParamError for combinations out of bounds
    check: Callable[[dict[str, Any]], None] | None = field(default=None, compare=False)
    # optional drill generator: fresh parameters drawn from the generator -> a question (`dlstudy drill`)
    drill: Callable[[Random], Drill] | None = field(default=None, compare=False)
    module: str = field(default="", compare=False)

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None

    def command(self, params: dict[str, Any] | None = None) -> str:
        parts = ["dlstudy", "demo", self.id]
        for key, value in (params or {}).items():
            if isinstance(value, (list, tuple)):
                value = ",".join(fmt(v, None) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            parts.append(f"{key}={value}")
        return " ".join(parts)
