"""positional-encoding against the formula computed element by element and an explicit rotation matrix."""

import math

import numpy as np
import pytest

from dlstudy.demos.params import ParamError
from tests.demos import result_dict


def _pe(pos: int, j: int, d: int, base: float = 10000.0) -> float:
    """PE(pos, 2i) = sin(pos / base^(2i/d)), PE(pos, 2i+1) = cos(pos / base^(2i/d))."""
    i = j // 2
    angle = pos / base ** (2 * i / d)
    return math.sin(angle) if j % 2 == 0 else math.cos(angle)


@pytest.mark.parametrize("n,d,base", [(50, 16, 10000.0), (7, 2, 10000.0), (30, 64, 100.0), (5, 6, 2.0)])
def test_table_matches_the_formula(n, d, base):
    r = result_dict("positional-encoding", {"positions": n, "d_model": d, "base": base})
    table = np.array(r["table"])
    assert table.shape == (n, d)
    expected = np.array([[_pe(p, j, d, base) for j in range(d)] for p in range(n)])
    assert np.allclose(table, expected, rtol=0, atol=1e-12)
    assert np.allclose(r["wavelengths"], [2 * math.pi * base ** (2 * i / d) for i in range(d // 2)], rtol=1e-12)


@pytest.mark.parametrize("d,k", [(16, 3), (8, 1), (32, 17), (4, 0)])
def test_block_rotation_reproduces_the_shift(d, k):
    n = 60
    r = result_dict("positional-encoding", {"positions": n, "d_model": d, "offset": k})
    table = np.array(r["table"])
    # explicit block-diagonal matrix, built from the angles k / 10000^(2i/d)
    m = np.zeros((d, d))
    for i in range(d // 2):
        a = k / 10000 ** (2 * i / d)
        m[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]]
    for p in range(n - k):
        assert np.allclose(m @ table[p], table[p + k], atol=1e-12)
    # the same matrix for every p, and it is orthogonal (a rotation)
    assert np.allclose(m @ m.T, np.eye(d), atol=1e-12)
    assert r["rotation"]["max_error"] < 1e-12
    assert np.allclose(r["rotation"]["first_block"], m[:2, :2], atol=1e-12)


@pytest.mark.parametrize("d,k", [(16, 3), (64, 10), (2, 5)])
def test_dot_products_depend_only_on_the_offset(d, k):
    n = 80
    r = result_dict("positional-encoding", {"positions": n, "d_model": d, "offset": k})
    vals = [sum(_pe(p, j, d) * _pe(p + k, j, d) for j in range(d)) for p in range(n)]
    assert np.allclose(r["dot"]["values"], vals, atol=1e-12)
    assert max(vals) - min(vals) < 1e-9
    assert r["dot"]["closed_form"] == pytest.approx(vals[0], abs=1e-9)
    assert r["norm_squared"] == pytest.approx(sum(_pe(37, j, d) ** 2 for j in range(d)), abs=1e-12)
    assert r["norm_squared"] == pytest.approx(d / 2)
    for row in r["dot_by_offset"]:
        assert row["dot"] == pytest.approx(sum(_pe(0, j, d) * _pe(row["k"], j, d) for j in range(d)), abs=1e-12)


def test_odd_model_dimension_is_refused():
    with pytest.raises(ParamError) as err:
        result_dict("positional-encoding", {"d_model": 15})
    assert "d_model" in str(err.value)
