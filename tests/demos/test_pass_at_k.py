"""pass-at-k against brute force: every k-subset of the n samples (the share that contains a correct one is
pass@k), exact fractions for the expectations over c ~ Binomial(n, p), and the card's numbers by hand."""

import itertools
import math
from fractions import Fraction

import pytest

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from tests.demos import check_drills, result_dict


def subsets_pass(n: int, c: int, k: int) -> Fraction:
    """Samples 0..c−1 are correct: the share of the C(n, k) subsets of size k holding at least one of them."""
    hits = total = 0
    for subset in itertools.combinations(range(n), k):
        total += 1
        hits += any(i < c for i in subset)
    return Fraction(hits, total)


@pytest.mark.parametrize("n,c,k", [(10, 3, 5), (6, 0, 2), (6, 6, 1), (8, 2, 8), (9, 4, 1), (12, 1, 6), (7, 5, 3)])
def test_unbiased_estimate_is_the_share_of_k_subsets_with_a_correct_sample(n, c, k):
    r = result_dict("pass-at-k", {"n": n, "c": c, "k": k, "problems": 10})
    exact = subsets_pass(n, c, k)
    assert r["pass_at_k"] == pytest.approx(float(exact), abs=1e-15)
    assert r["stable_product"] == pytest.approx(float(exact), abs=1e-12)
    assert r["naive"] == pytest.approx(1 - (Fraction(n - c, n)) ** k, abs=1e-15)
    assert [row["k"] for row in r["by_k"]] == list(range(1, n + 1))
    for row in r["by_k"]:
        assert row["pass_at_k"] == pytest.approx(float(subsets_pass(n, c, row["k"])), abs=1e-15)


def test_the_cards_numbers():
    r = result_dict("pass-at-k", {"n": 10, "c": 3, "k": 5})
    assert r["pass_at_k"] == pytest.approx(1 - 21 / 252) and r["naive"] == pytest.approx(1 - 0.7 ** 5)
    # the predict question: n = 20, c = 2, k = 10: C(18, 10)/C(20, 10) = (10·9)/(20·19) = 90/380
    r = result_dict("pass-at-k", {"n": 20, "c": 2, "k": 10})
    assert r["pass_at_k"] == pytest.approx(1 - 90 / 380)


def _expectations(n, k, p):
    """Exact means of both estimators over c ~ Binomial(n, p), in fractions."""
    mu = mn = Fraction(0)
    for c in range(n + 1):
        w = math.comb(n, c) * p ** c * (1 - p) ** (n - c)
        mu += w * (1 - Fraction(math.comb(n - c, k), math.comb(n, k)))
        mn += w * (1 - (1 - Fraction(c, n)) ** k)
    return mu, mn


@pytest.mark.parametrize("n,k,p", [(10, 5, Fraction(3, 10)), (20, 10, Fraction(1, 20)), (5, 1, Fraction(1, 2)),
                                   (16, 16, Fraction(1, 8))])
def test_unbiased_on_average_and_the_plug_in_biased_low(n, k, p):
    r = result_dict("pass-at-k", {"n": n, "c": 0, "k": k, "p": float(p), "problems": 200_000}, seed=2)
    mu, mn = _expectations(n, k, p)
    true = 1 - (1 - p) ** k
    assert mu == true  # unbiasedness, exactly
    b = r["bias"]
    assert b["true"] == pytest.approx(float(true), abs=1e-12)
    assert b["mean_unbiased"] == pytest.approx(float(mu), abs=1e-12)
    assert b["mean_naive"] == pytest.approx(float(mn), abs=1e-12)
    if k > 1:
        assert b["mean_naive"] < b["true"] - 1e-6  # Jensen: the plug-in underestimates
    else:
        assert b["mean_naive"] == pytest.approx(b["true"])  # pass@1 = c/n either way
    # means over simulated problems: within 6 standard errors (each estimate lies in [0, 1])
    assert abs(b["simulated_unbiased"] - float(mu)) < 6 * 0.5 / math.sqrt(200_000)
    assert abs(b["simulated_naive"] - float(mn)) < 6 * 0.5 / math.sqrt(200_000)


def test_large_n_rows_are_spread_and_bounded():
    r = result_dict("pass-at-k", {"n": 1000, "c": 10, "k": 100, "problems": 10})
    ks = [row["k"] for row in r["by_k"]]
    assert len(ks) <= 64 and ks[0] == 1 and ks[-1] == 1000 and ks == sorted(set(ks))
    # 1 − Π_{i=991}^{1000} (1 − 100/i) by hand in exact fractions
    exact = 1 - math.prod((1 - Fraction(100, i) for i in range(991, 1001)), start=Fraction(1))
    assert r["pass_at_k"] == pytest.approx(float(exact), rel=1e-12)


def test_bounds_and_determinism():
    spec = get_spec("pass-at-k")
    with pytest.raises(ParamError, match="'c'"):
        parse_params(spec, {"n": 5, "c": 6, "k": 1})
    with pytest.raises(ParamError, match="'k'"):
        parse_params(spec, {"n": 5, "c": 1, "k": 6})
    assert result_dict("pass-at-k", {}, seed=5) == result_dict("pass-at-k", {}, seed=5)


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer by brute force over subsets, or the plug-in by hand (tests/quiz/test_drill.py)."""
    n, c, k = params["n"], params["c"], params["k"]
    if path == "naive":
        return float(1 - Fraction(n - c, n) ** k)
    return float(subsets_pass(n, c, k))


def test_drills_over_many_draws_match_the_independent_answer():
    check_drills("pass-at-k", drill_answer)
