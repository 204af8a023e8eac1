"""speculative-decoding: a draft distribution q proposes k tokens, the target p accepts each with probability
min(1, p/q) and, at the first rejection, resamples from the normalized residual max(0, p − q); if all k are
accepted a bonus token comes from p. Simulated over many target passes (the same p and q at every position),
the emitted tokens follow p exactly; the acceptance rate is α = Σ min(p, q) and a pass emits
(1 − α^(k+1))/(1 − α) tokens on average.

Result keys: vocab, k, trials, draft_cost, target, draft, accept_prob, residual, acceptance_rate, tv_target_draft,
expected_tokens_per_step, tokens_per_step, accepted_per_step, emitted, empirical, tv_distance, speedup, by_k,
resample_from_p, lesson."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Drill, Param

if TYPE_CHECKING:
    from numpy.random import Generator

MAX_DRAWS = 4_000_000  # trials · k drafted tokens at most (a few hundred milliseconds, tens of MB)
BY_K = 12  # the table of expected tokens per pass for k = 1 .. BY_K


def _check(values: dict[str, Any]) -> None:
    p, q = values["target"], values["draft"]
    if len(q) != len(p):
        raise ParamError(f"parameter 'draft' must have as many probabilities as 'target' ({len(p)}), got {len(q)}")
    for name in ("target", "draft"):
        if sum(values[name]) <= 0:
            raise ParamError(f"parameter '{name}' must have a positive sum (it is normalized to sum to 1)")
    if values["trials"] * values["k"] > MAX_DRAWS:
        raise ParamError(f"parameters 'trials' × 'k' must be at most {MAX_DRAWS:,} drafted tokens, got "
                         f"{values['trials']:,} × {values['k']}")


def _simplex(r: random.Random, n: int) -> list[float]:
    """n probabilities, each a positive multiple of 0.1, summing to 1."""
    cuts = sorted(r.sample(range(1, 10), n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 10])]
    return [x / 10 for x in parts]


def _tuple(xs: list[float]) -> str:
    return "(" + ", ".join(f"{x:g}" for x in xs) + ")"


def _drill(r: random.Random) -> Drill:
    n = r.choice([2, 3, 3, 4])
    p, q = _simplex(r, n), _simplex(r, n)
    while p == q:
        q = _simplex(r, n)
    k = r.choice([1, 2, 3, 4, 5])
    setting = (f"Over a {n}-token vocabulary the target model gives p = {_tuple(p)} and the draft model gives "
               f"q = {_tuple(q)}, the same at every position.")
    params = {"target": p, "draft": q, "k": k, "trials": 1000}
    if r.random() < 0.5:
        return Drill(params, f"{setting} What is the probability that speculative sampling accepts a drafted token?",
                     "acceptance_rate", "α = E_q[min(1, p/q)] = Σ min(p(x), q(x)), which is 1 − TV(p, q).", abs=0.005)
    return Drill(params, f"{setting} The draft proposes k = {k} token{'s' if k > 1 else ''} per step and acceptances "
                 "are independent. How many tokens does one target forward pass emit on average, counting the "
                 "resampled or bonus token?", "expected_tokens_per_step",
                 "α = Σ min(p, q); E[tokens per pass] = 1 + α + … + α^k = (1 − α^(k+1))/(1 − α).", rel=0.01)


SPEC = DemoSpec(
    id="speculative-decoding",
    title="Speculative sampling: draft, verify, and the output distribution",
    description="Drafts from q accepted with min(1, p/q), rejections resampled from max(0, p − q): the output "
                "follows the target p exactly; α = Σ min(p, q) sets the tokens per target pass.",
    topic="llm",
    cards=("speculative-decoding",),
    params=(
        Param("target", "float_list", [0.45, 0.25, 0.15, 0.1, 0.05],
              "target model's next-token probabilities p (normalized to sum to 1)", min=0.0, max=1e6,
              min_len=2, max_len=64),
        Param("draft", "float_list", [0.3, 0.3, 0.1, 0.2, 0.1],
              "draft model's probabilities q over the same tokens (normalized to sum to 1)", min=0.0, max=1e6,
              min_len=2, max_len=64),
        Param("k", "int", 4, "tokens drafted per step (verified in one target pass)", min=1, max=16),
        Param("trials", "int", 100_000, "simulated target passes (steps); trials × k ≤ 4,000,000", min=1,
              max=1_000_000),
        Param("draft_cost", "float", 0.05, "cost of one draft step, in target forward passes (for the speed-up)",
              min=0.0, max=1.0),
    ),
    headline=(
        ("acceptance rate α = Σ min(p, q)", "acceptance_rate"),
        ("expected tokens per target pass", "expected_tokens_per_step"),
        ("simulated tokens per target pass", "tokens_per_step"),
        ("TV(output frequencies, target)", "tv_distance"),
    ),
    check=_check,
    drill=_drill,
)


@dataclass
class SpeculativeDecodingResult(DemoResult):
    vocab: int
    k: int
    trials: int  # simulated target passes
    draft_cost: float
    target: list[float]  # p, normalized
    draft: list[float]  # q, normalized
    accept_prob: list[float | None]  # min(1, p(x)/q(x)) for each token x the draft can propose (None if q(x) = 0)
    residual: list[float]  # max(0, p − q) normalized: where a rejected draft's replacement is drawn from
    acceptance_rate: float  # α = Σ min(p, q)
    tv_target_draft: float  # TV(p, q) = 1 − α
    expected_tokens_per_step: float  # (1 − α^(k+1))/(1 − α), k + 1 when α = 1
    tokens_per_step: float  # simulated: emitted tokens / target passes
    accepted_per_step: float  # simulated: accepted drafts / target passes
    emitted: int  # tokens emitted over all simulated passes
    empirical: list[float]  # frequency of each token among the emitted ones
    tv_distance: float  # ½ Σ |empirical − p|
    speedup: float  # expected tokens per pass / (k · draft_cost + 1): wall-clock gain over plain decoding
    by_k: list[dict[str, float]]  # k, expected tokens per pass, speed-up with this draft_cost
    resample_from_p: dict[str, Any]  # the wrong rule (resample from p, not the residual): its exact output, TV to p
    lesson: str


def _tokens_per_pass(alpha: float, k: int) -> float:
    return float(sum(alpha ** j for j in range(k + 1)))  # 1 + α + … + α^k, exact at α = 1


def _sampler(probs: Any) -> Any:
    """Inverse-CDF sampling: a function from uniforms in [0, 1) to token ids drawn from probs."""
    import numpy as np

    cdf = np.cumsum(probs)
    cdf[-1] = 1.0
    top = len(probs) - 1
    return lambda u: np.minimum(np.searchsorted(cdf, u, side="right"), top)


def run(params: dict[str, Any], rng: Generator) -> SpeculativeDecodingResult:
    import numpy as np

    p = np.asarray(params["target"], dtype=np.float64)
    q = np.asarray(params["draft"], dtype=np.float64)
    p, q = p / p.sum(), q / q.sum()
    k, trials, cost = int(params["k"]), int(params["trials"]), float(params["draft_cost"])
    vocab = len(p)

    overlap = np.minimum(p, q)
    alpha = float(overlap.sum())
    leftover = np.maximum(p - q, 0.0)
    residual = leftover / leftover.sum() if leftover.sum() > 0 else p.copy()  # never used when α = 1
    ratio = np.where(q > 0, np.minimum(1.0, p / np.where(q > 0, q, 1.0)), 0.0)

    draw_q, draw_p, draw_res = _sampler(q), _sampler(p), _sampler(residual)
    counts = np.zeros(vocab, dtype=np.int64)
    alive = np.ones(trials, dtype=bool)  # passes whose drafts have all been accepted so far
    accepted = 0
    for _ in range(k):
        x = draw_q(rng.random(trials))
        ok = rng.random(trials) < ratio[x]
        take = alive & ok
        counts += np.bincount(x[take], minlength=vocab)
        accepted += int(take.sum())
        rejected = alive & ~ok
        n_rej = int(rejected.sum())
        if n_rej:
            counts += np.bincount(draw_res(rng.random(n_rej)), minlength=vocab)
        alive = take
    n_bonus = int(alive.sum())
    if n_bonus:
        counts += np.bincount(draw_p(rng.random(n_bonus)), minlength=vocab)
    emitted = int(counts.sum())
    empirical = counts / emitted

    expected = _tokens_per_pass(alpha, k)
    wrong = overlap + (1.0 - alpha) * p  # accepted mass, then the rejections resampled from p itself
    return SpeculativeDecodingResult(
        vocab=vocab, k=k, trials=trials, draft_cost=cost, target=p.tolist(), draft=q.tolist(),
        accept_prob=[float(r) if qq > 0 else None for r, qq in zip(ratio, q)],
        residual=residual.tolist() if leftover.sum() > 0 else [0.0] * vocab,
        acceptance_rate=alpha, tv_target_draft=float(0.5 * np.abs(p - q).sum()),
        expected_tokens_per_step=expected, tokens_per_step=emitted / trials, accepted_per_step=accepted / trials,
        emitted=emitted, empirical=empirical.tolist(), tv_distance=float(0.5 * np.abs(empirical - p).sum()),
        speedup=expected / (k * cost + 1.0),
        by_k=[{"k": j, "expected_tokens": _tokens_per_pass(alpha, j),
               "speedup": _tokens_per_pass(alpha, j) / (j * cost + 1.0)} for j in range(1, BY_K + 1)],
        resample_from_p={"distribution": wrong.tolist(), "tv": float(0.5 * np.abs(wrong - p).sum())},
        lesson="Acceptance gives each token min(p, q) and the residual resampling supplies max(0, p − q), so every "
               "emitted token follows the target exactly; the draft's quality only sets the speed: α = Σ min(p, q) "
               "and at most 1/(1 − α) tokens per target pass, however many tokens are drafted.",
    )
