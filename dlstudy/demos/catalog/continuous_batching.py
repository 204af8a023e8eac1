"""continuous-batching: a queue of requests with random output lengths decoded by a server with `batch` slots,
one token per busy slot per step. Static batching takes the requests `batch` at a time and runs each batch
until its longest request ends (finished slots idle as padding); continuous (iteration-level) batching gives a
freed slot to the next request at the very next step. Prefill and memory limits are left out.

Result keys: requests, batch, min_len, max_len, mean_length, tokens, static, continuous (each: steps,
tokens_per_step, padding_share, slot_steps, mean_finish_step), throughput_ratio, first_batch,
first_batch_steps, expected_static_padding, lesson."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

FIRST_BATCH_SHOWN = 32


def _check(values: dict[str, Any]) -> None:
    if values["min_len"] > values["max_len"]:
        raise ParamError(f"parameter 'min_len' ({values['min_len']}) must not exceed 'max_len' ({values['max_len']})")


SPEC = DemoSpec(
    id="continuous-batching",
    title="Static vs continuous batching of requests of mixed length",
    description="Static batches run until their longest request ends, leaving finished slots idle; continuous "
                "batching refills a slot at the next step: tokens per step and the share of idle slot-steps.",
    topic="llm",
    cards=("llm-serving",),
    params=(
        Param("requests", "int", 1000, "requests waiting in the queue", min=1, max=50_000),
        Param("batch", "int", 16, "sequences decoded at once (slots)", min=1, max=512),
        Param("min_len", "int", 1, "shortest output, in tokens (lengths uniform between min_len and max_len)",
              min=1, max=100_000),
        Param("max_len", "int", 512, "longest output, in tokens", min=1, max=100_000),
    ),
    headline=(
        ("static: tokens per step", "static.tokens_per_step"),
        ("continuous: tokens per step", "continuous.tokens_per_step"),
        ("static: padding share", "static.padding_share"),
        ("continuous: padding share", "continuous.padding_share"),
    ),
    check=_check,
)


@dataclass
class ContinuousBatchingResult(DemoResult):
    requests: int
    batch: int
    min_len: int
    max_len: int
    mean_length: float  # of the drawn lengths
    tokens: int  # output tokens of all requests (the useful slot-steps)
    static: dict[str, float]  # steps, tokens_per_step, padding_share, slot_steps, mean_finish_step
    continuous: dict[str, float]  # the same for continuous batching
    throughput_ratio: float  # continuous tokens per step / static tokens per step
    first_batch: list[int]  # output lengths of the first static batch (its first FIRST_BATCH_SHOWN slots)
    first_batch_steps: int  # steps the first static batch runs: its longest request
    expected_static_padding: float  # 1 − E[length]/E[max of `batch` lengths], for uniform lengths and full batches
    lesson: str


def _stats(steps: int, tokens: int, batch: int, finish: Any) -> dict[str, float]:
    slot_steps = batch * steps
    return {"steps": steps, "tokens_per_step": tokens / steps, "padding_share": 1 - tokens / slot_steps,
            "slot_steps": slot_steps, "mean_finish_step": float(finish.mean())}


def _expected_padding(lo: int, hi: int, b: int) -> float:
    """For lengths uniform on lo..hi: 1 − E[L]/E[max of b lengths], with E[max] = Σ_x P(max ≥ x)."""
    n = hi - lo + 1
    e_max = lo + sum(1 - ((x - lo) / n) ** b for x in range(lo + 1, hi + 1))
    return 1 - (lo + hi) / 2 / e_max


def run(params: dict[str, Any], rng: Generator) -> ContinuousBatchingResult:
    import numpy as np

    n, b = int(params["requests"]), int(params["batch"])
    lo, hi = int(params["min_len"]), int(params["max_len"])
    lengths = rng.integers(lo, hi + 1, size=n)
    tokens = int(lengths.sum())

    # static: batches of b requests in queue order, each running until its longest request ends
    groups = [lengths[i:i + b] for i in range(0, n, b)]
    starts = np.cumsum([0] + [int(g.max()) for g in groups])
    static_steps = int(starts[-1])
    static_finish = np.concatenate([start + g for start, g in zip(starts[:-1], groups)])

    # continuous: each request takes the slot that frees first, at the step it frees
    free = [0] * min(b, n)
    cont_finish = np.empty(n)
    for i, length in enumerate(lengths.tolist()):
        start = heapq.heappop(free)
        cont_finish[i] = start + length
        heapq.heappush(free, start + length)
    cont_steps = int(cont_finish.max())

    static = _stats(static_steps, tokens, b, static_finish)
    continuous = _stats(cont_steps, tokens, b, cont_finish)
    hi_len = int(groups[0].max())
    return ContinuousBatchingResult(
        requests=n, batch=b, min_len=lo, max_len=hi, mean_length=float(lengths.mean()), tokens=tokens,
        static=static, continuous=continuous,
        throughput_ratio=continuous["tokens_per_step"] / static["tokens_per_step"],
        first_batch=groups[0][:FIRST_BATCH_SHOWN].tolist(), first_batch_steps=hi_len,
        expected_static_padding=_expected_padding(lo, hi, b),
        lesson="A static batch pays for its longest request in every slot, so with mixed lengths much of the GPU's "
               "slot-steps go to padding; continuous batching refills a slot as soon as its request ends, keeping "
               "the batch full until the queue runs dry.",
    )
