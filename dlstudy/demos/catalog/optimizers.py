"""optimizers: SGD, momentum, Adagrad, RMSProp and Adam on an ill-conditioned quadratic, a saddle and Rosenbrock."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="optimizers",
    title="SGD vs momentum vs Adagrad vs RMSProp vs Adam",
    description="Five update rules on an ill-conditioned quadratic, a saddle and Rosenbrock: steps to reach a loss threshold.",
    topic="training",
    cards=("momentum", "adagrad-rmsprop", "adam"),
    params=(
        Param("problem", "choice", "quadratic", "quadratic: ½(x² + κy²); saddle: x² + y⁴/4 − y²/2 started near the "
              "saddle at 0; rosenbrock: (1−x)² + 100(y−x²)²", choices=("quadratic", "saddle", "rosenbrock")),
        Param("lr", "float", 0.01, "learning rate (the same for every optimizer)", min=1e-5, max=2.0),
        Param("steps", "int", 1500, "step budget", min=1, max=5000),
        Param("condition", "float", 20.0, "condition number κ of the quadratic (ratio of its curvatures)",
              min=1.0, max=1000.0),
        Param("momentum", "float", 0.9, "momentum β for SGD+momentum and β₁ for Adam", min=0.0, max=0.999),
        Param("beta2", "float", 0.999, "Adam's β₂ (RMSProp uses α = 0.99 as in torch)", min=0.5, max=0.9999),
        Param("threshold", "float", 1e-4, "converged when loss − optimum ≤ threshold", min=1e-12, max=1.0),
    ),
    headline=(
        ("optimizers that converged", "converged_count"),
        ("SGD final gap to the optimum", "optimizers.sgd.final_gap"),
        ("Adam final gap to the optimum", "optimizers.adam.final_gap"),
        ("AdaGrad converges", "optimizers.adagrad.converged"),
    ),
)

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
START = {"quadratic": (-4.0, 1.5), "saddle": (1.0, 1e-3), "rosenbrock": (-1.2, 1.0)}
OPTIMUM = {"quadratic": 0.0, "saddle": -0.25, "rosenbrock": 0.0}
BLOWUP = 1e100


def objective(problem: str, condition: float):
    """(loss, gradient) functions of a point p = (x, y) as a numpy array."""
    import numpy as np

    if problem == "quadratic":
        k = float(condition)
        return (lambda p: 0.5 * (p[0] ** 2 + k * p[1] ** 2),
                lambda p: np.array([p[0], k * p[1]]))
    if problem == "saddle":
        return (lambda p: p[0] ** 2 + p[1] ** 4 / 4 - p[1] ** 2 / 2,
                lambda p: np.array([2 * p[0], p[1] ** 3 - p[1]]))
    return (lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
            lambda p: np.array([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)]))


def simulate(name: str, problem: str, lr: float, steps: int, condition: float = 20.0, momentum: float = 0.9,
             beta2: float = 0.999):
    """Full trajectory (steps+1, 2) of one optimizer, with torch's update formulas and default eps.
    Stops early (trajectory shorter) if the iterate leaves |p| < 1e100."""
    import numpy as np

    _, grad = objective(problem, condition)
    p = np.array(START[problem], dtype=float)
    traj = [p.copy()]
    m = np.zeros(2)
    v = np.zeros(2)
    for t in range(1, steps + 1):
        g = grad(p)
        if name == "sgd":
            p = p - lr * g
        elif name == "momentum":  # torch.optim.SGD(momentum=β): buf = β·buf + g; p -= lr·buf
            m = momentum * m + g
            p = p - lr * m
        elif name == "adagrad":  # torch.optim.Adagrad: sum += g²; p -= lr·g/(√sum + 1e-10)
            v = v + g * g
            p = p - lr * g / (np.sqrt(v) + 1e-10)
        elif name == "rmsprop":  # torch.optim.RMSprop: v = α v + (1-α) g²; p -= lr·g/(√v + 1e-8)
            v = 0.99 * v + 0.01 * g * g
            p = p - lr * g / (np.sqrt(v) + 1e-8)
        elif name == "adam":  # torch.optim.Adam with bias correction
            m = momentum * m + (1 - momentum) * g
            v = beta2 * v + (1 - beta2) * g * g
            denom = np.sqrt(v) / math.sqrt(1 - beta2**t) + 1e-8
            p = p - (lr / (1 - momentum**t)) * m / denom
        else:  # pragma: no cover
            raise ValueError(name)
        if not np.all(np.isfinite(p)) or np.abs(p).max() > BLOWUP:
            break
        traj.append(p.copy())
    return np.array(traj)


def _downsample(values, keep: int = 120):
    n = len(values)
    if n <= keep:
        return list(range(n)), list(values)
    idx = sorted({int(round(i * (n - 1) / (keep - 1))) for i in range(keep)})
    return idx, [values[i] for i in idx]


@dataclass
class OptimizersResult(DemoResult):
    problem: str
    start: list
    optimum_loss: float
    threshold: float
    lr: float
    steps: int  # the budget
    condition: float  # κ of the quadratic
    optimizers: dict = field(default_factory=dict)
    ranking: list = field(default_factory=list)  # optimizers that converged (and stayed), fastest first
    fastest: str | None = None
    converged_count: int = 0
    sgd_stable_lr_limit: float | None = None  # 2 / largest curvature (quadratic only)


def run(params: dict[str, Any], rng: Generator) -> OptimizersResult:
    import numpy as np

    problem = params["problem"]
    loss, _ = objective(problem, params["condition"])
    f_star = OPTIMUM[problem]
    thr = float(params["threshold"])
    out = {}
    for name in OPTIMIZERS:
        traj = simulate(name, problem, float(params["lr"]), int(params["steps"]), float(params["condition"]),
                        float(params["momentum"]), float(params["beta2"]))
        gaps = np.array([loss(p) - f_star for p in traj])
        hit = np.nonzero(gaps <= thr)[0]
        above = np.nonzero(gaps > thr)[0]
        diverged = len(traj) < int(params["steps"]) + 1
        # converged: reached the threshold and stayed below it until the end of the budget
        settled = None if diverged or gaps[-1] > thr else (int(above[-1]) + 1 if len(above) else 0)
        # loss gap on a common grid of steps (None after a divergence)
        idx, _ = _downsample(list(range(int(params["steps"]) + 1)))
        gap_curve = [float(gaps[i]) if i < len(gaps) else None for i in idx]
        _, path = _downsample([[float(a), float(b)] for a, b in traj], keep=60)
        out[name] = {
            "steps_to_threshold": settled,
            "converged": settled is not None,
            "first_hit": int(hit[0]) if len(hit) else None,
            "final_point": [float(v) for v in traj[-1]],
            "final_gap": float(gaps[-1]),
            "best_gap": float(gaps.min()),
            "diverged": bool(diverged),
            "curve_steps": idx,
            "curve_gap": gap_curve,
            "path": path,
        }
    conv = sorted((v["steps_to_threshold"], k) for k, v in out.items() if v["steps_to_threshold"] is not None)
    return OptimizersResult(
        problem=problem,
        start=list(START[problem]),
        lr=float(params["lr"]),
        steps=int(params["steps"]),
        condition=float(params["condition"]),
        optimum_loss=f_star,
        threshold=thr,
        optimizers=out,
        ranking=[k for _, k in conv],
        fastest=conv[0][1] if conv else None,
        converged_count=len(conv),
        sgd_stable_lr_limit=2.0 / max(1.0, float(params["condition"])) if problem == "quadratic" else None,
    )
