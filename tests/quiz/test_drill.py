"""`dlstudy drill`: generated questions, answers from the live demo, checked against independent math."""

from __future__ import annotations

import importlib
import json
import random

import pytest

from dlstudy.demos.registry import get_spec
from dlstudy.quiz.drill import drillable


def independent_answer(demo: str, params: dict, path: str = "") -> float:
    """The drill's answer worked out without the demo, by `drill_answer(params, path)` in the demo's own test
    module, tests/demos/test_<module>.py."""
    name = "test_" + demo.replace("-", "_")
    answer = getattr(importlib.import_module(f"tests.demos.{name}"), "drill_answer", None)
    assert answer is not None, f"tests/demos/{name}.py must define drill_answer(params, path) for {demo}'s drill"
    return answer(params, path)


def planned(demo: str, seed: int, n: int):
    """The drill's parameters, generated the way the command does (same seeded sequence)."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        generate = get_spec(demo).drill
        out.append(generate(r))
        r.randrange(2**31)  # the demo's seed
    return out


@pytest.mark.parametrize("demo", drillable())
def test_drill_answers_match_independent_math(cli, demo):
    seed, n = 17, 3
    answers = [independent_answer(demo, s.params, s.answer_from) for s in planned(demo, seed, n)]
    text = "".join(f"{a!r}\n\n" for a in answers)
    r = cli("drill", demo, "-n", str(n), "--seed", str(seed), "--json", input=text)
    assert r.exit_code == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["mode"] == "drill" and summary["answered"] == n
    assert summary["correct"] == n, r.stderr


def test_drill_answer_comes_from_the_demo_run(cli, monkeypatch):
    import dlstudy.demos.catalog.perplexity as module

    real = module.run

    def doctored(params, rng):
        result = real(params, rng)
        result.perplexity *= 2  # a demo that computed something else
        return result

    monkeypatch.setattr(module, "run", doctored)
    seed = 5
    [spec] = planned("perplexity", seed, 1)
    right = independent_answer("perplexity", spec.params)
    r = cli("drill", "perplexity", "-n", "1", "--seed", str(seed), "--json", input=f"{right!r}\n\n")
    assert json.loads(r.stdout)["correct"] == 0
    r = cli("drill", "perplexity", "-n", "1", "--seed", str(seed), "--json", input=f"{2 * right!r}\n\n")
    assert json.loads(r.stdout)["correct"] == 1


def test_drill_attempts_are_saved_and_listed(cli):
    cli("drill", "uniform-variance", "-n", "2", "--seed", "1", input="1\n\n1\n\n")
    rows = json.loads(cli("history", "--json").stdout)
    assert rows[0]["mode"] == "drill" and rows[0]["answered"] == 2


def test_unknown_drill_is_a_usage_error(cli):
    r = cli("drill", "beam-search")
    assert r.exit_code == 2 and "drillable demos" in r.stderr


def test_the_drill_list_is_the_specs_that_declare_a_drill(cli):
    from dlstudy.demos.registry import all_specs

    declared = [s.id for s in all_specs() if s.drill is not None]
    assert declared == drillable() and len(declared) >= 11
    r = cli("drill", "--help")
    listed = "".join(r.stdout.split("Drillable demos:", 1)[1].split())  # the help wraps lines, also at '-'
    assert listed == ",".join(declared) + "."


def test_a_demo_without_a_drill_is_refused_by_its_spec(cli, monkeypatch):
    import dataclasses

    from dlstudy.demos import registry

    spec = get_spec("perplexity")
    monkeypatch.setitem(registry._SPECS, "perplexity", dataclasses.replace(spec, drill=None))
    r = cli("drill", "perplexity", "-n", "1", "--seed", "1")
    assert r.exit_code == 2 and "no drill for 'perplexity'" in r.stderr


def test_help_reads_no_demo_spec(tmp_path):
    """The drill's help lists the drillable demos, which reads every spec: only when that help is shown."""
    import subprocess
    import sys

    from tests.conftest import REPO

    code = ("import sys\nsys.argv = ['dlstudy', '--help']\nfrom dlstudy.cli.app import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\n"
            "sys.stderr.write('MODS=' + ' '.join(m for m in sys.modules if m.startswith('dlstudy.demos.catalog.')"
            " or m == 'dlstudy.quiz.drill'))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO),
                          env={"DLSTUDY_HOME": str(tmp_path)}, timeout=60)
    assert "Usage" in proc.stdout and proc.stderr.rsplit("MODS=", 1)[1] == ""
