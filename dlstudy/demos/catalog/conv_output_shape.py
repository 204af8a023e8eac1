"""conv-output-shape: ⌊(n + 2p − d(f−1) − 1)/s⌋ + 1 per spatial dimension, checked against torch.nn.Conv2d."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _effective_kernel(kernel: int, dilation: int) -> int:
    """Span covered by a dilated kernel: d(f − 1) + 1 (equals f when d = 1)."""
    return dilation * (kernel - 1) + 1


def output_size(n: int, kernel: int, padding: int, stride: int, dilation: int = 1) -> int:
    """⌊(n + 2p − d(f − 1) − 1)/s⌋ + 1; with d = 1 this is ⌊(n + 2p − f)/s⌋ + 1. Pure Python."""
    return (n + 2 * padding - _effective_kernel(kernel, dilation)) // stride + 1


def _check(values: dict) -> None:
    k, p, d = values["kernel"], values["padding"], values["dilation"]
    span = _effective_kernel(k, d)
    for dim in ("height", "width"):
        n = values[dim]
        if n + 2 * p < span:
            raise ParamError(
                f"parameter '{dim}' = {n} with padding={p} is too small for kernel={k}, dilation={d}: the padded "
                f"input ({n + 2 * p}) is smaller than the kernel span ({span}), so the output would be empty; "
                f"use {dim} >= {max(1, span - 2 * p)} or more padding"
            )


def _drill(r: random.Random) -> Drill:
    k = r.choice([1, 3, 3, 5, 7])
    s = r.choice([1, 1, 2, 2, 3])
    p = r.choice([0, 0, 1, 1, 2, 3])
    n = r.randint(max(k, 5), 64)
    return Drill({"height": n, "width": n, "kernel": k, "padding": p, "stride": s},
                 f"A {n}×{n} input goes through a {k}×{k} convolution with padding {p} and stride {s}. "
                 f"What is the output height?", "formula.height", "⌊(n + 2p − f)/s⌋ + 1 per spatial dimension.",
                 abs=0)


SPEC = DemoSpec(
    id="conv-output-shape",
    title="Convolution output shape",
    description="⌊(n + 2p − f)/s⌋ + 1 per dimension vs torch.nn.Conv2d on zeros, parameter count, 'same' padding.",
    topic="cnn",
    cards=("padding-stride",),
    params=(
        Param("height", "int", 32, "input height n_h", min=1, max=128),
        Param("width", "int", 32, "input width n_w", min=1, max=128),
        Param("kernel", "int", 3, "kernel size f (square f×f)", min=1, max=11),
        Param("padding", "int", 1, "zero padding p on each side", min=0, max=10),
        Param("stride", "int", 1, "stride s", min=1, max=8),
        Param("dilation", "int", 1, "dilation d (gap between kernel taps; 1 = ordinary convolution)", min=1, max=4),
        Param("in_channels", "int", 3, "input channels c_in", min=1, max=16),
        Param("out_channels", "int", 8, "output channels c_out (number of kernels)", min=1, max=16),
    ),
    uses_torch=True,
    headline=(
        ("output height", "torch.height"),
        ("output width", "torch.width"),
        ("parameters (weights + biases)", "params_count"),
        ("formula matches torch", "match"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class ConvOutputShapeResult(DemoResult):
    input: dict = field(default_factory=dict)  # batch, channels, height, width
    layer: dict = field(default_factory=dict)  # kernel, padding, stride, dilation, in/out channels
    formula: dict = field(default_factory=dict)  # height, width from ⌊(n + 2p − d(f−1) − 1)/s⌋ + 1
    torch: dict = field(default_factory=dict)  # channels, height, width of Conv2d(zeros)
    match: bool = False
    params_count: int = 0  # out·in·f·f + out (weights + biases)
    params_detail: dict = field(default_factory=dict)
    same_padding: dict = field(default_factory=dict)  # p = d(f−1)/2 for odd f at stride 1
    padding_sweep: list = field(default_factory=list)  # output height for p = 0 .. 'same'
    lesson: str = ""


def run(params: dict[str, Any], rng: Generator) -> ConvOutputShapeResult:
    import torch

    h, w = int(params["height"]), int(params["width"])
    k, p, s, d = int(params["kernel"]), int(params["padding"]), int(params["stride"]), int(params["dilation"])
    cin, cout = int(params["in_channels"]), int(params["out_channels"])

    formula = {"height": output_size(h, k, p, s, d), "width": output_size(w, k, p, s, d)}

    conv = torch.nn.Conv2d(cin, cout, kernel_size=k, padding=p, stride=s, dilation=d, bias=True)
    with torch.no_grad():
        out = conv(torch.zeros(1, cin, h, w))
    torch_shape = {"channels": int(out.shape[1]), "height": int(out.shape[2]), "width": int(out.shape[3])}
    counted = sum(int(t.numel()) for t in conv.parameters())

    weights = cout * cin * k * k
    params_count = weights + cout

    odd = k % 2 == 1
    symmetric = (d * (k - 1)) % 2 == 0  # always true for odd f; for even f only with an even dilation
    same: dict = {"kernel_is_odd": odd, "symmetric": symmetric, "padding": None,
                  "torch_same_height": None, "torch_same_width": None}
    if symmetric:
        same["padding"] = d * (k - 1) // 2
    # torch's padding='same' (stride 1 only) pads asymmetrically when d(f-1) is odd
    same_conv = torch.nn.Conv2d(cin, 1, kernel_size=k, padding="same", dilation=d, bias=False)
    with torch.no_grad():
        so = same_conv(torch.zeros(1, cin, h, w))
    same["torch_same_height"], same["torch_same_width"] = int(so.shape[2]), int(so.shape[3])
    same["note"] = (
        f"p = d(f−1)/2 = {same['padding']} keeps n×n at stride 1" if symmetric else
        f"this kernel needs a total padding of d(f−1) = {d * (k - 1)}, an odd number that cannot be split "
        "equally between the two sides"
    )

    top = same["padding"] if symmetric else (d * (k - 1) + 1) // 2
    sweep = []
    for pad in range(0, max(top, p) + 1):
        if h + 2 * pad >= _effective_kernel(k, d):
            sweep.append({"padding": pad, "height": output_size(h, k, pad, s, d)})

    return ConvOutputShapeResult(
        input={"batch": 1, "channels": cin, "height": h, "width": w},
        layer={"kernel": k, "padding": p, "stride": s, "dilation": d, "in_channels": cin, "out_channels": cout,
               "effective_kernel": _effective_kernel(k, d)},
        formula=formula,
        torch=torch_shape,
        match=formula["height"] == torch_shape["height"] and formula["width"] == torch_shape["width"],
        params_count=params_count,
        params_detail={"weights": weights, "biases": cout, "torch_numel": counted},
        same_padding=same,
        padding_sweep=sweep,
        lesson="Each output pixel needs a full kernel window inside the padded input; the stride skips windows, "
               "and the floor drops the windows that would run off the edge.",
    )
