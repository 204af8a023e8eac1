"""gradient-clipping: clip by global norm rescales all gradients together and keeps their direction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="gradient-clipping",
    title="Gradient clipping: global norm vs value",
    description="Clip by global norm scales every gradient by min(1, max_norm/‖g‖) and keeps the direction; "
                "clip by value does not.",
    topic="training",
    cards=("gradient-clipping",),
    params=(
        Param("sizes", "int_list", [6, 4, 3], "number of elements of each parameter tensor", min=1, max=256,
              min_len=1, max_len=8),
        Param("grad_std", "float", 1.0, "standard deviation of the random gradient entries", min=1e-6, max=1e6),
        Param("growth", "float", 3.0, "tensor i gets its gradients scaled by growth**i (unequal magnitudes, "
              "as when gradients explode in some layers)", min=0.01, max=100.0),
        Param("max_norm", "float", 1.0, "threshold on the global L2 norm", min=1e-6, max=1e6),
        Param("clip_value", "float", 0.5, "threshold for clip by value (each element into [-c, c])", min=1e-6, max=1e6),
    ),
    headline=(
        ("global norm before clipping", "global_norm"),
        ("global norm after clip by norm", "by_norm.global_norm"),
        ("cosine to original, clip by value", "by_value.cosine"),
        ("clip by value keeps the direction", "by_value.direction_preserved"),
    ),
)


@dataclass
class GradientClippingResult(DemoResult):
    sizes: list = field(default_factory=list)
    max_norm: float = 0.0
    clip_value: float = 0.0
    grads: list = field(default_factory=list)  # the raw gradient of each tensor
    per_param_norms: list = field(default_factory=list)
    global_norm: float = 0.0  # sqrt of the sum of squares over ALL tensors
    scale: float = 0.0  # min(1, max_norm / global_norm)
    was_clipped: bool = False  # global_norm > max_norm
    by_norm: dict = field(default_factory=dict)  # clip_grad_norm_: grads, norms, global_norm, cosine, direction_preserved
    per_tensor: dict = field(default_factory=dict)  # each tensor clipped to max_norm on its own
    by_value: dict = field(default_factory=dict)  # clip_grad_value_: grads, global_norm, cosine, fraction_clipped
    lesson: str = ""


def _cosine(a, b) -> float:
    import numpy as np

    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0.0 or nb == 0.0:
        return 1.0 if na == nb else 0.0
    return float(np.clip(np.dot(a, b) / (na * nb), -1.0, 1.0))


def _summary(parts, flat_before) -> dict:
    import numpy as np

    flat = np.concatenate(parts)
    cos = _cosine(flat_before, flat)
    return {
        "grads": [p.tolist() for p in parts],
        "per_param_norms": [float(np.linalg.norm(p)) for p in parts],
        "global_norm": float(np.linalg.norm(flat)),
        "cosine": cos,
        "direction_preserved": bool(cos > 1.0 - 1e-9),
    }


def run(params: dict[str, Any], rng: Generator) -> GradientClippingResult:
    import numpy as np

    sizes = [int(s) for s in params["sizes"]]
    std = float(params["grad_std"])
    growth = float(params["growth"])
    max_norm = float(params["max_norm"])
    c = float(params["clip_value"])

    grads = [rng.normal(0.0, std, size=n) * growth**i for i, n in enumerate(sizes)]
    flat = np.concatenate(grads)
    norms = [float(np.linalg.norm(g)) for g in grads]
    global_norm = float(np.sqrt(sum(n * n for n in norms)))
    scale = 1.0 if global_norm == 0.0 else min(1.0, max_norm / global_norm)

    by_norm = _summary([g * scale for g in grads], flat)
    by_norm["scale"] = scale
    per_tensor = _summary([g * (min(1.0, max_norm / n) if n > 0 else 1.0) for g, n in zip(grads, norms)], flat)
    value_parts = [np.clip(g, -c, c) for g in grads]
    by_value = _summary(value_parts, flat)
    by_value["fraction_clipped"] = float(np.mean(np.abs(flat) > c))

    return GradientClippingResult(
        sizes=sizes,
        max_norm=max_norm,
        clip_value=c,
        grads=[g.tolist() for g in grads],
        per_param_norms=norms,
        global_norm=global_norm,
        scale=scale,
        was_clipped=global_norm > max_norm,
        by_norm=by_norm,
        per_tensor=per_tensor,
        by_value=by_value,
        lesson="Clipping by the global norm multiplies every gradient by the same factor, so the update keeps its "
               "direction and only its length is capped; clipping each element (or each tensor separately) "
               "changes the relative sizes and therefore the direction.",
    )
