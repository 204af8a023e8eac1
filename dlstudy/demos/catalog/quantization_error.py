"""quantization-error: symmetric absmax quantization of a weight matrix with one outlier.

Weights are N(0, 1) in a rows × cols matrix (rows = output channels); one entry is replaced by
`outlier`. With b bits, q_max = 2^(b−1) − 1, scale = max|w| / q_max, q = clamp(round(w / scale), −q_max,
q_max) and the dequantized weight is q · scale, so each error is at most scale / 2. Per-tensor uses one
scale for the whole matrix (the outlier sets it); per-channel uses one scale per row, so the outlier
only coarsens its own row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="quantization-error",
    title="Absmax quantization: per-tensor vs per-channel scales with an outlier",
    description="int8/int4 absmax: scale = max|w|/(2^(b−1)−1); one outlier inflates the per-tensor scale and "
                "the error of every weight, per-channel scales confine it to one row.",
    topic="training",
    cards=("llm-quantization", "network-compression"),
    params=(
        Param("bits", "int", 8, "bits per weight (signed, symmetric: levels −(2^(b−1)−1) .. 2^(b−1)−1)",
              min=2, max=8),
        Param("rows", "int", 16, "output channels (rows) of the weight matrix", min=1, max=2048),
        Param("cols", "int", 256, "input features (columns)", min=1, max=2048),
        Param("outlier", "float", 20.0, "value of one weight placed at a random position (0 = no outlier); the "
              "other weights are N(0, 1)", min=-10_000.0, max=10_000.0),
    ),
    headline=(
        ("per-tensor mean |error|", "per_tensor.mean_abs_error"),
        ("per-channel mean |error|", "per_channel.mean_abs_error"),
        ("per-tensor scale", "per_tensor.scale"),
        ("weights rounded to 0, per-tensor", "per_tensor.zero_fraction"),
    ),
)


@dataclass
class QuantizationErrorResult(DemoResult):
    bits: int
    rows: int
    cols: int
    qmax: int = 0  # 2^(b−1) − 1
    levels: int = 0  # 2·q_max + 1 values used
    outlier: dict = field(default_factory=dict)  # value, row, col, ratio to the typical max |w|
    weights: dict = field(default_factory=dict)  # std, max_abs (without the outlier), max_abs
    per_tensor: dict = field(default_factory=dict)  # scale, max/mean abs error, rmse, zero_fraction, ...
    per_channel: dict = field(default_factory=dict)  # scales, same errors, outlier row vs the rest
    mean_error_ratio: float = 0.0  # per-tensor mean |error| / per-channel mean |error|
    sample: list = field(default_factory=list)  # a few weights: w, per-tensor and per-channel dequantized
    lesson: str = ""


def _quantize(w, scale, qmax, np):
    q = np.clip(np.round(w / scale), -qmax, qmax)
    return q, q * scale


def _errors(w, deq, q, np) -> dict:
    err = np.abs(w - deq)
    return {
        "max_abs_error": float(err.max()),
        "mean_abs_error": float(err.mean()),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "relative_error": float(np.linalg.norm(w - deq) / np.linalg.norm(w)) if np.any(w) else 0.0,
        "zero_fraction": float(np.mean(q == 0)),
        "distinct_levels_used": int(np.unique(q).size),
    }


def run(params: dict[str, Any], rng: Generator) -> QuantizationErrorResult:
    import numpy as np

    bits, rows, cols = int(params["bits"]), int(params["rows"]), int(params["cols"])
    out = float(params["outlier"])
    qmax = 2 ** (bits - 1) - 1
    w = rng.standard_normal((rows, cols))
    r0, c0 = int(rng.integers(rows)), int(rng.integers(cols))
    typical = float(np.abs(w).max())
    has_outlier = out != 0.0
    if has_outlier:
        w[r0, c0] = out

    absmax = float(np.abs(w).max())
    scale_t = absmax / qmax if absmax > 0 else 1.0
    q_t, deq_t = _quantize(w, scale_t, qmax, np)
    pt = {"scale": scale_t, "error_bound": scale_t / 2, **_errors(w, deq_t, q_t, np)}

    row_max = np.abs(w).max(axis=1)
    scales = np.where(row_max > 0, row_max / qmax, 1.0)
    q_c, deq_c = _quantize(w, scales[:, None], qmax, np)
    pc = {"scales": scales, "error_bound": float(scales.max() / 2), **_errors(w, deq_c, q_c, np)}
    err_c = np.abs(w - deq_c)
    err_t = np.abs(w - deq_t)
    others = np.ones(rows, dtype=bool)
    others[r0] = False
    if has_outlier:
        pc["outlier_row_max_abs_error"] = float(err_c[r0].max())
        pc["other_rows_max_abs_error"] = float(err_c[others].max()) if others.any() else 0.0
        pt["other_rows_max_abs_error"] = float(err_t[others].max()) if others.any() else 0.0
        pt["outlier_abs_error"] = float(err_t[r0, c0])
        pc["outlier_abs_error"] = float(err_c[r0, c0])

    idx = [(r0, c0)] if has_outlier else []
    idx += [(r0, (c0 + j) % cols) for j in range(1, 4)] + [((r0 + 1) % rows, j % cols) for j in range(3)]
    seen, sample = set(), []
    for i, j in idx:
        if (i, j) in seen:
            continue
        seen.add((i, j))
        sample.append({"row": i, "col": j, "w": float(w[i, j]), "per_tensor": float(deq_t[i, j]),
                       "per_channel": float(deq_c[i, j])})

    return QuantizationErrorResult(
        bits=bits, rows=rows, cols=cols, qmax=qmax, levels=2 * qmax + 1,
        outlier={"value": out, "present": has_outlier, "row": r0 if has_outlier else None,
                 "col": c0 if has_outlier else None,
                 "ratio_to_typical_max": abs(out) / typical if has_outlier and typical > 0 else 0.0},
        weights={"std": 1.0, "max_abs_before_outlier": typical, "max_abs": absmax},
        per_tensor=pt, per_channel=pc,
        mean_error_ratio=pt["mean_abs_error"] / pc["mean_abs_error"] if pc["mean_abs_error"] > 0 else 1.0,
        sample=sample,
        lesson="Absmax quantization spends its 2^b − 1 levels on the range [−max|w|, max|w|]: one outlier stretches "
               "the step for every weight that shares its scale, so small weights round to 0. Per-channel scales "
               "(or keeping outliers in higher precision, as LLM.int8 does) confine the damage.",
    )
