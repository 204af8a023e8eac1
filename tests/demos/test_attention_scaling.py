"""attention-scaling against the closed form Var(q·k) = d and torch's scaled_dot_product_attention."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tests.demos import result_dict


def test_variance_grows_like_d_and_scaling_keeps_it_one():
    trials = 3000
    r = result_dict("attention-scaling", {"dims": [1, 8, 64, 512], "trials": trials}, seed=11)
    for row in r["rows"]:
        d = row["d"]
        # closed form: q·k is a sum of d products with E[z²] = 1, E[z⁴] = 9, so Var = d and
        # the sample variance has relative standard error √((2 + 6/d)/N)
        rel_se = math.sqrt((2 + 6 / d) / trials)
        assert abs(row["var_unscaled"] / d - 1) < 5 * rel_se, row
        assert abs(row["var_scaled"] - 1) < 5 * rel_se, row
        assert row["theory_var"] == d
        assert row["ratio"] == pytest.approx(d, rel=1e-9)


def _mean_max_softmax(d: int, n: int, scale: float) -> float:
    """Brute-force reference with torch: average largest softmax weight of scale·(q·k_j), j = 1..n."""
    g = torch.Generator().manual_seed(1234)
    m = 5000
    q = torch.randn(m, d, 1, generator=g)
    k = torch.randn(m, n, d, generator=g)
    scores = torch.bmm(k, q)[:, :, 0].double() * scale
    return torch.softmax(scores, dim=-1).max(dim=-1).values.mean().item()


def test_saturation_matches_brute_force():
    n = 16
    r = result_dict("attention-scaling", {"dims": [4, 256], "seq_len": n, "queries": 150}, seed=2)
    low, high = r["rows"]
    assert high["max_weight_unscaled"] == pytest.approx(_mean_max_softmax(256, n, 1.0), abs=0.05)
    assert high["max_weight_scaled"] == pytest.approx(_mean_max_softmax(256, n, 1 / 16), abs=0.05)
    assert low["max_weight_unscaled"] == pytest.approx(_mean_max_softmax(4, n, 1.0), abs=0.05)
    assert low["max_weight_scaled"] == pytest.approx(_mean_max_softmax(4, n, 0.5), abs=0.05)
    # unscaled attention saturates (max weight near 1) at large d; scaled attention stays far from it
    assert high["max_weight_unscaled"] > 0.85 and high["max_weight_scaled"] < 0.4
    # entropy falls towards 0 without scaling and stays near the d-independent value with it
    assert high["entropy_unscaled"] < low["entropy_unscaled"] < low["entropy_scaled"]
    assert abs(high["entropy_scaled"] - low["entropy_scaled"]) < 0.2
    assert r["max_entropy"] == pytest.approx(math.log(n))


@pytest.mark.parametrize("example_dim,seed", [(8, 0), (1, 5), (64, 9)])
def test_example_weights_match_torch_sdpa(example_dim, seed):
    ex = result_dict("attention-scaling", {"dims": [4], "example_dim": example_dim}, seed=seed)["example"]
    q = torch.tensor(ex["q"], dtype=torch.float64).reshape(1, 1, example_dim)
    k = torch.tensor(ex["keys"], dtype=torch.float64).reshape(1, 4, example_dim)
    eye = torch.eye(4, dtype=torch.float64).unsqueeze(0)  # values = identity, so the output is the weights
    scaled = F.scaled_dot_product_attention(q, k, eye)[0, 0]
    raw = F.scaled_dot_product_attention(q, k, eye, scale=1.0)[0, 0]
    assert np.allclose(ex["weights_scaled"], scaled.numpy(), rtol=1e-9, atol=1e-12)
    assert np.allclose(ex["weights_unscaled"], raw.numpy(), rtol=1e-9, atol=1e-12)
    assert np.allclose(ex["scores"], (k[0] @ q[0, 0]).numpy(), rtol=1e-9, atol=1e-12)
