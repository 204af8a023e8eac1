"""negative-sampling against torch's logsigmoid, plain arithmetic for the costs, and the noise distribution."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tests.demos import result_dict


@pytest.mark.parametrize("dim,K,scale,seed", [(300, 5, 0.2, 0), (16, 1, 1.0, 3), (64, 20, 2.0, 7), (1, 50, 0.5, 1)])
def test_loss_matches_torch_logsigmoid(dim, K, scale, seed):
    r = result_dict("negative-sampling", {"dim": dim, "K": K, "scale": scale, "samples": 0}, seed=seed)
    v = r["vectors"]
    v_c = torch.tensor(v["v_c"], dtype=torch.float64)
    u_o = torch.tensor(v["u_o"], dtype=torch.float64)
    u_neg = torch.tensor(v["u_neg"], dtype=torch.float64).reshape(K, dim)
    expected = -F.logsigmoid(u_o @ v_c) - F.logsigmoid(-(u_neg @ v_c)).sum()
    assert r["loss"]["total"] == pytest.approx(expected.item(), rel=1e-10)
    assert len(r["loss"]["negative_terms"]) == K
    # the same loss as binary cross-entropy with label 1 for the context word and 0 for the negatives
    logits = torch.cat([(u_o @ v_c).reshape(1), u_neg @ v_c])
    labels = torch.cat([torch.ones(1), torch.zeros(K)]).double()
    bce = F.binary_cross_entropy_with_logits(logits, labels, reduction="sum")
    assert r["loss"]["total"] == pytest.approx(bce.item(), rel=1e-10)


@pytest.mark.parametrize("K", [1, 5, 15])
def test_zero_vectors_give_k_plus_one_log_two(K):
    r = result_dict("negative-sampling", {"K": K, "scale": 0.0})
    assert r["loss"]["total"] == pytest.approx((K + 1) * math.log(2), rel=1e-12)
    assert r["loss"]["zero_vectors_value"] == pytest.approx((K + 1) * math.log(2), rel=1e-12)


def test_cost_table_by_arithmetic():
    vocab = [2, 1000, 50_000, 1_000_000_000]
    r = result_dict("negative-sampling", {"dim": 100, "K": 9, "vocab": vocab})
    for row, V in zip(r["costs"], vocab):
        assert row["vocab"] == V
        assert row["full_softmax"] == V * 100
        assert row["negative_sampling"] == 10 * 100
        assert row["ratio"] == pytest.approx(V / 10)
        # hierarchical softmax: depth of a balanced binary tree with V leaves
        depth = 0
        while 2**depth < V:
            depth += 1
        assert row["hierarchical"] == depth * 100


def test_noise_distribution_is_normalized_unigram_power():
    r = result_dict("negative-sampling", {"words": 12, "power": 0.75, "samples": 200_000}, seed=2)
    s = r["sampling"]
    counts = np.array(s["counts"], dtype=float)
    assert counts.shape == (12,)
    assert np.all(np.diff(counts) < 0)  # Zipf: decreasing with rank
    expected = counts**0.75 / np.sum(counts**0.75)
    assert np.allclose(s["smoothed"], expected, rtol=1e-12)
    assert math.isclose(sum(s["smoothed"]), 1.0, rel_tol=1e-12)
    assert np.allclose(s["raw"], counts / counts.sum(), rtol=1e-12)
    # frequent words lose mass, rare words gain it
    assert s["smoothed"][0] < s["raw"][0] and s["smoothed"][-1] > s["raw"][-1]
    # empirical frequencies of 200,000 draws within 5 binomial standard errors
    p = expected
    se = np.sqrt(p * (1 - p) / 200_000)
    assert np.all(np.abs(np.array(s["empirical"]) - p) < 5 * se)


def test_power_extremes():
    uniform = result_dict("negative-sampling", {"words": 7, "power": 0.0})["sampling"]["smoothed"]
    assert np.allclose(uniform, 1 / 7)
    raw = result_dict("negative-sampling", {"words": 7, "power": 1.0})["sampling"]
    assert np.allclose(raw["smoothed"], raw["raw"])
