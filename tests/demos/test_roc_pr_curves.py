"""roc-pr-curves against brute force: ROC AUC by counting positive/negative pairs (ties count 1/2) and
average precision from its definition, threshold by threshold (scikit-learn's definitions)."""

import math

import pytest

from tests.demos import result_dict


def _pair_auc(scores, labels):
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    wins = 0.0
    for a in pos:
        for b in neg:
            wins += 1.0 if a > b else 0.5 if a == b else 0.0
    return wins / (len(pos) * len(neg))


def _definition_ap(scores, labels):
    """AP = Σ_n (R_n − R_{n−1}) P_n, thresholds t = every distinct score from high to low, predict score >= t."""
    n_pos = sum(labels)
    ap, prev_recall = 0.0, 0.0
    for t in sorted(set(scores), reverse=True):
        tp = sum(1 for s, y in zip(scores, labels) if s >= t and y == 1)
        fp = sum(1 for s, y in zip(scores, labels) if s >= t and y == 0)
        recall, precision = tp / n_pos, tp / (tp + fp)
        ap += (recall - prev_recall) * precision
        prev_recall = recall
    return ap


CASES = [
    {"positives": 30, "negatives": 170, "separation": 1.0, "decimals": 1},  # many ties
    {"positives": 20, "negatives": 80, "separation": 2.0, "decimals": 3},
    {"positives": 40, "negatives": 40, "separation": 0.0, "decimals": 0},  # massive ties
    {"positives": 1, "negatives": 50, "separation": 1.0, "decimals": 2},  # a single positive
    {"positives": 60, "negatives": 1, "separation": -1.0, "decimals": 2},  # worse than chance, one negative
]


@pytest.mark.parametrize("params", CASES)
@pytest.mark.parametrize("seed", [0, 7])
def test_auc_and_ap_match_brute_force(params, seed):
    r = result_dict("roc-pr-curves", params, seed=seed)
    s, y = r["scores"], r["labels"]
    assert len(s) == len(y) == params["positives"] + params["negatives"]
    assert sum(y) == params["positives"]
    assert r["roc_auc"] == pytest.approx(_pair_auc(s, y), abs=1e-12)
    assert r["average_precision"] == pytest.approx(_definition_ap(s, y), abs=1e-12)


def test_curve_points_count_the_confusion_matrix():
    r = result_dict("roc-pr-curves", {"positives": 25, "negatives": 75, "separation": 1.2, "decimals": 1}, seed=3)
    s, y = r["scores"], r["labels"]
    roc, pr = r["roc"], r["pr"]
    assert roc["fpr"][0] == 0 and roc["tpr"][0] == 0 and roc["thresholds"][0] is None
    assert pr["recall"][0] == 0 and pr["precision"][0] == 1
    thresholds = sorted(set(s), reverse=True)
    assert roc["thresholds"][1:] == thresholds == pr["thresholds"][1:]
    for i, t in enumerate(thresholds, start=1):
        tp = sum(1 for a, b in zip(s, y) if a >= t and b == 1)
        fp = sum(1 for a, b in zip(s, y) if a >= t and b == 0)
        assert roc["tpr"][i] == pytest.approx(tp / 25) and roc["fpr"][i] == pytest.approx(fp / 75)
        assert pr["recall"][i] == pytest.approx(tp / 25) and pr["precision"][i] == pytest.approx(tp / (tp + fp))
    assert roc["fpr"][-1] == roc["tpr"][-1] == 1.0


def test_scores_follow_the_two_gaussians_and_auc_the_binormal_theory():
    d = 1.5
    r = result_dict("roc-pr-curves", {"positives": 1000, "negatives": 4000, "separation": d, "decimals": 8}, seed=1)
    assert len(r["scores"]) == 5000  # the largest run stays bounded
    pos = [s for s, y in zip(r["scores"], r["labels"]) if y]
    neg = [s for s, y in zip(r["scores"], r["labels"]) if not y]
    assert sum(pos) / len(pos) == pytest.approx(d, abs=0.1)
    assert sum(neg) / len(neg) == pytest.approx(0.0, abs=0.05)
    phi = 0.5 * (1 + math.erf(d / math.sqrt(2) / math.sqrt(2)))  # Φ(d/√2)
    assert r["theory"]["binormal_roc_auc"] == pytest.approx(phi, rel=1e-12)
    assert r["roc_auc"] == pytest.approx(phi, abs=0.03)
    assert r["balanced"]["roc_auc"] == pytest.approx(phi, abs=0.03)


def test_imbalance_keeps_auc_but_lowers_ap():
    r = result_dict("roc-pr-curves", {"positives": 40, "negatives": 4000, "separation": 2.0}, seed=0)
    assert r["positive_share"] == pytest.approx(40 / 4040)
    assert r["roc_auc"] > 0.85 and r["balanced"]["roc_auc"] > 0.85
    assert r["average_precision"] < 0.5 < r["balanced"]["average_precision"]


def test_perfect_separation_and_random_scorer():
    r = result_dict("roc-pr-curves", {"positives": 10, "negatives": 90, "separation": 10.0}, seed=0)
    assert r["roc_auc"] == pytest.approx(1.0) and r["average_precision"] == pytest.approx(1.0)
    assert r["best_f1"]["f1"] == pytest.approx(1.0)
    # identical score distributions: chance level on average
    aucs = [result_dict("roc-pr-curves", {"positives": 200, "negatives": 800, "separation": 0.0}, seed=s)["roc_auc"]
            for s in range(3)]
    assert sum(aucs) / 3 == pytest.approx(0.5, abs=0.04)


def test_same_seed_same_result():
    a = result_dict("roc-pr-curves", {"positives": 5, "negatives": 20}, seed=11)
    assert a == result_dict("roc-pr-curves", {"positives": 5, "negatives": 20}, seed=11)
    assert a["scores"] != result_dict("roc-pr-curves", {"positives": 5, "negatives": 20}, seed=12)["scores"]
