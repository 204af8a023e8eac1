"""dropout-scaling: inverted dropout (scale 1/(1-p)) keeps the expected activation; eval mode is the identity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="dropout-scaling",
    title="Dropout: why scale by 1/(1-p)",
    description="Inverted dropout keeps E[output] = input; without the 1/(1-p) scale the train-time mean shrinks "
                "by (1-p); eval mode is the identity (vs torch.nn.Dropout).",
    topic="training",
    cards=("dropout",),
    params=(
        Param("p", "float", 0.5, "drop probability (probability of zeroing a unit)", min=0.0, max=0.95),
        Param("n", "int", 100_000, "number of activations", min=100, max=1_000_000),
        Param("input_mean", "float", 1.0, "mean of the input activations", min=0.01, max=100.0),
        Param("input_std", "float", 0.5, "standard deviation of the input activations", min=0.0, max=100.0),
    ),
    uses_torch=True,
    headline=(
        ("mean ratio with 1/(1−p) scaling", "inverted.mean_ratio"),
        ("mean ratio without scaling", "unscaled.mean_ratio"),
        ("train-time variance (inverted)", "inverted.var"),
        ("torch eval mode is the identity", "torch.eval_identity"),
    ),
)

SWEEP = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class DropoutResult(DemoResult):
    p: float = 0.0
    n: int = 0
    keep_prob: float = 0.0  # 1 - p
    scale: float = 0.0  # 1 / (1 - p)
    input: dict = field(default_factory=dict)  # mean, var
    inverted: dict = field(default_factory=dict)  # x·mask/(1-p): keep_fraction, mean, mean_ratio, var
    unscaled: dict = field(default_factory=dict)  # x·mask: mean, mean_ratio (≈ 1 - p)
    eval: dict = field(default_factory=dict)  # identity at test time
    theory: dict = field(default_factory=dict)  # expected means and variances, standard error of the keep fraction
    torch: dict = field(default_factory=dict)  # torch.nn.Dropout in train and eval mode on the same input
    sweep: dict = field(default_factory=dict)  # mean ratios for p = 0, 0.1, ..., 0.9
    lesson: str = ""


def run(params: dict[str, Any], rng: Generator) -> DropoutResult:
    import numpy as np

    p, n = float(params["p"]), int(params["n"])
    mu, sd = float(params["input_mean"]), float(params["input_std"])
    x = rng.normal(mu, sd, size=n)
    keep = rng.random(n) >= p
    scale = 1.0 / (1.0 - p)
    inv = x * keep * scale
    raw = x * keep
    x_mean, x_var = float(x.mean()), float(x.var())

    # torch.nn.Dropout on the same input
    import torch

    gen_seed = int(rng.integers(2**31))
    drop = torch.nn.Dropout(p)
    xt = torch.from_numpy(x)
    drop.train()
    with torch.random.fork_rng(devices=[]):  # seeded from rng without touching torch's global generator
        torch.manual_seed(gen_seed)
        yt = drop(xt).numpy()
    kept = yt != 0
    drop.eval()
    et = drop(xt).numpy()

    sweep_inv, sweep_raw = [], []
    for q in SWEEP:
        k = rng.random(n) >= q
        sweep_inv.append(float((x * k / (1 - q)).mean() / x_mean))
        sweep_raw.append(float((x * k).mean() / x_mean))

    second_moment = sd * sd + mu * mu
    return DropoutResult(
        p=p, n=n, keep_prob=1 - p, scale=scale,
        input={"mean": x_mean, "var": x_var},
        inverted={"keep_fraction": float(keep.mean()), "mean": float(inv.mean()), "mean_ratio": float(inv.mean() / x_mean),
                  "var": float(inv.var())},
        unscaled={"mean": float(raw.mean()), "mean_ratio": float(raw.mean() / x_mean)},
        eval={"identity": True, "max_abs_diff": 0.0,
              "note": "no units are dropped and nothing is rescaled at test time"},
        theory={
            "inverted_mean": mu, "unscaled_mean": (1 - p) * mu, "unscaled_mean_ratio": 1 - p,
            "eval_var": sd * sd,
            "inverted_var": second_moment / (1 - p) - mu * mu,  # larger than at eval time: the variance shift
            "keep_fraction_std_error": float(np.sqrt(p * (1 - p) / n)),
        },
        torch={
            "keep_fraction": float(kept.mean()),
            "kept_values_scaled": bool(np.allclose(yt[kept], x[kept] * scale, rtol=1e-12, atol=0.0)),
            "mean": float(yt.mean()),
            "eval_identity": bool(np.array_equal(et, x)),
        },
        sweep={"p": list(SWEEP), "inverted_mean_ratio": sweep_inv, "unscaled_mean_ratio": sweep_raw},
        lesson="Scaling the kept units by 1/(1-p) during training makes the expected activation equal to the input, "
               "so the network needs no change at test time (dropout simply switches off). The variance is still "
               "larger in training than at test time, which is why dropout placed before batch norm shifts its "
               "statistics.",
    )
