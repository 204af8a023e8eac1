"""xavier-variance against closed forms, sampling error and a direct torch autograd computation."""

import math

import numpy as np
import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.result import to_json
from tests.demos import result_dict


def test_theory_is_the_glorot_arithmetic():
    d = result_dict("xavier-variance", {"fan_in": 300, "fan_out": 100, "depth": 2, "width": 16})
    assert math.isclose(d["theory"]["variance"], 2 / 400, rel_tol=1e-12)
    assert math.isclose(d["theory"]["uniform_bound"], math.sqrt(6 / 400), rel_tol=1e-12)
    # U(-a, a) has variance a²/3, so the bound reproduces the target variance
    assert math.isclose(d["theory"]["uniform_bound"] ** 2 / 3, 2 / 400, rel_tol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sampled_weight_variance_is_within_sampling_error(seed):
    fan_in, fan_out = 256, 128
    d = result_dict("xavier-variance", {"fan_in": fan_in, "fan_out": fan_out, "depth": 1, "width": 8}, seed=seed)
    n = fan_in * fan_out
    v = 2 / (fan_in + fan_out)
    a = math.sqrt(3 * v)
    # standard error of the mean of x²: uniform Var(x²) = a⁴/5 - a⁴/9, normal Var(x²) = 2σ⁴
    se_uniform = math.sqrt((a**4 / 5 - a**4 / 9) / n)
    se_normal = math.sqrt(2 * v * v / n)
    assert abs(d["empirical"]["xavier_uniform_variance"] - v) < 5 * se_uniform
    assert abs(d["empirical"]["xavier_normal_variance"] - v) < 5 * se_normal
    assert d["empirical"]["xavier_uniform_max_abs"] <= a
    assert d["empirical"]["shape"] == [fan_out, fan_in]  # torch stores (fan_out, fan_in)


def test_linear_stack_xavier_level_normal1_grows_normal001_shrinks():
    width, depth = 64, 12
    d = result_dict("xavier-variance", {"width": width, "depth": depth, "batch": 512, "activation": "linear"}, seed=4)
    layers = d["layers"]
    for scheme in ("xavier_uniform", "xavier_normal"):
        for v in layers[scheme]["forward_variance"] + layers[scheme]["backward_variance"]:
            assert 1 / 3 < v < 3, (scheme, v)
        assert layers[scheme]["forward_trend"] == "stable"
    # closed form for a linear stack: Var(h_l) = (width·σ²)^l · Var(x)
    for scheme, sigma2 in (("normal_1", 1.0), ("normal_0.01", 1e-4)):
        for l, v in enumerate(layers[scheme]["forward_variance"], 1):
            expected = l * math.log10(width * sigma2)
            assert abs(math.log10(v) - expected) < 0.3 + 0.03 * l, (scheme, l, v)
        for l, v in enumerate(layers[scheme]["backward_variance"][::-1], 1):  # l layers of backprop
            expected = l * math.log10(width * sigma2)
            assert abs(math.log10(v) - expected) < 0.3 + 0.03 * l, (scheme, l, v)
    assert layers["normal_1"]["forward_trend"] == "explodes"
    assert layers["normal_0.01"]["forward_trend"] == "vanishes"


def _autograd_stack(init, width, depth, batch, activation, seed):
    """Independent computation: nn.Linear layers, torch autograd for the gradient at the input."""
    g = torch.Generator().manual_seed(seed)
    layers = []
    for _ in range(depth):
        lin = torch.nn.Linear(width, width, bias=False)
        with torch.no_grad():
            init(lin.weight, g)
        layers.append(lin)
    x = torch.randn(batch, width, generator=g, requires_grad=True)
    h = x
    act = {"linear": lambda t: t, "tanh": torch.tanh, "relu": torch.relu}[activation]
    for lin in layers:
        h = act(lin(h))
    upstream = torch.randn(batch, width, generator=g)
    (h * upstream).sum().backward()
    return float(h.detach().double().var(unbiased=False)), float(x.grad.double().var(unbiased=False))


@pytest.mark.parametrize("activation", ["linear", "tanh", "relu"])
def test_agrees_with_a_direct_torch_autograd_computation(activation):
    width, depth, batch = 128, 10, 256
    d = result_dict("xavier-variance", {"width": width, "depth": depth, "batch": batch, "activation": activation},
                    seed=2)
    inits = {
        "xavier_normal": lambda w, g: torch.nn.init.xavier_normal_(w, generator=g),
        "normal_1": lambda w, g: w.normal_(0.0, 1.0, generator=g),
    }
    for scheme, init in inits.items():
        fwd, bwd = _autograd_stack(init, width, depth, batch, activation, seed=11)
        ours_f = d["layers"][scheme]["forward_variance"][-1]
        ours_b = d["layers"][scheme]["backward_variance"][0]  # gradient arriving at the stack's input
        # different random draws: agree on the log scale (these span up to 20 decades across schemes)
        assert abs(math.log10(ours_f) - math.log10(fwd)) < 0.5, (scheme, ours_f, fwd)
        assert abs(math.log10(ours_b) - math.log10(bwd)) < 0.5, (scheme, ours_b, bwd)


def test_relu_halves_the_variance_per_layer_under_xavier():
    # E[relu(z)²] = Var(z)/2 and width·Var(W) = 1, so each layer halves the variance
    d = result_dict("xavier-variance", {"width": 256, "depth": 8, "batch": 512, "activation": "relu"}, seed=1)
    fv = d["layers"]["xavier_normal"]["forward_variance"]
    ratio = (fv[-1] / fv[0]) ** (1 / (len(fv) - 1))
    assert abs(ratio - 0.5) < 0.05


def test_overflow_is_reported_as_inf_not_an_error():
    d = result_dict("xavier-variance", {"width": 256, "depth": 40, "batch": 16})
    row = d["layers"]["normal_1"]
    assert math.isinf(row["forward_variance"][-1]) and row["forward_trend"] == "overflows"
    # 256^l passes float32's 3.4e38 (as activations ~ 16^l) after about 32 layers
    first_inf = next(i for i, v in enumerate(row["forward_variance"], 1) if math.isinf(v))
    assert first_inf == pytest.approx(math.log(np.finfo(np.float32).max) / math.log(16), abs=2)
    assert '"inf"' in to_json(d)


def test_limits_are_named():
    spec = get_spec("xavier-variance")
    with pytest.raises(ParamError, match="fan_in"):
        parse_params(spec, {"fan_in": 8192, "fan_out": 8192})
    with pytest.raises(ParamError, match="depth"):
        parse_params(spec, {"width": 1024, "depth": 100})
    with pytest.raises(ParamError, match="batch"):
        parse_params(spec, {"width": 256, "depth": 100, "batch": 1024})


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): Glorot's bound, the a with Var U(-a, a) = a²/3 = 2/(fan_in +
    fan_out)."""
    return math.sqrt(3 * 2.0 / (params["fan_in"] + params["fan_out"]))
