"""xavier-variance: why Glorot/Xavier initialization keeps forward signals and gradients alive.

Part 1 draws one (fan_out, fan_in) weight matrix with torch.nn.init.xavier_uniform_ and xavier_normal_
and compares its variance with 2/(fan_in+fan_out). Part 2 pushes a batch of N(0, 1) inputs through a
stack of `depth` square layers of `width` units (float32, no biases) and back, once per initialization
scheme, and records the variance of the activations (forward) and of the gradients with respect to
each layer's input (backward). Overflow to inf/nan is kept and reported, never raised.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SCHEMES = ("normal_1", "normal_0.01", "xavier_uniform", "xavier_normal")
MAX_WEIGHTS = 4096 * 4096  # fan_in * fan_out for part 1 (64 MiB of float32)
MAX_STACK = 8_000_000  # width² · depth: weights held for one scheme (32 MiB of float32)
MAX_WORK = 600_000_000  # width² · depth · batch: multiply-adds per pass


def _check(values: dict) -> None:
    fi, fo = values["fan_in"], values["fan_out"]
    if fi * fo > MAX_WEIGHTS:
        raise ParamError(f"parameters 'fan_in' and 'fan_out': fan_in*fan_out = {fi * fo:,} is too large "
                         f"(at most {MAX_WEIGHTS:,}, e.g. 4096x4096)")
    w, d, b = values["width"], values["depth"], values["batch"]
    if w * w * d > MAX_STACK:
        raise ParamError(f"parameters 'width' and 'depth': width²*depth = {w * w * d:,} is too large "
                         f"(at most {MAX_STACK:,}; e.g. width=256 allows depth<=100, width=1024 depth<=7)")
    if w * w * d * b > MAX_WORK:
        raise ParamError(f"parameter 'batch' (with width and depth): width²*depth*batch = {w * w * d * b:,} is "
                         f"too large (at most {MAX_WORK:,}); lower batch, width or depth")


def _drill(r: random.Random) -> Drill:
    fi = r.choice([16, 32, 50, 64, 100, 128, 200, 256, 300, 400, 512])
    fo = r.choice([10, 16, 32, 64, 100, 128, 256])
    return Drill({"fan_in": fi, "fan_out": fo, "depth": 2, "width": 16, "batch": 16},
                 f"Xavier-uniform with fan_in = {fi} and fan_out = {fo}: what is the bound a of U(−a, a)?",
                 "theory.uniform_bound", "a = √(6/(fan_in + fan_out)).", rel=0.01)


SPEC = DemoSpec(
    id="xavier-variance",
    title="Xavier/Glorot initialization keeps the variance level",
    description="Var(W) = 2/(n_in+n_out): sampled weights, and activation/gradient variance layer by layer.",
    topic="training",
    cards=("xavier-init",),
    params=(
        Param("fan_in", "int", 256, "inputs of the sampled weight matrix (n_in)", min=1, max=8192),
        Param("fan_out", "int", 128, "outputs of the sampled weight matrix (n_out)", min=1, max=8192),
        Param("depth", "int", 20, "layers in the stack", min=1, max=100),
        Param("width", "int", 256, "units per layer of the stack (square layers)", min=1, max=1024),
        Param("activation", "choice", "linear", "activation after each layer", choices=("linear", "tanh", "relu")),
        Param("batch", "int", 256, "inputs pushed through the stack", min=2, max=1024),
    ),
    uses_torch=True,
    headline=(
        ("Xavier Var(W) = 2/(n_in+n_out)", "theory.variance"),
        ("last-layer variance, Xavier normal", "layers[xavier_normal].forward_variance[-1]"),
        ("last-layer variance, N(0, 1)", "layers[normal_1].forward_variance[-1]"),
        ("last-layer variance, N(0, 0.01²)", "layers[normal_0.01].forward_variance[-1]"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class XavierVarianceResult(DemoResult):
    fan_in: int
    fan_out: int
    depth: int
    width: int
    activation: str
    batch: int
    theory: dict = field(default_factory=dict)
    empirical: dict = field(default_factory=dict)
    input_variance: float = 1.0
    layers: dict = field(default_factory=dict)  # scheme -> forward_variance, backward_variance, trends
    notes: list = field(default_factory=list)


def _variance(t) -> float:
    """Variance of a float32 tensor computed in float64; inf once any value overflowed.

    The inputs are finite, so a non-finite value can only come from float32 overflow (inf, or the nan of
    inf - inf inside a matrix product): both are reported as inf.
    """
    import torch

    if not torch.isfinite(t).all():
        return float("inf")
    return float(t.double().var(unbiased=False))


def _trend(values: list[float], start: float) -> str:
    import math

    last = values[-1]
    if not math.isfinite(last):
        return "overflows"
    if start <= 0 or last <= 0:
        return "vanishes"
    ratio = last / start
    if ratio > 100:
        return "explodes"
    if ratio < 0.01:
        return "vanishes"
    return "stable"


def _weights(scheme: str, width: int, gen):
    import torch

    w = torch.empty(width, width, dtype=torch.float32)  # torch layout: (fan_out, fan_in)
    if scheme == "normal_1":
        w.normal_(0.0, 1.0, generator=gen)
    elif scheme == "normal_0.01":
        w.normal_(0.0, 0.01, generator=gen)
    elif scheme == "xavier_uniform":
        torch.nn.init.xavier_uniform_(w, generator=gen)
    else:
        torch.nn.init.xavier_normal_(w, generator=gen)
    return w


def _stack(scheme: str, x, depth: int, width: int, activation: str, gen) -> tuple[list[float], list[float]]:
    """Forward through `depth` layers h_l = f(h_{l-1} W_l^T), then backpropagate a N(0, 1) upstream gradient.

    forward_variance[l-1] = Var(h_l); backward_variance[l-1] = Var(dL/dh_{l-1}), the gradient that
    reaches the input of layer l (so index 0 is the gradient arriving at the bottom of the stack).
    """
    import torch

    weights = [_weights(scheme, width, gen) for _ in range(depth)]
    h = x
    pre = []
    forward = []
    for w in weights:
        z = h @ w.T
        if activation == "tanh":
            h = torch.tanh(z)
        elif activation == "relu":
            h = torch.relu(z)
        else:
            h = z
        pre.append(z)
        forward.append(_variance(h))
    g = torch.randn(x.shape, generator=gen, dtype=torch.float32)  # dL/dh_depth with variance 1
    backward = [0.0] * depth
    for i in range(depth - 1, -1, -1):
        z = pre[i]
        if activation == "tanh":
            g = g * (1.0 - torch.tanh(z) ** 2)
        elif activation == "relu":
            g = g * (z > 0).to(g.dtype)
        g = g @ weights[i]
        backward[i] = _variance(g)
    return forward, backward


def run(params: dict[str, Any], rng: Generator) -> XavierVarianceResult:
    import torch

    fan_in, fan_out = int(params["fan_in"]), int(params["fan_out"])
    depth, width = int(params["depth"]), int(params["width"])
    activation, batch = params["activation"], int(params["batch"])
    gen = torch.Generator().manual_seed(int(rng.integers(2**31)))

    var = 2.0 / (fan_in + fan_out)
    bound = (6.0 / (fan_in + fan_out)) ** 0.5
    wu = torch.empty(fan_out, fan_in)
    torch.nn.init.xavier_uniform_(wu, generator=gen)
    wn = torch.empty(fan_out, fan_in)
    torch.nn.init.xavier_normal_(wn, generator=gen)
    empirical = {
        "shape": [fan_out, fan_in],
        "xavier_uniform_variance": float(wu.double().var(unbiased=False)),
        "xavier_uniform_max_abs": float(wu.abs().max()),
        "xavier_normal_variance": float(wn.double().var(unbiased=False)),
        "xavier_normal_std": float(wn.double().std(unbiased=False)),
    }
    del wu, wn

    stack_var = 1.0 / width  # 2/(width+width) for the square layers of the stack
    gains = {"normal_1": width * 1.0, "normal_0.01": width * 1e-4,
             "xavier_uniform": width * stack_var, "xavier_normal": width * stack_var}
    theory = {
        "variance": var,
        "std": var**0.5,
        "uniform_bound": bound,
        "forward_condition": "n_in·Var(W) = 1",
        "backward_condition": "n_out·Var(W) = 1",
        "stack_weight_variance": {"normal_1": 1.0, "normal_0.01": 1e-4,
                                  "xavier_uniform": stack_var, "xavier_normal": stack_var},
        "linear_gain_per_layer": gains,
    }

    x = torch.randn(batch, width, generator=gen, dtype=torch.float32)
    layers = {}
    input_var = _variance(x)
    for scheme in SCHEMES:
        fwd, bwd = _stack(scheme, x, depth, width, activation, gen)
        layers[scheme] = {
            "weight_variance": theory["stack_weight_variance"][scheme],
            "forward_variance": fwd,
            "backward_variance": bwd,
            "forward_trend": _trend(fwd, input_var),
            "backward_trend": _trend(bwd[::-1], 1.0),
        }

    notes = []
    if any(layers[s]["forward_trend"] == "overflows" or layers[s]["backward_trend"] == "overflows" for s in SCHEMES):
        notes.append("float32 overflowed (largest value ≈ 3.4e38): from that layer on the variance is shown as inf.")
    if activation == "relu":
        notes.append("ReLU zeroes half the signal, so Xavier loses about half the variance per layer; "
                     "He initialization (Var = 2/n_in) compensates.")
    if activation == "tanh":
        notes.append("tanh squashes a little at every layer, so even with Xavier the forward variance shrinks slowly "
                     "(roughly like 1/(2·layer), not exponentially); N(0, 1) weights saturate tanh, so activations "
                     "stay near ±1 while the huge weights blow up the gradients.")
    return XavierVarianceResult(
        fan_in=fan_in, fan_out=fan_out, depth=depth, width=width, activation=activation, batch=batch,
        theory=theory, empirical=empirical, input_variance=input_var, layers=layers, notes=notes,
    )
