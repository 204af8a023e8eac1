"""`dlstudy drill`: generated questions, answers from the live demo, checked against independent math."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest
import torch

from dlstudy.quiz.drill import GENERATORS


def independent_answer(demo: str, params: dict, path: str = "") -> float:
    if demo == "transposed-conv":
        layer = torch.nn.ConvTranspose2d(1, 1, params["kernel"], stride=params["stride"], padding=params["padding"],
                                         output_padding=params["output_padding"], dilation=params["dilation"])
        n = params["input_size"]
        return layer(torch.zeros(1, 1, n, n)).shape[-2]
    if demo == "iou-nms":
        (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = params["boxes"][:4], params["boxes"][4:]
        cells_a = {(x, y) for x in range(ax1, ax2) for y in range(ay1, ay2)}  # unit cells covered (integer boxes)
        cells_b = {(x, y) for x in range(bx1, bx2) for y in range(by1, by2)}
        return len(cells_a & cells_b) / len(cells_a | cells_b)
    if demo == "sampling-decoding":
        probs = torch.softmax(torch.tensor(params["logits"], dtype=torch.float64) / params["temperature"], 0)
        if path == "top_p.count":
            ranked = sorted(probs.tolist(), reverse=True)
            total, kept = 0.0, 0
            while total < params["p"] - 1e-12:
                total += ranked[kept]
                kept += 1
            return kept
        return float(probs[int(path.split("[")[1].rstrip("]"))])
    if demo == "kv-cache":
        k = torch.zeros(params["batch"], params["kv_heads"], 1, params["head_dim"], dtype=torch.int8)
        per_token_layer = 2 * k.nelement() * params["bytes_per_value"]  # K and V, one token, one layer
        total = per_token_layer * params["layers"] * params["seq_len"]
        return total / (1e6 if path == "cache_mb" else 1e9)
    if demo == "lora-rank":
        r = params["ranks"][0]
        a, b = torch.nn.Linear(params["d_in"], r, bias=False), torch.nn.Linear(r, params["d_out"], bias=False)
        return sum(p.numel() for p in a.parameters()) + sum(p.numel() for p in b.parameters())
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
        out.append(spec)
    return out


@pytest.mark.parametrize("demo", sorted(GENERATORS))
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
