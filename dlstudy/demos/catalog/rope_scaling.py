"""rope-scaling: rotary position embeddings rotate each pair i of query/key dimensions by position·θ_i with
θ_i = base^(−2i/d). The score ⟨R_m q, R_n k⟩ depends only on n − m (checked on random vectors, against an
additive sinusoidal encoding whose scores also depend on m); for equal all-ones query and key it falls with
distance (with oscillations); beyond the trained length L the slow pairs need angles never seen in training,
which position interpolation (θ_i/s) and NTK-aware scaling (base·s^(d/(d−2))) avoid in different ways.

Result keys: dim, base, trained_length, target_length, scale, theta, wavelengths, interpolated_theta, ntk_base,
ntk_theta, slow_pairs, unseen_pairs, neighbour_angle, relative_max_abs_diff, absolute_max_abs_diff,
scores_by_distance, lesson."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict[str, Any]) -> None:
    if values["dim"] % 2:
        raise ParamError(f"parameter 'dim' must be even (RoPE rotates pairs of dimensions), got {values['dim']}")
    if values["target_length"] < values["trained_length"]:
        raise ParamError(f"parameter 'target_length' ({values['target_length']}) must be at least "
                         f"'trained_length' ({values['trained_length']})")


_MODELS = [(64, 10_000.0), (128, 10_000.0), (128, 500_000.0), (96, 10_000.0), (64, 1_000_000.0)]


def _drill(r: random.Random) -> Drill:
    dim, base = r.choice(_MODELS)
    trained = r.choice([2048, 4096, 8192])
    s = r.choice([2, 4, 8])
    params = {"dim": dim, "base": base, "trained_length": trained, "target_length": trained * s}
    model = f"RoPE with base {base:,.0f} and head dimension {dim} ({dim // 2} rotation pairs, θ_i = base^(−2i/{dim}))"
    kind = r.choice(["wavelength", "ntk", "pi"])
    if kind == "wavelength":
        i = r.choice([1, 2, dim // 8, dim // 4, dim // 2 - 1])
        return Drill(params, f"{model}: what is the wavelength 2π/θ_i of pair i = {i}, in positions?",
                     f"wavelengths[{i}]", "θ_i = base^(−2i/d), so the wavelength is 2π·base^(2i/d): 2π for the "
                     "fastest pair, close to 2π·base for the slowest.", rel=0.01)
    if kind == "ntk":
        return Drill(params, f"{model}, trained on {trained:,} tokens, is extended to {trained * s:,} tokens by "
                     "NTK-aware scaling. What is the new base b·s^(d/(d−2))?", "ntk_base",
                     "s = L′/L; the new base makes the slowest pair turn exactly s times slower while the fastest "
                     "keeps θ₀ = 1.", rel=0.01)
    i = dim // 2 - 1
    return Drill(params, f"{model}, trained on {trained:,} tokens, is extended to {trained * s:,} tokens by "
                 f"position interpolation. What is the effective θ of the slowest pair (i = {i}), in radians per "
                 "position?", f"interpolated_theta[{i}]",
                 "Interpolation multiplies positions by L/L′ = 1/s, which divides every θ_i by s: "
                 "base^(−2i/d)/s.", rel=0.01)


SPEC = DemoSpec(
    id="rope-scaling",
    title="RoPE: relative scores, decay with distance, interpolation vs NTK scaling",
    description="θ_i = base^(−2i/d); ⟨R_m q, R_n k⟩ depends only on n − m; past the trained length the slow pairs "
                "see new angles: position interpolation divides every θ by s, NTK-aware scaling raises the base.",
    topic="llm",
    cards=("long-context",),
    params=(
        Param("dim", "int", 128, "head dimension d (even): d/2 rotation pairs", min=2, max=128),
        Param("base", "float", 10_000.0, "RoPE base b (10,000 in the original; 500,000 in Llama 3)", min=2.0,
              max=1e9),
        Param("trained_length", "int", 4096, "context length L seen in training", min=2, max=1_000_000),
        Param("target_length", "int", 16_384, "context length L′ to extend to (scale s = L′/L)", min=2,
              max=10_000_000),
    ),
    headline=(
        ("max |score(m, m+Δ) − score(0, Δ)|", "relative_max_abs_diff"),
        ("pairs slower than the trained length", "slow_pairs"),
        ("pairs beyond training, plain RoPE", "unseen_pairs.rope"),
        ("NTK-aware base b·s^(d/(d−2))", "ntk_base"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class RopeScalingResult(DemoResult):
    dim: int
    base: float
    trained_length: int
    target_length: int
    scale: float  # s = L′/L
    theta: list[float]  # θ_i = base^(−2i/d), radians per position, one per pair
    wavelengths: list[float]  # 2π/θ_i, in positions
    interpolated_theta: list[float]  # position interpolation: positions × L/L′, i.e. θ_i/s
    ntk_base: float  # b·s^(d/(d−2))
    ntk_theta: list[float]  # ntk_base^(−2i/d) = θ_i·s^(−2i/(d−2))
    slow_pairs: int  # pairs whose wavelength exceeds L: they never complete a turn in training
    # slow pairs whose largest angle at distance L′ − 1 exceeds L·θ_i, the edge of the trained range of positions
    unseen_pairs: dict[str, int]  # rope, interpolated, ntk
    neighbour_angle: dict[str, float]  # angle between neighbouring positions in the fastest pair, per method
    relative_max_abs_diff: float  # random q, k: max over m of |⟨R_m q, R_{m+Δ} k⟩ − ⟨q, R_Δ k⟩|
    absolute_max_abs_diff: float  # the same for q + PE(m), k + PE(m+Δ) with additive sinusoidal encodings
    scores_by_distance: list[dict[str, float]]  # distance; rope, interpolated, ntk: score of q = k = 1 over d
    lesson: str


def _rotate(x: Any, pos: float, theta: Any) -> Any:
    """RoPE: rotate each pair (x_2i, x_2i+1) by the angle pos·θ_i."""
    import numpy as np

    c, s = np.cos(pos * theta), np.sin(pos * theta)
    out = np.empty_like(x)
    out[0::2] = c * x[0::2] - s * x[1::2]
    out[1::2] = s * x[0::2] + c * x[1::2]
    return out


def _sinusoidal(pos: float, d: int) -> Any:
    import numpy as np

    omega = 10_000.0 ** (-np.arange(0, d, 2) / d)
    pe = np.empty(d)
    pe[0::2], pe[1::2] = np.sin(pos * omega), np.cos(pos * omega)
    return pe


def run(params: dict[str, Any], rng: Generator) -> RopeScalingResult:
    import numpy as np

    d, base = int(params["dim"]), float(params["base"])
    L, L2 = int(params["trained_length"]), int(params["target_length"])
    s = L2 / L
    i = np.arange(d // 2, dtype=np.float64)
    theta = base ** (-2 * i / d)
    pi_theta = theta / s
    ntk_base = base * s ** (d / (d - 2)) if d > 2 else base  # one pair: the formula is undefined, nothing to scale
    ntk_theta = ntk_base ** (-2 * i / d)

    # relative positions: the same offset Δ at different absolute positions m gives the same score
    q, k = rng.standard_normal(d), rng.standard_normal(d)
    offsets = sorted({0, 1, 5, min(100, L2 - 1), L - 1, L2 - 1})
    rel = ab = 0.0
    for delta in offsets:
        ref = float(q @ _rotate(k, delta, theta))
        ref_abs = float((q + _sinusoidal(0, d)) @ (k + _sinusoidal(delta, d)))
        for m in sorted(a for a in {0, 1, 17, 1000, L2 - 1 - delta} if a + delta <= L2 - 1):  # both inside L′
            rel = max(rel, abs(float(_rotate(q, m, theta) @ _rotate(k, m + delta, theta)) - ref))
            ab = max(ab, abs(float((q + _sinusoidal(m, d)) @ (k + _sinusoidal(m + delta, d))) - ref_abs))

    distances = sorted({0, L - 1, L2 - 1} | {2 ** j for j in range(40) if 2 ** j < L2})

    def score(dist: int, th: Any) -> float:
        return float(np.mean(np.cos(dist * th)))  # ⟨R_m 1, R_{m+dist} 1⟩ / d = (2/d)·Σ cos(dist·θ_i)

    slow = (2 * math.pi / theta) > L
    far = L2 - 1

    def unseen(th: Any) -> int:
        return int(np.sum(slow & (far * th > L * theta)))

    return RopeScalingResult(
        dim=d, base=base, trained_length=L, target_length=L2, scale=s,
        theta=theta.tolist(), wavelengths=(2 * math.pi / theta).tolist(), interpolated_theta=pi_theta.tolist(),
        ntk_base=float(ntk_base), ntk_theta=ntk_theta.tolist(), slow_pairs=int(slow.sum()),
        unseen_pairs={"rope": unseen(theta), "interpolated": unseen(pi_theta), "ntk": unseen(ntk_theta)},
        neighbour_angle={"rope": float(theta[0]), "interpolated": float(pi_theta[0]), "ntk": float(ntk_theta[0])},
        relative_max_abs_diff=rel, absolute_max_abs_diff=ab,
        scores_by_distance=[{"distance": dist, "rope": score(dist, theta), "interpolated": score(dist, pi_theta),
                             "ntk": score(dist, ntk_theta)} for dist in distances],
        lesson="RoPE scores depend only on the distance; past the trained length the slow pairs need angles they "
               "never reached. Interpolation divides every θ by s (no new angles, but neighbours crowd together); "
               "NTK-aware scaling keeps the fast pairs and slows the slowest by s, while the slow pairs between "
               "still extrapolate, which YaRN handles pair by pair.",
    )
