"""vanishing-gradients: per-layer gradient norms of a deep MLP with sigmoid, tanh and ReLU (torch autograd)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="vanishing-gradients",
    title="Vanishing gradients: sigmoid vs tanh vs ReLU",
    description="Gradient norm of every layer of a deep MLP: sigmoid's derivative ≤ 1/4 makes it shrink geometrically.",
    topic="training",
    cards=("vanishing-gradients", "relu"),
    params=(
        Param("depth", "int", 20, "number of hidden layers", min=2, max=50),
        Param("width", "int", 64, "units per hidden layer", min=2, max=128),
        Param("activation", "choice", "all", "activation to compare", choices=("all", "sigmoid", "tanh", "relu")),
        Param("init", "choice", "matched", "weight init: xavier N(0, 1/width), he N(0, 2/width), or matched "
              "(He for ReLU, Xavier for sigmoid/tanh)", choices=("matched", "xavier", "he")),
        Param("batch", "int", 64, "input samples in the batch", min=1, max=128),
    ),
    uses_torch=True,
    headline=(
        ("sigmoid: gradient factor per layer", "activations.sigmoid.per_layer_factor"),
        ("sigmoid: first/last layer grad norm", "activations.sigmoid.first_over_last"),
        ("tanh: first/last layer grad norm", "activations.tanh.first_over_last"),
        ("ReLU: first/last layer grad norm", "activations.relu.first_over_last"),
    ),
)

DERIVATIVE_BOUND = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}  # max of f'(z) over z


def weight_std(activation: str, init: str, width: int) -> float:
    kind = init if init != "matched" else ("he" if activation == "relu" else "xavier")
    return math.sqrt((2.0 if kind == "he" else 1.0) / width)


def build(activation: str, depth: int, width: int, init: str, gen):
    """Weights (out, in) and zero biases for `depth` hidden layers plus a linear head to 1 output, float64."""
    import torch

    std = weight_std(activation, init, width)
    Ws = [torch.randn(width, width, generator=gen, dtype=torch.float64) * std for _ in range(depth)]
    head = torch.randn(1, width, generator=gen, dtype=torch.float64) / math.sqrt(width)
    return Ws, head


def act_fn(name: str):
    import torch

    return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[name]


def forward_backward(activation: str, Ws, head, x, y):
    """Loss ½·mean (head·h_L − y)²; returns (loss, weight gradients, pre-activation gradient norms,
    derivative values f'(z) of every hidden unit)."""
    import torch

    f = act_fn(activation)
    params = [W.clone().requires_grad_(True) for W in Ws]
    zs = []
    h = x
    for W in params:
        z = h @ W.T
        z.retain_grad()
        zs.append(z)
        h = f(z)
    out = h @ head.T
    loss = 0.5 * ((out.squeeze(1) - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        derivs = []
        for z in zs:
            if activation == "sigmoid":
                s = torch.sigmoid(z)
                derivs.append(s * (1 - s))
            elif activation == "tanh":
                derivs.append(1 - torch.tanh(z) ** 2)
            else:
                derivs.append((z > 0).to(z.dtype))
    return loss.detach(), [p.grad for p in params], [z.grad for z in zs], derivs


@dataclass
class VanishingResult(DemoResult):
    depth: int
    width: int
    init: str
    batch: int
    activations: dict = field(default_factory=dict)
    derivative_bound: dict = field(default_factory=dict)
    most_vanishing: str = ""  # activation with the smallest first/last gradient ratio
    least_vanishing: str = ""


def run(params: dict[str, Any], rng: Generator) -> VanishingResult:
    import torch

    depth, width, batch = int(params["depth"]), int(params["width"]), int(params["batch"])
    names = ("sigmoid", "tanh", "relu") if params["activation"] == "all" else (params["activation"],)
    gen = torch.Generator().manual_seed(int(rng.integers(2**31)))
    x = torch.randn(batch, width, generator=gen, dtype=torch.float64)
    y = torch.randn(batch, generator=gen, dtype=torch.float64)
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        Ws, head = build(name, depth, width, params["init"], gen)
        loss, grads, zgrads, derivs = forward_backward(name, Ws, head, x, y)
        norms = [float(g.norm()) for g in grads]
        znorms = [float(g.norm()) for g in zgrads]
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else math.inf
        # geometric-mean change of the weight-gradient norm per layer, going from the output towards the input
        per_layer = ratio ** (1.0 / (depth - 1)) if 0 < ratio < math.inf else 0.0
        all_d = torch.cat([d.flatten() for d in derivs])
        out[name] = {
            "weight_std": weight_std(name, params["init"], width),
            "loss": float(loss),
            "grad_norms": norms,  # layer 1 (next to the input) ... layer depth (next to the output)
            "delta_norms": znorms,  # norm of dLoss/dz per layer (the backpropagated signal)
            "first_over_last": ratio,
            "log10_first_over_last": math.log10(ratio) if 0 < ratio < math.inf else None,
            "per_layer_factor": per_layer,
            "max_derivative": float(all_d.max()),
            "mean_derivative": float(all_d.mean()),
        }
    order = sorted(out, key=lambda k: out[k]["first_over_last"])
    return VanishingResult(
        depth=depth, width=width, init=params["init"], batch=batch, activations=out,
        derivative_bound={k: DERIVATIVE_BOUND[k] for k in names},
        most_vanishing=order[0], least_vanishing=order[-1],
    )
