"""Generated practice: fresh numeric questions with random parameters, answered by running the demo.

Each generator picks parameters and names a path into the demo's result; the expected answer is
read from a live run of the demo, never computed by a formula here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from dlstudy.content.schema import Question, Tolerance


@dataclass
class DrillSpec:
    params: dict
    prompt: str
    answer_from: str
    tolerance: Tolerance
    explanation: str


def _conv(r: random.Random) -> DrillSpec:
    k = r.choice([1, 3, 3, 5, 7])
    s = r.choice([1, 1, 2, 2, 3])
    p = r.choice([0, 0, 1, 1, 2, 3])
    n = r.randint(max(k, 5), 64)
    return DrillSpec({"height": n, "width": n, "kernel": k, "padding": p, "stride": s},
                     f"A {n}×{n} input goes through a {k}×{k} convolution with padding {p} and stride {s}. "
                     f"What is the output height?", "formula.height", Tolerance(abs=0),
                     "⌊(n + 2p − f)/s⌋ + 1 per spatial dimension.")


def _uniform(r: random.Random) -> DrillSpec:
    a = r.choice([0.5, 1, 1.5, 2, 3, 4, 6, 10])
    return DrillSpec({"a": a, "samples": 1000}, f"What is the variance of U(−{a:g}, {a:g})?", "theory.variance",
                     Tolerance(rel=0.01), "Var U(−a, a) = a²/3.")


def _xavier(r: random.Random) -> DrillSpec:
    fi = r.choice([16, 32, 50, 64, 100, 128, 200, 256, 300, 400, 512])
    fo = r.choice([10, 16, 32, 64, 100, 128, 256])
    return DrillSpec({"fan_in": fi, "fan_out": fo, "depth": 2, "width": 16, "batch": 16},
                     f"Xavier-uniform with fan_in = {fi} and fan_out = {fo}: what is the bound a of U(−a, a)?",
                     "theory.uniform_bound", Tolerance(rel=0.01), "a = √(6/(fan_in + fan_out)).")


def _perplexity(r: random.Random) -> DrillSpec:
    probs = [r.choice([0.5, 0.25, 0.125, 0.1, 0.2, 0.4]) for _ in range(r.randint(2, 4))]
    shown = ", ".join(f"{p:g}" for p in probs)
    return DrillSpec({"probs": probs}, f"A language model gives the actual next tokens probabilities {shown}. "
                     "What is its perplexity on this text?", "perplexity", Tolerance(rel=0.01),
                     "PPL = exp(mean of −log p) = (∏ p)^(−1/N).")


def _label_smoothing(r: random.Random) -> DrillSpec:
    k = r.choice([2, 4, 5, 10, 100])
    eps = r.choice([0.05, 0.1, 0.2, 0.3])
    y = r.randrange(k)
    return DrillSpec({"K": k, "epsilon": eps, "y": y},
                     f"Label smoothing with ε = {eps:g} over K = {k} classes: what target probability does the true "
                     "class get?", f"target[{y}]", Tolerance(rel=0.001), "(1 − ε) + ε/K for the true class.")


def _softmax(r: random.Random) -> DrillSpec:
    logits = [float(r.randint(-2, 3)) for _ in range(r.randint(2, 4))]
    i = max(range(len(logits)), key=lambda j: logits[j])
    shown = ", ".join(f"{v:g}" for v in logits)
    return DrillSpec({"logits": logits, "dtype": "float64"},
                     f"softmax([{shown}]): what probability does logit #{i + 1} ({logits[i]:g}) get?",
                     f"stable[{i}]", Tolerance(abs=0.005), "e^{z_i} / Σ_j e^{z_j}; shifting by the max changes nothing.")


GENERATORS: dict[str, Callable[[random.Random], DrillSpec]] = {
    "conv-output-shape": _conv,
    "uniform-variance": _uniform,
    "xavier-variance": _xavier,
    "perplexity": _perplexity,
    "label-smoothing": _label_smoothing,
    "softmax-overflow": _softmax,
}


def available() -> list[str]:
    from dlstudy.demos.registry import get_spec

    return [d for d in GENERATORS if get_spec(d) is not None]


def make_question(demo_id: str, r: random.Random, number: int):
    """(question, value) with the answer read from a live run of the demo."""
    from dlstudy.demos.result import lookup
    from dlstudy.demos.runner import run_demo

    spec = GENERATORS[demo_id](r)
    run = run_demo(demo_id, spec.params, seed=r.randrange(2**31))
    value = float(lookup(run.to_dict(), spec.answer_from))
    q = Question(id=f"drill-{demo_id}-{number}", kind="numeric", prompt=spec.prompt, explanation=spec.explanation,
                 answer=value, tolerance=spec.tolerance)
    return q, spec
