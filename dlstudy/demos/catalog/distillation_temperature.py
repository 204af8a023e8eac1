"""distillation-temperature: softmax(z/T) softens the teacher; the loss mixes hard CE and T²·KL on soft targets."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict) -> None:
    k = len(values["teacher"])
    if len(values["student"]) != k:
        raise ParamError(f"parameter 'student' must have as many logits as 'teacher' ({k}), got {len(values['student'])}")
    if values["y"] >= k:
        raise ParamError(f"parameter 'y' must be a class index below {k} (allowed: 0..{k - 1}), got {values['y']}")


SPEC = DemoSpec(
    id="distillation-temperature",
    title="Knowledge distillation: temperature and soft targets",
    description="softmax(z/T) flattens the teacher's distribution as T grows (entropy rises, argmax stays); "
                "loss = α·CE(y, student) + (1-α)·T²·KL(teacher_T ‖ student_T).",
    topic="training",
    cards=("knowledge-distillation",),
    params=(
        Param("teacher", "float_list", [6.0, 2.5, 1.5, 0.0, -2.0], "teacher logits", min=-1e3, max=1e3, min_len=2,
              max_len=100),
        Param("student", "float_list", [3.0, 2.0, -0.5, 0.5, -1.0], "student logits (same length)", min=-1e3,
              max=1e3, min_len=2, max_len=100),
        Param("temperatures", "float_list", [1.0, 2.0, 4.0, 8.0, 20.0], "temperatures to compare", min=0.05,
              max=1000.0, min_len=1, max_len=20),
        Param("T", "float", 4.0, "temperature used in the distillation loss", min=0.05, max=1000.0),
        Param("alpha", "float", 0.5, "weight of the hard-label loss (1 - alpha on the soft loss)", min=0.0, max=1.0),
        Param("y", "int", 0, "true class index", min=0, max=99),
    ),
    headline=(
        ("total distillation loss", "loss.total"),
        ("soft loss T²·KL", "loss.soft_scaled"),
        ("teacher entropy at the last listed T", "per_T[-1].teacher_entropy"),
        ("argmax unchanged at every T", "argmax_constant"),
    ),
    check=_check,
)


@dataclass
class DistillationResult(DemoResult):
    K: int = 0
    teacher: list[float] = field(default_factory=list)
    student: list[float] = field(default_factory=list)
    y: int = 0
    per_T: list = field(default_factory=list)  # T, teacher/student probs, entropies, KL, soft-loss gradient norms
    teacher_argmax: int = 0
    argmax_constant: bool = True  # softmax(z/T) keeps the ranking for every T > 0
    entropy_increasing: bool = True  # teacher entropy rises with T
    uniform_entropy: float = 0.0  # ln K, the T → ∞ limit
    loss: dict = field(default_factory=dict)  # hard, soft (KL), weighted total at the chosen T and alpha
    lesson: str = ""


def _softmax(z):
    import numpy as np

    e = np.exp(z - np.max(z))
    return e / e.sum()


def _entropy(p) -> float:
    import numpy as np

    nz = p > 0
    return float(-np.sum(p[nz] * np.log(p[nz])))


def _kl(p, q) -> float:
    import numpy as np

    nz = p > 0
    return float(np.sum(p[nz] * (np.log(p[nz]) - np.log(q[nz]))))


def run(params: dict[str, Any], rng: Generator) -> DistillationResult:
    import numpy as np

    zt = np.asarray(params["teacher"], dtype=np.float64)
    zs = np.asarray(params["student"], dtype=np.float64)
    temps = [float(t) for t in params["temperatures"]]
    T, alpha, y = float(params["T"]), float(params["alpha"]), int(params["y"])
    k = len(zt)

    per_t = []
    argmaxes = []
    for t in temps:
        pt, ps = _softmax(zt / t), _softmax(zs / t)
        grad = (ps - pt) / t  # d KL(p_t ‖ p_s) / d student logits
        argmaxes.append(int(np.argmax(pt)))
        per_t.append({
            "T": t, "teacher_probs": pt, "student_probs": ps,
            "teacher_entropy": _entropy(pt), "teacher_max_prob": float(pt.max()),
            "kl": _kl(pt, ps),
            "soft_grad_norm": float(np.linalg.norm(grad)),  # shrinks like 1/T² for large T
            "soft_grad_norm_times_T2": float(np.linalg.norm(grad) * t * t),  # roughly constant for large T
        })
    by_t = sorted(per_t, key=lambda r: r["T"])
    ent = [r["teacher_entropy"] for r in by_t]

    pt, ps = _softmax(zt / T), _softmax(zs / T)
    hard = float(-np.log(_softmax(zs)[y]))
    soft = _kl(pt, ps)
    total = alpha * hard + (1 - alpha) * T * T * soft

    return DistillationResult(
        K=k, teacher=zt.tolist(), student=zs.tolist(), y=y, per_T=per_t,
        teacher_argmax=int(np.argmax(zt)),
        argmax_constant=all(a == int(np.argmax(zt)) for a in argmaxes),
        entropy_increasing=all(b >= a - 1e-12 for a, b in zip(ent, ent[1:])),
        uniform_entropy=math.log(k),
        loss={"T": T, "alpha": alpha, "hard": hard, "soft_kl": soft, "soft_scaled": T * T * soft, "total": total,
              "teacher_probs_T": pt, "student_probs_T": ps},
        lesson="Dividing the logits by T > 1 keeps the ranking but flattens the distribution, exposing how the teacher "
               "ranks the wrong classes (the dark knowledge). The soft term's gradients shrink like 1/T², so it is "
               "multiplied by T² to keep its weight comparable to the hard-label loss.",
    )
