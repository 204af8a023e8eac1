"""continuous-batching against a step-by-step simulation of both schedulers (slots, a queue, one token per busy
slot per step), lengths recovered from the demo's own random draw, and closed forms by hand."""

import numpy as np
import pytest

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from tests.demos import result_dict


def simulate(lengths, batch, continuous):
    """Decode step by step. Returns (steps, busy slot-steps, finish step of each request)."""
    queue = list(range(len(lengths)))
    slots = [None] * batch  # [request, tokens left] or None
    finish = [0] * len(lengths)
    step = busy = 0
    while queue or any(slots):
        if continuous or not any(slots):  # static: a new batch only when the whole batch is done
            for j in range(batch):
                if slots[j] is None and queue:
                    i = queue.pop(0)
                    slots[j] = [i, lengths[i]]
        step += 1
        for j in range(batch):
            if slots[j] is not None:
                busy += 1
                slots[j][1] -= 1
                if slots[j][1] == 0:
                    finish[slots[j][0]] = step
                    slots[j] = None
    return step, busy, finish


def _lengths(params, seed):
    """The demo's lengths: the same generator, seeded the way the runner seeds it."""
    rng = np.random.default_rng(seed)
    return rng.integers(params["min_len"], params["max_len"] + 1, size=params["requests"]).tolist()


@pytest.mark.parametrize("requests,batch,lo,hi,seed", [(50, 4, 1, 30, 0), (37, 5, 3, 9, 2), (10, 16, 1, 20, 1),
                                                       (64, 1, 1, 7, 3), (40, 8, 5, 5, 4)])
def test_both_schedulers_match_a_step_by_step_simulation(requests, batch, lo, hi, seed):
    params = {"requests": requests, "batch": batch, "min_len": lo, "max_len": hi}
    r = result_dict("continuous-batching", params, seed=seed)
    lengths = _lengths(params, seed)
    assert r["tokens"] == sum(lengths) and r["first_batch"] == lengths[:batch][:32]
    assert r["first_batch_steps"] == max(lengths[:batch])
    for name, continuous in (("static", False), ("continuous", True)):
        steps, busy, finish = simulate(lengths, batch, continuous)
        s = r[name]
        assert busy == sum(lengths)
        assert s["steps"] == steps and s["slot_steps"] == batch * steps
        assert s["tokens_per_step"] == pytest.approx(busy / steps)
        assert s["padding_share"] == pytest.approx(1 - busy / (batch * steps))
        assert s["mean_finish_step"] == pytest.approx(sum(finish) / len(finish))
    assert r["throughput_ratio"] == pytest.approx(r["static"]["steps"] / r["continuous"]["steps"])


def test_equal_lengths_waste_nothing_and_one_slot_is_the_same_for_both():
    r = result_dict("continuous-batching", {"requests": 32, "batch": 8, "min_len": 10, "max_len": 10})
    for name in ("static", "continuous"):
        assert r[name]["steps"] == 40 and r[name]["tokens_per_step"] == 8 and r[name]["padding_share"] == 0
    assert r["expected_static_padding"] == 0
    r = result_dict("continuous-batching", {"requests": 20, "batch": 1})
    assert r["static"] == r["continuous"]


def test_expected_static_padding_by_hand_and_against_a_long_run():
    # lengths 1..2 and batch 2: the batch runs 2 steps unless both are 1 (chance 1/4): E[max] = 1.75, E[L] = 1.5
    r = result_dict("continuous-batching", {"requests": 2, "batch": 2, "min_len": 1, "max_len": 2})
    assert r["expected_static_padding"] == pytest.approx(1 - 1.5 / 1.75)
    # long outputs from 1: (B − 1)/(2B), and a long simulated run lands near it
    r = result_dict("continuous-batching", {"requests": 40_000, "batch": 8, "min_len": 1, "max_len": 4096}, seed=5)
    assert r["expected_static_padding"] == pytest.approx(7 / 16, abs=0.002)
    assert r["static"]["padding_share"] == pytest.approx(r["expected_static_padding"], abs=0.01)
    assert r["continuous"]["padding_share"] < 0.01 and r["throughput_ratio"] > 1.7


def test_bounds_and_determinism():
    with pytest.raises(ParamError, match="min_len"):
        parse_params(get_spec("continuous-batching"), {"min_len": 10, "max_len": 9})
    assert result_dict("continuous-batching", {}, seed=1) == result_dict("continuous-batching", {}, seed=1)
    assert result_dict("continuous-batching", {}, seed=1) != result_dict("continuous-batching", {}, seed=2)


def test_what_the_cards_predict_question_says():
    # llm-serving, predict-static-padding: about 0.43 wasted by static batches of 8 (7/16 = 0.4375 in the limit),
    # under 1% by continuous batching, which finishes the queue about 1.7 times sooner
    r = result_dict("continuous-batching", {"requests": 2000, "batch": 8, "min_len": 1, "max_len": 512})
    assert abs(r["static"]["padding_share"] - 0.43) < 0.01 and abs(r["static"]["padding_share"] - 7 / 16) < 0.03
    assert r["continuous"]["padding_share"] < 0.01
    assert r["static"]["steps"] / r["continuous"]["steps"] == pytest.approx(1.7, abs=0.05)
