"""perplexity: exp(average negative log-likelihood per token); a uniform model over V words scores V."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _drill(r: random.Random) -> Drill:
    probs = [r.choice([0.5, 0.25, 0.125, 0.1, 0.2, 0.4]) for _ in range(r.randint(2, 4))]
    shown = ", ".join(f"{p:g}" for p in probs)
    return Drill({"probs": probs}, f"A language model gives the actual next tokens probabilities {shown}. "
                 "What is its perplexity on this text?", "perplexity", "PPL = exp(mean of −log p) = (∏ p)^(−1/N).",
                 rel=0.01)


SPEC = DemoSpec(
    id="perplexity",
    title="Perplexity of a language model",
    description="PPL = exp(mean −log p(actual next token)); per-token NLL, base-2 bits, and a uniform model's PPL = V.",
    topic="rnn",
    cards=("perplexity",),
    params=(
        Param("probs", "float_list", [0.5, 0.25, 0.125, 0.5],
              "probability the model gave each actual next token", min=1e-12, max=1.0, min_len=1, max_len=64),
        Param("vocab", "int", 10_000, "vocabulary size V of the uniform comparison model", min=1, max=1_000_000),
    ),
    headline=(
        ("perplexity", "perplexity"),
        ("mean NLL (nats)", "mean_nll"),
        ("mean bits per token", "mean_bits"),
        ("uniform model's perplexity", "uniform_perplexity"),
    ),
    drill=_drill,
)


@dataclass
class PerplexityResult(DemoResult):
    probs: list = field(default_factory=list)
    tokens: int = 0
    nll: list = field(default_factory=list)  # −ln p per token (nats)
    bits: list = field(default_factory=list)  # −log2 p per token
    mean_nll: float = 0.0  # average cross-entropy in nats
    mean_bits: float = 0.0  # average cross-entropy in bits
    perplexity: float = 0.0  # exp(mean_nll)
    perplexity_base2: float = 0.0  # 2 ** mean_bits (same number)
    geometric_mean_prob: float = 0.0  # (∏ p)^(1/N) = 1 / perplexity
    worst_token: dict = field(default_factory=dict)  # index, prob, share of the total NLL
    vocab: int = 0
    uniform_mean_nll: float = 0.0  # ln V
    uniform_perplexity: float = 0.0  # = V
    lesson: str = ""


def run(params: dict[str, Any], rng: Generator) -> PerplexityResult:
    import numpy as np

    p = np.asarray(params["probs"], dtype=np.float64)
    v = int(params["vocab"])
    nll = -np.log(p)
    bits = -np.log2(p)
    mean_nll = float(np.mean(nll))
    mean_bits = float(np.mean(bits))
    worst = int(np.argmax(nll))
    total = float(np.sum(nll))

    # the uniform model: softmax of equal logits over V words, scored on random actual tokens
    logits = np.zeros(v)
    q = np.exp(logits - logits.max())
    q /= q.sum()
    actual = rng.integers(0, v, size=len(p))
    uniform_nll = -np.log(q[actual])
    uniform_mean = float(np.mean(uniform_nll))

    return PerplexityResult(
        probs=p.tolist(),
        tokens=len(p),
        nll=nll.tolist(),
        bits=bits.tolist(),
        mean_nll=mean_nll,
        mean_bits=mean_bits,
        perplexity=float(np.exp(mean_nll)),
        perplexity_base2=float(2.0**mean_bits),
        geometric_mean_prob=float(np.exp(np.mean(np.log(p)))),
        worst_token={"index": worst, "prob": float(p[worst]), "share_of_nll": float(nll[worst] / total) if total else 0.0},
        vocab=v,
        uniform_mean_nll=uniform_mean,
        uniform_perplexity=float(np.exp(uniform_mean)),
        lesson="Perplexity is the effective number of equally likely choices the model hesitates between per token: "
               "1 is perfect, V is no better than guessing uniformly, and one near-zero probability can dominate it.",
    )
