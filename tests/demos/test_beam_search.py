"""beam-search against an independent brute force and greedy decoder written over the JSON model."""

import itertools
import math

import pytest

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from tests.demos import result_dict


def _logprob(model, tokens):
    lp = math.log(model["start"][model["tokens"].index(tokens[0])])
    for prev, nxt in zip(tokens, tokens[1:]):
        lp += math.log(model["transitions"][prev][model["tokens"].index(nxt)])
    return lp


def _all_complete(model, max_len):
    """Every complete sequence: words then </s> (length <= max_len), or max_len words."""
    end = model["end_token"]
    words = [t for t in model["tokens"] if t != end]
    for length in range(1, max_len + 1):
        for body in itertools.product(words, repeat=length - 1):
            yield list(body) + [end]
    yield from (list(s) for s in itertools.product(words, repeat=max_len))


def _brute_force(model, max_len, alpha):
    best = max(_all_complete(model, max_len), key=lambda s: _logprob(model, s) / len(s) ** alpha)
    return best, _logprob(model, best)


def _greedy(model, max_len):
    toks = model["tokens"]
    seq = []
    while len(seq) < max_len:
        dist = model["start"] if not seq else model["transitions"][seq[-1]]
        seq.append(toks[max(range(len(toks)), key=lambda i: (dist[i], -i))])
        if seq[-1] == model["end_token"]:
            break
    return seq


def test_model_rows_are_distributions():
    d = result_dict("beam-search", {"model": "random", "vocab": 7}, seed=3)
    m = d["model"]
    assert m["tokens"][-1] == m["end_token"] == "</s>" and len(m["tokens"]) == 7
    assert math.isclose(sum(m["start"]), 1.0, rel_tol=1e-12)
    assert set(m["transitions"]) == set(m["tokens"][:-1])
    for row in m["transitions"].values():
        assert math.isclose(sum(row), 1.0, rel_tol=1e-12) and min(row) > 0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("alpha", [0.0, 0.75, 2.0])
def test_exhaustive_matches_an_independent_brute_force(seed, alpha):
    params = {"model": "random", "vocab": 4, "max_len": 5, "beam_size": 2, "length_penalty": alpha}
    d = result_dict("beam-search", params, seed=seed)
    best, lp = _brute_force(d["model"], 5, alpha)
    assert d["exhaustive"]["tokens"] == best
    assert math.isclose(d["exhaustive"]["logprob"], lp, rel_tol=1e-12)
    assert math.isclose(d["exhaustive"]["score"], lp / len(best) ** alpha, rel_tol=1e-12)
    n_complete = sum(1 for _ in _all_complete(d["model"], 5))
    assert d["exhaustive"]["sequences_scored"] == n_complete


@pytest.mark.parametrize("seed", range(8))
def test_beam_of_one_is_greedy(seed):
    d = result_dict("beam-search", {"model": "random", "vocab": 6, "max_len": 6, "beam_size": 1}, seed=seed)
    g = _greedy(d["model"], 6)
    assert d["greedy"]["tokens"] == g
    assert math.isclose(d["greedy"]["logprob"], _logprob(d["model"], g), rel_tol=1e-12)
    assert [h["tokens"] for h in d["beam"]["hypotheses"]] == [g]
    assert d["beam"]["best"]["tokens"] == g


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("max_len", [1, 2])
def test_full_width_beam_is_exhaustive_for_short_sequences(seed, max_len):
    vocab = 5
    d = result_dict("beam-search", {"model": "random", "vocab": vocab, "max_len": max_len, "beam_size": vocab,
                                    "length_penalty": 0.5}, seed=seed)
    best, _ = _brute_force(d["model"], max_len, 0.5)
    assert d["beam"]["best"]["tokens"] == best
    assert d["beam"]["found_optimum"] is True


def test_every_hypothesis_logprob_and_score_recomputed():
    alpha = 0.75
    d = result_dict("beam-search", {"model": "random", "vocab": 6, "max_len": 5, "beam_size": 3,
                                    "length_penalty": alpha}, seed=9)
    scores = []
    for h in d["beam"]["hypotheses"]:
        lp = _logprob(d["model"], h["tokens"])
        assert math.isclose(h["logprob"], lp, rel_tol=1e-12)
        assert math.isclose(h["score"], lp / len(h["tokens"]) ** alpha, rel_tol=1e-12)
        scores.append(h["score"])
    assert scores == sorted(scores, reverse=True)
    assert d["beam"]["hypotheses"][0]["score"] <= d["exhaustive"]["score"] + 1e-12


def test_steps_show_k_times_v_candidates_and_keep_the_k_best():
    k, vocab = 3, 6
    d = result_dict("beam-search", {"model": "random", "vocab": vocab, "max_len": 4, "beam_size": k}, seed=2)
    alive = 1
    for step in d["steps"]:
        cands = step["candidates"]
        assert len(cands) == alive * vocab == step["expanded"] * vocab
        kept = [c for c in cands if c["kept"]]
        assert len(kept) == min(k, len(cands))
        assert min(c["logprob"] for c in kept) >= max((c["logprob"] for c in cands if not c["kept"]), default=-1e9)
        alive = sum(1 for c in kept if not c["complete"])
    assert d["steps"][0]["expanded"] == 1


def test_trap_model_fools_greedy_but_not_a_beam_of_two():
    d = result_dict("beam-search", {"model": "trap", "beam_size": 2, "length_penalty": 0.0})
    best, lp = _brute_force(d["model"], d["max_len"], 0.0)
    assert d["exhaustive"]["tokens"] == best == ["b", "</s>"]
    assert math.isclose(lp, math.log(0.35 * 0.9))
    assert d["greedy"]["tokens"] == ["a", "</s>"] and math.isclose(d["greedy"]["logprob"], math.log(0.45 * 0.4))
    assert d["greedy_is_optimal"] is False and d["beam"]["found_optimum"] is True
    one = result_dict("beam-search", {"model": "trap", "beam_size": 1, "length_penalty": 0.0})
    assert one["beam"]["found_optimum"] is False


def test_limits_are_named():
    spec = get_spec("beam-search")
    with pytest.raises(ParamError, match="beam_size"):
        parse_params(spec, {"vocab": 4, "beam_size": 5})
    with pytest.raises(ParamError, match="max_len"):
        parse_params(spec, {"vocab": 12, "max_len": 8})
