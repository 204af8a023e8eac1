"""Deep checks beyond parsing, run by `dlstudy check`:

- every short question: the answer and every alias are accepted by the grader, every `reject` entry
  is rejected, and none of them (nor an open question's rubric keywords) normalizes to one
  character or nothing;
- a prompt that only makes sense after another question ("And…", "Same…", "as above") must say so
  with `follows:` (the question it follows, in the same card);
- predict questions run their demo to verify that answer_from points at a value of the right kind.
"""

from __future__ import annotations

import re

from dlstudy import kinds
from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card

DEPENDS = re.compile(r"^\s*(and|same|now|then|also)\b|\b(as before|from before|as above|the above|shown above|"
                     r"previous (question|answer|part|example|setting|problem)|earlier question|"
                     r"the same (setting|network|model|numbers|data|problem|gradients|logits|corpus|question))\b",
                     re.IGNORECASE)


def grading_problems(cards: list[Card]) -> list[Problem]:
    """Fast, pure checks of every question (no demo runs)."""
    problems: list[Problem] = []
    for card in cards:
        ids = {q.id for q in card.questions}
        for q in card.questions:
            module = kinds.get(q.kind)
            check = getattr(module, "problems", None)
            for field, message in (check(q.spec) if check else []):
                problems.append(Problem(card.path, q.line, card.id, f"questions[{q.id}].{field}", message))
            if q.follows is not None and (q.follows not in ids or q.follows == q.id):
                problems.append(Problem(card.path, q.line, card.id, f"questions[{q.id}].follows",
                                        f"'{q.follows}' is not another question of this card"))
            if q.follows is None and DEPENDS.search(q.prompt):
                problems.append(Problem(card.path, q.line, card.id, f"questions[{q.id}].prompt",
                                        "the prompt refers to an earlier question: add 'follows: <question id>' "
                                        "or restate the setting so it stands alone"))
    return problems


def run_predict_checks(cards: list[Card]) -> list[Problem]:
    """Run each predict question's demo once (cached per demo+params+seed) and check answer_from."""
    from dlstudy.demos.result import lookup
    from dlstudy.demos.runner import run_demo
    from dlstudy.errors import DlstudyError
    from dlstudy.kinds import predict

    problems: list[Problem] = []
    results: dict[str, object] = {}
    for card in cards:
        for q in card.questions:
            if q.kind != "predict":
                continue
            spec = q.spec
            key = repr((spec.demo, sorted(spec.params.items()), spec.seed))
            if key not in results:
                try:
                    results[key] = run_demo(spec.demo, spec.params, spec.seed).to_dict()
                except DlstudyError as exc:
                    results[key] = exc
            data = results[key]
            field = f"questions[{q.id}].answer_from"
            if isinstance(data, Exception):
                problems.append(Problem(card.path, q.line, card.id, f"questions[{q.id}].params", str(data)))
                continue
            try:
                value = lookup(data, spec.answer_from)
            except KeyError as exc:
                problems.append(Problem(card.path, q.line, card.id, field, str(exc.args[0])))
                continue
            why = predict.value_problem(spec, value)
            if why:
                problems.append(Problem(card.path, q.line, card.id, field, why))
    return problems
