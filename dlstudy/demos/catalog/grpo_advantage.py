"""grpo-advantage: GRPO samples a group of answers to one prompt and gives answer i the advantage
(r_i − mean(r))/(std(r) + eps) within its group, in place of PPO's value baseline r_i − V. Rewards are sampled
(1 for a correct answer with probability p_correct, else 0) or given; over many simulated groups, the share whose
rewards are all equal (no learning signal) is compared with p^G + (1 − p)^G.

Result keys: group, p_correct, std_kind, sampled, rewards, mean, std, advantages, advantage_sum, value,
value_advantages, value_advantage_sum, zero_signal (groups, share, expected), zero_signal_by_p, lesson."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict[str, Any]) -> None:
    if len(values["rewards"]) == 1:
        raise ParamError("parameter 'rewards' needs at least 2 values (a group of answers), or none to sample them")


BY_P = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95)  # success rates for the table of wasted groups

SPEC = DemoSpec(
    id="grpo-advantage",
    title="GRPO: group-normalised advantages vs a value baseline",
    description="Advantage (r − mean)/(std + eps) within a group of answers to one prompt; a group with equal "
                "rewards gives no signal, which happens with probability p^G + (1 − p)^G.",
    topic="llm",
    cards=("rl-reasoning",),
    params=(
        Param("group", "int", 8, "answers sampled per prompt (G)", min=2, max=64),
        Param("p_correct", "float", 0.25, "chance that a sampled answer is correct (reward 1, else 0)", min=0.0,
              max=1.0),
        Param("rewards", "float_list", [], "the group's rewards, given instead of sampled (sets G); empty: sample",
              min=-1000.0, max=1000.0, min_len=0, max_len=64),
        Param("eps", "float", 1e-4, "added to the standard deviation so that equal rewards do not divide by 0",
              min=0.0, max=1.0),
        Param("std", "choice", "population", "standard deviation over G (population) or G − 1 (sample)",
              choices=("population", "sample")),
        Param("value", "float", 0.25, "a value model's estimate V of this prompt's expected reward (PPO-style "
              "baseline: advantage r − V)", min=-1000.0, max=1000.0),
        Param("groups", "int", 10_000, "simulated groups at p_correct for the share without signal", min=1,
              max=1_000_000),
    ),
    headline=(
        ("advantage of the first answer", "advantages[0]"),
        ("sum of the group's advantages", "advantage_sum"),
        ("groups with equal rewards (share)", "zero_signal.share"),
        ("p^G + (1 − p)^G", "zero_signal.expected"),
    ),
    check=_check,
)


@dataclass
class GrpoAdvantageResult(DemoResult):
    group: int  # G
    p_correct: float
    std_kind: str  # population (divide by G) or sample (G − 1)
    sampled: bool  # rewards drawn at p_correct (False: given)
    rewards: list[float]
    eps: float
    mean: float
    std: float
    advantages: list[float]  # (r − mean)/(std + eps)
    advantage_sum: float  # 0 up to rounding: the group mean is the baseline
    value: float  # V
    value_advantages: list[float]  # r − V
    value_advantage_sum: float  # G·(mean − V): zero only when V equals the group's mean
    zero_signal: dict[str, float]  # groups, share (simulated, all rewards equal), expected p^G + (1 − p)^G
    zero_signal_by_p: list[dict[str, float]]  # p, expected share without signal at this G
    lesson: str


def run(params: dict[str, Any], rng: Generator) -> GrpoAdvantageResult:
    import numpy as np

    p, eps, v = float(params["p_correct"]), float(params["eps"]), float(params["value"])
    given = [float(x) for x in params["rewards"]]
    g = len(given) if given else int(params["group"])
    r = np.asarray(given, dtype=np.float64) if given else (rng.random(g) < p).astype(np.float64)
    ddof = 1 if params["std"] == "sample" else 0
    std = float(r.std(ddof=ddof))
    adv = (r - r.mean()) / (std + eps) if std + eps > 0 else np.zeros(g)  # eps = 0 and equal rewards: no signal

    n = int(params["groups"])
    correct = rng.binomial(g, p, size=n)  # correct answers per simulated group
    share = float(np.mean((correct == 0) | (correct == g)))

    return GrpoAdvantageResult(
        group=g, p_correct=p, std_kind=str(params["std"]), sampled=not given, rewards=r.tolist(), eps=eps,
        mean=float(r.mean()), std=std, advantages=adv.tolist(), advantage_sum=float(adv.sum()), value=v,
        value_advantages=(r - v).tolist(), value_advantage_sum=float((r - v).sum()),
        zero_signal={"groups": n, "share": share, "expected": p ** g + (1 - p) ** g},
        zero_signal_by_p=[{"p": q, "expected": q ** g + (1 - q) ** g} for q in BY_P],
        lesson="GRPO's baseline is the group's own mean reward, so advantages sum to zero and need no value model; "
               "dividing by the group's std makes their scale independent of the reward's, and a group whose "
               "answers all score the same gives no policy-gradient signal.",
    )
