"""`dlstudy drill`: generated questions, answers from the live demo, checked against independent math."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest
import torch

from dlstudy.quiz.drill import GENERATORS


def independent_answer(demo: str, params: dict) -> float:
    if demo == "conv-output-shape":
        conv = torch.nn.Conv2d(1, 1, params["kernel"], stride=params["stride"], padding=params["padding"])
        return conv(torch.zeros(1, 1, params["height"], params["width"])).shape[-2]
    if demo == "uniform-variance":
        a = params["a"]
        xs = np.linspace(-a, a, 200_001)
        integrate = getattr(np, "trapezoid", None) or np.trapz
        return float(integrate(xs**2 / (2 * a), xs))  # E[x²] under the density 1/(2a)
    if demo == "xavier-variance":
        # Glorot's bound: the a with Var U(-a, a) = a²/3 = 2/(fan_in + fan_out)
        return math.sqrt(3 * 2.0 / (params["fan_in"] + params["fan_out"]))
    if demo == "perplexity":
        return float(torch.exp(torch.nn.functional.cross_entropy(
            torch.log(torch.tensor([[p, 1 - p] for p in params["probs"]])), torch.zeros(len(params["probs"]),
                                                                                          dtype=torch.long))))
    if demo == "label-smoothing":
        k, eps, y = params["K"], params["epsilon"], params["y"]
        logits = torch.zeros(1, k, requires_grad=True)
        loss = torch.nn.functional.cross_entropy(logits, torch.tensor([y]), label_smoothing=eps)
        loss.backward()
        # d loss / d logit_y = softmax_y - target_y, with softmax uniform (1/K)
        return 1.0 / k - float(logits.grad[0, y])
    if demo == "softmax-overflow":
        logits = torch.tensor(params["logits"], dtype=torch.float64)
        i = int(torch.argmax(logits))
        return float(torch.softmax(logits, 0)[i])
    raise AssertionError(demo)


def planned(demo: str, seed: int, n: int):
    """The drill's parameters, generated the way the command does (same seeded sequence)."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        spec = GENERATORS[demo](r)
        r.randrange(2**31)  # the demo's seed
        out.append(spec.params)
    return out


@pytest.mark.parametrize("demo", sorted(GENERATORS))
def test_drill_answers_match_independent_math(cli, demo):
    seed, n = 17, 3
    answers = [independent_answer(demo, p) for p in planned(demo, seed, n)]
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
    [params] = planned("perplexity", seed, 1)
    right = independent_answer("perplexity", params)
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
