"""one-hot-cosine: one-hot vectors are mutually orthogonal; dense embeddings give graded similarity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="one-hot-cosine",
    title="One-hot vs dense embeddings: cosine similarity",
    description="Every pair of one-hot words has cosine 0; dense vectors give graded similarities and analogies.",
    topic="foundations",
    cards=("cosine-similarity", "word-embeddings"),
    params=(
        Param("embedding", "choice", "handmade", "dense vectors: hand-made features or random Gaussian vectors",
              choices=("handmade", "random")),
        Param("dim", "int", 50, "dimension of the random embedding", min=2, max=4096),
    ),
    headline=(
        ("one-hot: max off-diagonal cosine", "one_hot.max_offdiag_cosine"),
        ("dense: mean |off-diagonal cosine|", "dense.mean_abs_offdiag_cosine"),
        ("dense: orthogonal pairs", "dense.orthogonal_pairs"),
        ("dense analogy: best cosine", "analogy.dense.cosine"),
    ),
)

WORDS = ("king", "queen", "man", "woman", "apple", "orange", "car", "truck")
# hand-made features: royalty, gender (+male / -female), person, fruit, vehicle, size
FEATURES = ("royalty", "gender", "person", "fruit", "vehicle", "size")
HANDMADE = {
    "king": (0.9, 0.8, 0.9, 0.0, 0.0, 0.3),
    "queen": (0.9, -0.8, 0.9, 0.0, 0.0, 0.3),
    "man": (0.1, 0.8, 0.9, 0.0, 0.0, 0.3),
    "woman": (0.1, -0.8, 0.9, 0.0, 0.0, 0.3),
    "apple": (0.0, 0.0, 0.0, 0.9, 0.0, 0.1),
    "orange": (0.0, 0.0, 0.0, 0.8, 0.0, 0.15),
    "car": (0.0, 0.0, 0.0, 0.0, 0.9, 0.6),
    "truck": (0.0, 0.0, 0.0, 0.0, 0.8, 0.95),
}


@dataclass
class OneHotCosineResult(DemoResult):
    words: list
    one_hot: dict = field(default_factory=dict)
    dense: dict = field(default_factory=dict)
    analogy: dict = field(default_factory=dict)


def cosine_matrix(E):
    import numpy as np

    norms = np.linalg.norm(E, axis=1, keepdims=True)
    U = E / norms
    return U @ U.T


def _summary(E, words):
    import numpy as np

    C = cosine_matrix(E)
    n = len(words)
    off = C[~np.eye(n, dtype=bool)]
    nearest = {}
    for i, w in enumerate(words):
        row = C[i].copy()
        row[i] = -np.inf
        nearest[w] = words[int(np.argmax(row))]
    D = np.linalg.norm(E[:, None, :] - E[None, :, :], axis=2)
    return {
        "dim": int(E.shape[1]),
        "cosine": [[round(float(v), 12) for v in row] for row in C],
        "max_offdiag_cosine": float(off.max()),
        "min_offdiag_cosine": float(off.min()),
        "mean_abs_offdiag_cosine": float(np.abs(off).mean()),
        "distinct_values_offdiag": int(len(np.unique(np.round(off, 9)))),
        "orthogonal_pairs": int((np.abs(off) < 1e-12).sum() // 2),
        "pairs": n * (n - 1) // 2,
        "euclidean_offdiag": sorted({round(float(v), 9) for v in D[~np.eye(n, dtype=bool)]})[:5],
        "most_similar": nearest,
    }


def _analogy(E, words, a, b, c):
    """Nearest word (by cosine, excluding the three inputs) to vec(a) - vec(b) + vec(c)."""
    import numpy as np

    idx = {w: i for i, w in enumerate(words)}
    q = E[idx[a]] - E[idx[b]] + E[idx[c]]
    qn = np.linalg.norm(q)
    sims = (E @ q) / (np.linalg.norm(E, axis=1) * qn)
    cands = [(float(sims[i]), w) for i, w in enumerate(words) if w not in (a, b, c)]
    best = max(s for s, _ in cands)
    tied = sorted(w for s, w in cands if abs(s - best) < 1e-12)
    return {"nearest": tied[0] if len(tied) == 1 else "tie", "cosine": best, "tied_words": len(tied),
            "scores": {w: s for s, w in cands}}


def run(params: dict[str, Any], rng: Generator) -> OneHotCosineResult:
    import numpy as np

    words = list(WORDS)
    onehot = np.eye(len(words))
    if params["embedding"] == "handmade":
        dense = np.array([HANDMADE[w] for w in words], dtype=float)
        kind = "handmade (features: " + ", ".join(FEATURES) + ")"
    else:
        dense = rng.standard_normal((len(words), int(params["dim"])))
        kind = "random Gaussian"
    d = _summary(dense, words)
    d["kind"] = kind
    # for independent random directions cos ≈ N(0, 1/dim), so E|cos| ≈ sqrt(2/(π·dim))
    d["expected_mean_abs_random"] = (float(np.sqrt(2.0 / (np.pi * dense.shape[1])))
                                     if params["embedding"] == "random" else None)
    return OneHotCosineResult(
        words=words,
        one_hot=_summary(onehot, words),
        dense=d,
        analogy={"query": "king - man + woman",
                 "one_hot": _analogy(onehot, words, "king", "man", "woman"),
                 "dense": _analogy(dense, words, "king", "man", "woman")},
    )
