"""one-hot-cosine against torch's cosine_similarity and a brute-force analogy search."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from dlstudy.demos.catalog.one_hot_cosine import HANDMADE, WORDS
from tests.demos import result_dict


def test_one_hot_vectors_are_mutually_orthogonal():
    d = result_dict("one-hot-cosine", {})
    n = len(d["words"])
    assert np.allclose(np.array(d["one_hot"]["cosine"]), np.eye(n))
    assert d["one_hot"]["orthogonal_pairs"] == n * (n - 1) // 2 == d["one_hot"]["pairs"]
    assert d["one_hot"]["max_offdiag_cosine"] == 0.0
    assert math.isclose(d["one_hot"]["euclidean_offdiag"][0], math.sqrt(2), rel_tol=1e-9)
    assert d["analogy"]["one_hot"]["nearest"] == "tie" and d["analogy"]["one_hot"]["cosine"] == 0.0


def test_dense_cosines_match_torch():
    d = result_dict("one-hot-cosine", {"embedding": "handmade"})
    E = torch.tensor([HANDMADE[w] for w in WORDS], dtype=torch.float64)
    ref = F.cosine_similarity(E[:, None, :], E[None, :, :], dim=2)
    assert np.allclose(np.array(d["dense"]["cosine"]), ref.numpy(), atol=1e-9)
    assert d["dense"]["distinct_values_offdiag"] > 5  # graded, not all equal
    for i, w in enumerate(WORDS):
        row = ref[i].clone()
        row[i] = -2
        assert d["dense"]["most_similar"][w] == WORDS[int(row.argmax())]


def test_analogy_by_brute_force():
    d = result_dict("one-hot-cosine", {"embedding": "handmade"})
    E = {w: torch.tensor(v, dtype=torch.float64) for w, v in HANDMADE.items()}
    q = E["king"] - E["man"] + E["woman"]
    scores = {w: F.cosine_similarity(q, v, dim=0).item() for w, v in E.items() if w not in ("king", "man", "woman")}
    assert d["analogy"]["dense"]["nearest"] == max(scores, key=scores.get) == "queen"


def test_random_high_dimensional_vectors_are_nearly_orthogonal():
    d = result_dict("one-hot-cosine", {"embedding": "random", "dim": 4000}, seed=1)
    # cos of independent random directions ~ N(0, 1/dim): E|cos| = sqrt(2 / (pi dim)) ≈ 0.0126
    assert 0.5 * math.sqrt(2 / (math.pi * 4000)) < d["dense"]["mean_abs_offdiag_cosine"] < 1.5 * math.sqrt(2 / (math.pi * 4000))
    assert abs(d["dense"]["max_offdiag_cosine"]) < 0.1
