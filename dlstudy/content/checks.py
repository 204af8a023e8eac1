"""Checks beyond parsing, run by `dlstudy check`.

Those that need only the card run during deep validation (content/validate.py, each problem at its
line): every kind's own proofs (short answers and aliases accepted, rejects rejected; cues proven on
misconceptions and model answers; a precision stated once), follow-ups, and a prompt that only makes
sense after another question ("And…", "Same…", "as above"), which must say so with `follows:`.

Here: predict questions, whose answer_from must point at a value of the right kind in their demo's
result (from the demo-result cache, dlstudy/demos/cache.py, or by running the demo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Callable

from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card, Question
from dlstudy.kinds.plugin import DemoRef

DEPENDS = re.compile(r"^\s*(and|same|now|then|also)\b|\b(as before|from before|as above|the above|shown above|"
                     r"previous (question|answer|part|example|setting|problem)|earlier question|"
                     r"the same (setting|network|model|numbers|data|problem|gradients|logits|corpus|question))\b",
                     re.IGNORECASE)


@dataclass
class PredictReport:
    """What the predict checks found, and how each predict question was checked (counted per question)."""

    problems: list[Problem] = dc_field(default_factory=list)
    ran: int = 0  # checked by running its demo now (the result is then cached)
    from_cache: int = 0  # checked from a cached result
    not_checked: int = 0  # a cache-only question whose result is not cached
    cache_only: int = 0  # how many questions were cache-only (checked from the cache or not at all)

    def to_dict(self) -> dict[str, int]:
        return {"ran": self.ran, "from_cache": self.from_cache, "not_checked": self.not_checked}


def predict_checks(cards: list[Card], cache_only: Callable[[Card], bool] | None = None,
                   on_progress: Callable[[int, int], None] | None = None) -> PredictReport:
    """Check each predict question's answer_from against its demo's result: from the demo-result cache,
    else by running the demo once per demo+params+seed (and caching it). Questions of cards for which
    `cache_only(card)` is true are checked only if their result is cached. `on_progress(i, n)` is called
    before the i-th of the n demo runs (1-based) and with (n, n) at the end."""
    from dlstudy.demos import cache
    from dlstudy.errors import DlstudyError

    report = PredictReport()
    results: dict[str, object] = {}  # key -> result dict, or the error that stopped the run
    cached: set[str] = set()
    todo: dict[str, tuple] = {}
    questions = []
    for card in cards:
        for q in card.questions:
            ref = q.plugin.demo_ref(q.spec)
            if ref is None:
                continue
            key = repr(ref.key)
            if key not in results and key not in todo:
                entry = cache.load(ref.demo, ref.params, ref.seed)
                if entry is not None:
                    results[key] = entry.result
                    cached.add(key)
            only = bool(cache_only and cache_only(card))
            if key not in results and not only:
                todo.setdefault(key, (ref.demo, ref.params, ref.seed))
            questions.append((card, q, ref, key, only))
    for i, (key, (demo, params, seed)) in enumerate(todo.items(), 1):
        if on_progress:
            on_progress(i, len(todo))
        try:
            results[key] = cache.cached_result(demo, params, seed)[0]
        except DlstudyError as exc:
            results[key] = exc
    if on_progress and todo:
        on_progress(len(todo), len(todo))
    for card, q, ref, key, only in questions:
        report.cache_only += only
        if key not in results:
            report.not_checked += 1
            continue
        if key in cached:
            report.from_cache += 1
        else:
            report.ran += 1
        report.problems.extend(_answer_problems(card, q, ref, results[key]))
    return report


def _answer_problems(card: Card, q: Question, ref: DemoRef, data: object) -> list[Problem]:

    field_name = f"questions[{q.id}].answer_from"
    if isinstance(data, Exception):
        return [Problem(card.path, q.line, card.id, f"questions[{q.id}].params", str(data))]
    try:
        value = q.plugin.demo_value(q.spec, data if isinstance(data, dict) else {})
    except KeyError as exc:
        return [Problem(card.path, q.line, card.id, field_name, str(exc.args[0]))]
    why = q.plugin.value_problem(q.spec, value)
    return [Problem(card.path, q.line, card.id, field_name, why)] if why else []
