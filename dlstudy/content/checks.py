"""Deep checks that run code paths beyond parsing: predict questions run their demo to verify
that answer_from points at a value of the right kind."""

from __future__ import annotations

import math

from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card


def predict_value(value, question) -> str | None:
    """Why a demo value cannot answer this predict question, or None if it can."""
    if question.format == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"answer_from gives {type(value).__name__}, a numeric prediction needs a number"
        if not math.isfinite(value):
            return "answer_from gives a non-finite number; a numeric prediction needs a finite one"
        return None
    if question.format == "choice":
        from dlstudy.demos.result import option_index

        if option_index(question.options, value) is None:
            shown = repr(value) if not isinstance(value, (list, dict)) else type(value).__name__
            return f"the demo gives {shown}, which is not among the options"
    return None


def run_predict_checks(cards: list[Card]) -> list[Problem]:
    """Run each predict question's demo once (cached per demo+params+seed) and check answer_from."""
    from dlstudy.demos.result import lookup
    from dlstudy.demos.runner import run_demo
    from dlstudy.errors import DlstudyError

    problems: list[Problem] = []
    results: dict[str, object] = {}
    for card in cards:
        for q in card.questions:
            if q.kind != "predict" or not q.demo or not q.answer_from:
                continue
            key = repr((q.demo, sorted(q.params.items()), q.seed))
            if key not in results:
                try:
                    results[key] = run_demo(q.demo, q.params, q.seed).to_dict()
                except DlstudyError as exc:
                    results[key] = exc
            data = results[key]
            field = f"questions[{q.id}].answer_from"
            if isinstance(data, Exception):
                problems.append(Problem(card.path, q.line, card.id, f"questions[{q.id}].params", str(data)))
                continue
            try:
                value = lookup(data, q.answer_from)
            except KeyError as exc:
                problems.append(Problem(card.path, q.line, card.id, field, str(exc.args[0])))
                continue
            why = predict_value(value, q)
            if why:
                problems.append(Problem(card.path, q.line, card.id, field, why))
    return problems
