"""Declarative demo metadata: parameters with types, defaults, bounds and help."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

PARAM_TYPES = ("int", "float", "choice", "bool", "int_list", "float_list")


@dataclass(frozen=True)
class Param:
    """One demo parameter. Lists are typed on the command line as comma-separated values."""

    name: str
    type: str
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
        lo = "-inf" if self.min is None else _fmt(self.min)
        hi = "inf" if self.max is None else _fmt(self.max)
        rng = f"{lo}..{hi}"
        if self.type.endswith("_list"):
            kind = "whole numbers" if self.type == "int_list" else "numbers"
            return f"{self.min_len}..{self.max_len} comma-separated {kind}, each {rng}"
        return f"{'whole number ' if self.type == 'int' else ''}{rng}"

    def default_text(self) -> str:
        if isinstance(self.default, (list, tuple)):
            return ",".join(_fmt(v) for v in self.default)
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return _fmt(self.default) if isinstance(self.default, (int, float)) else str(self.default)


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


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
                value = ",".join(_fmt(v) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            parts.append(f"{key}={value}")
        return " ".join(parts)
