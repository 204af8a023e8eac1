"""Turn parsed YAML into typed cards, reporting every problem with file, line, card id and field."""

from __future__ import annotations

import re
from typing import Any

from dlstudy import kinds
from dlstudy.content.problems import Problem
from dlstudy.content.schema import LEVELS, QUESTION_KINDS, Card, Formula, Question, Reference, is_kind
from dlstudy.kinds import Kind
from dlstudy.kinds import fields as F

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

CARD_FIELDS = {
    "id", "title", "topic", "tags", "level", "sources", "prerequisites", "summary", "key_points",
    "formulas", "pitfalls", "demos", "questions", "zh",
}
CARD_REQUIRED = ("id", "title", "topic", "summary", "key_points", "questions")
COMMON_Q_FIELDS = {"id", "kind", "prompt", "explanation", "level", "hint", "follows"}
REFERENCE_FIELDS = {"author", "year", "title", "venue"}


class _Ctx:
    """Collects problems for one file/card while fields are read. deep: also what `dlstudy check` proves
    (kinds' problems, follow-ups; bundled: misconceptions on every rubric point)."""

    def __init__(self, file: str, problems: list[Problem], deep: bool = False, bundled: bool = False):
        self.file = file
        self.problems = problems
        self.card_id = ""
        self.deep = deep
        self.bundled = bundled
        self.proofs: list[Problem] = []  # deep problems: reported, but the card still counts as read

    def prove(self, line: int, field: str, message: str) -> None:
        self.proofs.append(Problem(self.file, line, self.card_id, field, message))

    def add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, self.card_id, field, message))


# field helpers shared with the kinds (kinds/fields.py), under the names this module always used
_line = F.line_no
_item_line = F.item_line_no
_typename = F.type_name
_text = F.read_text
_text_list = F.read_text_list
_unknown_keys = F.check_unknown_keys
_suggest = F.suggest


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
    raw_kind = _text(ctx, q, "kind", prefix)
    kind: Kind | None = None
    if raw_kind is not None:
        if is_kind(raw_kind):
            kind = raw_kind
        else:
            ctx.add(_line(q, "kind"), prefix + "kind",
                    f"unknown kind '{raw_kind}' (choose from {', '.join(QUESTION_KINDS)})")
    prompt = _text(ctx, q, "prompt", prefix)
    explanation = _text(ctx, q, "explanation", prefix)
    level = _text(ctx, q, "level", prefix, required=False)
    if level is not None and level not in LEVELS:
        ctx.add(_line(q, "level"), prefix + "level", f"must be one of {', '.join(LEVELS)}")
    hint = _text(ctx, q, "hint", prefix, required=False)
    follows = _text(ctx, q, "follows", prefix, required=False)
    if kind is None:
        return None
    plugin = kinds.get(kind)
    _unknown_keys(ctx, q, COMMON_Q_FIELDS | plugin.fields, prefix)
    before = len(ctx.problems)
    spec = plugin.parse(ctx, q, prefix, demo_ids)
    if spec is None or len(ctx.problems) != before or qid is None or prompt is None or explanation is None:
        return None
    if ctx.deep:  # what `dlstudy check` proves beyond parsing, each problem at the line of its field
        for field, message in plugin.problems(spec, prompt):
            ctx.prove(path_line(q, field), prefix + field, message)
        if ctx.bundled and BUNDLED_NEED_MISCONCEPTIONS:
            for i, point in enumerate(plugin.rubric(spec)):
                if not point.misconceptions:
                    ctx.prove(path_line(q, f"rubric[{i}]"), f"{prefix}rubric[{i}]",
                              "a bundled rubric point needs a misconception and cues")
    return Question(id=qid, kind=kind, prompt=prompt, explanation=explanation, spec=spec, level=level, hint=hint,
                    follows=follows, line=_line(q))


# Every rubric point of a bundled card states its misconceptions with cues (user decks may leave them out).
BUNDLED_NEED_MISCONCEPTIONS = True

_STEP = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def path_line(data: Any, path: str) -> int:
    """The line of a field given by its path inside a parsed mapping ("rubric[2].cues[1]"): the deepest
    part of the path that exists."""
    line = _line(data)
    node = data
    for name, index in _STEP.findall(path):
        if name:
            if not isinstance(node, dict) or name not in node:
                break
            line = _line(node, name)
            node = node[name]
        else:
            i = int(index)
            if not isinstance(node, list) or i >= len(node):
                break
            line = _item_line(node, i, line)
            node = node[i]
            if isinstance(node, dict):
                line = _line(node, default=line)
    return line


def _follow_problems(ctx: _Ctx, qraw: list, questions: list[Question]) -> None:
    """A follow-up names another question of the card; a prompt that leans on an earlier one says so."""
    from dlstudy.content.checks import DEPENDS

    ids = {q.id for q in questions}
    raw_by_id = {q.get("id"): q for q in qraw if isinstance(q, dict)}
    for q in questions:
        raw = raw_by_id.get(q.id, {})
        if q.follows is not None and (q.follows not in ids or q.follows == q.id):
            ctx.prove(_line(raw, "follows", q.line), f"questions[{q.id}].follows",
                    f"'{q.follows}' is not another question of this card")
        if q.follows is None and DEPENDS.search(q.prompt):
            ctx.prove(_line(raw, "prompt", q.line), f"questions[{q.id}].prompt",
                    "the prompt refers to an earlier question: add 'follows: <question id>' "
                    "or restate the setting so it stands alone")


def _sources(ctx: _Ctx, raw: dict[str, Any]) -> tuple[list[str], list[Reference]]:
    """`sources`: each item a note id (text) or a reference mapping {author, year, title[, venue]}. raw is
    the card's mapping (a LineDict when parsed with line tracking)."""
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


def _has_control_chars(value: Any) -> bool:
    """Whether any key or text value anywhere in a card holds a control character (see _control_chars)."""
    from dlstudy.text import has_control_chars

    strings: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, dict):
            strings.extend(k for k in item if isinstance(k, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return has_control_chars("\n".join(strings))  # one search: newline is not a control character here


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


def build_card(raw: Any, file: str, problems: list[Problem], demo_ids: set[str] | None, line: int = 1,
               deep: bool = False, bundled: bool = False) -> Card | None:
    """Validate one card mapping; append problems; return the Card if it is fully valid. deep: every check
    `dlstudy check` makes, each problem at its own line (a question with problems does not stop the
    checks of the others)."""
    ctx = _Ctx(file, problems, deep=deep, bundled=bundled)
    if not isinstance(raw, dict):
        ctx.add(line, "", f"a card must be a mapping of fields, not {_typename(raw)}")
        return None
    raw_id = raw.get("id")
    if isinstance(raw_id, str) and raw_id.strip():
        ctx.card_id = raw_id.strip()
    before = len(problems)
    if _has_control_chars(raw):  # the common case, none, without building every field's name
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
            if deep:
                _follow_problems(ctx, qraw, questions)
    valid = len(problems) == before
    problems.extend(ctx.proofs)
    if not valid:
        return None
    return Card(
        id=cid or "", title=title or "", topic=topic or "", summary=summary or "", key_points=key_points,
        questions=questions, tags=tags, level=level, sources=sources, references=references,
        prerequisites=prereqs, formulas=formulas,
        pitfalls=pitfalls, demos=demos, zh=zh, path=file, line=_line(raw),
    )


