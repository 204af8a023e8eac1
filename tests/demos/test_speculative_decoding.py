"""speculative-decoding against exact enumeration of one target pass (every draft sequence and acceptance
outcome, in exact fractions) and the exactness theorem: the simulated output follows the target p."""

import itertools
import math
from fractions import Fraction

import pytest

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from tests.demos import check_drills, result_dict


def _fractions(xs):
    fs = [Fraction(x).limit_denominator(10**6) for x in xs]
    total = sum(fs)
    return [f / total for f in fs]


def _accept(p, q):
    """P(accept x | x drafted) = min(1, p(x)/q(x)) for tokens the draft can propose."""
    return [min(Fraction(1), pi / qi) if qi else Fraction(0) for pi, qi in zip(p, q)]


def enumerate_pass(p, q, k):
    """Walk every sequence of k drafts (probability Π q) and the acceptance test at each position, as the
    algorithm does: the number of tokens one target pass emits, N = accepted drafts + 1, and the distribution of
    the first emitted token (accepted draft, or the replacement drawn from the normalized residual)."""
    acc = _accept(p, q)
    leftover = [max(Fraction(0), pi - qi) for pi, qi in zip(p, q)]
    residual = [x / sum(leftover) for x in leftover] if sum(leftover) else list(p)
    n_dist = {}
    for drafts in itertools.product(range(len(p)), repeat=k):
        prob = math.prod((q[x] for x in drafts), start=Fraction(1))
        if prob == 0:
            continue
        reach = Fraction(1)  # all drafts so far accepted
        for j, x in enumerate(drafts):
            n_dist[j + 1] = n_dist.get(j + 1, 0) + prob * reach * (1 - acc[x])  # rejected at position j + 1
            reach *= acc[x]
        n_dist[k + 1] = n_dist.get(k + 1, 0) + prob * reach
    first = [q[x] * acc[x] + sum(q[y] * (1 - acc[y]) for y in range(len(p))) * residual[x] for x in range(len(p))]
    return n_dist, first


@pytest.mark.parametrize("p,q,k", [
    ([0.45, 0.25, 0.15, 0.1, 0.05], [0.3, 0.3, 0.1, 0.2, 0.1], 3),
    ([0.5, 0.3, 0.2], [0.3, 0.3, 0.4], 4),
    ([0.7, 0.2, 0.1], [0.1, 0.1, 0.8], 2),
    ([0.6, 0.4, 0.0], [0.2, 0.3, 0.5], 3),  # the draft proposes a token the target never emits
    ([1, 2, 1], [1, 2, 1], 2),  # weights, normalized; identical models
])
def test_acceptance_rate_and_tokens_per_pass_match_enumeration(p, q, k):
    r = result_dict("speculative-decoding", {"target": p, "draft": q, "k": k, "trials": 200_000}, seed=1)
    pf, qf = _fractions(p), _fractions(q)
    alpha = sum(qi * a for qi, a in zip(qf, _accept(pf, qf)))  # E_q[min(1, p/q)]
    assert r["acceptance_rate"] == pytest.approx(float(alpha), abs=1e-12)
    assert r["tv_target_draft"] == pytest.approx(float(sum(abs(a - b) for a, b in zip(pf, qf)) / 2), abs=1e-12)
    n_dist, first = enumerate_pass(pf, qf, k)
    assert sum(n_dist.values()) == 1 and sum(first) == 1
    mean_n = sum(n * w for n, w in n_dist.items())
    assert r["expected_tokens_per_step"] == pytest.approx(float(mean_n), rel=1e-12)
    assert first == pf  # the exactness theorem, in exact arithmetic: the first token follows p
    # the simulation: tokens per pass near the exact mean (its standard error is below 0.003 here)
    sd = math.sqrt(float(sum(n * n * w for n, w in n_dist.items()) - mean_n ** 2))
    assert abs(r["tokens_per_step"] - float(mean_n)) <= 6 * sd / math.sqrt(200_000) + 1e-12
    assert r["accepted_per_step"] == pytest.approx(r["tokens_per_step"] - 1)
    assert r["emitted"] == round(r["tokens_per_step"] * 200_000)


def test_the_output_follows_the_target_and_the_wrong_rule_would_not():
    p, q = [0.45, 0.25, 0.15, 0.1, 0.05], [0.3, 0.3, 0.1, 0.2, 0.1]
    r = result_dict("speculative-decoding", {"target": p, "draft": q, "k": 4, "trials": 400_000}, seed=7)
    n = r["emitted"]
    for share, pi in zip(r["empirical"], p):  # a 6-sigma band around each target probability
        assert abs(share - pi) <= 6 * math.sqrt(pi * (1 - pi) / n) + 1e-12
    assert r["tv_distance"] == pytest.approx(sum(abs(a - b) for a, b in zip(r["empirical"], p)) / 2)
    assert r["tv_distance"] < 0.005
    # resampling from p after a rejection: min(p, q) + (1 − α)·p, by hand for these numbers (α = 0.8)
    wrong = [min(a, b) + 0.2 * a for a, b in zip(p, q)]
    assert r["resample_from_p"]["distribution"] == pytest.approx(wrong)
    assert r["resample_from_p"]["tv"] == pytest.approx(sum(abs(a - b) for a, b in zip(wrong, p)) / 2)
    assert r["resample_from_p"]["tv"] > 10 * r["tv_distance"]  # the demo would see the difference


def test_per_token_rule_by_hand():
    r = result_dict("speculative-decoding", {"target": [0.5, 0.3, 0.2], "draft": [0.3, 0.3, 0.4], "trials": 10})
    # min(1, p/q): 1, 1, 0.5; residual max(0, p − q) = (0.2, 0, 0) normalized to (1, 0, 0)
    assert r["accept_prob"] == pytest.approx([1.0, 1.0, 0.5])
    assert r["residual"] == pytest.approx([1.0, 0.0, 0.0])
    assert r["acceptance_rate"] == pytest.approx(0.8)
    # the card's numbers: k = 4 gives 1 + 0.8 + 0.64 + 0.512 + 0.4096 = 3.3616 tokens; with c = 0.05 a 2.80× gain
    assert r["expected_tokens_per_step"] == pytest.approx(3.3616)
    assert r["speedup"] == pytest.approx(3.3616 / 1.2)
    assert [row["expected_tokens"] for row in r["by_k"][:3]] == pytest.approx([1.8, 2.44, 2.952])


def test_identical_and_disjoint_models():
    same = result_dict("speculative-decoding", {"target": [0.2, 0.8], "draft": [0.2, 0.8], "k": 5, "trials": 1000})
    assert same["acceptance_rate"] == 1 and same["tokens_per_step"] == 6 and same["expected_tokens_per_step"] == 6
    apart = result_dict("speculative-decoding", {"target": [1, 0, 0], "draft": [0, 0.5, 0.5], "k": 3,
                                                 "trials": 1000})
    assert apart["acceptance_rate"] == 0 and apart["tokens_per_step"] == 1 and apart["expected_tokens_per_step"] == 1
    assert apart["empirical"] == [1.0, 0.0, 0.0]  # every token comes from the residual, which is p
    assert apart["accept_prob"] == [None, 0.0, 0.0]


def test_deterministic_and_bounds():
    a = result_dict("speculative-decoding", {"trials": 5000}, seed=3)
    assert a == result_dict("speculative-decoding", {"trials": 5000}, seed=3)
    assert a["empirical"] != result_dict("speculative-decoding", {"trials": 5000}, seed=4)["empirical"]
    spec = get_spec("speculative-decoding")
    with pytest.raises(ParamError, match="draft"):
        parse_params(spec, {"target": [0.5, 0.5], "draft": [0.2, 0.3, 0.5]})
    with pytest.raises(ParamError, match="target"):
        parse_params(spec, {"target": [0, 0, 0], "draft": [0.2, 0.3, 0.5]})
    with pytest.raises(ParamError, match="trials"):
        parse_params(spec, {"trials": 1_000_000, "k": 16})


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer by exact enumeration (tests/quiz/test_drill.py)."""
    p, q = _fractions(params["target"]), _fractions(params["draft"])
    if path == "acceptance_rate":
        return float(sum(qi * a for qi, a in zip(q, _accept(p, q))))
    n_dist, _first = enumerate_pass(p, q, params["k"])
    return float(sum(n * w for n, w in n_dist.items()))


def test_what_the_cards_predict_question_says():
    # speculative-decoding, predict-output-share: about 0.70 of the tokens are the first; α = 0.5, 1.94 per pass
    r = result_dict("speculative-decoding", {"target": [0.7, 0.2, 0.1], "draft": [0.2, 0.3, 0.5], "k": 4,
                                             "trials": 100_000})
    assert abs(r["empirical"][0] - 0.7) < 0.005
    assert r["acceptance_rate"] == pytest.approx(0.5) and r["expected_tokens_per_step"] == pytest.approx(1.9375)


def test_drills_over_many_draws_match_the_independent_answer():
    check_drills("speculative-decoding", drill_answer)
