"""iou-nms against an independent IoU (areas and intersections, pure Python and torch) and a separately
written greedy NMS (torchvision.ops.nms semantics: suppress IoU > threshold, equal scores in index order)."""

import pytest
import torch

from dlstudy.demos.params import ParamError
from tests.demos import result_dict


def _area(b):
    return (b[2] - b[0]) * (b[3] - b[1])


def _iou(a, b):
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    inter = iw * ih if iw > 0 and ih > 0 else 0.0
    return inter / (_area(a) + _area(b) - inter)


def _torch_iou(boxes):
    b = torch.tensor(boxes, dtype=torch.float64)
    lt = torch.max(b[:, None, :2], b[None, :, :2])
    rb = torch.min(b[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    area = (b[:, 2:] - b[:, :2]).prod(dim=1)
    return inter / (area[:, None] + area[None, :] - inter)


def _greedy_nms(boxes, scores, threshold):
    remaining = list(range(len(boxes)))
    kept = []
    while remaining:
        best = max(remaining, key=lambda i: (scores[i], -i))  # highest score, lower index on ties
        kept.append(best)
        remaining = [j for j in remaining if j != best and _iou(boxes[best], boxes[j]) <= threshold]
    return kept


def _flat(boxes):
    return [v for b in boxes for v in b]


GIVEN = [
    ([[0, 0, 2, 2], [1, 1, 3, 3]], [0.9, 0.8]),  # IoU 1/7
    ([[0, 0, 10, 10], [0, 0, 10, 10], [0, 0, 10, 10]], [0.5, 0.9, 0.7]),  # identical boxes
    ([[0, 0, 1, 1], [1, 0, 2, 1], [0, 1, 1, 2]], [0.3, 0.2, 0.1]),  # touching edges: IoU 0
    ([[0, 0, 4, 4], [1, 1, 5, 5], [2, 2, 6, 6], [3, 3, 7, 7]], [0.6, 0.6, 0.6, 0.6]),  # chain, tied scores
    ([[-5.5, -2, 3.25, 7], [0, 0, 1, 100], [-1, 3, 2.5, 4.5]], [0.2, 0.95, 0.4]),
]


@pytest.mark.parametrize("boxes,scores", GIVEN)
@pytest.mark.parametrize("threshold", [0.0, 0.1, 0.3, 0.5, 0.7, 1.0])
def test_given_boxes_match_independent_iou_and_nms(boxes, scores, threshold):
    r = result_dict("iou-nms", {"boxes": _flat(boxes), "scores": scores, "iou_threshold": threshold})
    assert r["boxes"] == [[float(v) for v in b] for b in boxes]
    assert r["iou_threshold"] == threshold
    n = len(boxes)
    for i in range(n):
        for j in range(n):
            assert r["iou"][i][j] == pytest.approx(_iou(boxes[i], boxes[j]), abs=1e-12)
    assert torch.allclose(torch.tensor(r["iou"], dtype=torch.float64), _torch_iou(boxes), rtol=0, atol=1e-12)
    assert r["kept"] == _greedy_nms(boxes, scores, threshold)
    assert r["kept_count"] + r["suppressed_count"] == n
    for s in r["suppressed"]:
        assert s["by"] in r["kept"] and _iou(boxes[s["by"]], boxes[s["index"]]) > threshold


def test_known_values():
    r = result_dict("iou-nms", {"boxes": [0, 0, 2, 2, 1, 1, 3, 3], "scores": [0.9, 0.8]})
    assert r["iou"][0][1] == pytest.approx(1 / 7)
    assert r["kept"] == [0, 1]
    r = result_dict("iou-nms", {"boxes": [0, 0, 10, 10] * 3, "scores": [0.5, 0.9, 0.7]})
    assert r["kept"] == [1]  # identical boxes: only the most confident survives
    r = result_dict("iou-nms", {"boxes": [0, 0, 10, 10] * 3, "scores": [0.5, 0.9, 0.7], "iou_threshold": 1.0})
    assert r["kept"] == [1, 2, 0]  # IoU 1 is not above 1: nothing suppressed, selection order by score


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("clusters,per", [(1, 1), (3, 4), (8, 8)])
def test_generated_clusters_match_the_reference(seed, clusters, per):
    r = result_dict("iou-nms", {"clusters": clusters, "per_cluster": per, "iou_threshold": 0.45}, seed=seed)
    boxes, scores = r["boxes"], r["scores"]
    assert r["source"] == "generated" and len(boxes) == clusters * per == len(scores)
    assert all(b[2] > b[0] and b[3] > b[1] for b in boxes)
    assert torch.allclose(torch.tensor(r["iou"], dtype=torch.float64), _torch_iou(boxes), rtol=0, atol=1e-12)
    assert r["kept"] == _greedy_nms(boxes, scores, 0.45)
    kept = r["kept"]
    pairs = [_iou(boxes[a], boxes[b]) for x, a in enumerate(kept) for b in kept[x + 1:]]
    assert r["max_kept_iou"] == pytest.approx(max(pairs) if pairs else 0.0)
    assert r["max_kept_iou"] <= 0.45
    for row in r["threshold_sweep"]:
        assert row["kept_count"] == len(_greedy_nms(boxes, scores, row["iou_threshold"]))


def test_deterministic_for_a_seed():
    a = result_dict("iou-nms", {"clusters": 4}, seed=5)
    assert a == result_dict("iou-nms", {"clusters": 4}, seed=5)
    assert a["boxes"] != result_dict("iou-nms", {"clusters": 4}, seed=6)["boxes"]


@pytest.mark.parametrize("params,word", [
    ({"boxes": [0, 0, 1, 1, 2], "scores": [0.5]}, "groups of 4"),
    ({"boxes": [0, 0, 1, 1, 0, 0, 2, 2], "scores": [0.5]}, "one score per box"),
    ({"boxes": [0, 0, 0, 1], "scores": [0.5]}, "x2 > x1"),
    ({"boxes": [0, 3, 1, 2], "scores": [0.5]}, "y2 > y1"),
])
def test_bad_boxes_are_refused(params, word):
    with pytest.raises(ParamError) as err:
        result_dict("iou-nms", params)
    assert word in str(err.value)


def drill_answer(params: dict, path: str) -> float:
    """The drill's answer (tests/quiz/test_drill.py): IoU by counting the unit cells the two integer boxes cover."""
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = params["boxes"][:4], params["boxes"][4:]
    cells_a = {(x, y) for x in range(ax1, ax2) for y in range(ay1, ay2)}
    cells_b = {(x, y) for x in range(bx1, bx2) for y in range(by1, by2)}
    return len(cells_a & cells_b) / len(cells_a | cells_b)
