"""bagging-variance: the closed form against a simulation of equicorrelated estimators, and the measured
variances against direct computations on the demo's own predictions."""

import numpy as np
import pytest

from dlstudy.demos.runner import run_demo
from tests.demos import result_dict


@pytest.mark.parametrize("rho,sigma2", [(0.5, 1.0), (0.0, 2.0), (0.9, 0.3), (1.0, 1.0)])
def test_closed_form_matches_simulated_equicorrelated_estimators(rho, sigma2):
    bs = [1, 2, 5, 20]
    r = result_dict("bagging-variance", {"rho": rho, "sigma2": sigma2, "B": bs, "trials": 20})
    rng = np.random.default_rng(7)
    m = 200_000
    common = rng.normal(size=(m, 1))
    for b, v in zip(bs, r["closed_form"]["variance"]):
        z = np.sqrt(sigma2) * (np.sqrt(rho) * common + np.sqrt(1 - rho) * rng.normal(size=(m, b)))
        assert v == pytest.approx(float(z.mean(axis=1).var()), rel=0.02, abs=1e-3)
    assert r["closed_form"]["limit"] == pytest.approx(rho * sigma2)


def test_measured_variance_from_the_raw_predictions():
    run = run_demo("bagging-variance", {"B": [1, 3, 30], "trials": 200}, seed=5)
    d, preds = run.to_dict(), run.result.inputs["predictions"]
    for b, v in zip(d["B"], d["empirical_variance"]):
        avg = preds[:, :b, :].mean(axis=1)
        assert v == pytest.approx(float(np.mean(np.var(avg, axis=0, ddof=1))), rel=1e-10)
    # a second estimator of σ² and of the covariance: model 0 alone, and the pair (model 0, model 1) across trials
    s2 = float(np.mean(np.var(preds[:, 0, :], axis=0, ddof=1)))
    cov = float(np.mean([np.cov(preds[:, 0, j], preds[:, 1, j])[0, 1] for j in range(preds.shape[2])]))
    assert d["sigma2"] == pytest.approx(s2, rel=0.25)
    assert d["covariance"] == pytest.approx(cov, rel=0.5, abs=0.2 * s2)
    assert 0 < d["rho"] < 1


def test_variance_falls_like_the_formula_and_bias_stays():
    d = result_dict("bagging-variance", {"trials": 400, "B": [1, 2, 5, 10, 50]}, seed=2)
    emp, theory = d["empirical_variance"], d["theory_variance"]
    assert d["variance_decreases"] is True
    assert all(b < a for a, b in zip(emp, emp[1:]))
    for e, t in zip(emp, theory):
        assert e == pytest.approx(t, rel=0.3)
    # averaging cannot go below the shared part ρσ² (up to sampling error), and the bias barely moves
    assert emp[-1] >= 0.8 * d["covariance"]
    assert max(d["bias2"]) < 0.2 * emp[0]


def test_work_bound_is_enforced():
    from dlstudy.demos.params import ParamError, parse_params
    from dlstudy.demos.registry import get_spec

    with pytest.raises(ParamError, match="trials"):
        parse_params(get_spec("bagging-variance"), {"trials": 500, "B": [200]})
