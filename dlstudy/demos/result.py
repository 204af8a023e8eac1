"""Demo results: conversion to plain dicts, strict JSON, and paths into a result (`naive[0]`)."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from typing import Any

NOT_OUTPUT = "dlstudy_not_output"  # the metadata key of a raw_field()


def raw_field() -> Any:
    """A result field for the raw data a demo computed from (arrays kept for tests and scripts): left as it
    is by make_plain, and never part of to_dict() or --json."""
    return dataclasses.field(default_factory=dict, repr=False, compare=False, metadata={NOT_OUTPUT: True})


def _output_fields(obj: Any) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(obj) if not f.metadata.get(NOT_OUTPUT)]


class DemoResult:
    """Base for demo result dataclasses: to_dict() gives plain Python (lists, dicts, floats)."""

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = to_plain(self)
        return result

    def make_plain(self) -> None:
        """Turn every field into plain Python in place (numpy arrays into lists, numpy numbers into int
        and float, tuples into lists), so that what a renderer reads is what --json shows. The runner
        calls it on every result; a raw_field() is left alone."""
        if dataclasses.is_dataclass(self):  # every demo's result is
            for f in _output_fields(self):
                setattr(self, f.name, to_plain(getattr(self, f.name)))


def to_plain(obj: Any) -> Any:
    """Recursively convert dataclasses, numpy scalars/arrays and tuples into JSON-shaped Python."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in _output_fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return obj
    # numpy / torch scalars and arrays, without importing them here
    if hasattr(obj, "tolist"):
        return to_plain(obj.tolist())
    if hasattr(obj, "item"):
        return to_plain(obj.item())
    return str(obj)


def json_safe(obj: Any) -> Any:
    """Non-finite floats become the strings "nan", "inf", "-inf" (strict JSON)."""
    if isinstance(obj, float):
        if math.isnan(obj):
            return "nan"
        if math.isinf(obj):
            return "inf" if obj > 0 else "-inf"
        return obj
    if isinstance(obj, dict):
        return {k: json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [json_safe(v) for v in obj]
    return obj


def to_json(data: Any, indent: int | None = 2) -> str:
    return json.dumps(json_safe(to_plain(data)), indent=indent, allow_nan=False, ensure_ascii=False)


_TOKEN = re.compile(r"\s*(?:\.?([A-Za-z_][A-Za-z0-9_]*)|\[\s*([^\]]+?)\s*\])")


def parse_path(path: str) -> list[str | int]:
    """`a.b[0].c` or `layers[normal_0.01].forward_variance[-1]` -> ['a', 'b', 0, 'c'] / ..."""
    if not isinstance(path, str) or not path.strip():
        raise ValueError("answer_from must be a path such as 'naive[0]' or 'fit.forward.mu'")
    parts: list[str | int] = []
    pos = 0
    text = path.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos or (pos == 0 and text[0] == "."):
            raise ValueError(f"cannot read path '{path}' at '{text[pos:]}' (write e.g. 'naive[0]' or 'fit.forward.mu')")
        name, inner = m.group(1), m.group(2)
        if name is not None:
            parts.append(name)
        else:
            inner = inner.strip("'\"")
            parts.append(int(inner) if re.fullmatch(r"-?\d+", inner) else inner)
        pos = m.end()
    return parts


def lookup(data: Any, path: str) -> Any:
    """Follow a path into a plain result dict. Raises KeyError with a readable message."""
    cur = data
    walked = ""
    for part in parse_path(path):
        if isinstance(part, int):
            if not isinstance(cur, list) or not -len(cur) <= part < len(cur):
                raise KeyError(f"'{path}': no item [{part}] at '{walked or 'result'}'")
            cur = cur[part]
            walked += f"[{part}]"
        else:
            if not isinstance(cur, dict) or part not in cur:
                keys = ", ".join(list(cur)[:12]) if isinstance(cur, dict) else "none (not a mapping)"
                raise KeyError(f"'{path}': no key '{part}' at '{walked or 'result'}' (keys: {keys})")
            cur = cur[part]
            walked += f".{part}" if walked else part
    return cur


def _norm_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        s = v.strip().lower()
        if s in ("yes", "true"):
            return "true"
        if s in ("no", "false"):
            return "false"
        try:
            return float(s)
        except ValueError:
            return s
    return repr(v)


def option_index(options: list[Any], value: Any) -> int | None:
    """Which of a predict question's options equals the demo's value (None if none does)."""
    target = _norm_value(value)
    for i, opt in enumerate(options):
        o = _norm_value(opt)
        if isinstance(o, float) and isinstance(target, float):
            if math.isclose(o, target, rel_tol=1e-9, abs_tol=1e-12):
                return i
        elif o == target:
            return i
    return None


def option_text(opt: Any) -> str:
    if isinstance(opt, bool):
        return "yes" if opt else "no"
    return str(opt)
