"""Generated practice: fresh numeric questions with random parameters, answered by running the demo.

Each generator picks parameters and names a path into the demo's result; the expected answer is
read from a live run of the demo, never computed by a formula here.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable

from dlstudy.content.schema import Question, Tolerance


@dataclass
class DrillSpec:
    params: dict
    prompt: str
    answer_from: str
    tolerance: Tolerance
    explanation: str


def _conv(r: random.Random) -> DrillSpec:
    k = r.choice([1, 3, 3, 5, 7])
    s = r.choice([1, 1, 2, 2, 3])
    p = r.choice([0, 0, 1, 1, 2, 3])
    n = r.randint(max(k, 5), 64)
    return DrillSpec({"height": n, "width": n, "kernel": k, "padding": p, "stride": s},
                     f"A {n}×{n} input goes through a {k}×{k} convolution with padding {p} and stride {s}. "
                     f"What is the output height?", "formula.height", Tolerance(abs=0),
                     "⌊(n + 2p − f)/s⌋ + 1 per spatial dimension.")


def _uniform(r: random.Random) -> DrillSpec:
    a = r.choice([0.5, 1, 1.5, 2, 3, 4, 6, 10])
    return DrillSpec({"a": a, "samples": 1000}, f"What is the variance of U(−{a:g}, {a:g})?", "theory.variance",
                     Tolerance(rel=0.01), "Var U(−a, a) = a²/3.")


def _xavier(r: random.Random) -> DrillSpec:
    fi = r.choice([16, 32, 50, 64, 100, 128, 200, 256, 300, 400, 512])
    fo = r.choice([10, 16, 32, 64, 100, 128, 256])
    return DrillSpec({"fan_in": fi, "fan_out": fo, "depth": 2, "width": 16, "batch": 16},
                     f"Xavier-uniform with fan_in = {fi} and fan_out = {fo}: what is the bound a of U(−a, a)?",
                     "theory.uniform_bound", Tolerance(rel=0.01), "a = √(6/(fan_in + fan_out)).")


def _perplexity(r: random.Random) -> DrillSpec:
    probs = [r.choice([0.5, 0.25, 0.125, 0.1, 0.2, 0.4]) for _ in range(r.randint(2, 4))]
    shown = ", ".join(f"{p:g}" for p in probs)
    return DrillSpec({"probs": probs}, f"A language model gives the actual next tokens probabilities {shown}. "
                     "What is its perplexity on this text?", "perplexity", Tolerance(rel=0.01),
                     "PPL = exp(mean of −log p) = (∏ p)^(−1/N).")


def _label_smoothing(r: random.Random) -> DrillSpec:
    k = r.choice([2, 4, 5, 10, 100])
    eps = r.choice([0.05, 0.1, 0.2, 0.3])
    y = r.randrange(k)
    return DrillSpec({"K": k, "epsilon": eps, "y": y},
                     f"Label smoothing with ε = {eps:g} over K = {k} classes: what target probability does the true "
                     "class get?", f"target[{y}]", Tolerance(rel=0.001), "(1 − ε) + ε/K for the true class.")


def _softmax(r: random.Random) -> DrillSpec:
    logits = [float(r.randint(-2, 3)) for _ in range(r.randint(2, 4))]
    i = max(range(len(logits)), key=lambda j: logits[j])
    shown = ", ".join(f"{v:g}" for v in logits)
    return DrillSpec({"logits": logits, "dtype": "float64"},
                     f"softmax([{shown}]): what probability does logit #{i + 1} ({logits[i]:g}) get?",
                     f"stable[{i}]", Tolerance(abs=0.005), "e^{z_i} / Σ_j e^{z_j}; shifting by the max changes nothing.")


def _transposed_conv(r: random.Random) -> DrillSpec:
    n = r.randint(2, 16)
    k = r.choice([1, 2, 3, 3, 4, 4, 5])
    s = r.choice([1, 2, 2, 2, 3])
    d = 2 if r.random() < 0.15 else 1
    p = r.randint(0, d * (k - 1) // 2)  # keeps the output non-empty
    op = r.choice([0, 0, r.randrange(max(s, d))])  # torch needs output_padding < stride or < dilation
    extras = f", output_padding {op}" if op else ", no output padding"
    dil = f", dilation {d}" if d > 1 else ""
    return DrillSpec({"dims": "2d", "input_size": n, "kernel": k, "stride": s, "padding": p, "output_padding": op,
                      "dilation": d},
                     f"A {n}×{n} feature map goes through a transposed convolution with kernel {k}×{k}, stride {s}, "
                     f"padding {p}{extras}{dil}. What is the output height?",
                     "output_size", Tolerance(abs=0),
                     "out = (n − 1)·s − 2p + d·(k − 1) + output_padding + 1: each input step moves the kernel by s, "
                     "the kernel adds d·(k − 1) + 1, padding crops p from each side and output_padding adds at the end.")


def _iou(r: random.Random) -> DrillSpec:
    w1, h1 = r.randint(2, 8), r.randint(2, 8)
    x1, y1 = r.randint(0, 6), r.randint(0, 6)
    w2, h2 = r.randint(2, 8), r.randint(2, 8)
    x2 = x1 + r.randint(-(w2 // 2), w1 // 2)  # shifted by at most half a box: the boxes overlap
    y2 = y1 + r.randint(-(h2 // 2), h1 // 2)
    a, b = [x1, y1, x1 + w1, y1 + h1], [x2, y2, x2 + w2, y2 + h2]
    def show(box):
        return "[" + ", ".join(str(v) for v in box) + "]"

    return DrillSpec({"boxes": a + b, "scores": [0.9, 0.8]},
                     f"Boxes (x1, y1, x2, y2) A = {show(a)} and B = {show(b)}: what is their IoU, to 2 decimals "
                     "(a fraction is fine)?",
                     "iou[0][1]", Tolerance(abs=0.005),
                     "IoU = |A ∩ B| / (|A| + |B| − |A ∩ B|); the intersection is "
                     "max(0, min(x2) − max(x1)) · max(0, min(y2) − max(y1)).")


_NICE = ([0.5, 0.25, 0.125, 0.125], [0.4, 0.3, 0.2, 0.1], [0.6, 0.2, 0.1, 0.05, 0.05],
         [0.35, 0.25, 0.2, 0.1, 0.1], [0.7, 0.1, 0.1, 0.05, 0.05], [0.3, 0.3, 0.2, 0.1, 0.05, 0.05])


def _sampling(r: random.Random) -> DrillSpec:
    if r.random() < 0.5:
        probs = list(r.choice(_NICE))
        r.shuffle(probs)
        p = r.choice([0.5, 0.6, 0.75, 0.85, 0.9, 0.95])
        shown = ", ".join(f"{q:g}" for q in probs)
        return DrillSpec({"logits": [math.log(q) for q in probs], "temperature": 1.0, "p": p},
                         f"Next-token probabilities are {shown}. With nucleus (top-p) sampling at p = {p:g}, how "
                         "many tokens are kept?",
                         "top_p.count", Tolerance(abs=0),
                         "Sort the probabilities from high to low and keep the shortest prefix whose total is ≥ p.")
    logits = [float(r.randint(-1, 3)) for _ in range(r.randint(2, 4))]
    t = r.choice([0.5, 0.5, 2.0, 2.0, 0.25, 4.0])
    i = r.randrange(len(logits))
    shown = ", ".join(f"{v:g}" for v in logits)
    return DrillSpec({"logits": logits, "temperature": t},
                     f"Logits [{shown}] are sampled at temperature T = {t:g}. What probability does token #{i + 1} "
                     f"(logit {logits[i]:g}) get, to 2 decimals?",
                     f"probs[{i}]", Tolerance(abs=0.005),
                     "softmax(z / T): divide every logit by T, then exponentiate and normalize; T < 1 sharpens the "
                     "distribution, T > 1 flattens it.")


_KV_MODELS = [  # (layers, query_heads, kv_heads, head_dim): shapes of common open models
    (32, 32, 32, 128),  # 7B-class, multi-head attention
    (32, 32, 8, 128),   # 8B-class, grouped-query attention
    (40, 40, 40, 128),  # 13B-class, multi-head
    (80, 64, 8, 128),   # 70B-class, grouped-query
    (28, 28, 4, 128),   # 7B-class, grouped-query with 7 query heads per K/V head
    (24, 16, 16, 64),   # 1B-class, multi-head
    (32, 32, 1, 128),   # multi-query attention
]


def _kv_cache(r: random.Random) -> DrillSpec:
    layers, q, kv, d = r.choice(_KV_MODELS)
    seq = r.choice([1024, 2048, 4096, 8192, 16384, 32768, 131072])
    batch = r.choice([1, 1, 2, 4, 8, 16])
    bpv, dtype = r.choice([(2, "float16"), (2, "bfloat16"), (1, "int8"), (4, "float32")])
    # the unit follows the size class of the question (tokens in flight), not the answer
    small = seq * batch <= 4096
    unit, path = ("MB (10⁶ bytes)", "cache_mb") if small else ("GB (10⁹ bytes)", "cache_gb")
    kind = "multi-head" if kv == q else ("multi-query" if kv == 1 else "grouped-query")
    seqs = "one sequence" if batch == 1 else f"a batch of {batch} sequences"
    return DrillSpec({"layers": layers, "query_heads": q, "kv_heads": kv, "head_dim": d, "seq_len": seq,
                      "batch": batch, "bytes_per_value": bpv, "seq_lens": [seq]},
                     f"A decoder with {layers} layers, {q} query heads and {kv} key/value head{'s' if kv > 1 else ''} ({kind} attention), "
                     f"head_dim {d}, caches {seq:,} tokens for {seqs} in {dtype} ({bpv} byte{'s' if bpv > 1 else ''} "
                     f"per value). How large is the KV cache, in {unit}?",
                     path, Tolerance(rel=0.02),
                     "2 (K and V) · layers · batch · seq_len · kv_heads · head_dim · bytes per value; the query heads "
                     "do not enter, so GQA/MQA shrink the cache by query_heads/kv_heads.")


def _lora_rank(r: random.Random) -> DrillSpec:
    d_in = r.choice([128, 256, 384, 512, 768])
    d_out = r.choice([d_in, d_in, 128, 256, 512, 768])
    rank = r.choice([1, 2, 4, 8, 8, 16, 16, 32, 64])
    return DrillSpec({"d_in": d_in, "d_out": d_out, "true_rank": 1, "ranks": [rank]},
                     f"A LoRA adapter of rank {rank} is attached to a linear layer with {d_in} inputs and {d_out} "
                     "outputs (ΔW = B·A, no bias). How many trainable parameters does the adapter add?",
                     "params.lora[0]", Tolerance(abs=0),
                     "A is r × d_in and B is d_out × r: r·(d_in + d_out) parameters, instead of d_in·d_out for a full "
                     "update of the weight.")


GENERATORS: dict[str, Callable[[random.Random], DrillSpec]] = {
    "conv-output-shape": _conv,
    "uniform-variance": _uniform,
    "xavier-variance": _xavier,
    "perplexity": _perplexity,
    "label-smoothing": _label_smoothing,
    "softmax-overflow": _softmax,
    "transposed-conv": _transposed_conv,
    "iou-nms": _iou,
    "sampling-decoding": _sampling,
    "kv-cache": _kv_cache,
    "lora-rank": _lora_rank,
}


def available() -> list[str]:
    from dlstudy.demos.registry import get_spec

    return [d for d in GENERATORS if get_spec(d) is not None]


def make_question(demo_id: str, r: random.Random, number: int):
    """(question, value) with the answer read from a live run of the demo."""
    from dlstudy.demos.result import lookup
    from dlstudy.demos.runner import run_demo

    spec = GENERATORS[demo_id](r)
    run = run_demo(demo_id, spec.params, seed=r.randrange(2**31))
    value = float(lookup(run.to_dict(), spec.answer_from))
    from dlstudy.kinds import numeric

    q = Question(id=f"drill-{demo_id}-{number}", kind="numeric", prompt=spec.prompt, explanation=spec.explanation,
                 spec=numeric.Spec(value, spec.tolerance))
    return q, spec
