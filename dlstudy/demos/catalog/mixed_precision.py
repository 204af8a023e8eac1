"""mixed-precision: small gradients underflow in float16, loss scaling rescues them, bfloat16 keeps the range.

`count` float32 "gradients" with random signs get magnitudes spread over the decades 10^log10_min ..
10^log10_max (log-uniform, or log-normal with mean at the middle and standard deviation a quarter of
the range, clipped to the range). Each is cast to float16 directly, to float16 after multiplying by `loss_scale` (what
scaling the loss does to every gradient; they are divided by the scale again in float32 before the
update), and to bfloat16 (emulated in numpy: float32 bits rounded to nearest-even on the top 16 bits,
exactly like a hardware cast). Round-to-nearest turns every magnitude below half the smallest
subnormal into 0: 2^-25 ≈ 2.98e-8 in float16, 2^-134 ≈ 4.6e-41 in bfloat16 (the float32 exponent range).

An underflow share is the share of the nonzero float32 gradients that become exactly 0. Overflow
(|g·S| ≥ 65520 rounds to inf in float16) is what dynamic loss scaling watches: on inf it skips the
step and halves the scale.

Result keys: fp16, scaled, bf16 {underflow_share, overflow_share, subnormal_share, rel_error {median,
max}}, scaled.{scale, max_safe_scale, unscaled_rel_error}, thresholds, by_decade, nonzero_count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

FP16 = {"max": 65504.0, "min_normal": 2.0 ** -14, "min_subnormal": 2.0 ** -24, "unit_roundoff": 2.0 ** -11}
BF16 = {"max": (2 - 2.0 ** -7) * 2.0 ** 127, "min_normal": 2.0 ** -126, "min_subnormal": 2.0 ** -133,
        "unit_roundoff": 2.0 ** -8}


def _check(values: dict) -> None:
    if values["log10_min"] >= values["log10_max"]:
        raise ParamError(f"parameter 'log10_min' ({values['log10_min']}) must be below parameter 'log10_max' "
                         f"({values['log10_max']})")


SPEC = DemoSpec(
    id="mixed-precision",
    title="Mixed precision: fp16 underflow, loss scaling, bf16",
    description="Share of float32 gradients that become 0 in float16, after loss scaling, and in bfloat16 "
                "(same exponent range as float32, 8 bits of precision).",
    topic="training",
    cards=("mixed-precision",),
    params=(
        Param("distribution", "choice", "log-uniform", "how gradient magnitudes spread over the decades "
              "(log-normal: mean at the middle, sd = range/4, clipped to the range)", choices=("log-uniform", "log-normal")),
        Param("log10_min", "float", -12.0, "log10 of the smallest gradient magnitude", min=-44.0, max=4.0),
        Param("log10_max", "float", -2.0, "log10 of the largest gradient magnitude", min=-44.0, max=4.0),
        Param("loss_scale", "float", 1024.0, "loss scale S: gradients are cast to float16 as fp16(g·S)",
              min=1.0, max=1e12),
        Param("count", "int", 100_000, "number of gradient values", min=100, max=2_000_000),
    ),
    headline=(
        ("fp16 underflow share", "fp16.underflow_share"),
        ("fp16 after loss scaling: underflow share", "scaled.underflow_share"),
        ("fp16 after loss scaling: overflow share", "scaled.overflow_share"),
        ("bf16 underflow share", "bf16.underflow_share"),
    ),
    check=_check,
)


@dataclass
class MixedPrecisionResult(DemoResult):
    distribution: str
    log10_min: float
    log10_max: float
    loss_scale: float
    count: int
    nonzero_count: int = 0  # gradients that are nonzero in float32 (the denominator of every share)
    thresholds: dict = field(default_factory=dict)
    fp16: dict = field(default_factory=dict)
    scaled: dict = field(default_factory=dict)
    bf16: dict = field(default_factory=dict)
    by_decade: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    lesson: str = ""


def draw_gradients(params, rng):
    """The float32 gradient values (signed), before any cast."""
    import numpy as np

    n, lo, hi = int(params["count"]), float(params["log10_min"]), float(params["log10_max"])
    if params["distribution"] == "log-uniform":
        e = rng.uniform(lo, hi, size=n)
    else:
        e = np.clip(rng.normal((lo + hi) / 2, (hi - lo) / 4, size=n), lo, hi)
    sign = rng.choice(np.array([-1.0, 1.0]), size=n)
    with np.errstate(over="ignore", under="ignore"):
        return (sign * 10.0 ** e).astype(np.float32)


def to_bf16(x):
    """float32 → bfloat16 (returned as float32 holding the bf16 value): round to nearest, ties to even."""
    import numpy as np

    u = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (u + 0x7FFF + ((u >> 16) & 1)) & 0xFFFF0000
    return rounded.astype(np.uint32).view(np.float32)


def _stats(orig, cast, fmt):
    """Shares of underflow / overflow / subnormal results and the relative error of what survived."""
    import numpy as np

    n = orig.size
    zero = cast == 0
    inf = ~np.isfinite(cast)
    sub = (~zero) & (~inf) & (np.abs(cast) < fmt["min_normal"])
    ok = ~(zero | inf)
    with np.errstate(all="ignore"):
        rel = np.abs(cast[ok].astype(np.float64) - orig[ok]) / np.abs(orig[ok])
    return {
        "underflow_share": float(zero.sum() / n),
        "underflow_count": int(zero.sum()),
        "overflow_share": float(inf.sum() / n),
        "overflow_count": int(inf.sum()),
        "subnormal_share": float(sub.sum() / n),
        "rel_error": {"median": float(np.median(rel)) if rel.size else 0.0,
                      "max": float(rel.max()) if rel.size else 0.0},
    }


def run(params: dict[str, Any], rng: Generator) -> MixedPrecisionResult:
    import numpy as np

    S = float(params["loss_scale"])
    g32 = draw_gradients(params, rng)
    g = g32[g32 != 0].astype(np.float64)  # nonzero float32 gradients
    g_f32 = g.astype(np.float32)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        h = g_f32.astype(np.float16)
        hs = (g_f32 * np.float32(S)).astype(np.float16)
        b = to_bf16(g_f32)
        unscaled = hs.astype(np.float32) / np.float32(S)

    fp16 = _stats(g, h, FP16)
    scaled = _stats(g * S, hs, FP16)
    bf16 = _stats(g, b, BF16)
    ok = np.isfinite(unscaled) & (unscaled != 0)
    with np.errstate(all="ignore"):
        urel = np.abs(unscaled[ok].astype(np.float64) - g[ok]) / np.abs(g[ok])
    gmax = float(np.abs(g).max()) if g.size else 0.0
    # largest power of two that keeps the largest gradient below 65504 after scaling
    max_safe = 2.0 ** math.floor(math.log2(FP16["max"] / gmax)) if 0 < gmax < math.inf else float("inf")
    scaled.update({
        "scale": S,
        "has_overflow": scaled["overflow_count"] > 0,
        "max_safe_scale": max_safe,
        "unscaled_rel_error": {"median": float(np.median(urel)) if urel.size else 0.0,
                               "max": float(urel.max()) if urel.size else 0.0},
    })

    lo, hi = float(params["log10_min"]), float(params["log10_max"])
    decades = []
    if g.size:
        dec = np.floor(np.log10(np.abs(g))).astype(np.int64)
        d0 = int(dec.min())
        idx = dec - d0
        counts = np.bincount(idx)
        lost = {key: np.bincount(idx, weights=flag.astype(np.float64), minlength=counts.size)
                for key, flag in (("fp16_lost", h == 0), ("scaled_lost", hs == 0),
                                  ("scaled_overflow", ~np.isfinite(hs)), ("bf16_lost", b == 0))}
        for i, n in enumerate(counts.tolist()):
            if n:
                decades.append({"decade": d0 + i, "count": int(n),
                                **{key: float(v[i] / n) for key, v in lost.items()}})

    thresholds = {
        name: {**fmt, "underflow_below": fmt["min_subnormal"] / 2}
        for name, fmt in (("fp16", FP16), ("bf16", BF16))
    }
    thresholds["fp32"] = {"max": float(np.finfo(np.float32).max), "min_normal": float(np.finfo(np.float32).tiny),
                          "min_subnormal": float(np.finfo(np.float32).smallest_subnormal),
                          "unit_roundoff": float(np.finfo(np.float32).eps) / 2}
    notes = []
    if scaled["has_overflow"]:
        notes.append(f"Scaling by {S:g} pushes {scaled['overflow_count']} gradients past float16's maximum 65504: a "
                     "dynamic loss scaler finds inf, skips this update and halves the scale.")
    if scaled["underflow_share"] > 0 and not scaled["has_overflow"] and max_safe > S:
        notes.append(f"A larger scale would rescue more: up to {max_safe:g} still keeps the largest gradient finite.")
    if g.size < g32.size:
        notes.append(f"{g32.size - g.size} values were already 0 in float32 and are left out of every share.")
    return MixedPrecisionResult(
        distribution=params["distribution"], log10_min=lo, log10_max=hi, loss_scale=S, count=int(params["count"]),
        nonzero_count=int(g.size), thresholds=thresholds, fp16=fp16, scaled=scaled, bf16=bf16, by_decade=decades,
        notes=notes,
        lesson="float16 has 10 mantissa bits but only 5 exponent bits, so gradients below about 3e-8 round to 0 (and "
               "below 6e-5 lose precision as subnormals). Multiplying the loss by S shifts every gradient up by "
               "log2(S) binades before the cast and dividing by S afterwards in float32 restores them; bfloat16 keeps "
               "float32's 8 exponent bits (no underflow, no scaling needed) but has only 7 mantissa bits: up to about "
               "0.4% relative rounding error instead of 0.05%.",
    )
