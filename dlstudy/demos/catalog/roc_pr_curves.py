"""roc-pr-curves: ROC and precision-recall curves of one scorer, and why imbalance hurts only the second.

Negatives score N(0, 1) and positives N(separation, 1), rounded to `decimals` places (rounding creates
ties). Both curves sweep the threshold down through every distinct score ("predict positive when
score >= t"). ROC AUC is the trapezoid area under (FPR, TPR), which gives tied positive/negative pairs
half credit; average precision is AP = Σ_n (R_n − R_{n−1}) P_n over the same thresholds, with R_0 = 0
(no interpolation): the definitions scikit-learn's roc_auc_score and average_precision_score use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="roc-pr-curves",
    title="ROC vs precision-recall curves under class imbalance",
    description="Same scorer, fewer positives: ROC AUC barely moves, average precision collapses towards the positive share.",
    topic="training",
    cards=("classification-metrics",),
    params=(
        Param("positives", "int", 50, "number of positive examples (scores ~ N(separation, 1))", min=1, max=1000),
        Param("negatives", "int", 950, "number of negative examples (scores ~ N(0, 1))", min=1, max=4000),
        Param("separation", "float", 1.5, "distance between the two score means, in standard deviations (d')",
              min=-5.0, max=10.0),
        Param("decimals", "int", 2, "round scores to this many decimals (fewer decimals = more ties)", min=0, max=8),
    ),
    headline=(
        ("ROC AUC", "roc_auc"),
        ("average precision", "average_precision"),
        ("positive share (AP of a random scorer)", "positive_share"),
        ("average precision with balanced classes", "balanced.average_precision"),
    ),
)


@dataclass
class RocPrResult(DemoResult):
    positives: int = 0
    negatives: int = 0
    positive_share: float = 0.0
    separation: float = 0.0
    decimals: int = 0
    scores: list = field(default_factory=list)  # rounded scores, positives first then negatives
    labels: list = field(default_factory=list)  # 1 = positive, 0 = negative
    roc_auc: float = 0.0  # trapezoid area under the ROC curve (ties count 1/2)
    average_precision: float = 0.0  # Σ (R_n − R_{n−1}) P_n
    roc: dict = field(default_factory=dict)  # fpr, tpr, thresholds (first point: nothing predicted positive)
    pr: dict = field(default_factory=dict)  # recall, precision, thresholds (first point: recall 0, precision 1)
    distinct_thresholds: int = 0
    tied_scores: int = 0  # examples sharing their score with at least one other example
    best_f1: dict = field(default_factory=dict)  # threshold, precision, recall, f1, fpr
    theory: dict = field(default_factory=dict)  # binormal ROC AUC Φ(d/√2); random scorer's AUC and AP
    balanced: dict = field(default_factory=dict)  # same separation, equal class sizes
    lesson: str = ""


def _curves(scores, labels):
    """Points of both curves in order of decreasing threshold, and the two areas."""
    import numpy as np

    order = np.argsort(-scores, kind="mergesort")
    s, y = scores[order], labels[order]
    last_of_group = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # last index of each run of equal scores
    tps = np.cumsum(y)[last_of_group].astype(np.float64)
    fps = (last_of_group + 1) - tps
    pos, neg = tps[-1], fps[-1]
    thresholds = s[last_of_group]
    fpr = np.r_[0.0, fps / neg]
    tpr = np.r_[0.0, tps / pos]
    auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))
    precision = tps / (tps + fps)
    recall = tps / pos
    ap = float(np.sum(np.diff(np.r_[0.0, recall]) * precision))
    return {"thresholds": thresholds, "fpr": fpr, "tpr": tpr, "precision": precision, "recall": recall,
            "tps": tps, "fps": fps, "roc_auc": auc, "ap": ap}


def _draw(rng, n_pos: int, n_neg: int, separation: float, decimals: int):
    import numpy as np

    pos = rng.normal(separation, 1.0, size=n_pos)
    neg = rng.normal(0.0, 1.0, size=n_neg)
    scores = np.round(np.r_[pos, neg], decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    labels = np.r_[np.ones(n_pos, dtype=np.int64), np.zeros(n_neg, dtype=np.int64)]
    return scores, labels


def run(params: dict[str, Any], rng: Generator) -> RocPrResult:
    import numpy as np

    n_pos, n_neg = int(params["positives"]), int(params["negatives"])
    d, dec = float(params["separation"]), int(params["decimals"])
    scores, labels = _draw(rng, n_pos, n_neg, d, dec)
    c = _curves(scores, labels)

    denom = c["precision"] + c["recall"]
    f1 = np.where(denom > 0, 2 * c["precision"] * c["recall"] / np.where(denom > 0, denom, 1.0), 0.0)
    b = int(np.argmax(f1))
    _, counts = np.unique(scores, return_counts=True)

    n_each = max(1, (n_pos + n_neg) // 2)
    bs, bl = _draw(rng, n_each, n_each, d, dec)
    bc = _curves(bs, bl)

    share = n_pos / (n_pos + n_neg)
    none = [None]  # the first point of each curve: threshold above every score, nothing predicted positive
    return RocPrResult(
        positives=n_pos,
        negatives=n_neg,
        positive_share=share,
        separation=d,
        decimals=dec,
        scores=scores,
        labels=labels,
        roc_auc=c["roc_auc"],
        average_precision=c["ap"],
        roc={"fpr": c["fpr"], "tpr": c["tpr"], "thresholds": none + c["thresholds"].tolist()},
        pr={"recall": np.r_[0.0, c["recall"]], "precision": np.r_[1.0, c["precision"]],
            "thresholds": none + c["thresholds"].tolist()},
        distinct_thresholds=len(c["thresholds"]),
        tied_scores=int(np.sum(counts[counts > 1])),
        best_f1={"threshold": float(c["thresholds"][b]), "precision": float(c["precision"][b]),
                 "recall": float(c["recall"][b]), "f1": float(f1[b]), "fpr": float(c["fpr"][b + 1]),
                 "false_positives": int(c["fps"][b]), "true_positives": int(c["tps"][b])},
        theory={"binormal_roc_auc": 0.5 * (1.0 + math.erf(d / 2.0)),  # Φ(d/√2)
                "random_roc_auc": 0.5, "random_average_precision": share},
        balanced={"positives": n_each, "negatives": n_each, "roc_auc": bc["roc_auc"],
                  "average_precision": bc["ap"]},
        lesson="ROC AUC only asks how often a positive outranks a negative, so it ignores how many negatives there "
               "are; precision counts false positives against true ones, so with rare positives the same scorer's "
               "PR curve and average precision drop sharply: report PR/AP when positives are rare.",
    )
