"""kv-cache against real torch tensors (summed nbytes) and the 2·L·B·S·H_kv·d·bytes formula."""

import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.runner import run_demo

DTYPES = {4.0: torch.float32, 2.0: torch.float16, 1.0: torch.int8, 8.0: torch.float64}


def _allocated_bytes(layers, batch, kv_heads, seq, head_dim, dtype):
    """Build the cache the way a decoder does: one K and one V tensor per layer, and add up their nbytes."""
    cache = [(torch.zeros(batch, kv_heads, seq, head_dim, dtype=dtype),
              torch.zeros(batch, kv_heads, seq, head_dim, dtype=dtype)) for _ in range(layers)]
    return sum(k.nbytes + v.nbytes for k, v in cache)


@pytest.mark.parametrize("layers,q,kv,d,seq,batch,bpv", [
    (2, 4, 4, 8, 16, 1, 4.0),   # MHA, float32
    (3, 8, 2, 16, 10, 2, 2.0),  # GQA, float16
    (1, 6, 1, 4, 7, 3, 1.0),    # MQA, int8
    (4, 4, 2, 8, 5, 2, 8.0),    # float64
])
def test_matches_the_bytes_of_allocated_tensors(layers, q, kv, d, seq, batch, bpv):
    r = run_demo("kv-cache", {"layers": layers, "query_heads": q, "kv_heads": kv, "head_dim": d, "seq_len": seq,
                              "batch": batch, "bytes_per_value": bpv}).to_dict()
    nbytes = _allocated_bytes(layers, batch, kv, seq, d, DTYPES[bpv])
    assert r["cache_bytes"] == nbytes
    assert r["tensor_shape"] == [batch, kv, seq, d]
    # one more token adds per_token_bytes per sequence
    assert _allocated_bytes(layers, 1, kv, seq + 1, d, DTYPES[bpv]) - _allocated_bytes(layers, 1, kv, seq, d, DTYPES[bpv]) \
        == r["per_token_bytes"]
    assert r["k_bytes"] + r["v_bytes"] == nbytes


def test_formula_at_llm_sizes():
    # a 7B-class model with 32 layers, 32 heads of 128, float16, 4096 tokens: MHA is exactly 2 GiB
    r = run_demo("kv-cache", {"layers": 32, "query_heads": 32, "kv_heads": 32, "head_dim": 128, "seq_len": 4096,
                              "batch": 1, "bytes_per_value": 2}).to_dict()
    assert r["cache_bytes"] == 2 * 32 * 1 * 4096 * 32 * 128 * 2 == 2 * 2**30
    assert r["cache_gib"] == 2.0 and r["attention_type"] == "MHA"
    # a 70B-class GQA model: 80 layers, 64 query heads, 8 K/V heads, 32k context, batch 8
    r = run_demo("kv-cache", {"layers": 80, "query_heads": 64, "kv_heads": 8, "head_dim": 128, "seq_len": 32768,
                              "batch": 8, "bytes_per_value": 2}).to_dict()
    expected = 2 * 80 * 8 * 32768 * 8 * 128 * 2
    assert r["cache_bytes"] == expected and r["cache_gb"] == pytest.approx(expected / 1e9, rel=1e-12)
    assert r["per_token_bytes"] == 2 * 80 * 8 * 128 * 2
    assert r["comparison"]["mha"]["cache_bytes"] == expected * 8
    assert r["comparison"]["this"]["ratio_to_mha"] == pytest.approx(1 / 8)
    assert r["comparison"]["mqa"]["cache_bytes"] == expected // 8


def test_growth_table_is_linear_in_sequence_length():
    lens = [1, 100, 1000, 10_000, 1_000_000]
    r = run_demo("kv-cache", {"seq_lens": lens, "batch": 3}).to_dict()
    per_token = 2 * 32 * 8 * 128 * 2
    assert [row["seq_len"] for row in r["by_seq_len"]] == lens
    assert [row["cache_bytes"] for row in r["by_seq_len"]] == [3 * s * per_token for s in lens]
    assert [row["mha_cache_gb"] for row in r["by_seq_len"]] == pytest.approx([4 * 3 * s * per_token / 1e9 for s in lens])


def test_mha_gqa_mqa_and_query_heads_do_not_matter():
    base = {"layers": 4, "head_dim": 64, "seq_len": 1000, "kv_heads": 4}
    a = run_demo("kv-cache", {**base, "query_heads": 16}).to_dict()
    b = run_demo("kv-cache", {**base, "query_heads": 32}).to_dict()
    assert a["cache_bytes"] == b["cache_bytes"]  # only K/V heads are cached
    assert a["group_size"] == 4 and b["group_size"] == 8
    c = run_demo("kv-cache", {**base, "query_heads": 16}).to_dict()["comparison"]
    assert [c[k]["kind"] for k in ("mha", "gqa", "mqa")] == ["MHA", "GQA", "MQA"]
    assert c["mha"]["cache_bytes"] == 4 * c["gqa"]["cache_bytes"] == 16 * c["mqa"]["cache_bytes"]


def test_int4_half_bytes_and_edge_sizes():
    r = run_demo("kv-cache", {"layers": 1, "query_heads": 1, "kv_heads": 1, "head_dim": 1, "seq_len": 1, "batch": 1,
                              "bytes_per_value": 0.5, "seq_lens": [1]}).to_dict()
    assert r["cache_bytes"] == 1 and r["per_token_bytes"] == 1 and r["attention_type"] == "MHA"
    assert "gqa" not in r["comparison"]  # one head: no grouping is possible
    r = run_demo("kv-cache", {"layers": 1, "query_heads": 1, "kv_heads": 1, "head_dim": 1, "seq_len": 1, "batch": 1,
                              "bytes_per_value": 0.125}).to_dict()
    assert r["cache_bytes"] == 0.25


def test_deterministic_and_limits_are_named():
    assert run_demo("kv-cache", {}, seed=1).to_dict() == run_demo("kv-cache", {}, seed=2).to_dict()
    spec = get_spec("kv-cache")
    with pytest.raises(ParamError, match="kv_heads"):
        parse_params(spec, {"query_heads": 32, "kv_heads": 5})
    with pytest.raises(ParamError, match="kv_heads"):
        parse_params(spec, {"query_heads": 4, "kv_heads": 8})


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): the bytes of real K and V tensors for one token and layer."""
    k = torch.zeros(params["batch"], params["kv_heads"], 1, params["head_dim"], dtype=torch.int8)
    per_token_layer = 2 * k.nelement() * params["bytes_per_value"]  # K and V, one token, one layer
    total = per_token_layer * params["layers"] * params["seq_len"]
    return total / (1e6 if path == "cache_mb" else 1e9)
