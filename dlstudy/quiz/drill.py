"""Generated practice (`dlstudy drill`): fresh numeric questions with random parameters, answered by
running the demo.

A demo is drillable when its spec has a `drill` generator (dlstudy/demos/catalog/<id>.py, beside the
spec): it picks parameters and names a path into the demo's result, and the expected answer is read
from a live run of the demo, never computed by a formula here.
"""

from __future__ import annotations

import random

from dlstudy.content.schema import Question
from dlstudy.demos.spec import DemoSpec
from dlstudy.kinds.base import Tolerance


def drillable() -> list[str]:
    """The ids of the demos that generate drill questions, in id order (this imports every demo's spec)."""
    from dlstudy.demos.registry import all_specs

    return [s.id for s in all_specs() if s.drill is not None]


def make_question(demo_id: str, r: random.Random, number: int) -> tuple[Question, DemoSpec]:
    """(question, the demo's spec): a fresh drill of the demo, its answer read from a live run of the demo."""
    from dlstudy.demos.registry import get_spec
    from dlstudy.demos.result import lookup
    from dlstudy.demos.runner import run_demo
    from dlstudy.kinds import numeric

    spec = get_spec(demo_id)
    if spec is None or spec.drill is None:
        raise ValueError(f"demo '{demo_id}' has no drill")
    drill = spec.drill(r)
    run = run_demo(demo_id, drill.params, seed=r.randrange(2**31))
    value = float(lookup(run.to_dict(), drill.answer_from))
    q = Question(id=f"drill-{demo_id}-{number}", kind="numeric", prompt=drill.prompt, explanation=drill.explanation,
                 spec=numeric.Spec(value, Tolerance(abs=drill.abs, rel=drill.rel)))
    return q, spec
