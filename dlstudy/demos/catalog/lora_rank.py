"""lora-rank: how well a rank-r product B·A approximates a weight update ΔW, and what it costs.

ΔW (d_out × d_in) is built with a chosen spectrum: `true_rank` directions with singular values
decay^0, decay^1, ... plus i.i.d. Gaussian noise of standard deviation `noise` in every entry. The best
rank-r approximation is the truncated SVD (Eckart–Young): its relative Frobenius error is
√(Σ_{k>r} σ_k²) / √(Σ_k σ_k²). A LoRA adapter of rank r trains B (d_out × r) and A (r × d_in):
r·(d_in + d_out) parameters instead of d_in·d_out.
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


def _check(values: dict) -> None:
    full = min(values["d_in"], values["d_out"])
    if values["true_rank"] > full:
        raise ParamError(f"parameter 'true_rank' ({values['true_rank']}) cannot exceed min(d_in, d_out) = {full}")
    bad = [r for r in values["ranks"] if r > full]
    if bad:
        raise ParamError(f"parameter 'ranks': {bad[0]} exceeds min(d_in, d_out) = {full}, the largest possible rank")


def _drill(r: random.Random) -> Drill:
    d_in = r.choice([128, 256, 384, 512, 768])
    d_out = r.choice([d_in, d_in, 128, 256, 512, 768])
    rank = r.choice([1, 2, 4, 8, 8, 16, 16, 32, 64])
    return Drill({"d_in": d_in, "d_out": d_out, "true_rank": 1, "ranks": [rank]},
                 f"A LoRA adapter of rank {rank} is attached to a linear layer with {d_in} inputs and {d_out} "
                 "outputs (ΔW = B·A, no bias). How many trainable parameters does the adapter add?",
                 "params.lora[0]",
                 "A is r × d_in and B is d_out × r: r·(d_in + d_out) parameters, instead of d_in·d_out for a full "
                 "update of the weight.", abs=0)


SPEC = DemoSpec(
    id="lora-rank",
    title="LoRA: a weight update approximated at rank r",
    description="Relative error ‖ΔW − ΔW_r‖/‖ΔW‖ (truncated SVD, Eckart–Young) and adapter parameters "
                "r·(d_in + d_out) vs d_in·d_out, rank by rank.",
    topic="training",
    cards=("lora-adapters",),
    params=(
        Param("d_in", "int", 256, "input features of the adapted layer (columns of ΔW)", min=1, max=768),
        Param("d_out", "int", 256, "output features (rows of ΔW)", min=1, max=768),
        Param("true_rank", "int", 8, "directions in the underlying update (before noise)", min=1, max=768),
        Param("decay", "float", 0.7, "singular value k (from 0) of the underlying update is decay^k", min=0.0,
              max=1.0),
        Param("noise", "float", 0.0001, "standard deviation of Gaussian noise added to every entry of ΔW", min=0.0,
              max=10.0),
        Param("ranks", "int_list", [1, 2, 4, 8, 16, 64], "adapter ranks r to compare", min=1, max=768,
              min_len=1, max_len=16),
    ),
    headline=(
        ("relative error at the last listed rank", "relative_error[-1]"),
        ("LoRA parameters at the last listed rank", "params.lora[-1]"),
        ("full update parameters", "params.full"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class LoraRankResult(DemoResult):
    d_in: int
    d_out: int
    true_rank: int
    decay: float
    noise: float
    ranks: list = field(default_factory=list)
    singular_values: list = field(default_factory=list)  # all min(d_in, d_out) of ΔW, descending
    frobenius_norm: float = 0.0
    relative_error: list = field(default_factory=list)  # per rank: ‖ΔW − B·A‖_F / ‖ΔW‖_F, measured
    energy_kept: list = field(default_factory=list)  # per rank: 1 − relative_error²
    spectral_error: list = field(default_factory=list)  # per rank: ‖ΔW − B·A‖₂ (= σ_{r+1})
    params: dict = field(default_factory=dict)  # full, lora (per rank), fraction (per rank), shapes
    rank_for: dict = field(default_factory=dict)  # smallest rank reaching 10%, 1% relative error
    lesson: str = ""


def run(params: dict[str, Any], rng: Generator) -> LoraRankResult:
    import numpy as np

    d_in, d_out = int(params["d_in"]), int(params["d_out"])
    k, decay, noise = int(params["true_rank"]), float(params["decay"]), float(params["noise"])
    ranks = [int(r) for r in params["ranks"]]
    full_rank = min(d_in, d_out)

    # an update with a known spectrum: orthonormal directions from QR of Gaussian matrices
    u, _ = np.linalg.qr(rng.standard_normal((d_out, k)))
    v, _ = np.linalg.qr(rng.standard_normal((d_in, k)))
    sigma = decay ** np.arange(k, dtype=np.float64)
    dw = (u * sigma) @ v.T + noise * rng.standard_normal((d_out, d_in))

    U, S, Vt = np.linalg.svd(dw, full_matrices=False)
    norm = float(np.linalg.norm(dw))
    # measure ‖ΔW − B·A‖ on the actual residual, with B = U_r·diag(S_r) (d_out × r) and A = V_rᵀ (r × d_in);
    # the residual is updated rank block by rank block, so all ranks together cost one rank-max product
    rel_by_rank, resid, done = {}, dw.copy(), 0
    for r in sorted(set(ranks)):
        resid -= (U[:, done:r] * S[done:r]) @ Vt[done:r]
        done = r
        rel_by_rank[r] = float(np.linalg.norm(resid) / norm) if norm > 0 else 0.0
    rel = [rel_by_rank[r] for r in ranks]
    spec = [float(S[r]) if r < full_rank else 0.0 for r in ranks]

    tail = np.sqrt(np.maximum(np.cumsum((S**2)[::-1])[::-1], 0.0))  # tail[r] = √Σ_{k>=r} σ_k²

    def first_rank(threshold: float):
        if norm == 0:
            return 0
        for r in range(full_rank + 1):
            err = tail[r] / norm if r < full_rank else 0.0
            if err <= threshold:
                return r
        return full_rank

    full = d_in * d_out
    lora = [r * (d_in + d_out) for r in ranks]
    return LoraRankResult(
        d_in=d_in, d_out=d_out, true_rank=k, decay=decay, noise=noise, ranks=ranks,
        singular_values=S.tolist(), frobenius_norm=norm, relative_error=rel,
        energy_kept=[1.0 - e * e for e in rel], spectral_error=spec,
        params={"full": full, "lora": lora, "fraction": [p / full for p in lora],
                "shapes": {"A": ["r", d_in], "B": [d_out, "r"]},
                "break_even_rank": full / (d_in + d_out)},
        rank_for={"10%": first_rank(0.10), "1%": first_rank(0.01)},
        lesson="When the update's spectrum decays fast, a rank r far below min(d_in, d_out) keeps almost all of "
               "its energy at a tiny fraction of the parameters; the error left is exactly the tail of singular "
               "values that rank r drops (Eckart–Young).",
    )
