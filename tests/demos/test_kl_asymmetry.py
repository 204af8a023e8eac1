"""kl-asymmetry against direct sums, torch.nn.functional.kl_div and the mixture's closed-form moments."""

import json
import math

import numpy as np
import pytest
import torch

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import get_spec
from dlstudy.demos.result import to_json
from tests.demos import result_dict


def _kl(p, q):
    return sum(a * math.log(a / b) for a, b in zip(p, q) if a > 0)


@pytest.mark.parametrize("p,q", [([0.5, 0.4, 0.1], [0.8, 0.15, 0.05]), ([0.1, 0.2, 0.3, 0.4], [0.25] * 4),
                                 ([0.9, 0.1], [0.5, 0.5])])
def test_kl_matches_direct_sums_and_torch(p, q):
    d = result_dict("kl-asymmetry", {"p": p, "q": q})
    assert math.isclose(d["kl_pq"], _kl(p, q), rel_tol=1e-12)
    assert math.isclose(d["kl_qp"], _kl(q, p), rel_tol=1e-12)
    tp, tq = torch.tensor(p, dtype=torch.float64), torch.tensor(q, dtype=torch.float64)
    # kl_div(input=log q, target=p) = Σ p (log p - log q) = KL(p||q)
    assert math.isclose(d["kl_pq"], float(torch.nn.functional.kl_div(tq.log(), tp, reduction="sum")), rel_tol=1e-12)
    assert math.isclose(d["kl_qp"], float(torch.nn.functional.kl_div(tp.log(), tq, reduction="sum")), rel_tol=1e-12)
    h = -sum(a * math.log(a) for a in p)
    ce = -sum(a * math.log(b) for a, b in zip(p, q))
    assert math.isclose(d["entropy_p"], h, rel_tol=1e-12)
    assert math.isclose(d["cross_entropy_pq"], ce, rel_tol=1e-12)
    assert math.isclose(d["cross_entropy_pq"], d["entropy_p"] + d["kl_pq"], rel_tol=1e-12)
    assert d["kl_pq"] != pytest.approx(d["kl_qp"])  # asymmetric for these pairs


def test_inputs_are_normalized():
    a = result_dict("kl-asymmetry", {"p": [1, 2, 3], "q": [3, 2, 1]})
    b = result_dict("kl-asymmetry", {"p": [1 / 6, 2 / 6, 3 / 6], "q": [3 / 6, 2 / 6, 1 / 6]})
    assert math.isclose(a["kl_pq"], b["kl_pq"], rel_tol=1e-12)
    assert math.isclose(a["kl_pq"], _kl([1 / 6, 2 / 6, 3 / 6], [3 / 6, 2 / 6, 1 / 6]), rel_tol=1e-12)


def test_zero_in_q_where_p_is_positive_gives_infinity():
    d = result_dict("kl-asymmetry", {"p": [0.5, 0.5], "q": [1, 0]})
    assert math.isinf(d["kl_pq"]) and d["kl_pq_infinite"] is True
    assert math.isclose(d["kl_qp"], math.log(2), rel_tol=1e-12)  # 1·log(1/0.5); the 0·log 0 term is 0
    assert d["zero_support"]["q_zero_where_p_positive"] == [1]
    data = json.loads(to_json(d))
    assert data["kl_pq"] == "inf"


def test_triangle_counterexample_holds():
    d = result_dict("kl-asymmetry", {})
    t = d["triangle"]
    ac, ab, bc = _kl(t["a"], t["c"]), _kl(t["a"], t["b"]), _kl(t["b"], t["c"])
    assert math.isclose(t["kl_ac"], ac) and math.isclose(t["kl_ab"], ab) and math.isclose(t["kl_bc"], bc)
    assert ac > ab + bc and t["violated"] is True


@pytest.mark.parametrize("sep,w", [(3.0, 0.5), (2.0, 0.7), (5.0, 0.2), (0.0, 0.5)])
def test_forward_fit_matches_the_mixture_moments(sep, w):
    d = result_dict("kl-asymmetry", {"separation": sep, "weight": w})
    mean = w * -sep + (1 - w) * sep
    second = w * (1 + sep**2) + (1 - w) * (1 + sep**2)  # E[x²] of each unit-variance component
    std = math.sqrt(second - mean**2)
    f = d["fit"]["forward"]
    assert abs(f["mu"] - mean) < 1e-3
    assert abs(f["sigma"] - std) < 1e-3 * std


def _reverse_kl(mu, sigma, sep, w):
    """KL(q||p) by the midpoint rule on a wide grid, independent of the demo's grid."""
    x = np.linspace(mu - 12 * sigma, mu + 12 * sigma, 200_001)
    dx = x[1] - x[0]

    def npdf(m, s):
        return np.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))

    q = npdf(mu, sigma)
    p = w * npdf(-sep, 1.0) + (1 - w) * npdf(sep, 1.0)
    mask = q > 0
    return float(np.sum(q[mask] * (np.log(q[mask]) - np.log(np.maximum(p[mask], 1e-300)))) * dx)


@pytest.mark.parametrize("w", [0.5, 0.7, 0.3])
def test_reverse_fit_locks_onto_one_mode(w):
    sep = 4.0
    d = result_dict("kl-asymmetry", {"separation": sep, "weight": w})
    r = d["fit"]["reverse"]
    assert min(abs(r["mu"] - sep), abs(r["mu"] + sep)) < 0.1
    assert abs(r["sigma"] - 1.0) < 0.1
    if w != 0.5:  # the heavier mode wins
        assert r["mu"] * (-1 if w > 0.5 else 1) > 0
        assert d["fit"]["reverse_mode"] == ("left" if w > 0.5 else "right")
    # and it beats the mass-covering fit on reverse KL, by an independent integration
    f = d["fit"]["forward"]
    assert _reverse_kl(r["mu"], r["sigma"], sep, w) < _reverse_kl(f["mu"], f["sigma"], sep, w)
    assert math.isclose(r["kl"], _reverse_kl(r["mu"], r["sigma"], sep, w), rel_tol=1e-3, abs_tol=1e-4)


def test_bad_inputs_name_the_parameter():
    spec = get_spec("kl-asymmetry")
    with pytest.raises(ParamError, match="'q'"):
        parse_params(spec, {"p": [0.5, 0.5], "q": [0.2, 0.3, 0.5]})
    with pytest.raises(ParamError, match="'p'"):
        parse_params(spec, {"p": [0, 0]})
    with pytest.raises(ParamError, match="'q'"):
        parse_params(spec, {"q": [-0.1, 0.6, 0.5]})
