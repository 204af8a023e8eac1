"""distillation-temperature against torch.softmax, torch.nn.functional.kl_div / cross_entropy and autograd."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tests.demos import result_dict

TEACHER = [6.0, 2.5, 1.5, 0.0, -2.0]
STUDENT = [3.0, 2.0, -0.5, 0.5, -1.0]


@pytest.mark.parametrize("teacher,student,y", [(TEACHER, STUDENT, 0), ([1.0, 1.0], [0.0, 3.0], 1),
                                               ([10.0, -10.0, 0.0, 5.0], [0.0, 0.0, 0.0, 0.0], 3)])
def test_probabilities_kl_and_gradients_match_torch(teacher, student, y):
    temps = [0.5, 1.0, 3.0, 10.0]
    r = result_dict("distillation-temperature", {"teacher": teacher, "student": student, "y": y,
                                                 "temperatures": temps})
    zt = torch.tensor(teacher, dtype=torch.float64)
    for row, t in zip(r["per_T"], temps):
        zs = torch.tensor(student, dtype=torch.float64, requires_grad=True)
        pt = torch.softmax(zt / t, dim=0)
        assert np.allclose(row["teacher_probs"], pt.numpy(), rtol=1e-12, atol=1e-15)
        assert np.allclose(row["student_probs"], torch.softmax(zs / t, dim=0).detach().numpy(), rtol=1e-12, atol=1e-15)
        kl = F.kl_div(F.log_softmax(zs / t, dim=0), pt, reduction="sum")
        assert row["kl"] == pytest.approx(float(kl.detach()), rel=1e-9, abs=1e-14)
        kl.backward()
        assert row["soft_grad_norm"] == pytest.approx(float(zs.grad.norm()), rel=1e-9, abs=1e-15)
        h = -float((pt * torch.log(pt)).sum())
        assert row["teacher_entropy"] == pytest.approx(h, rel=1e-12)


def test_weighted_loss_matches_torch():
    T, alpha = 3.0, 0.3
    r = result_dict("distillation-temperature", {"T": T, "alpha": alpha, "y": 2})
    zt = torch.tensor(TEACHER, dtype=torch.float64)
    zs = torch.tensor(STUDENT, dtype=torch.float64)
    hard = F.cross_entropy(zs.view(1, -1), torch.tensor([2]))
    soft = F.kl_div(F.log_softmax(zs / T, dim=0), F.softmax(zt / T, dim=0), reduction="sum")
    total = alpha * hard + (1 - alpha) * T**2 * soft
    assert r["loss"]["hard"] == pytest.approx(float(hard), rel=1e-12)
    assert r["loss"]["soft_kl"] == pytest.approx(float(soft), rel=1e-9)
    assert r["loss"]["total"] == pytest.approx(float(total), rel=1e-9)


def test_entropy_rises_to_log_k_and_argmax_is_kept():
    r = result_dict("distillation-temperature", {"temperatures": [0.1, 1, 5, 50, 1000]})
    ent = [row["teacher_entropy"] for row in r["per_T"]]
    assert all(b > a for a, b in zip(ent, ent[1:]))
    assert ent[-1] == pytest.approx(math.log(5), rel=1e-4)
    assert r["uniform_entropy"] == pytest.approx(math.log(5), rel=1e-12)
    assert r["argmax_constant"] is True and r["entropy_increasing"] is True
    assert r["teacher_argmax"] == int(np.argmax(TEACHER))


def test_t_squared_keeps_soft_gradients_comparable():
    # for large T, ∂KL/∂z_s ≈ (z_s − z_t − mean difference)/(K·T²): times T² it tends to a constant
    r = result_dict("distillation-temperature", {"temperatures": [50.0, 100.0, 200.0]})
    scaled = [row["soft_grad_norm_times_T2"] for row in r["per_T"]]
    diff = np.array(STUDENT) - np.array(TEACHER)
    limit = float(np.linalg.norm(diff - diff.mean()) / len(diff))
    assert scaled[-1] == pytest.approx(limit, rel=0.01)
    raw = [row["soft_grad_norm"] for row in r["per_T"]]
    assert raw[0] / raw[1] == pytest.approx(4.0, rel=0.02)


def test_mismatched_lengths_are_refused():
    from dlstudy.demos.params import ParamError, parse_params
    from dlstudy.demos.registry import get_spec

    with pytest.raises(ParamError, match="'student'"):
        parse_params(get_spec("distillation-temperature"), {"student": [1.0, 2.0]})
