"""docs/adding-a-demo.md stays true: its example demo, renderer, drill, test and predict question work
as written (loaded from the page's code blocks, next to the bundled demos, for the test only)."""

from __future__ import annotations

import io
import random
import re
import sys
import types

import pytest
import yaml
from rich.console import Console

from tests.conftest import REPO

DOC = REPO / "docs" / "adding-a-demo.md"
MODULES = ("dlstudy.demos.catalog.coin_entropy", "tests.demos.test_coin_entropy", "dlstudy.render.demos.coin_entropy")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def doc_demo(monkeypatch):
    """The page's coin-entropy demo, registered as if its files were in place."""
    from dlstudy.demos import registry

    sources = _blocks("python")
    assert len(sources) == len(MODULES), "the page has one code block per file: demo, test, renderer"
    loaded = {}
    for name, source in zip(MODULES, sources):
        module = types.ModuleType(name)
        monkeypatch.setitem(sys.modules, name, module)
        exec(compile(source, f"{DOC} ({name})", "exec"), module.__dict__)
        loaded[name] = module
    monkeypatch.setattr(registry, "_IDS", sorted(registry.demo_ids() + ["coin-entropy"]))
    monkeypatch.setattr(registry, "_SPECS", dict(registry._SPECS))
    return loaded


def test_the_example_runs_renders_and_drills(doc_demo):
    from dlstudy.demos.registry import get_spec
    from dlstudy.demos.result import lookup
    from dlstudy.demos.runner import run_demo
    from dlstudy.quiz.drill import drillable
    from dlstudy.render.demo_run import render_run

    run = run_demo("coin-entropy", {"p": "0.9"}, seed=1)
    con = Console(file=io.StringIO(), width=60, color_system=None)
    render_run(con, run)
    text = con.file.getvalue()
    # −0.9·log₂ 0.9 − 0.1·log₂ 0.1 = 0.1368 + 0.3322 = 0.469 bits, by hand
    assert "0.469" in text and "bits per toss" in text and max(map(len, text.splitlines())) <= 60
    assert "coin-entropy" in drillable()
    test = doc_demo["tests.demos.test_coin_entropy"]
    spec = get_spec("coin-entropy")
    for seed in range(20):
        drill = spec.drill(random.Random(seed))
        value = lookup(run_demo("coin-entropy", drill.params, seed=0).to_dict(), drill.answer_from)
        assert value == pytest.approx(test.drill_answer(drill.params, drill.answer_from), rel=drill.rel or 0,
                                      abs=drill.abs or 1e-12)


def test_the_example_test_passes(doc_demo, cli):
    test = doc_demo["tests.demos.test_coin_entropy"]
    for p in (0.5, 0.1, 0.75, 0.999, 1e-9):
        test.test_entropy_is_torchs_bernoulli_entropy(p)
    for p, bits in ((0.5, 1.0), (0.0, 0.0), (1.0, 0.0)):
        test.test_by_hand(p, bits)
    test.test_the_estimate_from_many_tosses_of_a_fair_coin_is_close_to_one_bit(cli)


def test_the_example_predict_question_points_at_a_number(doc_demo):
    from dlstudy.demos.result import lookup
    from dlstudy.demos.runner import run_demo

    demos, question = (yaml.safe_load(b) for b in _blocks("yaml"))
    assert demos == {"demos": ["coin-entropy"]}
    [q] = question
    assert q["kind"] == "predict" and q["demo"] == "coin-entropy"
    value = lookup(run_demo(q["demo"], {k: str(v) for k, v in q["params"].items()}, seed=0).to_dict(),
                   q["answer_from"])
    assert value == pytest.approx(0.469, abs=q["tolerance"]["abs"])
