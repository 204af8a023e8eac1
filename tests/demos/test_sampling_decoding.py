"""sampling-decoding against torch.softmax, the entropy's definition and an independent top-k / top-p
(sort by probability, ties in index order; top-p = smallest prefix with mass >= p, Holtzman et al.)."""

import math

import pytest
import torch

from tests.demos import result_dict


def _ranked(probs):
    return sorted(range(len(probs)), key=lambda i: (-probs[i], i))


def _top_p(probs, p):
    total, kept = 0.0, []
    for i in _ranked(probs):
        kept.append(i)
        total += probs[i]
        if total >= p - 1e-12:
            break
    return kept


def _renorm(probs, kept):
    mass = sum(probs[i] for i in kept)
    return [probs[i] / mass if i in kept else 0.0 for i in range(len(probs))]


CASES = [
    ([3.0, 2.5, 2.0, 1.0, 0.5, 0.0, -1.0, -2.0], 1.0, 3, 0.9),
    ([3.0, 2.5, 2.0, 1.0, 0.5, 0.0, -1.0, -2.0], 0.5, 2, 0.9),
    ([3.0, 2.5, 2.0, 1.0, 0.5, 0.0, -1.0, -2.0], 2.0, 5, 0.5),
    ([1.0, 1.0, 1.0, 1.0], 1.0, 2, 0.5),  # ties: lower index first; mass exactly 0.5
    ([0.0, 0.0, 0.0, 0.0, 0.0], 3.0, 10, 0.6),  # k above the vocabulary keeps all
    ([10.0, 0.0, -10.0], 0.01, 1, 1.0),  # near one-hot
    ([2.0, -1.0, 0.5, 0.5, 4.0, -3.0], 1.3, 4, 0.99),
    ([5.0], 1.0, 1, 0.3),  # a single token
]


@pytest.mark.parametrize("logits,t,k,p", CASES)
def test_matches_torch_softmax_and_independent_filters(logits, t, k, p):
    r = result_dict("sampling-decoding", {"logits": logits, "temperature": t, "k": k, "p": p}, seed=0)
    ref = torch.softmax(torch.tensor(logits, dtype=torch.float64) / t, dim=0).tolist()
    assert r["probs"] == pytest.approx(ref, abs=1e-12)
    assert r["probs_t1"] == pytest.approx(torch.softmax(torch.tensor(logits, dtype=torch.float64), 0).tolist(),
                                          abs=1e-12)
    assert r["entropy"] == pytest.approx(-sum(q * math.log(q) for q in ref if q > 0), abs=1e-12)
    assert r["max_entropy"] == pytest.approx(math.log(len(logits)))
    ranked = _ranked(ref)
    assert r["ranking"] == ranked
    assert r["top_token"] == {"index": ranked[0], "prob": pytest.approx(ref[ranked[0]])}

    k_kept = ranked[:min(k, len(logits))]
    assert r["top_k"]["kept"] == k_kept and r["top_k"]["count"] == len(k_kept)
    assert r["top_k"]["mass"] == pytest.approx(sum(ref[i] for i in k_kept))
    assert r["top_k"]["probs"] == pytest.approx(_renorm(ref, k_kept), abs=1e-12)

    p_kept = _top_p(ref, p)
    assert r["top_p"]["kept"] == p_kept and r["top_p"]["count"] == len(p_kept)
    assert r["top_p"]["mass"] >= p - 1e-12
    assert sum(ref[i] for i in p_kept[:-1]) < p - 1e-12  # smallest such set
    assert r["top_p"]["probs"] == pytest.approx(_renorm(ref, p_kept), abs=1e-12)
    assert sum(r["top_p"]["probs"]) == pytest.approx(1.0)
    assert r["top_p"]["entropy"] == pytest.approx(-sum(q * math.log(q) for q in _renorm(ref, p_kept) if q > 0))


def test_known_numbers():
    r = result_dict("sampling-decoding", {"logits": [1.0, 1.0, 1.0, 1.0], "p": 0.5})
    assert r["probs"] == pytest.approx([0.25] * 4) and r["entropy"] == pytest.approx(math.log(4))
    assert r["top_p"]["kept"] == [0, 1]  # 0.25 + 0.25 = 0.5 >= 0.5
    r = result_dict("sampling-decoding", {"logits": [math.log(2), 0.0], "temperature": 1.0})
    assert r["probs"] == pytest.approx([2 / 3, 1 / 3])
    # T = 0.5 squares the odds: 4 : 1
    r = result_dict("sampling-decoding", {"logits": [math.log(2), 0.0], "temperature": 0.5})
    assert r["probs"] == pytest.approx([0.8, 0.2])


def test_temperature_moves_entropy_monotonically():
    logits = [2.0, 1.0, 0.0, -1.0]
    ents = [result_dict("sampling-decoding", {"logits": logits, "temperature": t})["entropy"]
            for t in (0.01, 0.3, 1.0, 3.0, 100.0)]
    assert ents == sorted(ents)
    assert ents[0] == pytest.approx(0.0, abs=1e-6) and ents[-1] == pytest.approx(math.log(4), abs=1e-3)


def test_samples_come_from_the_kept_sets_and_are_seeded():
    params = {"logits": [3.0, 2.5, 2.0, 1.0, 0.5, 0.0, -1.0, -2.0], "k": 2, "p": 0.8, "samples": 100}
    r = result_dict("sampling-decoding", params, seed=4)
    assert len(r["samples"]["full"]) == 100
    assert set(r["samples"]["top_k"]) <= set(r["top_k"]["kept"])
    assert set(r["samples"]["top_p"]) <= set(r["top_p"]["kept"])
    assert r == result_dict("sampling-decoding", params, seed=4)
    assert r["samples"] != result_dict("sampling-decoding", params, seed=5)["samples"]
    none = result_dict("sampling-decoding", {"samples": 0})
    assert none["samples"] == {"full": [], "top_k": [], "top_p": []}


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): torch.softmax at the temperature, and top-p counted by hand."""
    probs = torch.softmax(torch.tensor(params["logits"], dtype=torch.float64) / params["temperature"], 0)
    if path == "top_p.count":
        ranked = sorted(probs.tolist(), reverse=True)
        total, kept = 0.0, 0
        while total < params["p"] - 1e-12:
            total += ranked[kept]
            kept += 1
        return kept
    return float(probs[int(path.split("[")[1].rstrip("]"))])
