"""layer-gradients against torch autograd: F.max_pool1d/2d, F.avg_pool1d/2d, relu, and dropout written with the
demo's mask and 1/(1−p) scaling."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.result import to_json
from dlstudy.demos.runner import run_demo
from tests.demos import result_dict


def _grad(fn, x, upstream):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    out = fn(t)
    out.backward(torch.tensor(upstream, dtype=torch.float64))
    return out.detach().numpy(), t.grad.numpy()


def _pool(kind, dims, kernel, stride):
    op = {("max", "1d"): F.max_pool1d, ("max", "2d"): F.max_pool2d,
          ("avg", "1d"): F.avg_pool1d, ("avg", "2d"): F.avg_pool2d}[(kind, dims)]
    # torch pools need (batch, channel, ...) inputs
    return lambda t: op(t[None, None], kernel_size=kernel, stride=stride)[0, 0]


CASES = [
    {},
    {"dims": "2d", "size": 5, "kernel": 3, "stride": 1},  # overlapping windows accumulate
    {"dims": "2d", "size": 7, "kernel": 2, "stride": 3},  # stride > kernel: inputs in no window
    {"dims": "1d", "size": 9, "kernel": 3, "stride": 2},
    {"dims": "1d", "size": 16, "kernel": 1, "stride": 1, "upstream": "ones"},
    {"dims": "2d", "size": 16, "kernel": 8, "stride": 8, "p": 0.9},
    {"dims": "1d", "size": 2, "kernel": 2, "stride": 8, "p": 0.0},
]


@pytest.mark.parametrize("params", CASES)
@pytest.mark.parametrize("seed", [0, 7])
def test_pooling_gradients_match_torch(params, seed):
    r = result_dict("layer-gradients", params, seed=seed)
    x, up = np.array(r["input"]), np.array(r["upstream"]["pool"])
    for kind in ("max", "avg"):
        out, g = _grad(_pool(kind, r["dims"], r["kernel"], r["stride"]), x, up)
        key = kind + "pool"
        assert list(out.shape) == r["output_shape"]
        np.testing.assert_allclose(r[key]["output"], out, rtol=1e-12)
        np.testing.assert_allclose(r[key]["grad_input"], g, rtol=1e-12, atol=1e-15)
        assert r[key]["nonzero"] == int(np.count_nonzero(g))
    # max pooling: the recorded argmax positions hold the window maxima (torch's return_indices)
    op = F.max_pool2d if r["dims"] == "2d" else F.max_pool1d
    _, idx = op(torch.tensor(x)[None, None], kernel_size=r["kernel"], stride=r["stride"], return_indices=True)
    assert np.array(r["maxpool"]["argmax"]).tolist() == idx[0, 0].tolist()


@pytest.mark.parametrize("params", CASES)
def test_relu_and_dropout_match_torch(params):
    r = result_dict("layer-gradients", params, seed=3)
    x, up = np.array(r["input"]), np.array(r["upstream"]["elementwise"])
    out, g = _grad(torch.relu, x, up)
    np.testing.assert_allclose(r["relu"]["output"], out)
    np.testing.assert_allclose(r["relu"]["grad_input"], g)  # torch: relu'(0) = 0
    p = r["dropout"]["p"]
    assert p == params.get("p", 0.5) and r["dropout"]["scale"] == pytest.approx(1 / (1 - p))
    mask = torch.tensor(r["dropout"]["mask"], dtype=torch.float64)
    assert set(mask.unique().tolist()) <= {0.0, 1.0}
    out, g = _grad(lambda t: t * mask / (1 - p), x, up)
    np.testing.assert_allclose(r["dropout"]["output"], out, rtol=1e-12)
    np.testing.assert_allclose(r["dropout"]["grad_input"], g, rtol=1e-12)


def test_torch_dropout_with_the_same_mask_is_the_same_layer():
    """F.dropout in training mode is x·m/(1−p) for its own mask m: recover m, check our formula on it."""
    torch.manual_seed(0)
    x = torch.randn(64, dtype=torch.float64, requires_grad=True)
    out = F.dropout(x, p=0.25, training=True)
    up = torch.arange(64, dtype=torch.float64)
    out.backward(up)
    m = (out.detach() != 0).double()
    np.testing.assert_allclose(x.grad.numpy(), (up * m / 0.75).numpy(), rtol=1e-12)


def test_gradient_sums_are_conserved_and_max_pool_is_sparse():
    r = result_dict("layer-gradients", {"dims": "2d", "size": 6, "kernel": 2, "stride": 2})
    c = r["conservation"]
    total = float(np.sum(r["upstream"]["pool"]))
    assert c["upstream_pool_sum"] == total == pytest.approx(c["maxpool_grad_sum"]) == pytest.approx(c["avgpool_grad_sum"])
    # non-overlapping 2×2 windows tiling the input: exactly one input per window gets a max-pool gradient
    assert r["maxpool"]["nonzero"] == 9 and r["avgpool"]["nonzero"] == 36 and r["uncovered"] == 0
    assert r["avgpool"]["share_per_input"] == 0.25


def test_uncovered_inputs_get_nothing():
    r = result_dict("layer-gradients", {"dims": "1d", "size": 10, "kernel": 2, "stride": 3})
    # windows start at 0, 3, 6: inputs 2, 5, 8, 9 are in none
    assert r["uncovered"] == 4
    for key in ("maxpool", "avgpool"):
        assert [r[key]["grad_input"][i] for i in (2, 5, 8, 9)] == [0.0] * 4


def test_input_values_are_distinct_and_params_echo():
    run = run_demo("layer-gradients", {"size": 8, "kernel": 3, "stride": 1}, seed=2)
    r = run.to_dict()
    flat = np.array(r["input"]).ravel()
    assert len(set(flat.tolist())) == flat.size  # no ties in max pooling
    assert run.params["kernel"] == r["kernel"] == 3 and run.params["stride"] == r["stride"] == 1


def test_kernel_larger_than_input_is_refused_and_determinism():
    with pytest.raises(ParamError, match="kernel"):
        parse_params(get_spec("layer-gradients"), {"size": 3, "kernel": 4})
    a = to_json(result_dict("layer-gradients", {"p": 0.3}, seed=11))
    assert a == to_json(result_dict("layer-gradients", {"p": 0.3}, seed=11))
    assert a != to_json(result_dict("layer-gradients", {"p": 0.3}, seed=12))
