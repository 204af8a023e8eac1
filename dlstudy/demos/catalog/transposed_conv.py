"""transposed-conv: output size of a transposed convolution, and the uneven overlap behind checkerboards.

Input position i with kernel tap j writes to position i·s + j·d of the uncropped output, which has
(n − 1)·s + d·(k − 1) + 1 positions; `padding` then removes p positions from each side and
`output_padding` adds positions at the end (bottom/right), as in torch.nn.ConvTranspose1d/2d:

    out = (n − 1)·s − 2p + d·(k − 1) + output_padding + 1

`overlap` counts how many (input, tap) pairs reach each output position: the output of ConvTranspose with
an all-ones input and all-ones weights. Away from the edges the count only depends on the position
modulo s (#taps j with j·d ≡ r mod s), so it is uneven, a checkerboard, when those counts differ (for
d = 1: when the kernel size is not a multiple of the stride).
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

MAX_2D = 64  # output side for dims=2d (the overlap map has up to 64×64 entries)


def output_size(n: int, k: int, s: int, p: int, op: int, d: int) -> int:
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def _check(values: dict) -> None:
    n, k, s, p = values["input_size"], values["kernel"], values["stride"], values["padding"]
    op, d = values["output_padding"], values["dilation"]
    if not (op < s or op < d):
        raise ParamError(f"parameter 'output_padding' = {op} must be smaller than the stride ({s}) or the dilation "
                         f"({d}); larger values would add positions no input reaches")
    out = output_size(n, k, s, p, op, d)
    if out < 1:
        raise ParamError(f"parameter 'padding' = {p} is too large: the output size (n−1)·s − 2p + d·(k−1) + "
                         f"output_padding + 1 would be {out}")
    if values["dims"] == "2d" and out > MAX_2D:
        raise ParamError(f"parameters 'input_size', 'kernel', 'stride': the 2-D output would be {out}×{out}, at most "
                         f"{MAX_2D}×{MAX_2D} allowed (use dims=1d for larger sizes)")


def _drill(r: random.Random) -> Drill:
    n = r.randint(2, 16)
    k = r.choice([1, 2, 3, 3, 4, 4, 5])
    s = r.choice([1, 2, 2, 2, 3])
    d = 2 if r.random() < 0.15 else 1
    p = r.randint(0, d * (k - 1) // 2)  # keeps the output non-empty
    op = r.choice([0, 0, r.randrange(max(s, d))])  # torch needs output_padding < stride or < dilation
    extras = f", output_padding {op}" if op else ", no output padding"
    dil = f", dilation {d}" if d > 1 else ""
    return Drill({"dims": "2d", "input_size": n, "kernel": k, "stride": s, "padding": p, "output_padding": op,
                  "dilation": d},
                 f"A {n}×{n} feature map goes through a transposed convolution with kernel {k}×{k}, stride {s}, "
                 f"padding {p}{extras}{dil}. What is the output height?", "output_size",
                 "out = (n − 1)·s − 2p + d·(k − 1) + output_padding + 1: each input step moves the kernel by s, "
                 "the kernel adds d·(k − 1) + 1, padding crops p from each side and output_padding adds at the end.",
                 abs=0)


SPEC = DemoSpec(
    id="transposed-conv",
    title="Transposed convolution: output size and checkerboard overlap",
    description="out = (n−1)s − 2p + d(k−1) + output_padding + 1, and how many kernel taps land on each output position.",
    topic="cnn",
    cards=("segmentation-upsampling",),
    params=(
        Param("dims", "choice", "2d", "1-D (a row) or 2-D (square input, square kernel)", choices=("1d", "2d")),
        Param("input_size", "int", 4, "input length n (side of the square input for 2d)", min=1, max=64),
        Param("kernel", "int", 3, "kernel size k", min=1, max=11),
        Param("stride", "int", 2, "stride s (the upsampling factor)", min=1, max=8),
        Param("padding", "int", 0, "padding p: positions cropped from each side of the output", min=0, max=10),
        Param("output_padding", "int", 0, "extra positions added at the end (picks one of the s sizes a conv "
              "maps back to n)", min=0, max=7),
        Param("dilation", "int", 1, "dilation d (gap between kernel taps)", min=1, max=4),
    ),
    check=_check,
    headline=(
        ("output size", "output_size"),
        ("most taps on one position", "overlap_max"),
        ("fewest taps away from the edges", "steady_min"),
        ("uneven overlap (checkerboard)", "checkerboard"),
    ),
    drill=_drill,
)


@dataclass
class TransposedConvResult(DemoResult):
    dims: str = "2d"
    input_size: int = 0
    kernel: int = 0
    stride: int = 0
    padding: int = 0
    output_padding: int = 0
    dilation: int = 0
    output_size: int = 0
    output_shape: list = field(default_factory=list)
    uncropped_size: int = 0  # (n − 1)s + d(k − 1) + 1, before padding and output_padding
    formula: str = ""
    overlap: list = field(default_factory=list)  # taps per output position (list, or matrix for 2d)
    overlap_1d: list = field(default_factory=list)  # the 1-D profile (2d overlap = its outer product)
    overlap_max: int = 0
    overlap_min: int = 0
    steady_pattern: list = field(default_factory=list)  # taps per position modulo s, away from the edges
    steady_min: int = 0
    steady_max: int = 0
    checkerboard: bool = False  # steady_min != steady_max
    kernel_multiple_of_stride: bool = False
    conv_preimages: list = field(default_factory=list)  # sizes m a Conv(k, s, p, d) maps to n
    lesson: str = ""


def run(params: dict[str, Any], rng: Generator) -> TransposedConvResult:
    import numpy as np

    n, k, s, p = int(params["input_size"]), int(params["kernel"]), int(params["stride"]), int(params["padding"])
    op, d, dims = int(params["output_padding"]), int(params["dilation"]), params["dims"]
    out = output_size(n, k, s, p, op, d)
    full = (n - 1) * s + d * (k - 1) + 1

    counts = np.zeros(full + op, dtype=np.int64)
    for i in range(n):
        for j in range(k):
            counts[i * s + j * d] += 1
    o1 = counts[p:p + out]
    overlap = np.outer(o1, o1) if dims == "2d" else o1

    pattern = [sum(1 for j in range(k) if (j * d) % s == r) for r in range(s)]
    if dims == "2d":
        pattern2 = [a * b for a in pattern for b in pattern]
        lo, hi = min(pattern2), max(pattern2)
    else:
        lo, hi = min(pattern), max(pattern)
    base = (n - 1) * s - 2 * p + d * (k - 1) + 1  # smallest m with ⌊(m + 2p − d(k−1) − 1)/s⌋ + 1 = n
    preimages = list(range(max(base, 1), base + s))

    return TransposedConvResult(
        dims=dims,
        input_size=n,
        kernel=k,
        stride=s,
        padding=p,
        output_padding=op,
        dilation=d,
        output_size=out,
        output_shape=[out, out] if dims == "2d" else [out],
        uncropped_size=full,
        formula=f"({n} − 1)·{s} − 2·{p} + {d}·({k} − 1) + {op} + 1 = {out}",
        overlap=overlap.tolist(),
        overlap_1d=o1.tolist(),
        overlap_max=int(overlap.max()),
        overlap_min=int(overlap.min()),
        steady_pattern=pattern,
        steady_min=lo,
        steady_max=hi,
        checkerboard=lo != hi,
        kernel_multiple_of_stride=k % s == 0,
        conv_preimages=preimages,
        lesson="A transposed convolution pastes a scaled copy of the kernel at every s-th position; when the kernel "
               "size is not a multiple of the stride the copies overlap unevenly, so some output pixels get more "
               "taps than their neighbours: the checkerboard pattern of upsampling layers.",
    )
