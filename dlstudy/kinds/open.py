"""Open answers: judged by the learner against the model answer and the rubric; the machine only
pre-marks points and suggests a rating.

Evidence per rubric point: a keyword mentioned (typo-tolerant for long words) and not negated in its
clause ("does not reduce variance" is no evidence for "reduces variance"); optionally, semantic
similarity of the answer to the point and to the model answer (kinds/semantic.py, the `semantic`
extra). Pre-marks are labelled "mentioned" (keywords) or "likely covered" (keywords and meaning
agree), never ✓.

Suggested rating from machine evidence (documented thresholds, measured in benchmarks/grading):
- Good only with strong evidence and no negated keywords: at least GOOD_SHARE (3/4) of the points
  mentioned; with the semantic model active, also a similarity to the model answer of at least
  GOOD_SIMILARITY (it tells on-topic from off-topic answers, never right from wrong: a wrong answer
  in the model answer's words scores as high as a paraphrase);
- Hard with some evidence: at least HARD_SHARE of the points mentioned (or similarity ≥ HARD_SIMILARITY);
- Again otherwise. The learner's marks, or a typed rating, always decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dlstudy.kinds import fields as F
from dlstudy.kinds.base import Grade, RubricPoint
from dlstudy.kinds.short import NEGATIONS, edit_distance, tokens

NAME = "open"
FIELDS = {"model_answer", "rubric"}

GOOD_SHARE = 0.75  # keywords alone: three quarters of the points mentioned
GOOD_SHARE_WITH_MEANING = 0.75  # with the semantic model, also a similarity >= GOOD_SIMILARITY
HARD_SHARE = 0.34
GOOD_SIMILARITY = 0.40  # measured: lower lets wrong answers through, higher fails paraphrases
HARD_SIMILARITY = 0.40
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
        F.check_unknown_keys(ctx, item, {"point", "keywords"}, field + ".")
        point = F.read_text(ctx, item, "point", field + ".")
        keywords = F.read_text_list(ctx, item, "keywords", field + ".", required=True)
        if point and keywords:
            points.append(RubricPoint(point=point, keywords=tuple(k.lower() for k in keywords)))
    if model is None or not points:
        return None
    return Spec(model, tuple(points))


def to_dict(spec: Spec) -> dict:
    return {"model_answer": spec.model_answer,
            "rubric": [{"point": p.point, "keywords": list(p.keywords)} for p in spec.rubric]}


def from_dict(d: dict) -> Spec:
    return Spec(d["model_answer"], tuple(RubricPoint(r["point"], tuple(r["keywords"])) for r in d["rubric"]))


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

    @property
    def share(self) -> float:
        return sum(self.mentioned) / max(len(self.mentioned), 1)


def evidence(spec: Spec, text: str, semantic=None) -> Evidence:
    clauses = _clauses(text)
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
        mentioned.append(hit)
        negated.append(neg and not hit)
    ev = Evidence(mentioned, negated)
    if semantic is not None:
        try:
            ev.similarity = float(semantic.similarity(text[:MAX_ANSWER], spec.model_answer))
            ev.point_similarity = [float(s) for s in semantic.similarities(text[:MAX_ANSWER],
                                                                           [p.point for p in spec.rubric])]
        except Exception:  # noqa: BLE001 - semantic evidence is optional; keywords still decide
            ev.similarity = ev.point_similarity = None
    return ev


def suggest(ev: Evidence) -> int:
    """The suggested rating (1 again, 2 hard, 3 good) from machine evidence, by the thresholds above."""
    sim = ev.similarity
    if any(ev.negated):
        return 1 if ev.share < HARD_SHARE else 2
    if sim is None and ev.share >= GOOD_SHARE:
        return 3
    if sim is not None and ev.share >= GOOD_SHARE_WITH_MEANING and sim >= GOOD_SIMILARITY:
        return 3
    if ev.share >= HARD_SHARE or (sim is not None and sim >= GOOD_SIMILARITY and ev.share > 0):
        return 2
    return 1


def marks(spec: Spec, ev: Evidence) -> list[str]:
    """The machine's pre-mark per point: 'likely covered', 'mentioned' or ''."""
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


def rating_from_marks(marked: int, total: int) -> int:
    """The learner's checklist decides: all points Good, at least half Hard, fewer Again."""
    share = marked / max(total, 1)
    return 3 if share >= 0.999 else 2 if share >= 0.5 else 1


def grade(spec: Spec, text: str, semantic=None) -> Grade:
    ev = evidence(spec, text, semantic)
    premarks = marks(spec, ev)
    n = sum(1 for m in premarks if m)
    return Grade(None, ev.share, spec.model_answer,
                 feedback=f"the grader found {n} of {len(spec.rubric)} points mentioned; you decide",
                 details={"rubric": [{"point": p.point, "mark": m, "hit": bool(m)}
                                     for p, m in zip(spec.rubric, premarks)],
                          "similarity": ev.similarity, "negated": [p.point for p, ng in zip(spec.rubric, ev.negated)
                                                                   if ng]},
                 suggested=suggest(ev))


def problems(spec: Spec) -> list[tuple[str, str]]:
    out = []
    for i, p in enumerate(spec.rubric):
        for kw in p.keywords:
            if len("".join(tokens(kw))) <= 1 and not "".join(tokens(kw)).isdigit():
                out.append((f"rubric[{i}].keywords", f"'{kw}' normalizes to one character or nothing"))
    return out


def anki_back(spec: Spec, esc) -> str:
    return esc(spec.model_answer) + "<ul class='kp'>" + "".join(f"<li>{esc(p.point)}</li>" for p in spec.rubric) + "</ul>"
