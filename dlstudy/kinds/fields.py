"""Reading and checking card fields: the helpers every kind's validation uses.

A `Ctx` is anything with `add(line, field, message)` (content's validator collects problems that
way); mappings and lists parsed with line tracking report the line of each key and item.
"""

from __future__ import annotations

import math
from typing import Any, Protocol

from dlstudy.kinds.base import Tolerance

MAX_OPTIONS = 8


class Ctx(Protocol):
    def add(self, line: int, field: str, message: str) -> None: ...


def line_no(obj: Any, key: str | None = None, default: int = 1) -> int:
    if hasattr(obj, "key_lines"):  # a mapping parsed with line tracking
        return obj.line_of(key) if key is not None else obj.line
    if hasattr(obj, "item_lines"):  # a list parsed with line tracking
        return obj.line
    return default


def item_line_no(seq: Any, index: int, default: int = 1) -> int:
    """Line of seq[index] when the YAML was parsed with line tracking, else the default."""
    return seq.line_of(index) if hasattr(seq, "item_lines") else default


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def read_text(ctx: Ctx, data: Any, key: str, prefix: str, required: bool = True) -> str | None:
    value = data.get(key)
    field = f"{prefix}{key}"
    if value is None:
        if required:
            ctx.add(line_no(data, key), field, "required field is missing" if key not in data else "must not be empty")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        ctx.add(line_no(data, key), field, f"must be text, not {type_name(value)}")
        return None
    text = str(value).strip()
    if not text and required:
        ctx.add(line_no(data, key), field, "must not be empty")
        return None
    return text


def read_text_list(ctx: Ctx, data: Any, key: str, prefix: str, required: bool = False) -> list[str]:
    value = data.get(key)
    field = f"{prefix}{key}"
    if value is None:
        if required:
            ctx.add(line_no(data, key), field, "required field is missing")
        return []
    if isinstance(value, str):
        ctx.add(line_no(data, key), field, "must be a list (write each item on its own '- ' line)")
        return []
    if not isinstance(value, list):
        ctx.add(line_no(data, key), field, f"must be a list, not {type_name(value)}")
        return []
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
            line = item_line_no(value, i, line_no(data, key))
            ctx.add(line, f"{field}[{i}]", f"must be non-empty text, not {type_name(item)}")
            continue
        out.append(str(item).strip())
    if required and not out and not any(p.field.startswith(field) for p in getattr(ctx, "problems", ())):
        ctx.add(line_no(data, key), field, "must have at least one item")
    return out


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def check_unknown_keys(ctx: Ctx, data: Any, allowed: set[str], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            hint = suggest(str(key), allowed)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            ctx.add(line_no(data, key), f"{prefix}{key}", f"unknown key{extra}")


def suggest(word: str, choices: set[str]) -> str | None:
    from dlstudy.text import suggestions

    found = suggestions(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def read_tolerance(ctx: Ctx, q: Any, prefix: str) -> Tolerance | None:
    tol = q.get("tolerance")
    field = f"{prefix}tolerance"
    if tol is None:
        ctx.add(line_no(q, "tolerance"), field, "numeric answers need a tolerance (abs and/or rel)")
        return None
    if not isinstance(tol, dict):
        ctx.add(line_no(q, "tolerance"), field, f"must be a mapping with abs and/or rel, not {type_name(tol)}")
        return None
    check_unknown_keys(ctx, tol, {"abs", "rel"}, field + ".")
    values: dict[str, float] = {}
    for key in ("abs", "rel"):
        if key in tol:
            num = as_number(tol[key])
            if num is None or not math.isfinite(num) or num < 0:
                ctx.add(line_no(tol, key), f"{field}.{key}", "must be a non-negative number")
            else:
                values[key] = num
    result = Tolerance(**values)
    if result.abs is None and result.rel is None:
        if not any(k in tol for k in ("abs", "rel")):
            ctx.add(line_no(q, "tolerance"), field, "give abs and/or rel")
        return None
    return result


def read_options(ctx: Ctx, q: Any, prefix: str, scalars: bool) -> list[Any]:
    opts = q.get("options")
    if not isinstance(opts, list) or len(opts) < 2:
        ctx.add(line_no(q, "options"), prefix + "options", "needs a list of at least 2 options")
        return []
    if len(opts) > MAX_OPTIONS:
        ctx.add(line_no(q, "options"), prefix + "options", f"at most {MAX_OPTIONS} options")
    out = []
    for i, o in enumerate(opts):
        ok = isinstance(o, (str, int, float, bool)) if scalars else isinstance(o, (str, int, float)) and not isinstance(o, bool)
        if not ok or (isinstance(o, str) and not o.strip()):
            ctx.add(item_line_no(opts, i), f"{prefix}options[{i}]", f"must be {'a value' if scalars else 'text'}, not {type_name(o)}")
            continue
        out.append(o if scalars else str(o).strip())
    if len({str(o).lower() for o in out}) != len(out):
        ctx.add(line_no(q, "options"), prefix + "options", "options must be different from each other")
    return out


def read_sig_figs(ctx: Ctx, q: Any, prefix: str) -> int | None:
    value = q.get("sig_figs")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        ctx.add(line_no(q, "sig_figs"), prefix + "sig_figs", "must be a whole number of significant figures, 1 to 6")
        return None
    return value
