"""conv-output-shape against brute-force window counting and torch's own convolution."""

import itertools

import pytest
import torch

from dlstudy.demos.params import ParamError
from tests.demos import result_dict


def _count_windows(n: int, k: int, p: int, s: int, d: int) -> int:
    """Slide the dilated kernel over the padded input one start position at a time and count fits."""
    padded = n + 2 * p
    count, start = 0, 0
    while start + d * (k - 1) < padded:  # last tap index must be inside the padded input
        count += 1
        start += s
    return count


CASES = [
    # height, width, kernel, padding, stride, dilation
    (32, 32, 3, 1, 1, 1),
    (112, 96, 7, 3, 2, 1),
    (28, 17, 5, 0, 1, 1),
    (7, 9, 3, 0, 2, 1),
    (10, 11, 4, 1, 3, 1),
    (64, 50, 3, 2, 2, 2),
    (5, 5, 5, 0, 1, 1),
    (1, 1, 1, 0, 8, 1),
    (13, 8, 11, 5, 4, 1),
    (20, 20, 3, 0, 1, 4),
]


@pytest.mark.parametrize("h,w,k,p,s,d", CASES)
def test_shapes_match_brute_force_and_torch(h, w, k, p, s, d):
    r = result_dict("conv-output-shape", {"height": h, "width": w, "kernel": k, "padding": p, "stride": s,
                                          "dilation": d, "in_channels": 2, "out_channels": 5})
    assert r["formula"] == {"height": _count_windows(h, k, p, s, d), "width": _count_windows(w, k, p, s, d)}
    out = torch.nn.functional.conv2d(torch.zeros(1, 2, h, w), torch.zeros(5, 2, k, k), padding=p, stride=s,
                                     dilation=d)
    assert (r["torch"]["channels"], r["torch"]["height"], r["torch"]["width"]) == tuple(out.shape[1:])
    assert r["match"] is True


def test_small_grid_against_torch():
    for n, k, p, s in itertools.product([3, 6, 9], [1, 2, 3], [0, 1, 2], [1, 2, 3]):
        if n + 2 * p < k:
            continue
        r = result_dict("conv-output-shape", {"height": n, "width": n, "kernel": k, "padding": p, "stride": s})
        out = torch.nn.functional.conv2d(torch.zeros(1, 3, n, n), torch.zeros(8, 3, k, k), padding=p, stride=s)
        assert r["formula"]["height"] == out.shape[2]


@pytest.mark.parametrize("cin,cout,k", [(3, 8, 3), (1, 1, 1), (16, 16, 11), (3, 16, 5)])
def test_parameter_count_matches_torch_numel(cin, cout, k):
    r = result_dict("conv-output-shape", {"in_channels": cin, "out_channels": cout, "kernel": k, "padding": k // 2})
    layer = torch.nn.Conv2d(cin, cout, k)
    assert r["params_count"] == sum(t.numel() for t in layer.parameters())
    assert r["params_detail"]["biases"] == layer.bias.numel()


@pytest.mark.parametrize("k,d", [(1, 1), (3, 1), (5, 1), (7, 1), (3, 2), (5, 3), (4, 2)])
def test_same_padding_keeps_the_size_at_stride_one(k, d):
    n = 40
    r = result_dict("conv-output-shape", {"height": n, "width": n, "kernel": k, "dilation": d, "padding": 0})
    p = r["same_padding"]["padding"]
    assert p is not None
    assert _count_windows(n, k, p, 1, d) == n
    assert r["same_padding"]["torch_same_height"] == n


@pytest.mark.parametrize("k", [2, 4, 6])
def test_even_kernel_has_no_symmetric_same_padding(k):
    r = result_dict("conv-output-shape", {"kernel": k, "dilation": 1})
    assert r["same_padding"]["padding"] is None
    # no symmetric padding p keeps n at stride 1
    assert all(_count_windows(32, k, p, 1, 1) != 32 for p in range(0, 8))


def test_empty_output_is_refused_with_a_clear_message():
    with pytest.raises(ParamError) as err:
        result_dict("conv-output-shape", {"height": 4, "kernel": 7, "padding": 1})
    assert "height" in str(err.value) and "empty" in str(err.value)
    with pytest.raises(ParamError) as err:
        result_dict("conv-output-shape", {"width": 3, "kernel": 3, "dilation": 2, "padding": 0})
    assert "width" in str(err.value)
    # the smallest accepted input gives exactly one output position
    r = result_dict("conv-output-shape", {"height": 5, "width": 5, "kernel": 7, "padding": 1})
    assert r["formula"]["height"] == 1 == r["torch"]["height"]


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): the output height of torch's own convolution."""
    conv = torch.nn.Conv2d(1, 1, params["kernel"], stride=params["stride"], padding=params["padding"])
    return conv(torch.zeros(1, 1, params["height"], params["width"])).shape[-2]
