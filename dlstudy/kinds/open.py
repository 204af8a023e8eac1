"""Open answers: judged by the learner against the model answer and the rubric; the machine only
pre-marks points and suggests a rating.

Evidence per rubric point (shown as marks, never as ✓):
- *contradicted*: a clause of the answer states one of the point's misconceptions (its cues match,
  kinds/cues.py); shown with the misconception it matched;
- *mentioned*: a keyword occurs, not negated in its clause (and, where the point has `support` cues,
  one of them matches);
- *likely covered*: mentioned, and the optional semantic model (kinds/semantic.py) finds the answer
  close to the point. The model only labels: it does not change what counts. Used as a gate (a
  keyword far from the point's meaning not counted) it cut wrong answers pre-selected Hard on held-out
  questions but failed more correct ones and lowered agreement, and it discounts terse rubric points
  (benchmarks/README.md), so it does not decide.
An answer that contradicts any point gets no other pre-marks: a person does not credit the rest of an
answer built on a misconception.

One rule turns points into a rating, the same for the pre-marked points (Enter), for the points the
learner types and for the points proven by probes: at least GOOD_SHARE of the points → Good, at least
HARD_SHARE → Hard, fewer → Again; any contradicted point → Again. The thresholds were chosen on the
tune split of benchmarks/grading (questions disjoint from the report split) and are measured there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from dlstudy.kinds import fields as F
from dlstudy.kinds.base import Grade, RubricPoint
from dlstudy.kinds.plugin import GradeEnv, KindPlugin, Line, Span
from dlstudy.kinds.short import NEGATIONS, edit_distance, tokens

if TYPE_CHECKING:
    from dlstudy.kinds.probes import Probe


def first_match(cues: tuple[str, ...] | list[str], parts: Any) -> Any:
    """kinds.cues.first_match, imported when an answer is graded (showing a card needs no cue matcher)."""
    from dlstudy.kinds.cues import first_match as match

    return match(cues, parts)


NAME = "open"
FIELDS = {"model_answer", "rubric"}
POINT_FIELDS = {"point", "keywords", "misconception", "cues", "support"}

GOOD_SHARE = 0.65  # the rule (benchmarks/grading, tune split): 4 of 5 points, 3 of 4, 2 of 3 -> Good
HARD_SHARE = 0.34  # 2 of 5 and 2 of 4 -> Hard; 1 of 3, 4 or 5 -> Again
HARD_SIMILARITY = 0.40  # semantic model: a mentioned point this close to the answer is "likely covered"
MAX_ANSWER = 4000  # characters considered (the prompt refuses longer lines)
NEGATED_WORDS = NEGATIONS | {"irrelevant", "useless", "neither", "nothing", "none", "unrelated", "wrong"}


@dataclass(frozen=True)
class Spec:
    model_answer: str
    rubric: tuple[RubricPoint, ...]


def parse(ctx: F.Ctx, q: Any, prefix: str, demo_ids=None) -> Spec | None:
    model = F.read_text(ctx, q, "model_answer", prefix)
    rubric = q.get("rubric")
    if not isinstance(rubric, list) or not rubric:
        ctx.add(F.line_no(q, "rubric"), prefix + "rubric", "needs a list of key points, each with point and keywords")
        return None
    points = []
    for i, item in enumerate(rubric):
        field = f"{prefix}rubric[{i}]"
        if not isinstance(item, dict):
            ctx.add(F.item_line_no(rubric, i), field, "must be a mapping with point and keywords")
            continue
        F.check_unknown_keys(ctx, item, POINT_FIELDS, field + ".")
        point = F.read_text(ctx, item, "point", field + ".")
        keywords = F.read_text_list(ctx, item, "keywords", field + ".", required=True)
        wrong = _text_or_list(ctx, item, "misconception", field + ".")
        cue_list = _cues(ctx, item, "cues", field + ".")
        support = _cues(ctx, item, "support", field + ".")
        if wrong and not cue_list:
            ctx.add(F.line_no(item, "misconception"), field + ".cues",
                    "a misconception needs cues that recognise it in an answer")
        if cue_list and not wrong:
            ctx.add(F.line_no(item, "cues"), field + ".misconception",
                    "cues recognise a misconception: write the misconception they recognise")
        if point and keywords:
            points.append(RubricPoint(point=point, keywords=tuple(k.lower() for k in keywords),
                                      misconceptions=tuple(wrong), cues=tuple(cue_list), support=tuple(support)))
    if model is None or not points:
        return None
    return Spec(model, tuple(points))


def _text_or_list(ctx: F.Ctx, item: Any, key: str, prefix: str) -> list[str]:
    """A text, or a list of texts (one misconception or several)."""
    value = item.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        text = F.read_text(ctx, item, key, prefix)
        return [text] if text else []
    return F.read_text_list(ctx, item, key, prefix)


def _cues(ctx: F.Ctx, item: Any, key: str, prefix: str) -> list[str]:
    """A list of cues, each readable (kinds/cues.py)."""
    from dlstudy.kinds.cues import CueError, parse

    out = []
    texts = F.read_text_list(ctx, item, key, prefix)
    raw = item.get(key)
    for i, text in enumerate(texts):
        try:
            parse(text)
        except CueError as exc:
            ctx.add(F.item_line_no(raw, i, F.line_no(item, key)), f"{prefix}{key}[{i}]", f"cue '{text}': {exc}")
            continue
        out.append(text)
    return out


def point_to_dict(p: RubricPoint) -> dict[str, Any]:
    d: dict[str, Any] = {"point": p.point, "keywords": list(p.keywords)}
    if p.misconceptions:
        d["misconception"] = list(p.misconceptions)
    if p.cues:
        d["cues"] = list(p.cues)
    if p.support:
        d["support"] = list(p.support)
    return d


def to_dict(spec: Spec) -> dict:
    return {"model_answer": spec.model_answer, "rubric": [point_to_dict(p) for p in spec.rubric]}


def from_dict(d: dict) -> Spec:
    return Spec(d["model_answer"], tuple(
        RubricPoint(r["point"], tuple(r["keywords"]), tuple(r.get("misconception", ())), tuple(r.get("cues", ())),
                    tuple(r.get("support", ()))) for r in d["rubric"]))


def tip(spec: Spec) -> str:
    return "your answer in a few sentences (one line)"


def _clauses(text: str) -> list[list[str]]:
    """The answer split into clauses (at . ; , and 'but'), each as normalized tokens."""
    parts = re.split(r"[.;!?]|,|\bbut\b|\bwhile\b|\bwhereas\b", text[:MAX_ANSWER].lower())
    return [tokens(p) for p in parts if p.strip()]


def _mentions(clause: list[str], keyword: list[str]) -> bool:
    n = len(keyword)
    if not n:
        return False
    for i in range(len(clause) - n + 1):
        window = clause[i:i + n]
        if window == keyword:
            return True
        if n == 1 and len(keyword[0]) >= 5 and keyword[0].isalpha() and window[0].isalpha() \
                and edit_distance(window[0], keyword[0], 1) <= 1:
            return True
    joined = " ".join(clause)
    return n > 1 and " ".join(keyword) in joined


@dataclass
class Evidence:
    mentioned: list[bool]  # per point: a keyword occurs, not negated
    negated: list[bool]  # per point: a keyword occurs only in negated clauses
    similarity: float | None = None  # to the model answer, when the semantic model is active
    point_similarity: list[float] | None = None
    # per point: the misconception a clause of the answer states (its cue matched), else None
    contradicted: list[str | None] | None = None

    @property
    def share(self) -> float:
        """The share of points mentioned and not contradicted."""
        counted = [m and not (self.contradicted and self.contradicted[i]) for i, m in enumerate(self.mentioned)]
        return sum(counted) / max(len(counted), 1)

    @property
    def any_contradicted(self) -> bool:
        return bool(self.contradicted and any(self.contradicted))


def _contradiction(point: RubricPoint, parts: list) -> str | None:
    """The misconception of this point that a clause of the answer states, if one does."""
    hit = first_match(point.cues, parts)
    if hit is None:
        return None
    from dlstudy.kinds.cues import matches

    cue = hit[0]
    return next((w for w in point.misconceptions if matches(cue, w)), point.misconceptions[0]
                if point.misconceptions else cue)


def evidence(spec: Spec, text: str, semantic=None) -> Evidence:
    from dlstudy.kinds.clauses import clauses as statement_clauses

    clauses = _clauses(text)
    parts = statement_clauses(text)
    mentioned, negated = [], []
    for point in spec.rubric:
        hit = neg = False
        for kw in point.keywords:
            k = tokens(kw)
            for clause in clauses:
                if _mentions(clause, k):
                    if any(w in NEGATED_WORDS for w in clause) and not any(w in NEGATED_WORDS for w in k):
                        neg = True
                    else:
                        hit = True
        if hit and point.support:
            hit = first_match(point.support, parts) is not None
        mentioned.append(hit)
        negated.append(neg and not hit)
    ev = Evidence(mentioned, negated, contradicted=[_contradiction(point, parts) for point in spec.rubric])
    if semantic is not None:
        try:
            ev.similarity = float(semantic.similarity(text[:MAX_ANSWER], spec.model_answer))
            ev.point_similarity = [float(s) for s in semantic.similarities(text[:MAX_ANSWER],
                                                                           [p.point for p in spec.rubric])]
        except Exception:  # noqa: BLE001 - semantic evidence is optional; keywords still decide
            ev.similarity = ev.point_similarity = None
    return ev


def suggest(ev: Evidence) -> int:
    """The suggested rating from machine evidence: the one rule over the points counted."""
    if ev.any_contradicted:
        return 1
    return rating_from_marks(sum(ev.mentioned), len(ev.mentioned))


def marks(spec: Spec, ev: Evidence) -> list[str]:
    """The machine's pre-mark per point: 'contradicted', 'likely covered', 'mentioned' or ''. An answer with
    a contradicted point gets no other pre-marks."""
    if ev.any_contradicted:
        return ["contradicted" if ev.contradicted and ev.contradicted[i] else "" for i in range(len(ev.mentioned))]
    out = []
    for i, hit in enumerate(ev.mentioned):
        sim = ev.point_similarity[i] if ev.point_similarity else None
        if hit and sim is not None and sim >= HARD_SIMILARITY:
            out.append("likely covered")
        elif hit:
            out.append("mentioned")
        else:
            out.append("")
    return out


def rating_from_marks(marked: int, total: int, contradicted: bool = False) -> int:
    """The one rule: at least GOOD_SHARE of the points Good, at least HARD_SHARE Hard, fewer Again; a
    contradicted point Again."""
    if contradicted:
        return 1
    share = marked / max(total, 1)
    return 3 if share >= GOOD_SHARE - 1e-9 else 2 if share >= HARD_SHARE - 1e-9 else 1


def grade(spec: Spec, text: str, semantic=None) -> Grade:
    ev = evidence(spec, text, semantic)
    premarks = marks(spec, ev)
    n = sum(1 for m in premarks if m and m != "contradicted")
    wrong = ev.contradicted or [None] * len(spec.rubric)
    return Grade(None, ev.share, spec.model_answer,
                 feedback=f"the grader found {n} of {len(spec.rubric)} points mentioned; you decide",
                 details={"rubric": [{"point": p.point, "mark": m, "hit": bool(m) and m != "contradicted",
                                      **({"misconception": w} if w else {})}
                                     for p, m, w in zip(spec.rubric, premarks, wrong)],
                          "similarity": ev.similarity, "negated": [p.point for p, ng in zip(spec.rubric, ev.negated)
                                                                   if ng]},
                 suggested=suggest(ev))


MARK_NAMES = {"mentioned": "mentioned", "likely covered": "likely", "contradicted": "contradicted"}


def points(spec: Spec, details: dict[str, Any]) -> list[dict[str, Any]]:
    """Each rubric point of an answer as recorded: the grader's mark ("mentioned", "likely",
    "contradicted" or None), whether it counted (the points the learner typed; else its probe, answered
    right; else the grader's pre-mark) and its probe ("right", "wrong" or None when not probed)."""
    from dlstudy.kinds.probes import results

    marks_given = details.get("rubric")
    items = marks_given if isinstance(marks_given, list) else []
    covered = details.get("covered")
    probed = results(details)
    out = []
    for i, p in enumerate(spec.rubric, 1):
        item = items[i - 1] if i - 1 < len(items) and isinstance(items[i - 1], dict) else {}
        probe = probed.get(i)
        if isinstance(covered, list):
            counted = i in covered
        elif probe is not None:
            counted = probe
        else:
            counted = bool(item.get("hit"))
        out.append({"point": p.point, "mark": MARK_NAMES.get(item.get("mark") or ""), "counted": counted,
                    "probe": None if probe is None else "right" if probe else "wrong"})
    return out


def problems(spec: Spec) -> list[tuple[str, str]]:
    out = []
    for i, p in enumerate(spec.rubric):
        for j, kw in enumerate(p.keywords):
            if len("".join(tokens(kw))) <= 1 and not "".join(tokens(kw)).isdigit():
                out.append((f"rubric[{i}].keywords[{j}]", f"'{kw}' normalizes to one character or nothing"))
    out.extend(cue_problems(spec))
    return out


def cue_problems(spec: Spec) -> list[tuple[str, str]]:
    """What `dlstudy check` proves about misconceptions and cues, as it proves short answers: each
    misconception is recognised by a cue of its point, each cue recognises a misconception of its
    point, no cue fires on the model answer or on any point of the question (they are right), and each
    support cue matches the model answer or its point."""
    from dlstudy.kinds.clauses import clauses
    from dlstudy.kinds.cues import matches

    out: list[tuple[str, str]] = []
    right = [("the model answer", clauses(spec.model_answer))] + \
        [(f"point {j + 1}", clauses(p.point)) for j, p in enumerate(spec.rubric)]
    for i, p in enumerate(spec.rubric):
        field = f"rubric[{i}]"
        for j, wrong in enumerate(p.misconceptions):
            if not any(matches(c, wrong) for c in p.cues):
                out.append((f"{field}.misconception[{j}]", f"'{_short(wrong)}' is recognised by none of the point's cues"))
        for j, cue in enumerate(p.cues):
            if p.misconceptions and not any(matches(cue, w) for w in p.misconceptions):
                out.append((f"{field}.cues[{j}]", f"cue '{cue}' recognises none of the point's misconceptions"))
            for what, parts in right:
                hit = first_match([cue], parts)
                if hit:
                    out.append((f"{field}.cues[{j}]", f"cue '{cue}' fires on {what}, which is right "
                                                      f"(in '{_short(hit[1].text)}')"))
        for j, cue in enumerate(p.support):
            if not matches(cue, p.point) and not matches(cue, spec.model_answer):
                out.append((f"{field}.support[{j}]", f"support cue '{cue}' matches neither the point nor the model answer"))
    return out


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def anki_back(spec: Spec, esc) -> str:
    return esc(spec.model_answer) + "<ul class='kp'>" + "".join(f"<li>{esc(p.point)}</li>" for p in spec.rubric) + "</ul>"


class Plugin(KindPlugin[Spec]):
    name = NAME
    fields = frozenset(FIELDS)
    interview_main = True
    self_rated = True

    def parse(self, ctx: F.Ctx, q: Any, prefix: str, demo_ids: set[str] | None = None) -> Spec | None:
        return parse(ctx, q, prefix, demo_ids)

    def to_dict(self, spec: Spec) -> dict[str, Any]:
        return to_dict(spec)

    def from_dict(self, d: dict[str, Any]) -> Spec:
        return from_dict(d)

    def problems(self, spec: Spec, prompt: str) -> list[tuple[str, str]]:
        return problems(spec)

    def rubric(self, spec: Spec) -> tuple[RubricPoint, ...]:
        return spec.rubric

    def tip(self, spec: Spec) -> str:
        return tip(spec)

    def grade(self, spec: Spec, text: str, env: GradeEnv) -> Grade:
        return grade(spec, text, semantic=env.semantic() if env.semantic is not None else None)

    def feedback(self, spec: Spec, grade: Grade) -> list[Line]:
        lines: list[Line] = [(Span("Model answer:", "bold"), Span(" "), Span(grade.expected, prose=True)),
                             (Span("Key points", "bold"), Span(" "),
                              Span("(the grader's marks are hints, not verdicts)", "dim"), Span(":"))]
        from dlstudy.kinds.probes import results

        probed = results(grade.details)
        for i, item in enumerate(grade.details.get("rubric", []), 1):
            probe: Line = ()
            if i in probed:
                probe = (Span(" "), Span("(probe right)", "mark") if probed[i] else Span("(probe wrong)", "contradicted"))
            if item.get("mark") == "contradicted":
                lines.append((Span(f"  {i}. "), Span(item["point"], prose=True), Span(" "),
                              Span("(contradicted)", "contradicted"), *probe))
                lines.append((Span("     your answer says: ", "contradicted"),
                              Span(item.get("misconception", ""), prose=True)))
                continue
            mark = (Span(" "), Span(f"({item['mark']})", "mark")) if item.get("mark") else ()
            lines.append((Span(f"  {i}. "), Span(item["point"], prose=True), *mark, *probe))
        return lines

    def skip_answer(self, spec: Spec) -> Span:
        return Span(spec.model_answer, prose=True)

    def probes(self, spec: Spec, seed: object, grade: Grade | None = None) -> list[Probe]:
        """One probe per point; a point the answer contradicted is probed with the misconception it stated."""
        from dlstudy.kinds.probes import generate

        stated = [item.get("misconception") for item in grade.details.get("rubric", [])] if grade is not None else []
        return generate(spec.rubric, seed, stated)

    def points(self, spec: Spec, details: dict[str, Any]) -> list[dict[str, Any]]:
        return points(spec, details)

    def points_rating(self, spec: Spec, covered: int) -> int:
        return rating_from_marks(covered, len(spec.rubric))

    def anki_back(self, spec: Spec, order: list[Any], esc: Callable[[str], str], value: Any = None) -> str:
        return anki_back(spec, esc)


PLUGIN = Plugin()
