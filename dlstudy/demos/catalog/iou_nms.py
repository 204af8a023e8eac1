"""iou-nms: intersection over union of axis-aligned boxes, and greedy non-maximum suppression.

Boxes are [x1, y1, x2, y2] with x2 > x1 and y2 > y1 (continuous coordinates: area = (x2 − x1)(y2 − y1)).
IoU = |A ∩ B| / (|A| + |B| − |A ∩ B|). Greedy NMS, as in torchvision.ops.nms: take the highest-scoring
remaining box, keep it, discard every remaining box whose IoU with it is strictly greater than
iou_threshold, repeat. Equal scores are taken in index order (lower index first).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator

MAX_BOXES = 64
DEFAULT_BOXES = [10, 10, 50, 50, 12, 14, 52, 54, 30, 30, 70, 70, 100, 20, 140, 60, 104, 22, 142, 64, 60, 100, 90, 130]
DEFAULT_SCORES = [0.9, 0.8, 0.7, 0.85, 0.6, 0.5]


def _check(values: dict) -> None:
    if values["clusters"] > 0:
        return
    flat, scores = values["boxes"], values["scores"]
    if len(flat) % 4:
        raise ParamError(f"parameter 'boxes' needs groups of 4 numbers x1,y1,x2,y2; got {len(flat)} numbers")
    n = len(flat) // 4
    if len(scores) != n:
        raise ParamError(f"parameter 'scores' needs one score per box: {n} box{'es' if n != 1 else ''}, "
                         f"{len(scores)} score{'s' if len(scores) != 1 else ''}")
    for i in range(n):
        x1, y1, x2, y2 = flat[4 * i:4 * i + 4]
        if not (x2 > x1 and y2 > y1):
            raise ParamError(f"parameter 'boxes': box {i} = [{x1:g}, {y1:g}, {x2:g}, {y2:g}] needs x2 > x1 and y2 > y1")


def _drill(r: random.Random) -> Drill:
    w1, h1 = r.randint(2, 8), r.randint(2, 8)
    x1, y1 = r.randint(0, 6), r.randint(0, 6)
    w2, h2 = r.randint(2, 8), r.randint(2, 8)
    x2 = x1 + r.randint(-(w2 // 2), w1 // 2)  # shifted by at most half a box: the boxes overlap
    y2 = y1 + r.randint(-(h2 // 2), h1 // 2)
    a, b = [x1, y1, x1 + w1, y1 + h1], [x2, y2, x2 + w2, y2 + h2]

    def show(box: list[int]) -> str:
        return "[" + ", ".join(str(v) for v in box) + "]"

    return Drill({"boxes": a + b, "scores": [0.9, 0.8]},
                 f"Boxes (x1, y1, x2, y2) A = {show(a)} and B = {show(b)}: what is their IoU, to 2 decimals "
                 "(a fraction is fine)?", "iou[0][1]",
                 "IoU = |A ∩ B| / (|A| + |B| − |A ∩ B|); the intersection is "
                 "max(0, min(x2) − max(x1)) · max(0, min(y2) − max(y1)).", abs=0.005)


SPEC = DemoSpec(
    id="iou-nms",
    title="IoU of boxes and greedy non-maximum suppression",
    description="IoU = intersection / union for every pair of boxes; greedy NMS keeps the best box of each overlapping group.",
    topic="cnn",
    cards=("detection-basics",),
    params=(
        Param("boxes", "float_list", DEFAULT_BOXES, "boxes as x1,y1,x2,y2 groups of 4 (used when clusters=0)",
              min=-10_000.0, max=10_000.0, min_len=4, max_len=4 * MAX_BOXES),
        Param("scores", "float_list", DEFAULT_SCORES, "one confidence score per box (used when clusters=0)",
              min=0.0, max=1.0, min_len=1, max_len=MAX_BOXES),
        Param("iou_threshold", "float", 0.5, "suppress a box whose IoU with a kept box is above this", min=0.0, max=1.0),
        Param("clusters", "int", 0, "generate this many objects with jittered detections instead (0 = use boxes)",
              min=0, max=8),
        Param("per_cluster", "int", 4, "detections per generated object", min=1, max=8),
        Param("jitter", "float", 0.08, "box jitter of generated detections, as a fraction of the object size",
              min=0.0, max=1.0),
    ),
    check=_check,
    headline=(
        ("boxes kept", "kept_count"),
        ("boxes suppressed", "suppressed_count"),
        ("largest IoU between two kept boxes", "max_kept_iou"),
    ),
    drill=_drill,
)


@dataclass
class IouNmsResult(DemoResult):
    source: str = ""  # given | generated
    boxes: list = field(default_factory=list)  # [x1, y1, x2, y2] each
    scores: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    iou: list = field(default_factory=list)  # n × n matrix, 1 on the diagonal
    iou_threshold: float = 0.5
    kept: list = field(default_factory=list)  # indices in selection order (highest score first)
    kept_count: int = 0
    suppressed: list = field(default_factory=list)  # {index, by, iou}: which kept box removed it
    suppressed_count: int = 0
    max_kept_iou: float = 0.0  # largest IoU between two kept boxes (≤ threshold by construction)
    objects: list = field(default_factory=list)  # generated ground-truth boxes (empty for given boxes)
    threshold_sweep: list = field(default_factory=list)  # {iou_threshold, kept_count}
    lesson: str = ""


def _iou_matrix(b):
    import numpy as np

    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    w = np.clip(np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0]), 0.0, None)
    h = np.clip(np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1]), 0.0, None)
    inter = w * h
    return area, inter / (area[:, None] + area[None, :] - inter)


def _nms(iou, scores, threshold: float):
    import numpy as np

    order = list(np.argsort(-scores, kind="mergesort"))  # stable: equal scores in index order
    kept, suppressed = [], []
    alive = np.ones(len(scores), dtype=bool)
    for i in order:
        if not alive[i]:
            continue
        kept.append(int(i))
        alive[i] = False
        for j in order:
            if alive[j] and iou[i, j] > threshold:
                alive[j] = False
                suppressed.append({"index": int(j), "by": int(i), "iou": float(iou[i, j])})
    return kept, suppressed


def _generate(rng, clusters: int, per: int, jitter: float):
    import numpy as np

    objects, boxes, scores = [], [], []
    for _ in range(clusters):
        w, h = rng.uniform(20, 60), rng.uniform(20, 60)
        x, y = rng.uniform(0, 200), rng.uniform(0, 200)
        objects.append([x, y, x + w, y + h])
        for _ in range(per):
            dx1, dy1, dx2, dy2 = rng.normal(0.0, jitter, size=4) * np.array([w, h, w, h])
            x1, y1 = x + dx1, y + dy1
            x2, y2 = max(x + w + dx2, x1 + 1.0), max(y + h + dy2, y1 + 1.0)
            boxes.append([x1, y1, x2, y2])
            scores.append(rng.uniform(0.3, 1.0))
    r = lambda a: np.round(np.asarray(a, dtype=np.float64), 1)
    b = r(boxes)
    b[:, 2] = np.maximum(b[:, 2], b[:, 0] + 0.1)  # keep x2 > x1 after rounding
    b[:, 3] = np.maximum(b[:, 3], b[:, 1] + 0.1)
    return r(objects), b, np.round(np.asarray(scores), 3)


def run(params: dict[str, Any], rng: Generator) -> IouNmsResult:
    import numpy as np

    t = float(params["iou_threshold"])
    if params["clusters"] > 0:
        objects, b, s = _generate(rng, int(params["clusters"]), int(params["per_cluster"]), float(params["jitter"]))
        source = "generated"
    else:
        b = np.asarray(params["boxes"], dtype=np.float64).reshape(-1, 4)
        s = np.asarray(params["scores"], dtype=np.float64)
        objects, source = np.zeros((0, 4)), "given"
    area, iou = _iou_matrix(b)
    kept, suppressed = _nms(iou, s, t)
    pairs = [iou[i, j] for a, i in enumerate(kept) for j in kept[a + 1:]]
    sweep = [{"iou_threshold": round(th, 1), "kept_count": len(_nms(iou, s, th)[0])}
             for th in np.arange(0.0, 1.0001, 0.1)]

    return IouNmsResult(
        source=source,
        boxes=b,
        scores=s,
        areas=area,
        iou=iou,
        iou_threshold=t,
        kept=kept,
        kept_count=len(kept),
        suppressed=suppressed,
        suppressed_count=len(suppressed),
        max_kept_iou=float(max(pairs)) if pairs else 0.0,
        objects=objects,
        threshold_sweep=sweep,
        lesson="NMS keeps the most confident box and deletes its near-duplicates (IoU above the threshold); a low "
               "threshold also deletes neighbouring objects that really overlap, a high one leaves duplicates.",
    )
