"""layer-gradients: where the upstream gradient goes through max pooling, average pooling, ReLU and dropout.

A small input (a row of `size` numbers, or a size×size grid) of distinct integers goes through each
layer on its own; an upstream gradient dL/d(output) is given (small random integers, or all ones) and
the gradient with respect to the input is computed by hand (numpy, no padding):

- max pooling (window `kernel`, step `stride`): each window sends its whole upstream value to the
  position of its maximum, nothing to the others; overlapping windows add up;
- average pooling: each window spreads its upstream value evenly, upstream / kernel^d to each input;
- ReLU: the gradient passes where the input is > 0 and is 0 elsewhere (also at exactly 0, as in PyTorch);
- inverted dropout (drop probability p): output = x · mask / (1 − p), so the gradient is
  upstream · mask / (1 − p) with the SAME mask as the forward pass.

Result keys: input, upstream {pool, elementwise}, kernel, stride, dims, output_shape, maxpool {output,
argmax, grad_input, nonzero}, avgpool {output, grad_input, nonzero}, relu {output, grad_input, mask,
pass_share}, dropout {p, scale, mask, output, grad_input}, uncovered, conservation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict) -> None:
    if values["kernel"] > values["size"]:
        raise ParamError(f"parameter 'kernel' ({values['kernel']}) must not exceed parameter 'size' "
                         f"({values['size']}): the pooling window has to fit in the input")


SPEC = DemoSpec(
    id="layer-gradients",
    title="Where the gradient goes: max/avg pooling, ReLU, dropout",
    description="Backward pass of pooling, ReLU and inverted dropout on a small input: max pooling routes each "
                "upstream value to one input, average pooling spreads it, dropout reuses its mask and 1/(1−p).",
    topic="training",
    cards=("layer-gradients",),
    params=(
        Param("dims", "choice", "2d", "a size×size grid (2d) or a row of size numbers (1d)", choices=("2d", "1d")),
        Param("size", "int", 4, "input side length (2d) or length (1d)", min=2, max=16),
        Param("kernel", "int", 2, "pooling window (kernel×kernel in 2d)", min=1, max=8),
        Param("stride", "int", 2, "pooling step (stride < kernel: overlapping windows)", min=1, max=8),
        Param("p", "float", 0.5, "dropout probability of zeroing a unit", min=0.0, max=0.9),
        Param("upstream", "choice", "random", "upstream gradient: random integers 1..9, or all ones",
              choices=("random", "ones")),
    ),
    headline=(
        ("inputs that get a max-pool gradient", "maxpool.nonzero"),
        ("inputs that get an avg-pool gradient", "avgpool.nonzero"),
        ("dropout scale 1/(1−p)", "dropout.scale"),
    ),
    check=_check,
)


@dataclass
class LayerGradientsResult(DemoResult):
    dims: str
    size: int
    kernel: int
    stride: int
    output_shape: list = field(default_factory=list)
    input: list = field(default_factory=list)
    upstream: dict = field(default_factory=dict)  # pool: dL/d(pool output); elementwise: dL/d(ReLU or dropout output)
    maxpool: dict = field(default_factory=dict)
    avgpool: dict = field(default_factory=dict)
    relu: dict = field(default_factory=dict)
    dropout: dict = field(default_factory=dict)
    uncovered: int = 0  # inputs in no pooling window (stride > kernel, or a remainder at the edge)
    conservation: dict = field(default_factory=dict)  # sums of upstream and of each pooling grad_input
    lesson: str = ""


def windows(shape, kernel, stride):
    """Yield (output index, tuple of input slices) for every pooling window, row-major."""
    import itertools

    outs = [(n - kernel) // stride + 1 for n in shape]
    for o in itertools.product(*(range(m) for m in outs)):
        yield o, tuple(slice(i * stride, i * stride + kernel) for i in o)


def maxpool_backward(x, up, kernel, stride):
    """(output, argmax as flat input indices, grad_input) of max pooling."""
    import numpy as np

    out = np.zeros(up.shape)
    arg = np.zeros(up.shape, dtype=int)
    g = np.zeros(x.shape)
    for o, sl in windows(x.shape, kernel, stride):
        win = x[sl]
        local = np.unravel_index(int(np.argmax(win)), win.shape)
        pos = tuple(s.start + i for s, i in zip(sl, local))
        out[o] = x[pos]
        arg[o] = int(np.ravel_multi_index(pos, x.shape))
        g[pos] += up[o]
    return out, arg, g


def avgpool_backward(x, up, kernel, stride):
    """(output, grad_input) of average pooling: every input of a window gets upstream / kernel^d."""
    import numpy as np

    out = np.zeros(up.shape)
    g = np.zeros(x.shape)
    area = kernel ** x.ndim
    for o, sl in windows(x.shape, kernel, stride):
        out[o] = x[sl].mean()
        g[sl] += up[o] / area
    return out, g


def run(params: dict[str, Any], rng: Generator) -> LayerGradientsResult:
    import numpy as np

    size, k, s, p = int(params["size"]), int(params["kernel"]), int(params["stride"]), float(params["p"])
    shape = (size, size) if params["dims"] == "2d" else (size,)
    n = int(np.prod(shape))
    x = (rng.permutation(n) - n // 2).reshape(shape).astype(float)  # distinct integers: no ties in max pooling
    out_shape = tuple((m - k) // s + 1 for m in shape)
    if params["upstream"] == "ones":
        up_pool, up_elem = np.ones(out_shape), np.ones(shape)
    else:
        up_pool = rng.integers(1, 10, size=out_shape).astype(float)
        up_elem = rng.integers(1, 10, size=shape).astype(float)

    mp_out, mp_arg, mp_g = maxpool_backward(x, up_pool, k, s)
    ap_out, ap_g = avgpool_backward(x, up_pool, k, s)
    relu_mask = x > 0
    keep = rng.random(shape) >= p  # keep with probability 1 - p
    scale = 1.0 / (1.0 - p)
    covered = np.zeros(shape, dtype=bool)
    for _, sl in windows(shape, k, s):
        covered[sl] = True

    return LayerGradientsResult(
        dims=params["dims"], size=size, kernel=k, stride=s, output_shape=list(out_shape),
        input=x.tolist(),
        upstream={"pool": up_pool.tolist(), "elementwise": up_elem.tolist()},
        maxpool={"output": mp_out.tolist(), "argmax": mp_arg.tolist(), "grad_input": mp_g.tolist(),
                 "nonzero": int(np.count_nonzero(mp_g))},
        avgpool={"output": ap_out.tolist(), "grad_input": ap_g.tolist(), "nonzero": int(np.count_nonzero(ap_g)),
                 "share_per_input": 1.0 / k ** len(shape)},
        relu={"output": np.maximum(x, 0.0).tolist(), "mask": relu_mask.astype(int).tolist(),
              "grad_input": (up_elem * relu_mask).tolist(), "pass_share": float(relu_mask.mean())},
        dropout={"p": p, "scale": scale, "mask": keep.astype(int).tolist(),
                 "output": (x * keep * scale).tolist(), "grad_input": (up_elem * keep * scale).tolist(),
                 "kept": int(keep.sum())},
        uncovered=int((~covered).sum()),
        conservation={"upstream_pool_sum": float(up_pool.sum()), "maxpool_grad_sum": float(mp_g.sum()),
                      "avgpool_grad_sum": float(ap_g.sum())},
        lesson="Backprop routes each upstream gradient along the forward pass's own choices: max pooling sends it "
               "only to each window's winner (the others get 0), average pooling splits it equally, ReLU passes it "
               "where the input was positive, and dropout must reuse the forward mask and the same 1/(1−p) scale.",
    )
