"""Turn parsed YAML into typed cards, reporting every problem with file, line, card id and field."""

from __future__ import annotations

import math
import re
from typing import Any

from dlstudy.content.lines import LineDict, LineList
from dlstudy.content.problems import Problem
from dlstudy.content.schema import (
    LEVELS,
    QUESTION_KINDS,
    Card,
    Formula,
    Question,
    Reference,
    RubricPoint,
    Tolerance,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

CARD_FIELDS = {
    "id", "title", "topic", "tags", "level", "sources", "prerequisites", "summary", "key_points",
    "formulas", "pitfalls", "demos", "questions", "zh",
}
CARD_REQUIRED = ("id", "title", "topic", "summary", "key_points", "questions")
COMMON_Q_FIELDS = {"id", "kind", "prompt", "explanation", "level", "hint", "follows"}
KIND_FIELDS = {
    "choice": {"options", "answer"},
    "numeric": {"answer", "tolerance", "unit", "sig_figs"},
    "short": {"answer", "aliases", "reject"},
    "open": {"model_answer", "rubric"},
    "predict": {"demo", "params", "seed", "answer_from", "format", "options", "tolerance", "unit", "sig_figs", "label"},
}
REFERENCE_FIELDS = {"author", "year", "title", "venue"}
MAX_OPTIONS = 8


class _Ctx:
    """Collects problems for one file/card while fields are read."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        self.card_id = ""

    def add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, self.card_id, field, message))


def _line(obj: Any, key: str | None = None, default: int = 1) -> int:
    if isinstance(obj, LineDict):
        return obj.line_of(key) if key is not None else obj.line
    if isinstance(obj, LineList):
        return obj.line
    return default


def _item_line(seq: Any, index: int, default: int = 1) -> int:
    """Line of seq[index] when the YAML was parsed with line tracking, else the default."""
    return seq.line_of(index) if isinstance(seq, LineList) else default


def _typename(value: Any) -> str:
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


def _text(ctx: _Ctx, data: LineDict, key: str, prefix: str, required: bool = True) -> str | None:
    value = data.get(key)
    field = f"{prefix}{key}"
    if value is None:
        if required:
            ctx.add(_line(data, key), field, "required field is missing" if key not in data else "must not be empty")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        ctx.add(_line(data, key), field, f"must be text, not {_typename(value)}")
        return None
    text = str(value).strip()
    if not text and required:
        ctx.add(_line(data, key), field, "must not be empty")
        return None
    return text


def _text_list(ctx: _Ctx, data: LineDict, key: str, prefix: str, required: bool = False) -> list[str]:
    value = data.get(key)
    field = f"{prefix}{key}"
    if value is None:
        if required:
            ctx.add(_line(data, key), field, "required field is missing")
        return []
    if isinstance(value, str):
        ctx.add(_line(data, key), field, "must be a list (write each item on its own '- ' line)")
        return []
    if not isinstance(value, list):
        ctx.add(_line(data, key), field, f"must be a list, not {_typename(value)}")
        return []
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
            line = value.line_of(i) if isinstance(value, LineList) else _line(data, key)
            ctx.add(line, f"{field}[{i}]", f"must be non-empty text, not {_typename(item)}")
            continue
        out.append(str(item).strip())
    if required and not out and not any(p.field.startswith(field) for p in ctx.problems):
        ctx.add(_line(data, key), field, "must have at least one item")
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _unknown_keys(ctx: _Ctx, data: LineDict, allowed: set[str], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            hint = _suggest(str(key), allowed)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            ctx.add(_line(data, key), f"{prefix}{key}", f"unknown key{extra}")


def _suggest(word: str, choices: set[str]) -> str | None:
    from dlstudy.text import suggestions

    found = suggestions(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _tolerance(ctx: _Ctx, q: LineDict, prefix: str) -> Tolerance | None:
    tol = q.get("tolerance")
    field = f"{prefix}tolerance"
    if tol is None:
        ctx.add(_line(q, "tolerance"), field, "numeric answers need a tolerance (abs and/or rel)")
        return None
    if not isinstance(tol, dict):
        ctx.add(_line(q, "tolerance"), field, f"must be a mapping with abs and/or rel, not {_typename(tol)}")
        return None
    _unknown_keys(ctx, tol, {"abs", "rel"}, field + ".")
    result = Tolerance()
    for key in ("abs", "rel"):
        if key in tol:
            num = _number(tol[key])
            if num is None or not math.isfinite(num) or num < 0:
                ctx.add(_line(tol, key), f"{field}.{key}", "must be a non-negative number")
            else:
                setattr(result, key, num)
    if result.abs is None and result.rel is None:
        if not any(k in tol for k in ("abs", "rel")):
            ctx.add(_line(q, "tolerance"), field, "give abs and/or rel")
        return None
    return result


def _question(ctx: _Ctx, q: Any, index: int, line: int, demo_ids: set[str] | None) -> Question | None:
    prefix = f"questions[{index}]."
    if not isinstance(q, dict):
        ctx.add(line, f"questions[{index}]", f"must be a mapping, not {_typename(q)}")
        return None
    qid = _text(ctx, q, "id", prefix)
    if qid is not None:
        prefix = f"questions[{qid}]."
        if not ID_RE.match(qid):
            ctx.add(_line(q, "id"), prefix + "id", "must be kebab-case (lower-case letters, digits, '-')")
    kind = _text(ctx, q, "kind", prefix)
    if kind is not None and kind not in QUESTION_KINDS:
        ctx.add(_line(q, "kind"), prefix + "kind", f"unknown kind '{kind}' (choose from {', '.join(QUESTION_KINDS)})")
        kind = None
    prompt = _text(ctx, q, "prompt", prefix)
    explanation = _text(ctx, q, "explanation", prefix)
    level = _text(ctx, q, "level", prefix, required=False)
    if level is not None and level not in LEVELS:
        ctx.add(_line(q, "level"), prefix + "level", f"must be one of {', '.join(LEVELS)}")
    hint = _text(ctx, q, "hint", prefix, required=False)
    follows = _text(ctx, q, "follows", prefix, required=False)
    if kind is None:
        return None
    _unknown_keys(ctx, q, COMMON_Q_FIELDS | KIND_FIELDS[kind], prefix)
    before = len(ctx.problems)
    question = Question(
        id=qid or "", kind=kind, prompt=prompt or "", explanation=explanation or "", level=level, hint=hint,
        follows=follows, line=_line(q),
    )
    {"choice": _choice, "numeric": _numeric, "short": _short, "open": _open, "predict": _predict}[kind](
        ctx, q, prefix, question, demo_ids
    )
    if len(ctx.problems) != before or qid is None or prompt is None or explanation is None:
        return None
    return question


def _options(ctx: _Ctx, q: LineDict, prefix: str, scalars: bool) -> list[Any]:
    opts = q.get("options")
    if not isinstance(opts, list) or len(opts) < 2:
        ctx.add(_line(q, "options"), prefix + "options", "needs a list of at least 2 options")
        return []
    if len(opts) > MAX_OPTIONS:
        ctx.add(_line(q, "options"), prefix + "options", f"at most {MAX_OPTIONS} options")
    out = []
    for i, o in enumerate(opts):
        ok = isinstance(o, (str, int, float, bool)) if scalars else isinstance(o, (str, int, float)) and not isinstance(o, bool)
        if not ok or (isinstance(o, str) and not o.strip()):
            ctx.add(_item_line(opts, i), f"{prefix}options[{i}]", f"must be {'a value' if scalars else 'text'}, not {_typename(o)}")
            continue
        out.append(o if scalars else str(o).strip())
    if len({str(o).lower() for o in out}) != len(out):
        ctx.add(_line(q, "options"), prefix + "options", "options must be different from each other")
    return out


def _choice(ctx: _Ctx, q: LineDict, prefix: str, out: Question, demo_ids: set[str] | None) -> None:
    out.options = _options(ctx, q, prefix, scalars=False)
    ans = q.get("answer")
    answers = ans if isinstance(ans, list) else [ans]
    if ans is None or not answers:
        ctx.add(_line(q, "answer"), prefix + "answer", "required: the right option's text (or a list of them)")
        return
    texts = []
    for a in answers:
        text = str(a).strip() if isinstance(a, (str, int, float)) and not isinstance(a, bool) else None
        if text is None or text not in out.options:
            ctx.add(_line(q, "answer"), prefix + "answer", f"'{a}' is not one of the options")
        else:
            texts.append(text)
    out.answer = texts if isinstance(ans, list) else (texts[0] if texts else None)


def _numeric(ctx: _Ctx, q: LineDict, prefix: str, out: Question, demo_ids: set[str] | None) -> None:
    num = _number(q.get("answer"))
    if num is None or not math.isfinite(num):
        ctx.add(_line(q, "answer"), prefix + "answer", "must be a finite number")
    out.answer = num
    out.tolerance = _tolerance(ctx, q, prefix)
    out.unit = _text(ctx, q, "unit", prefix, required=False)
    out.sig_figs = _sig_figs(ctx, q, prefix)


def _sig_figs(ctx: _Ctx, q: LineDict, prefix: str) -> int | None:
    value = q.get("sig_figs")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        ctx.add(_line(q, "sig_figs"), prefix + "sig_figs", "must be a whole number of significant figures, 1 to 6")
        return None
    return value


def _short(ctx: _Ctx, q: LineDict, prefix: str, out: Question, demo_ids: set[str] | None) -> None:
    out.answer = _text(ctx, q, "answer", prefix)
    out.aliases = _text_list(ctx, q, "aliases", prefix)
    out.reject = _text_list(ctx, q, "reject", prefix)


def _open(ctx: _Ctx, q: LineDict, prefix: str, out: Question, demo_ids: set[str] | None) -> None:
    out.model_answer = _text(ctx, q, "model_answer", prefix)
    rubric = q.get("rubric")
    if not isinstance(rubric, list) or not rubric:
        ctx.add(_line(q, "rubric"), prefix + "rubric", "needs a list of key points, each with point and keywords")
        return
    for i, item in enumerate(rubric):
        field = f"{prefix}rubric[{i}]"
        if not isinstance(item, dict):
            ctx.add(_item_line(rubric, i), field, "must be a mapping with point and keywords")
            continue
        _unknown_keys(ctx, item, {"point", "keywords"}, field + ".")
        point = _text(ctx, item, "point", field + ".")
        keywords = _text_list(ctx, item, "keywords", field + ".", required=True)
        if point and keywords:
            out.rubric.append(RubricPoint(point=point, keywords=[k.lower() for k in keywords]))


def _predict(ctx: _Ctx, q: LineDict, prefix: str, out: Question, demo_ids: set[str] | None) -> None:
    demo = _text(ctx, q, "demo", prefix)
    out.demo = demo
    if demo is not None and demo_ids is not None and demo not in demo_ids:
        ctx.add(_line(q, "demo"), prefix + "demo", f"'{demo}' is not a registered demo (see 'dlstudy demo')")
    params = q.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        ctx.add(_line(q, "params"), prefix + "params", "must be a mapping of demo parameters")
        params = {}
    out.params = {str(k): (list(v) if isinstance(v, list) else v) for k, v in params.items()}
    seed = q.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        ctx.add(_line(q, "seed"), prefix + "seed", "must be a non-negative whole number")
    else:
        out.seed = seed
    out.answer_from = _text(ctx, q, "answer_from", prefix)
    if out.answer_from is not None:
        from dlstudy.demos.result import parse_path

        try:
            parse_path(out.answer_from)
        except ValueError as exc:
            ctx.add(_line(q, "answer_from"), prefix + "answer_from", str(exc))
    if "answer" in q:
        ctx.add(_line(q, "answer"), prefix + "answer", "predict questions take the answer from the demo (answer_from), never from the card")
    fmt = _text(ctx, q, "format", prefix)
    if fmt is not None and fmt not in ("choice", "numeric"):
        ctx.add(_line(q, "format"), prefix + "format", "must be choice or numeric")
        fmt = None
    out.format = fmt
    out.label = _text(ctx, q, "label", prefix, required=False)
    if fmt == "choice":
        out.options = _options(ctx, q, prefix, scalars=True)
        if "tolerance" in q:
            ctx.add(_line(q, "tolerance"), prefix + "tolerance", "only numeric predictions take a tolerance")
    elif fmt == "numeric":
        out.tolerance = _tolerance(ctx, q, prefix)
        out.unit = _text(ctx, q, "unit", prefix, required=False)
        out.sig_figs = _sig_figs(ctx, q, prefix)
        if "options" in q:
            ctx.add(_line(q, "options"), prefix + "options", "only choice predictions take options")
    if demo is not None and (demo_ids is None or demo in demo_ids):
        from dlstudy.demos.registry import get_spec

        spec = get_spec(demo)
        if spec is not None:
            from dlstudy.demos.params import ParamError, parse_params

            try:
                parse_params(spec, out.params)
            except ParamError as exc:
                ctx.add(_line(q, "params"), prefix + "params", str(exc))


def _sources(ctx: _Ctx, raw: LineDict) -> tuple[list[str], list[Reference]]:
    """`sources`: each item a note id (text) or a reference mapping {author, year, title[, venue]}."""
    value = raw.get("sources")
    if value is None:
        return [], []
    if not isinstance(value, list):
        ctx.add(_line(raw, "sources"), "sources", f"must be a list, not {_typename(value)}")
        return [], []
    notes: list[str] = []
    refs: list[Reference] = []
    for i, item in enumerate(value):
        field = f"sources[{i}]"
        if isinstance(item, dict):
            _unknown_keys(ctx, item, REFERENCE_FIELDS, field + ".")
            author = _text(ctx, item, "author", field + ".")
            title = _text(ctx, item, "title", field + ".")
            venue = _text(ctx, item, "venue", field + ".", required=False)
            year = item.get("year")
            if isinstance(year, bool) or not isinstance(year, int) or not 1600 <= year <= 2100:
                ctx.add(_line(item, "year"), field + ".year", "must be a year (a whole number such as 2017)")
                year = None
            if author and title and year is not None:
                refs.append(Reference(author=author, year=year, title=title, venue=venue))
        elif isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
            notes.append(str(item).strip())
        else:
            ctx.add(_item_line(value, i), field, "must be a note id or a reference with author, year and title")
    return notes, refs


def _control_chars(ctx: _Ctx, value: Any, field: str, line: int) -> None:
    """Report C0/C1 control characters (other than newline and tab) in every key and text value."""
    from dlstudy.text import control_chars

    if isinstance(value, str):
        found = control_chars(value)
        if found:
            ctx.add(line, field, f"contains control characters ({', '.join(found[:5])}); "
                                 "terminal escape sequences are not allowed in cards")
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{field}.{key}" if field else str(key)
            if isinstance(key, str) and control_chars(key):
                ctx.add(_line(value, key, line), name, f"key contains control characters ({', '.join(control_chars(key)[:5])})")
            _control_chars(ctx, item, name, _line(value, key, line) if isinstance(key, str) else line)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _control_chars(ctx, item, f"{field}[{i}]", _item_line(value, i, line))


def build_card(raw: Any, file: str, problems: list[Problem], demo_ids: set[str] | None, line: int = 1) -> Card | None:
    """Validate one card mapping; append problems; return the Card if it is fully valid."""
    ctx = _Ctx(file, problems)
    if not isinstance(raw, dict):
        ctx.add(line, "", f"a card must be a mapping of fields, not {_typename(raw)}")
        return None
    raw_id = raw.get("id")
    if isinstance(raw_id, str) and raw_id.strip():
        ctx.card_id = raw_id.strip()
    before = len(problems)
    _control_chars(ctx, raw, "", _line(raw))
    for key in CARD_REQUIRED:
        if key not in raw:
            ctx.add(_line(raw), key, "required field is missing")
    _unknown_keys(ctx, raw, CARD_FIELDS, "")
    cid = _text(ctx, raw, "id", "", required="id" in raw)
    if cid is not None and not ID_RE.match(cid):
        ctx.add(_line(raw, "id"), "id", "must be kebab-case (lower-case letters, digits, '-')")
    title = _text(ctx, raw, "title", "", required="title" in raw)
    topic = _text(ctx, raw, "topic", "", required="topic" in raw)
    if topic is not None and not ID_RE.match(topic):
        ctx.add(_line(raw, "topic"), "topic", "must be kebab-case (lower-case letters, digits, '-')")
    summary = _text(ctx, raw, "summary", "", required="summary" in raw)
    level = _text(ctx, raw, "level", "", required=False) or "basic"
    if level not in LEVELS:
        ctx.add(_line(raw, "level"), "level", f"must be one of {', '.join(LEVELS)}")
    key_points = _text_list(ctx, raw, "key_points", "", required="key_points" in raw)
    tags = _text_list(ctx, raw, "tags", "")
    sources, references = _sources(ctx, raw)
    prereqs = _text_list(ctx, raw, "prerequisites", "")
    pitfalls = _text_list(ctx, raw, "pitfalls", "")
    demos = _text_list(ctx, raw, "demos", "")
    for i, demo in enumerate(demos):
        if demo_ids is not None and demo not in demo_ids:
            ctx.add(_line(raw, "demos"), f"demos[{i}]", f"'{demo}' is not a registered demo (see 'dlstudy demo')")
    if cid is not None and cid in prereqs:
        ctx.add(_line(raw, "prerequisites"), "prerequisites", "a card cannot be its own prerequisite")
    formulas: list[Formula] = []
    fraw = raw.get("formulas")
    if fraw is not None:
        if not isinstance(fraw, list):
            ctx.add(_line(raw, "formulas"), "formulas", f"must be a list, not {_typename(fraw)}")
        else:
            for i, f in enumerate(fraw):
                if isinstance(f, str) and f.strip():
                    formulas.append(Formula(tex=f.strip()))
                elif isinstance(f, dict):
                    _unknown_keys(ctx, f, {"tex", "label"}, f"formulas[{i}].")
                    tex = _text(ctx, f, "tex", f"formulas[{i}].")
                    label = _text(ctx, f, "label", f"formulas[{i}].", required=False)
                    if tex:
                        formulas.append(Formula(tex=tex, label=label))
                else:
                    ctx.add(_item_line(fraw, i), f"formulas[{i}]", "must be TeX text or a mapping with tex and label")
    zh: dict[str, str] = {}
    zraw = raw.get("zh")
    if zraw is not None:
        if not isinstance(zraw, dict):
            ctx.add(_line(raw, "zh"), "zh", "must be a mapping with title and/or summary")
        else:
            _unknown_keys(ctx, zraw, {"title", "summary"}, "zh.")
            for key in ("title", "summary"):
                val = _text(ctx, zraw, key, "zh.", required=False)
                if val:
                    zh[key] = val
    questions: list[Question] = []
    qraw = raw.get("questions")
    if "questions" in raw:
        if not isinstance(qraw, list) or not qraw:
            ctx.add(_line(raw, "questions"), "questions", "must be a non-empty list of questions")
        else:
            seen: dict[str, int] = {}
            for i, q in enumerate(qraw):
                qline = _item_line(qraw, i)
                question = _question(ctx, q, i, qline, demo_ids)
                qid = q.get("id") if isinstance(q, dict) else None
                if isinstance(qid, str):
                    if qid in seen:
                        ctx.add(_line(q, "id"), f"questions[{qid}].id", f"duplicate question id (first at line {seen[qid]})")
                    else:
                        seen[qid] = _line(q, "id")
                if question is not None:
                    questions.append(question)
    if len(problems) != before:
        return None
    return Card(
        id=cid or "", title=title or "", topic=topic or "", summary=summary or "", key_points=key_points,
        questions=questions, tags=tags, level=level, sources=sources, references=references,
        prerequisites=prereqs, formulas=formulas,
        pitfalls=pitfalls, demos=demos, zh=zh, path=file, line=_line(raw),
    )


