"""Parse and validate demo parameters from `key=value` strings or YAML values."""

from __future__ import annotations

import math
from typing import Any

from dlstudy.demos.spec import DemoSpec, Param
from dlstudy.errors import UsageError

MAX_TEXT = 10_000


class ParamError(UsageError):
    """A bad demo parameter; the message names it and its allowed range."""


def _as_number(p: Param, raw: Any, integer: bool) -> float | int:
    if isinstance(raw, bool):
        raise ParamError(f"parameter '{p.name}' must be {p.bounds_text()}, got '{raw}'")
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = str(raw).strip()
        if len(text) > 100:
            raise ParamError(f"parameter '{p.name}' value is too long; allowed: {p.bounds_text()}")
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            kind = "a whole number" if integer else "a number"
            raise ParamError(f"parameter '{p.name}' must be {kind} ({p.bounds_text()}), got '{text}'") from None
    if integer:
        if isinstance(value, float):
            if not value.is_integer():
                raise ParamError(f"parameter '{p.name}' must be a whole number ({p.bounds_text()}), got '{raw}'")
            value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value) and (p.min is not None or p.max is not None):
            raise ParamError(f"parameter '{p.name}' must be finite ({p.bounds_text()}), got '{raw}'")
        if math.isnan(value):
            raise ParamError(f"parameter '{p.name}' must be a number ({p.bounds_text()}), got 'nan'")
    if (p.min is not None and value < p.min) or (p.max is not None and value > p.max):
        raise ParamError(f"parameter '{p.name}' is out of range: {raw} (allowed: {p.bounds_text()})")
    return value


def parse_value(p: Param, raw: Any) -> Any:
    if p.type in ("int", "float"):
        return _as_number(p, raw, p.type == "int")
    if p.type == "choice":
        text = str(raw).strip()
        if text not in p.choices:
            raise ParamError(f"parameter '{p.name}' must be one of {'|'.join(p.choices)}, got '{text[:40]}'")
        return text
    if p.type == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "yes", "1", "on"):
            return True
        if text in ("false", "no", "0", "off"):
            return False
        raise ParamError(f"parameter '{p.name}' must be true or false, got '{text[:40]}'")
    if p.type in ("int_list", "float_list"):
        if isinstance(raw, (list, tuple)):
            items = list(raw)
        else:
            text = str(raw)
            if len(text) > MAX_TEXT:
                raise ParamError(f"parameter '{p.name}' is too long; allowed: {p.bounds_text()}")
            items = list(text.replace(" ", "").split(","))
            if items == [""]:
                items = []
        if len(items) > p.max_len:
            raise ParamError(f"parameter '{p.name}' has {len(items)} values, at most {p.max_len} allowed ({p.bounds_text()})")
        if len(items) < p.min_len:
            raise ParamError(f"parameter '{p.name}' needs at least {p.min_len} values ({p.bounds_text()})")
        integer = p.type == "int_list"
        out = []
        for item in items:
            if isinstance(item, str) and not item:
                raise ParamError(f"parameter '{p.name}' has an empty value in its list ({p.bounds_text()})")
            out.append(_as_number(p, item, integer))
        return out
    raise ParamError(f"parameter '{p.name}' has an unknown type {p.type}")  # pragma: no cover


def parse_params(spec: DemoSpec, given: dict[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with the given values, each validated. Raises ParamError (exit 2)."""
    values = {p.name: (list(p.default) if isinstance(p.default, (list, tuple)) else p.default) for p in spec.params}
    for key, raw in given.items():
        p = spec.param(key)
        if p is None:
            names = ", ".join(q.name for q in spec.params) or "none"
            raise ParamError(f"demo '{spec.id}' has no parameter '{key}' (parameters: {names})")
        values[key] = parse_value(p, raw)
    if spec.check is not None:
        spec.check(values)
    return values


def parse_assignments(spec: DemoSpec, args: list[str]) -> dict[str, Any]:
    """`key=value` command-line words into validated parameters."""
    given: dict[str, str] = {}
    for arg in args:
        if "=" not in arg:
            raise ParamError(f"expected key=value, got '{arg[:60]}' (see 'dlstudy demo {spec.id} --help')")
        key, _, value = arg.partition("=")
        given[key.strip().replace("-", "_")] = value
    return parse_params(spec, given)
