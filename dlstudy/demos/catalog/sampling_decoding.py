"""sampling-decoding: temperature, top-k and nucleus (top-p) sampling of one next-token distribution.

probs = softmax(logits / T). Top-k keeps the k most probable tokens; top-p keeps the smallest set of
most probable tokens whose total probability is at least p (Holtzman et al., 2020); both renormalize
what they keep. Tokens are ranked by probability, equal probabilities in index order (lower first), and
the top-p comparison allows 1e-12 of rounding (a cumulative mass of 0.8999999999999999 counts as 0.9).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator

EPS = 1e-12

_NICE = ([0.5, 0.25, 0.125, 0.125], [0.4, 0.3, 0.2, 0.1], [0.6, 0.2, 0.1, 0.05, 0.05],
         [0.35, 0.25, 0.2, 0.1, 0.1], [0.7, 0.1, 0.1, 0.05, 0.05], [0.3, 0.3, 0.2, 0.1, 0.05, 0.05])


def _drill(r: random.Random) -> Drill:
    if r.random() < 0.5:
        probs = list(r.choice(_NICE))
        r.shuffle(probs)
        p = r.choice([0.5, 0.6, 0.75, 0.85, 0.9, 0.95])
        shown = ", ".join(f"{q:g}" for q in probs)
        return Drill({"logits": [math.log(q) for q in probs], "temperature": 1.0, "p": p},
                     f"Next-token probabilities are {shown}. With nucleus (top-p) sampling at p = {p:g}, how "
                     "many tokens are kept?", "top_p.count",
                     "Sort the probabilities from high to low and keep the shortest prefix whose total is ≥ p.", abs=0)
    logits = [float(r.randint(-1, 3)) for _ in range(r.randint(2, 4))]
    t = r.choice([0.5, 0.5, 2.0, 2.0, 0.25, 4.0])
    i = r.randrange(len(logits))
    shown = ", ".join(f"{v:g}" for v in logits)
    return Drill({"logits": logits, "temperature": t},
                 f"Logits [{shown}] are sampled at temperature T = {t:g}. What probability does token #{i + 1} "
                 f"(logit {logits[i]:g}) get, to 2 decimals?", f"probs[{i}]",
                 "softmax(z / T): divide every logit by T, then exponentiate and normalize; T < 1 sharpens the "
                 "distribution, T > 1 flattens it.", abs=0.005)


SPEC = DemoSpec(
    id="sampling-decoding",
    title="Temperature, top-k and nucleus sampling",
    description="softmax(z/T), then keep the k most probable tokens or the smallest set with mass ≥ p, renormalize, sample.",
    topic="nlp",
    cards=("decoding-sampling",),
    params=(
        Param("logits", "float_list", [3.0, 2.5, 2.0, 1.0, 0.5, 0.0, -1.0, -2.0],
              "next-token logits z (one per vocabulary token)", min=-100.0, max=100.0, min_len=1, max_len=64),
        Param("temperature", "float", 1.0, "temperature T: probs = softmax(z / T); T < 1 sharpens, T > 1 flattens",
              min=0.01, max=100.0),
        Param("k", "int", 3, "top-k: tokens kept (more than the vocabulary keeps all)", min=1, max=64),
        Param("p", "float", 0.9, "top-p: keep the smallest set of most probable tokens with mass ≥ p", min=0.01, max=1.0),
        Param("samples", "int", 10, "seeded draws from each distribution", min=0, max=100),
    ),
    headline=(
        ("entropy after temperature (nats)", "entropy"),
        ("probability of the most likely token", "top_token.prob"),
        ("tokens kept by top-p", "top_p.count"),
        ("mass kept by top-k", "top_k.mass"),
    ),
    drill=_drill,
)


@dataclass
class SamplingDecodingResult(DemoResult):
    vocab: int = 0
    temperature: float = 1.0
    logits: list = field(default_factory=list)  # as given
    probs: list = field(default_factory=list)  # softmax(z / T)
    probs_t1: list = field(default_factory=list)  # softmax(z), for comparison
    entropy: float = 0.0  # nats, of probs
    entropy_t1: float = 0.0
    max_entropy: float = 0.0  # ln V (uniform)
    ranking: list = field(default_factory=list)  # token indices, most probable first
    top_token: dict = field(default_factory=dict)  # index, prob (what greedy decoding picks)
    top_k: dict = field(default_factory=dict)  # k, k_effective, kept, count, mass, probs (renormalized), entropy
    top_p: dict = field(default_factory=dict)  # p, kept, count, mass, cumulative, probs (renormalized), entropy
    samples: dict = field(default_factory=dict)  # full, top_k, top_p: seeded token draws
    lesson: str = ""


def _entropy(q) -> float:
    return float(-sum(v * math.log(v) for v in q if v > 0))


def run(params: dict[str, Any], rng: Generator) -> SamplingDecodingResult:
    import numpy as np

    z = np.asarray(params["logits"], dtype=np.float64)
    t = float(params["temperature"])
    v = len(z)

    def softmax(x):
        e = np.exp(x - x.max())
        return e / e.sum()

    probs = softmax(z / t)
    probs_t1 = softmax(z)
    ranking = np.argsort(-probs, kind="mergesort")  # stable: ties in index order

    k_eff = min(int(params["k"]), v)
    k_kept = ranking[:k_eff]
    k_probs = np.zeros(v)
    k_probs[k_kept] = probs[k_kept] / probs[k_kept].sum()

    p = float(params["p"])
    cum = np.cumsum(probs[ranking])
    count_p = int(np.argmax(cum >= p - EPS)) + 1 if cum[-1] >= p - EPS else v
    p_kept = ranking[:count_p]
    p_probs = np.zeros(v)
    p_probs[p_kept] = probs[p_kept] / probs[p_kept].sum()

    n = int(params["samples"])
    draws = {name: rng.choice(v, size=n, p=q).tolist() if n else []
             for name, q in (("full", probs), ("top_k", k_probs), ("top_p", p_probs))}

    return SamplingDecodingResult(
        vocab=v,
        temperature=t,
        logits=list(params["logits"]),
        probs=probs,
        probs_t1=probs_t1,
        entropy=_entropy(probs),
        entropy_t1=_entropy(probs_t1),
        max_entropy=math.log(v),
        ranking=ranking.tolist(),
        top_token={"index": int(ranking[0]), "prob": float(probs[ranking[0]])},
        top_k={"k": int(params["k"]), "k_effective": k_eff, "kept": k_kept, "count": k_eff,
               "mass": float(probs[k_kept].sum()), "probs": k_probs, "entropy": _entropy(k_probs)},
        top_p={"p": p, "kept": p_kept, "count": count_p, "mass": float(probs[p_kept].sum()),
               "cumulative": cum, "probs": p_probs, "entropy": _entropy(p_probs)},
        samples=draws,
        lesson="Temperature reshapes the whole distribution (T → 0 is greedy, large T is uniform); top-k keeps a "
               "fixed number of tokens whatever their mass, while top-p adapts: few tokens when the model is "
               "confident, many when it is unsure.",
    )
