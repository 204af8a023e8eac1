"""label-smoothing: q'(k) = (1-ε)·[k = y] + ε/K; the loss-minimizing logit gap becomes finite."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict) -> None:
    k = values["K"]
    if values["y"] >= k:
        raise ParamError(f"parameter 'y' must be a class index below K = {k} (allowed: 0..{k - 1}), got {values['y']}")
    if values["logits"] and len(values["logits"]) != k:
        raise ParamError(f"parameter 'logits' must have K = {k} values (or be left out), got {len(values['logits'])}")


def _drill(r: random.Random) -> Drill:
    k = r.choice([2, 4, 5, 10, 100])
    eps = r.choice([0.05, 0.1, 0.2, 0.3])
    y = r.randrange(k)
    return Drill({"K": k, "epsilon": eps, "y": y},
                 f"Label smoothing with ε = {eps:g} over K = {k} classes: what target probability does the true "
                 "class get?", f"target[{y}]", "(1 − ε) + ε/K for the true class.", rel=0.001)


SPEC = DemoSpec(
    id="label-smoothing",
    title="Label smoothing: soft targets and a finite optimal logit gap",
    description="q'(k) = (1-ε)δ(k,y) + ε/K: the smoothed target, its cross-entropy (vs torch's label_smoothing), "
                "and why the best logit gap is ln((1-ε+ε/K)/(ε/K)) instead of ∞.",
    topic="training",
    cards=("label-smoothing",),
    params=(
        Param("K", "int", 5, "number of classes", min=2, max=1000),
        Param("epsilon", "float", 0.1, "smoothing ε: the mass moved from the true class to the uniform distribution",
              min=0.0, max=1.0),
        Param("y", "int", 0, "index of the true class (below K)", min=0, max=999),
        Param("logits", "float_list", [], "the model's K logits (leave out for random logits)", min=-1e4, max=1e4,
              min_len=0, max_len=1000),
    ),
    headline=(
        ("target of the true class", "target_true"),
        ("target of each other class", "target_other"),
        ("best logit gap", "optimal.gap"),
        ("smoothed cross-entropy", "loss.smoothed"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class LabelSmoothingResult(DemoResult):
    K: int = 0
    epsilon: float = 0.0
    y: int = 0
    target: list = field(default_factory=list)  # the smoothed target q'
    target_true: float = 0.0  # (1 - ε) + ε/K
    target_other: float = 0.0  # ε/K
    hard_target: list = field(default_factory=list)
    logits: list = field(default_factory=list)
    probs: list = field(default_factory=list)  # softmax(logits)
    loss: dict = field(default_factory=dict)  # hard CE, smoothed CE, entropy of the target (floor), KL(q' || p)
    grad: dict = field(default_factory=dict)  # dL/dlogits = p − q (smoothed) and p − onehot (hard)
    optimal: dict = field(default_factory=dict)  # gap (finite unless ε = 0), loss at the optimum, hard gap = inf
    curve: dict = field(default_factory=dict)  # loss vs gap g for logits (g on y, 0 elsewhere)
    lesson: str = ""


def _log_softmax(z):
    import numpy as np

    m = np.max(z)
    return z - m - np.log(np.sum(np.exp(z - m)))


def run(params: dict[str, Any], rng: Generator) -> LabelSmoothingResult:
    import numpy as np

    k, eps, y = int(params["K"]), float(params["epsilon"]), int(params["y"])
    logits = np.asarray(params["logits"], dtype=np.float64) if params["logits"] else rng.normal(0.0, 2.0, size=k)
    hard = np.zeros(k)
    hard[y] = 1.0
    target = (1.0 - eps) * hard + eps / k
    logp = _log_softmax(logits)
    probs = np.exp(logp)
    ce_hard = float(-logp[y])
    ce_smooth = float(-np.sum(target * logp))
    nz = target > 0
    entropy = float(-np.sum(target[nz] * np.log(target[nz])))

    t_true, t_other = 1.0 - eps + eps / k, eps / k
    gap = math.log(t_true / t_other) if t_other > 0 else math.inf

    # loss as a function of the gap g between the true-class logit and the others (all others equal)
    top = 2.0 * gap if math.isfinite(gap) and gap > 0 else 20.0
    top = max(top, 5.0)
    gaps = np.linspace(0.0, top, 201)
    # with logits (g, 0, ..., 0): log p_y = g − ln(e^g + K − 1), log p_other = −ln(e^g + K − 1)
    lse = np.logaddexp(gaps, math.log(k - 1))
    loss_hard = -(gaps - lse)
    loss_smooth = -(t_true * (gaps - lse) + (k - 1) * t_other * (-lse))
    best = int(np.argmin(loss_smooth))

    return LabelSmoothingResult(
        K=k, epsilon=eps, y=y, target=target.tolist(), target_true=t_true, target_other=t_other,
        hard_target=hard.tolist(), logits=logits.tolist(), probs=probs,
        loss={"hard": ce_hard, "smoothed": ce_smooth, "target_entropy": entropy, "kl_to_target": ce_smooth - entropy,
              "uniform_part": float(-np.mean(logp))},  # smoothed = (1-ε)·hard + ε·uniform_part
        grad={"smoothed": probs - target, "hard": probs - hard},
        optimal={"gap": gap, "loss": entropy, "probs": target, "hard_gap": math.inf,
                 "true_prob_at_optimum": t_true},
        curve={"gaps": gaps, "loss_hard": loss_hard, "loss_smoothed": loss_smooth,
               "argmin_gap": float(gaps[best]), "hard_decreasing": bool(np.all(np.diff(loss_hard) < 0))},
        lesson="With one-hot targets the loss keeps falling as the true logit runs away from the others, so the "
               "model is pushed to ever larger, over-confident logits; with smoothed targets the loss has a minimum "
               "at a finite gap, where the softmax equals the smoothed target.",
    )
