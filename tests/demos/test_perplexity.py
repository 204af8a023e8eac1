"""perplexity against its definition (math.exp / products) and torch's cross-entropy."""

import math

import pytest
import torch

from tests.demos import result_dict


@pytest.mark.parametrize("probs", [[0.5, 0.25, 0.125, 0.5], [0.9], [0.1] * 10, [1.0, 1.0], [1e-6, 0.9, 0.8]])
def test_perplexity_matches_the_definition(probs):
    r = result_dict("perplexity", {"probs": probs})
    n = len(probs)
    nll = [-math.log(p) for p in probs]
    assert r["nll"] == pytest.approx(nll, rel=1e-12, abs=1e-15)
    assert r["mean_nll"] == pytest.approx(sum(nll) / n, rel=1e-12, abs=1e-15)
    # second route: inverse geometric mean of the probabilities
    product = 1.0
    for p in probs:
        product *= p
    assert r["perplexity"] == pytest.approx(product ** (-1.0 / n), rel=1e-9)
    assert r["perplexity_base2"] == pytest.approx(2 ** (sum(-math.log2(p) for p in probs) / n), rel=1e-9)
    assert r["bits"] == pytest.approx([-math.log2(p) for p in probs], rel=1e-12, abs=1e-15)


def test_perplexity_equals_exp_of_torch_cross_entropy():
    probs = [0.5, 0.2, 0.7, 0.05, 0.33]
    r = result_dict("perplexity", {"probs": probs})
    # a 3-word model: the actual token (index 0) gets p, the rest is split over two other words
    rows = [[p, (1 - p) / 2, (1 - p) / 2] for p in probs]
    logits = torch.log(torch.tensor(rows, dtype=torch.float64))
    ce = torch.nn.functional.cross_entropy(logits, torch.zeros(len(probs), dtype=torch.long))
    assert r["perplexity"] == pytest.approx(math.exp(ce.item()), rel=1e-9)


@pytest.mark.parametrize("vocab", [1, 2, 50, 10_000, 1_000_000])
def test_uniform_model_has_perplexity_v(vocab):
    r = result_dict("perplexity", {"vocab": vocab}, seed=4)
    logits = torch.zeros(3, vocab, dtype=torch.float64)
    ce = torch.nn.functional.cross_entropy(logits, torch.tensor([0, vocab // 2, vocab - 1]))
    assert r["uniform_mean_nll"] == pytest.approx(ce.item(), rel=1e-9, abs=1e-12)
    assert r["uniform_perplexity"] == pytest.approx(vocab, rel=1e-9)


def test_perfect_model_scores_one_and_worst_token_is_found():
    assert result_dict("perplexity", {"probs": [1.0, 1.0, 1.0]})["perplexity"] == pytest.approx(1.0)
    r = result_dict("perplexity", {"probs": [0.9, 0.001, 0.8]})
    assert r["worst_token"]["index"] == 1
    total = -math.log(0.9) - math.log(0.001) - math.log(0.8)
    assert r["worst_token"]["share_of_nll"] == pytest.approx(-math.log(0.001) / total)


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): exp of torch's cross-entropy of a two-word model."""
    return float(torch.exp(torch.nn.functional.cross_entropy(
        torch.log(torch.tensor([[p, 1 - p] for p in params["probs"]])), torch.zeros(len(params["probs"]),
                                                                                      dtype=torch.long))))
