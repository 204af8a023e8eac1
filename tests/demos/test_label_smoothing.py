"""label-smoothing against torch.nn.functional.cross_entropy(label_smoothing=ε) and a numerical optimum."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlstudy.demos.registry import get_spec
from tests.demos import result_dict


@pytest.mark.parametrize("k,eps,y,logits", [(5, 0.1, 0, [2.0, 0.5, -1.0, 0.0, 3.0]), (3, 0.0, 2, [1.0, 2.0, 3.0]),
                                            (10, 0.3, 7, None), (2, 1.0, 1, [5.0, -5.0]), (100, 0.05, 42, None)])
def test_losses_match_torch(k, eps, y, logits):
    params = {"K": k, "epsilon": eps, "y": y}
    if logits is not None:
        params["logits"] = logits
    r = result_dict("label-smoothing", params, seed=6)
    z = torch.tensor([r["logits"]], dtype=torch.float64)
    t = torch.tensor([y])
    assert r["loss"]["smoothed"] == pytest.approx(float(F.cross_entropy(z, t, label_smoothing=eps)), rel=1e-12)
    assert r["loss"]["hard"] == pytest.approx(float(F.cross_entropy(z, t)), rel=1e-12)
    # gradient of torch's smoothed loss = p − q'
    z.requires_grad_(True)
    F.cross_entropy(z, t, label_smoothing=eps).backward()
    assert np.allclose(r["grad"]["smoothed"], z.grad[0].numpy(), atol=1e-12)
    # the smoothed target, entry by entry from the definition
    expected = [(1 - eps) * (1.0 if i == y else 0.0) + eps / k for i in range(k)]
    assert r["target"] == pytest.approx(expected, abs=1e-15)
    assert sum(r["target"]) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("k,eps", [(5, 0.1), (10, 0.2), (2, 0.05), (1000, 0.1)])
def test_optimal_gap_by_numerical_minimization(k, eps):
    r = result_dict("label-smoothing", {"K": k, "epsilon": eps})
    # minimize torch's smoothed CE over g for logits (g, 0, ..., 0): the loss is convex in g, so bisect on the sign
    # of its autograd derivative
    target = torch.tensor([0])

    def loss_and_grad(value):
        g = torch.tensor(value, dtype=torch.float64, requires_grad=True)
        logits = torch.cat([g.view(1), torch.zeros(k - 1, dtype=torch.float64)]).view(1, -1)
        loss = F.cross_entropy(logits, target, label_smoothing=eps)
        loss.backward()
        return float(loss.detach()), float(g.grad)

    lo, hi = 0.0, 100.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if loss_and_grad(mid)[1] > 0:
            hi = mid
        else:
            lo = mid
    assert r["optimal"]["gap"] == pytest.approx(lo, rel=1e-9)
    assert r["optimal"]["loss"] == pytest.approx(loss_and_grad(lo)[0], rel=1e-9)
    assert r["optimal"]["gap"] == pytest.approx(math.log((1 - eps + eps / k) / (eps / k)), rel=1e-12)
    assert abs(r["curve"]["argmin_gap"] - r["optimal"]["gap"]) <= r["curve"]["gaps"][1]


def test_no_smoothing_means_no_finite_optimum():
    r = result_dict("label-smoothing", {"K": 4, "epsilon": 0.0})
    assert math.isinf(r["optimal"]["gap"])
    assert r["curve"]["hard_decreasing"] is True
    assert r["curve"]["loss_smoothed"] == pytest.approx(r["curve"]["loss_hard"])


def test_hand_computation_paths_exist_and_bad_y_is_refused():
    from dlstudy.demos.params import ParamError, parse_params
    from dlstudy.demos.result import lookup

    spec = get_spec("label-smoothing")
    r = result_dict("label-smoothing", {"K": 4, "epsilon": 0.2, "y": 3})
    assert lookup(r, "target[3]") == pytest.approx(0.85)  # (1 - 0.2) + 0.2/4, the drill's path
    assert lookup(r, "target[0]") == pytest.approx(0.05)
    for path in ("optimal.gap", "optimal.loss"):
        lookup(r, path)
    with pytest.raises(ParamError, match="'y'"):
        parse_params(spec, {"K": 4, "y": 4})
    with pytest.raises(ParamError, match="'logits'"):
        parse_params(spec, {"K": 4, "logits": [1, 2]})


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): the smoothed target read off torch's gradient at uniform logits,
    d loss / d logit_y = softmax_y − target_y with softmax_y = 1/K."""
    k, eps, y = params["K"], params["epsilon"], params["y"]
    logits = torch.zeros(1, k, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor([y]), label_smoothing=eps)
    loss.backward()
    return 1.0 / k - float(logits.grad[0, y])
