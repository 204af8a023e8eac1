

def result_dict(demo_id: str, params: dict | None = None, seed: int = 0) -> dict:
    """A demo's result as plain data (what `dlstudy demo ID --json` prints, without `run`)."""
    from dlstudy.demos.runner import run_demo

    return run_demo(demo_id, params, seed).to_dict()


def check_drills(demo_id: str, drill_answer, draws: int = 40, seed: int = 1) -> None:
    """Draw `draws` drills of a demo and check each answer the demo gives against the test module's independent
    drill_answer(params, path), closely (the drill's own tolerance is for the learner)."""
    import random

    import pytest

    from dlstudy.demos.registry import get_spec
    from dlstudy.demos.result import lookup

    r = random.Random(seed)
    for _ in range(draws):
        drill = get_spec(demo_id).drill(r)
        value = lookup(result_dict(demo_id, drill.params), drill.answer_from)
        assert value == pytest.approx(drill_answer(drill.params, drill.answer_from), rel=1e-9, abs=1e-12), drill.prompt
