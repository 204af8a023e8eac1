"""online-softmax against torch.softmax and scaled_dot_product_attention in float64, plus a scalar re-derivation."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.runner import run_demo


def _inputs(n, d, scale, seed, dtype="float64"):
    """Re-draw the demo's inputs from the same seeded generator (same order: logits, Q, K, V)."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    x = (scale * rng.standard_normal(n)).astype(dt)
    q, k, v = (rng.standard_normal((n, d)).astype(dt) for _ in range(3))
    return x, q, k, v


@pytest.mark.parametrize("n,block,scale", [(64, 16, 1.0), (50, 7, 3.0), (10, 1, 0.0), (33, 64, 2.0), (200, 13, 5.0)])
def test_softmax_probabilities_match_torch(n, block, scale):
    r = run_demo("online-softmax", {"n": n, "block": block, "d": 4, "logit_scale": scale, "dtype": "float64"},
                 seed=3).to_dict()
    x, *_ = _inputs(n, 4, scale, 3)
    ref = torch.softmax(torch.tensor(x, dtype=torch.float64), dim=0)
    assert r["blocks"]["count"] == math.ceil(n / min(block, n))
    assert r["max_abs_diff"]["softmax"] < 1e-14
    if n <= 64:
        assert r["softmax"]["online"] == pytest.approx(ref.tolist(), abs=1e-14)
    # the final running max and sum are the global max and Σ exp(x − max)
    assert r["softmax"]["final_max"] == pytest.approx(float(x.max()), abs=0)
    assert r["softmax"]["final_sum"] == pytest.approx(float(torch.exp(torch.tensor(x) - x.max()).sum()), rel=1e-13)


def test_running_max_and_sum_follow_the_recurrence_by_hand():
    n, block = 20, 6
    r = run_demo("online-softmax", {"n": n, "block": block, "d": 2, "logit_scale": 4.0, "dtype": "float64"},
                 seed=8).to_dict()
    x, *_ = _inputs(n, 2, 4.0, 8)
    xs = [float(v) for v in x]
    for j, (_lo, hi) in enumerate(r["blocks"]["bounds"]):
        seen = xs[:hi]  # after block j the state summarises every logit seen so far
        m = max(seen)
        assert r["blocks"]["running_max"][j] == m
        assert r["blocks"]["running_sum"][j] == pytest.approx(sum(math.exp(v - m) for v in seen), rel=1e-13)
    assert r["blocks"]["bounds"] == [[0, 6], [6, 12], [12, 18], [18, 20]]


@pytest.mark.parametrize("n,d,block,scale", [(64, 16, 16, 1.0), (37, 8, 5, 2.0), (128, 32, 128, 1.0), (1, 3, 1, 1.0)])
def test_attention_matches_torch_sdpa_in_float64(n, d, block, scale):
    r = run_demo("online-softmax", {"n": n, "d": d, "block": block, "logit_scale": scale, "dtype": "float64"},
                 seed=5).to_dict()
    _, q, k, v = _inputs(n, d, scale, 5)
    Q, K, V = (torch.tensor(a, dtype=torch.float64) for a in (q, k, v))
    ref = torch.nn.functional.scaled_dot_product_attention(Q[None], K[None], V[None], scale=scale / math.sqrt(d))[0]
    direct = torch.softmax(Q @ K.T * (scale / math.sqrt(d)), dim=-1) @ V
    assert torch.allclose(ref, direct, atol=1e-12)
    assert r["max_abs_diff"]["attention"] < 1e-12
    i = r["attention"]["trace_query"]
    assert r["attention"]["output_sample"] == pytest.approx(ref[i, :min(d, 8)].tolist(), abs=1e-12)
    # the trace's final state is that query's max score and normaliser
    s = Q[i] @ K.T * (scale / math.sqrt(d))
    assert r["attention"]["trace"][-1]["running_max"] == pytest.approx(float(s.max()), abs=1e-12)
    assert r["attention"]["trace"][-1]["running_sum"] == pytest.approx(float(torch.exp(s - s.max()).sum()), rel=1e-12)


def test_large_logits_naive_overflows_online_does_not():
    r = run_demo("online-softmax", {"n": 64, "logit_scale": 50.0, "dtype": "float32"}, seed=0).to_dict()
    x, *_ = _inputs(64, 16, 50.0, 0, "float32")
    assert x.max() > math.log(np.finfo(np.float32).max)  # exp really overflows float32 here
    assert r["naive"]["overflow"] and r["naive"]["has_nan"]
    ref = torch.softmax(torch.tensor(x, dtype=torch.float64), dim=0)
    assert max(abs(a - b) for a, b in zip(r["softmax"]["online"], ref.tolist())) < 1e-6
    assert r["max_abs_diff"]["attention"] < 1e-4
    assert r["naive"]["overflow_logit"] == pytest.approx(math.log(np.finfo(np.float32).max), rel=1e-6)
    # far beyond even float64's exp range
    r = run_demo("online-softmax", {"n": 32, "logit_scale": 5000.0, "dtype": "float64"}, seed=0).to_dict()
    assert r["naive"]["has_nan"] and r["max_abs_diff"]["softmax"] == 0.0
    assert math.isfinite(r["max_abs_diff"]["attention"]) and r["max_abs_diff"]["attention"] < 1e-9


def test_small_logits_no_overflow_and_zero_scale_is_uniform():
    r = run_demo("online-softmax", {"n": 8, "block": 3, "logit_scale": 0.0, "dtype": "float64"}).to_dict()
    assert not r["naive"]["overflow"]
    assert r["softmax"]["online"] == pytest.approx([1 / 8] * 8, abs=1e-15)
    assert r["blocks"]["max_changes"] == 0


def test_deterministic_and_work_limit_named():
    a = run_demo("online-softmax", {}, seed=4).to_dict()
    assert a == run_demo("online-softmax", {}, seed=4).to_dict()
    assert a != run_demo("online-softmax", {}, seed=5).to_dict()
    with pytest.raises(ParamError, match="block"):
        parse_params(get_spec("online-softmax"), {"n": 1024, "d": 128, "block": 1})
