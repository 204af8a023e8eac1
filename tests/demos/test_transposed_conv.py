"""transposed-conv against torch.nn.ConvTranspose1d/2d: output shapes, and the overlap as the output of a
transposed convolution of an all-ones input with all-ones weights."""

import itertools

import pytest
import torch

from dlstudy.demos.params import ParamError
from tests.demos import result_dict


def _torch_ones(dims, n, k, s, p, op, d):
    conv_cls = torch.nn.ConvTranspose1d if dims == "1d" else torch.nn.ConvTranspose2d
    m = conv_cls(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d, bias=False)
    torch.nn.init.ones_(m.weight)
    shape = (1, 1, n) if dims == "1d" else (1, 1, n, n)
    with torch.no_grad():
        return m(torch.ones(shape, dtype=torch.float32))[0, 0]


GRID_1D = list(itertools.product([1, 2, 5], [1, 2, 3, 4, 5], [1, 2, 3], [0, 1, 2], [0, 1, 2], [1, 2]))


@pytest.mark.parametrize("n,k,s,p,op,d", GRID_1D)
def test_1d_matches_torch_or_both_refuse(n, k, s, p, op, d):
    params = {"dims": "1d", "input_size": n, "kernel": k, "stride": s, "padding": p, "output_padding": op,
              "dilation": d}
    try:
        out = _torch_ones("1d", n, k, s, p, op, d)
    except RuntimeError:
        with pytest.raises(ParamError):
            result_dict("transposed-conv", params)
        return
    r = result_dict("transposed-conv", params)
    assert r["output_size"] == out.shape[0] and r["output_shape"] == [out.shape[0]]
    assert r["overlap"] == [int(v) for v in out.tolist()]
    assert r["overlap_max"] == int(out.max()) and r["overlap_min"] == int(out.min())


@pytest.mark.parametrize("n,k,s,p,op", [(4, 3, 2, 0, 0), (4, 3, 2, 1, 1), (8, 4, 2, 1, 0), (5, 5, 3, 2, 2),
                                        (3, 2, 2, 0, 0), (16, 3, 1, 1, 0), (7, 1, 4, 0, 3)])
def test_2d_matches_torch(n, k, s, p, op):
    r = result_dict("transposed-conv", {"dims": "2d", "input_size": n, "kernel": k, "stride": s, "padding": p,
                                        "output_padding": op})
    out = _torch_ones("2d", n, k, s, p, op, 1)
    assert r["output_shape"] == list(out.shape) and r["output_size"] == out.shape[0]
    assert r["overlap"] == [[int(v) for v in row] for row in out.tolist()]
    assert r["overlap_1d"] == [int(v) for v in _torch_ones("1d", n, k, s, p, op, 1).tolist()]


@pytest.mark.parametrize("k,s,d", [(3, 2, 1), (4, 2, 1), (5, 2, 1), (6, 3, 1), (3, 3, 1), (7, 3, 1), (3, 2, 2),
                                   (4, 3, 2), (1, 4, 1)])
def test_steady_state_pattern_is_the_interior_of_a_long_input(k, s, d):
    """Far from the edges the taps per position repeat with period s; read that off torch on a long input."""
    r = result_dict("transposed-conv", {"dims": "1d", "input_size": 40, "kernel": k, "stride": s, "dilation": d})
    out = _torch_ones("1d", 40, k, s, 0, 0, d).tolist()
    start = d * (k - 1)  # from here on every tap of the kernel has an input position behind it
    start += (-start) % s  # align to a multiple of s, so that the window below begins with residue 0
    window = [int(v) for v in out[start:start + s]]
    assert r["steady_pattern"] == window
    assert r["checkerboard"] == (len(set(window)) > 1)
    if d == 1:
        assert r["checkerboard"] == (k % s != 0)  # the uneven-overlap rule for ordinary kernels


def test_output_padding_picks_a_conv_preimage():
    """An ordinary Conv1d with the same k, s, p maps every size in conv_preimages back to n."""
    n, k, s, p = 5, 3, 3, 1
    r = result_dict("transposed-conv", {"dims": "1d", "input_size": n, "kernel": k, "stride": s, "padding": p})
    conv = torch.nn.Conv1d(1, 1, k, stride=s, padding=p)
    assert len(r["conv_preimages"]) == s
    for op, m in enumerate(r["conv_preimages"]):
        assert conv(torch.zeros(1, 1, m)).shape[-1] == n
        assert _torch_ones("1d", n, k, s, p, op, 1).shape[0] == m


def test_limits_and_determinism():
    with pytest.raises(ParamError, match="output_padding"):
        result_dict("transposed-conv", {"stride": 2, "output_padding": 2})
    with pytest.raises(ParamError, match="padding"):
        result_dict("transposed-conv", {"input_size": 1, "kernel": 1, "padding": 1})
    with pytest.raises(ParamError, match="64"):
        result_dict("transposed-conv", {"dims": "2d", "input_size": 64})
    big = result_dict("transposed-conv", {"dims": "1d", "input_size": 64, "kernel": 11, "stride": 8,
                                          "output_padding": 7, "dilation": 4})
    assert big["output_size"] == 63 * 8 + 4 * 10 + 7 + 1
    assert result_dict("transposed-conv", {}, seed=1) == result_dict("transposed-conv", {}, seed=2)


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): the output height of torch's own transposed convolution."""
    layer = torch.nn.ConvTranspose2d(1, 1, params["kernel"], stride=params["stride"], padding=params["padding"],
                                     output_padding=params["output_padding"], dilation=params["dilation"])
    n = params["input_size"]
    return layer(torch.zeros(1, 1, n, n)).shape[-2]
