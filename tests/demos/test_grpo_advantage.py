"""grpo-advantage against torch (mean and std over the group, as GRPO implementations compute them), the
binary-reward closed forms by hand, and the chance of a group without signal by enumerating every outcome."""

import itertools
from fractions import Fraction

import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from tests.demos import result_dict


@pytest.mark.parametrize("rewards,std,eps", [
    ([1, 0, 0, 0, 0, 0, 1, 0], "population", 1e-4),
    ([1, 0, 0, 0, 0, 0, 1, 0], "sample", 1e-4),
    ([0.2, 0.9, 0.5, -1.0, 3.0], "population", 0.0),
    ([5, 5, 5, 5], "population", 1e-4),
    ([2.5, -7.0], "sample", 0.01),
])
def test_advantages_match_torch(rewards, std, eps):
    r = result_dict("grpo-advantage", {"rewards": rewards, "std": std, "eps": eps, "value": 0.5})
    t = torch.tensor(rewards, dtype=torch.float64)
    sd = t.std(unbiased=(std == "sample"))
    expected = (t - t.mean()) / (sd + eps)
    assert r["group"] == len(rewards) and r["rewards"] == [float(x) for x in rewards] and not r["sampled"]
    assert r["std"] == pytest.approx(float(sd), abs=1e-12)
    assert r["advantages"] == pytest.approx(expected.tolist(), abs=1e-9)
    assert r["advantage_sum"] == pytest.approx(0.0, abs=1e-9)
    assert r["value_advantages"] == pytest.approx((t - 0.5).tolist())
    assert r["value_advantage_sum"] == pytest.approx(float((t - 0.5).sum()))


def test_binary_rewards_by_hand():
    # 2 of 8 correct, population std, eps 0: correct answers get √((1 − p)/p) = √3, wrong ones −1/√3
    r = result_dict("grpo-advantage", {"rewards": [1, 1, 0, 0, 0, 0, 0, 0], "eps": 0})
    assert r["advantages"][:2] == pytest.approx([3 ** 0.5] * 2) and r["advantages"][2:] == pytest.approx([-3 ** -0.5] * 6)
    # equal rewards with eps = 0: no division by zero, every advantage 0
    r = result_dict("grpo-advantage", {"rewards": [1, 1, 1], "eps": 0})
    assert r["advantages"] == [0.0, 0.0, 0.0] and r["std"] == 0.0
    # scale invariance: rewards × 10 give the same group advantages (eps 0), the value baseline's grow × 10
    a = result_dict("grpo-advantage", {"rewards": [0.3, 0.1, 0.9], "eps": 0, "value": 0})
    b = result_dict("grpo-advantage", {"rewards": [3, 1, 9], "eps": 0, "value": 0})
    assert a["advantages"] == pytest.approx(b["advantages"])
    assert [10 * x for x in a["value_advantages"]] == pytest.approx(b["value_advantages"])


def _no_signal(p: Fraction, g: int) -> Fraction:
    """Walk all 2^G outcomes of a group: the chance that every answer gets the same reward."""
    total = Fraction(0)
    for outcome in itertools.product((0, 1), repeat=g):
        if len(set(outcome)) == 1:
            k = sum(outcome)
            total += p ** k * (1 - p) ** (g - k)
    return total


@pytest.mark.parametrize("p,g", [(Fraction(1, 4), 8), (Fraction(9, 10), 8), (Fraction(1, 2), 2), (Fraction(1), 5)])
def test_share_of_groups_without_signal(p, g):
    r = result_dict("grpo-advantage", {"p_correct": float(p), "group": g, "groups": 200_000}, seed=3)
    exact = float(_no_signal(p, g))
    assert r["zero_signal"]["expected"] == pytest.approx(exact, rel=1e-12)
    sd = (exact * (1 - exact) / 200_000) ** 0.5
    assert abs(r["zero_signal"]["share"] - exact) <= 6 * sd + 1e-12
    assert [row["expected"] for row in r["zero_signal_by_p"]] == pytest.approx(
        [float(_no_signal(Fraction(q).limit_denominator(100), g)) for q in
         (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95)])


def test_sampled_rewards_are_binary_at_the_rate_asked():
    r = result_dict("grpo-advantage", {"group": 64, "p_correct": 0.5}, seed=11)
    assert r["sampled"] and r["group"] == 64 and set(r["rewards"]) <= {0.0, 1.0}
    assert 16 <= sum(r["rewards"]) <= 48  # far outside would be a broken sampler (chance below 1e-4)
    assert result_dict("grpo-advantage", {"p_correct": 0.0})["rewards"] == [0.0] * 8


def test_bounds_and_determinism():
    with pytest.raises(ParamError, match="rewards"):
        parse_params(get_spec("grpo-advantage"), {"rewards": [1.0]})
    assert result_dict("grpo-advantage", {}, seed=4) == result_dict("grpo-advantage", {}, seed=4)
