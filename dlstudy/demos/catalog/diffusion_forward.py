"""diffusion-forward: the forward (noising) process of a DDPM and its closed form.

x_t = √(1−β_t) x_{t−1} + √β_t ε_t, so x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε with ᾱ_t = ∏_{s≤t} (1−β_s) and the
signal-to-noise ratio SNR(t) = ᾱ_t / (1−ᾱ_t). β follows a linear schedule from beta_start to beta_end
(Ho et al. 2020) or the cosine schedule ᾱ_t = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s)·π/2), s = 0.008,
with β_t clipped at 0.999 (Nichol & Dhariwal 2021). A toy signal x_0 (a constant) is noised both with the
closed-form jump and by iterating the chain, and the sample mean and variance are compared with
√ᾱ_t x_0 and 1 − ᾱ_t. Lists are indexed by t − 1 (alpha_bar[0] is ᾱ_1, alpha_bar[-1] is ᾱ_T).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

COSINE_S = 0.008
MAX_CHAIN = 20_000_000  # steps · samples for the iterated chain


def _check(values: dict) -> None:
    if values["steps"] * values["samples"] > MAX_CHAIN:
        raise ParamError(f"parameter 'samples' (with steps): steps·samples = {values['steps'] * values['samples']:,} "
                         f"is too large (at most {MAX_CHAIN:,}); lower samples or steps")


SPEC = DemoSpec(
    id="diffusion-forward",
    title="Diffusion forward process: ᾱ_t and signal-to-noise ratio",
    description="ᾱ_t = ∏(1−β_s), SNR = ᾱ/(1−ᾱ) under a linear or cosine β schedule; noised samples "
                "match mean √ᾱ_t·x0 and variance 1−ᾱ_t.",
    topic="beyond",
    cards=("diffusion-models",),
    params=(
        Param("schedule", "choice", "linear", "β schedule (cosine ignores beta_start and beta_end)",
              choices=("linear", "cosine")),
        Param("beta_start", "float", 1e-4, "β_1 of the linear schedule", min=1e-6, max=0.999),
        Param("beta_end", "float", 0.02, "β_T of the linear schedule", min=1e-6, max=0.999),
        Param("steps", "int", 1000, "number of diffusion steps T", min=1, max=4000),
        Param("x0", "float", 1.0, "the toy clean signal (every sample starts at this value)", min=-100.0, max=100.0),
        Param("samples", "int", 4000, "noised samples drawn per checkpoint", min=100, max=200_000),
        Param("checkpoints", "int", 8, "timesteps at which samples are drawn (spread over 1..T)", min=1, max=32),
    ),
    headline=(
        ("ᾱ at the last step", "alpha_bar[-1]"),
        ("SNR at the last step", "snr[-1]"),
        ("first step with SNR below 1", "snr_below_1_step"),
    ),
    check=_check,
)


@dataclass
class DiffusionForwardResult(DemoResult):
    schedule: str
    beta_start: float
    beta_end: float
    steps: int
    x0: float
    samples: int
    t: list[int] = field(default_factory=list)  # 1..T
    beta: list[float] = field(default_factory=list)
    alpha_bar: list[float] = field(default_factory=list)  # ᾱ_t = ∏_{s≤t}(1−β_s)
    snr: list[float] = field(default_factory=list)  # ᾱ_t / (1 − ᾱ_t)
    log10_snr: list[float] = field(default_factory=list)
    snr_below_1_step: int | None = None  # first t with ᾱ_t < 1/2, None if never
    final: dict = field(default_factory=dict)  # alpha_bar, snr, signal coefficient √ᾱ_T, noise std
    checkpoints: list = field(default_factory=list)  # per t: theory and sample moments (jump and chain)
    max_moment_error: dict = field(default_factory=dict)  # largest |sample − theory| in mean and variance
    notes: list = field(default_factory=list)
    lesson: str = ""


def _betas(schedule: str, T: int, b0: float, b1: float, np):
    if schedule == "linear":
        return np.linspace(b0, b1, T) if T > 1 else np.array([b0])
    steps = np.arange(T + 1, dtype=np.float64)
    f = np.cos((steps / T + COSINE_S) / (1 + COSINE_S) * np.pi / 2) ** 2
    ab = f / f[0]
    return np.clip(1 - ab[1:] / ab[:-1], 0.0, 0.999)


def run(params: dict[str, Any], rng: Generator) -> DiffusionForwardResult:
    import numpy as np

    schedule = params["schedule"]
    T = int(params["steps"])
    b0, b1 = float(params["beta_start"]), float(params["beta_end"])
    x0, n = float(params["x0"]), int(params["samples"])
    beta = _betas(schedule, T, b0, b1, np)
    alpha_bar = np.cumprod(1.0 - beta)
    with np.errstate(divide="ignore"):
        snr = alpha_bar / (1.0 - alpha_bar)
        log_snr = np.log10(snr)
    below = np.nonzero(alpha_bar < 0.5)[0]

    k = min(int(params["checkpoints"]), T)
    ts = sorted({round(float(v)) for v in np.linspace(1, T, k)})
    # the closed-form jump: x_t = √ᾱ_t x0 + √(1−ᾱ_t) ε, fresh ε per checkpoint
    rows = []
    for t in ts:
        ab = float(alpha_bar[t - 1])
        xt = np.sqrt(ab) * x0 + np.sqrt(1 - ab) * rng.standard_normal(n)
        rows.append({"t": t, "alpha_bar": ab, "snr": float(snr[t - 1]), "theory_mean": float(np.sqrt(ab) * x0),
                     "theory_var": 1 - ab, "jump_mean": float(xt.mean()), "jump_var": float(xt.var())})
    # the chain: iterate x_t = √(1−β_t) x_{t−1} + √β_t ε_t from x0
    x = np.full(n, x0)
    want = {t: i for i, t in enumerate(ts)}
    for t in range(1, T + 1):
        x = np.sqrt(1 - beta[t - 1]) * x + np.sqrt(beta[t - 1]) * rng.standard_normal(n)
        if t in want:
            rows[want[t]]["chain_mean"] = float(x.mean())
            rows[want[t]]["chain_var"] = float(x.var())
    se = {"mean": max(abs(r[m] - r["theory_mean"]) for r in rows for m in ("jump_mean", "chain_mean")),
          "var": max(abs(r[v] - r["theory_var"]) for r in rows for v in ("jump_var", "chain_var"))}

    notes = []
    if schedule == "cosine":
        notes.append("cosine schedule: beta_start and beta_end are not used; β_t = 1 − ᾱ_t/ᾱ_{t−1} clipped at 0.999 "
                     "(the last step would otherwise have β_T = 1).")
    elif b1 < b0:
        notes.append("beta_end < beta_start: the noise is added fastest at the start.")
    abT = float(alpha_bar[-1])
    if abT > 0.01:
        notes.append(f"ᾱ_T = {abT:.4g}: x_T still carries a visible share of x0, so x_T is not pure N(0, 1) noise "
                     "and sampling from N(0, 1) at the start of generation would not match training.")
    return DiffusionForwardResult(
        schedule=schedule, beta_start=b0, beta_end=b1, steps=T, x0=x0, samples=n,
        t=list(range(1, T + 1)), beta=beta.tolist(), alpha_bar=alpha_bar.tolist(), snr=snr.tolist(),
        log10_snr=log_snr.tolist(),
        snr_below_1_step=int(below[0]) + 1 if below.size else None,
        final={"alpha_bar": abT, "snr": float(snr[-1]), "signal_coefficient": float(np.sqrt(abT)),
               "noise_std": float(np.sqrt(1 - abT))},
        checkpoints=rows, max_moment_error=se, notes=notes,
        lesson="Every step shrinks the signal by √(1−β_t) and tops the variance back up to 1, so x_t is a "
               "closed-form mix √ᾱ_t·x0 + √(1−ᾱ_t)·ε: training can jump to any t directly, and the schedule decides "
               "how quickly the SNR ᾱ/(1−ᾱ) falls towards 0.",
    )
