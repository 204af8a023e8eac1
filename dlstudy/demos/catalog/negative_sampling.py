"""negative-sampling: O(|V|·d) softmax vs O((K+1)·d) negative sampling, the unigram^0.75 noise, and the loss."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

_WORDS = ("the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "was", "on")

SPEC = DemoSpec(
    id="negative-sampling",
    title="Negative sampling vs full softmax",
    description="Cost per step |V|·d vs (K+1)·d, the unigram^0.75 noise distribution, and the loss on random vectors.",
    topic="nlp",
    cards=("negative-sampling",),
    params=(
        Param("dim", "int", 300, "embedding dimension d", min=1, max=1024),
        Param("K", "int", 5, "negative samples per positive pair", min=1, max=50),
        Param("vocab", "int_list", [1_000, 10_000, 100_000, 1_000_000, 10_000_000],
              "vocabulary sizes |V| for the cost table", min=2, max=1_000_000_000, min_len=1, max_len=12),
        Param("power", "float", 0.75, "exponent applied to unigram frequencies for the noise distribution",
              min=0.0, max=1.0),
        Param("words", "int", 10, "size of the toy Zipf vocabulary used for the sampling distribution", min=2, max=50),
        Param("samples", "int", 20_000, "negatives drawn from the noise distribution", min=0, max=200_000),
        Param("scale", "float", 0.2, "standard deviation of the random vector entries for the loss example",
              min=0.0, max=2.0),
    ),
    headline=(
        ("speed-up vs full softmax, last |V|", "costs[-1].ratio"),
        ("negative-sampling cost per step", "costs[-1].negative_sampling"),
        ("loss on the random vectors", "loss.total"),
        ("noise share of the commonest word", "sampling.smoothed[0]"),
    ),
)


@dataclass
class NegativeSamplingResult(DemoResult):
    dim: int = 0
    K: int = 0
    costs: list = field(default_factory=list)  # per |V|: full_softmax, negative_sampling, hierarchical, ratio
    sampling: dict = field(default_factory=dict)  # words, counts, raw, smoothed, empirical, boost
    loss: dict = field(default_factory=dict)  # scores, terms, total; zero_vectors_value = (K+1) ln 2
    vectors: dict = field(default_factory=dict)  # v_c, u_o, u_neg (K × d) used for the loss
    scale: float = 0.0  # std of the entries of those vectors
    lesson: str = ""


def _log_sigmoid(x):
    import numpy as np

    return -np.logaddexp(0.0, -x)  # log σ(x) without overflow


def run(params: dict[str, Any], rng: Generator) -> NegativeSamplingResult:
    import numpy as np

    d, k = int(params["dim"]), int(params["K"])
    power, n_words, n_samples, scale = float(params["power"]), int(params["words"]), int(params["samples"]), \
        float(params["scale"])

    costs = []
    for v in params["vocab"]:
        v = int(v)
        full = v * d  # one dot product u_w·v_c per vocabulary word (plus |V| exponentials to normalize)
        ns = (k + 1) * d  # the true context word and K negatives
        hs = int(np.ceil(np.log2(v))) * d  # one sigmoid per inner node on a root-to-leaf path
        costs.append({"vocab": v, "full_softmax": full, "negative_sampling": ns, "hierarchical": hs,
                      "ratio": full / ns})

    # toy corpus statistics: Zipf counts ∝ 1/rank
    ranks = np.arange(1, n_words + 1)
    counts = np.round(100_000 / ranks).astype(np.int64)
    raw = counts / counts.sum()
    weighted = raw**power
    smoothed = weighted / weighted.sum()
    if n_samples:
        draws = rng.choice(n_words, size=n_samples, p=smoothed)
        empirical = np.bincount(draws, minlength=n_words) / n_samples
    else:
        empirical = np.zeros(n_words)
    names = [(_WORDS[i] if i < len(_WORDS) else f"w{i + 1}") for i in range(n_words)]

    v_c = rng.normal(0.0, scale, size=d)
    u_o = rng.normal(0.0, scale, size=d)
    u_neg = rng.normal(0.0, scale, size=(k, d))
    pos_score = float(u_o @ v_c)
    neg_scores = u_neg @ v_c
    pos_term = float(-_log_sigmoid(pos_score))
    neg_terms = -_log_sigmoid(-neg_scores)

    return NegativeSamplingResult(
        dim=d,
        K=k,
        scale=scale,
        costs=costs,
        sampling={"power": power, "words": names, "counts": counts, "raw": raw, "smoothed": smoothed,
                  "empirical": empirical, "samples": n_samples, "boost": smoothed / raw},
        loss={"positive_score": pos_score, "negative_scores": neg_scores, "positive_term": pos_term,
              "negative_terms": neg_terms, "total": pos_term + float(np.sum(neg_terms)),
              "zero_vectors_value": (k + 1) * float(np.log(2.0))},
        vectors={"v_c": v_c, "u_o": u_o, "u_neg": u_neg},
        lesson="Negative sampling replaces one |V|-way softmax by K+1 binary logistic regressions, so the cost "
               "per step no longer depends on the vocabulary; the 0.75 power shifts noise mass from frequent to "
               "rare words.",
    )
