"""Independent references for the numeric questions of the checklist part three cards (LLM-era
interviews: speculative decoding, serving, long context, SFT, preference optimisation, RL for
reasoning, pretraining objectives, RAG, evaluation; and the vision topic: ViT, CLIP, self-supervised
vision).

Every value is recomputed from first principles (exact fractions, enumeration of outcomes, brute-force
sums, Monte Carlo-free closed counts, torch), never copied from a card.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

# ---------- speculative-decoding ----------

P3 = (Fraction(5, 10), Fraction(3, 10), Fraction(2, 10))
Q3 = (Fraction(3, 10), Fraction(3, 10), Fraction(4, 10))


def _accept_probability() -> float:
    """E over drafts x ~ q of the acceptance test min(1, p(x)/q(x)), summed token by token."""
    return float(sum(q * min(Fraction(1), p / q) for p, q in zip(P3, Q3)))


def _emitted_distribution_is_target() -> None:
    """Brute force of one speculative step with k = 1: accept, else resample from the residual."""
    alpha = sum(q * min(Fraction(1), p / q) for p, q in zip(P3, Q3))
    resid = [max(Fraction(0), p - q) for p, q in zip(P3, Q3)]
    z = sum(resid)
    out = [Fraction(0)] * 3
    for x, (p, q) in enumerate(zip(P3, Q3)):
        out[x] += q * min(Fraction(1), p / q)
    for x in range(3):
        out[x] += (1 - alpha) * resid[x] / z
    assert tuple(out) == P3


def _tokens_per_pass(alpha: Fraction, k: int) -> Fraction:
    """Enumerate all 2^k accept/reject patterns of k drafts: the step emits the accepted prefix
    plus one token (the resampled one, or the bonus token when every draft passed)."""
    total = Fraction(0)
    for pattern in itertools.product((True, False), repeat=k):
        prob = Fraction(1)
        for ok in pattern:
            prob *= alpha if ok else 1 - alpha
        prefix = 0
        for ok in pattern:
            if not ok:
                break
            prefix += 1
        total += prob * (prefix + 1)
    return total


def _expected_tokens() -> float:
    _emitted_distribution_is_target()
    alpha = Fraction(_accept_probability()).limit_denominator(1000)
    return float(_tokens_per_pass(alpha, 4))


def _wallclock_speedup() -> float:
    """Tokens per step over the step's cost in target passes (k draft steps at 0.05 + one target pass)."""
    k, c = 4, Fraction(5, 100)
    return float(_tokens_per_pass(Fraction(8, 10), k) / (k * c + 1))


REFS = {
    ("speculative-decoding", "acceptance-rate"): _accept_probability,
    ("speculative-decoding", "expected-tokens"): _expected_tokens,
    ("speculative-decoding", "wallclock-speedup"): _wallclock_speedup,
    ("speculative-decoding", "reject-prob"): lambda: float(min(Fraction(1), Fraction(2, 10) / Fraction(4, 10))),
}


# ---------- llm-serving ----------

def _roofline_step_seconds(batch: int, params: float, bytes_per_param: float, peak: float, bandwidth: float) -> float:
    """One decode step in the roofline model: the slower of the arithmetic and the weight traffic."""
    flops = 2.0 * params * batch
    return max(flops / peak, params * bytes_per_param / bandwidth)


def _tpot_floor_ms() -> float:
    return 1000.0 * _roofline_step_seconds(1, 7e9, 2, peak=float("inf"), bandwidth=2e12)


def _ridge_batch() -> float:
    """Scan batch sizes: the first batch at which the arithmetic time reaches the memory time."""
    params, peak, bw = 7e9, 312e12, 2e12
    for b in range(1, 10_000):
        if 2.0 * params * b / peak >= params * 2 / bw:
            return float(b)
    raise AssertionError("no ridge point")


def _kv_capacity() -> float:
    per_token = 2 * 32 * 8 * 128 * 2  # K and V, layers, KV heads, head dim, fp16 bytes
    free = (80 - 16) * 2**30
    return float(free // (per_token * 4096))


def _paged_waste() -> float:
    blocks = -(-1000 // 16)
    return float(blocks * 16 - 1000)


REFS.update({
    ("llm-serving", "tpot-floor"): _tpot_floor_ms,
    ("llm-serving", "ridge-batch"): _ridge_batch,
    ("llm-serving", "kv-capacity"): _kv_capacity,
    ("llm-serving", "paged-waste"): _paged_waste,
})


# ---------- long-context ----------

def _pi_position() -> float:
    """Position interpolation maps the longest new distance onto the longest trained one."""
    trained, target = 4096, 16384
    return float(Fraction(10_000) * Fraction(trained, target))


def _ntk_base() -> float:
    """Find by bisection the base whose slowest pair (i = d/2 - 1) turns exactly s times slower than with
    base 10000, as NTK-aware scaling requires (the fastest pair, i = 0, is unchanged for any base)."""
    d, s, b = 128, 4.0, 10_000.0
    slow = lambda base: base ** (-(d - 2) / d)  # noqa: E731
    lo, hi = b, 1e9
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if slow(mid) > slow(b) / s:
            lo = mid
        else:
            hi = mid
    return lo


def _slow_pairs() -> float:
    """Count the rotation pairs whose wavelength exceeds the trained length, pair by pair."""
    return float(sum(1 for i in range(64) if 2 * math.pi / (10_000 ** (-2 * i / 128)) > 4096))


def _alibi_bias() -> float:
    slopes = [2.0 ** (-8 * h / 8) for h in range(1, 9)]  # 1/2, 1/4, ..., 1/256
    query, key = 100, 0
    return -slopes[1] * (query - key)


REFS.update({
    ("long-context", "pi-position"): _pi_position,
    ("long-context", "ntk-base"): _ntk_base,
    ("long-context", "slow-pairs"): _slow_pairs,
    ("long-context", "alibi-bias"): _alibi_bias,
})


# ---------- supervised-fine-tuning ----------

def _masked_mean(token_losses: list[float], mask: list[int]) -> float:
    """Mean of the per-token losses where the mask is 1, as the SFT loss with an ignore label."""
    import torch
    import torch.nn.functional as F

    # logits whose cross-entropy at the target is exactly the given loss: class 0 with log-prob -loss
    targets = torch.tensor([0 if m else -100 for m in mask])
    logits = torch.stack([torch.log(torch.tensor([math.exp(-x), 1 - math.exp(-x)], dtype=torch.float64))
                          for x in token_losses])
    return float(F.cross_entropy(logits, targets, ignore_index=-100))


def _unmasked_loss() -> float:
    losses = [2.0] * 300 + [1.0] * 100
    return _masked_mean(losses, [1] * 400)


def _token_mean() -> float:
    losses = [2.0] * 10 + [1.0] * 90
    return _masked_mean(losses, [1] * 100)


def _sequence_mean() -> float:
    a = _masked_mean([2.0] * 10, [1] * 10)
    b = _masked_mean([1.0] * 90, [1] * 90)
    return (a + b) / 2


# ---------- preference-optimization ----------

def _dpo_pair_weight() -> float:
    """The factor multiplying this pair's gradient, read off autograd: dL/d(margin) = -sigma(-margin)."""
    import torch
    import torch.nn.functional as F

    r_w = torch.tensor(0.2, dtype=torch.float64, requires_grad=True)
    r_l = torch.tensor(-0.3, dtype=torch.float64)
    loss = -F.logsigmoid(r_w - r_l)
    loss.backward()
    return float(-r_w.grad)


def _simpo_loss() -> float:
    beta, gamma = 2.0, 1.0
    chosen = beta * (-30.0) / 15
    rejected = beta * (-60.0) / 20
    z = chosen - rejected - gamma
    return -math.log(1.0 / (1.0 + math.exp(-z)))


def _gae_first_step() -> float:
    """GAE by the backward recursion A_t = delta_t + gamma*lambda*A_{t+1}."""
    rewards = [0.0, 0.0, 1.0]
    values = [0.2, 0.5, 0.4, 0.0]
    gamma, lam = 1.0, 0.9
    adv = 0.0
    for t in reversed(range(3)):
        delta = rewards[t] + gamma * values[t + 1] - values[t]
        adv = delta + gamma * lam * adv
    return adv


REFS.update({
    ("supervised-fine-tuning", "unmasked-loss"): _unmasked_loss,
    ("supervised-fine-tuning", "token-mean"): _token_mean,
    ("supervised-fine-tuning", "sequence-mean"): _sequence_mean,
    ("preference-optimization", "dpo-grad-weight"): _dpo_pair_weight,
    ("preference-optimization", "simpo-loss"): _simpo_loss,
    ("preference-optimization", "gae-advantage"): _gae_first_step,
})


# ---------- rl-reasoning ----------

def _grpo_advantages() -> list[float]:
    import statistics

    rewards = [1.0, 1.0] + [0.0] * 6
    mean, std = statistics.fmean(rewards), statistics.pstdev(rewards)
    return [(r - mean) / std for r in rewards]


def _best_of_n() -> float:
    """Enumerate the 2^8 outcomes of 8 independent samples; a perfect verifier succeeds if any is right."""
    p = Fraction(3, 10)
    total = Fraction(0)
    for outcome in itertools.product((True, False), repeat=8):
        if any(outcome):
            prob = Fraction(1)
            for ok in outcome:
                prob *= p if ok else 1 - p
            total += prob
    return float(total)


REFS.update({
    ("rl-reasoning", "grpo-adv-correct"): lambda: _grpo_advantages()[0],
    ("rl-reasoning", "grpo-adv-wrong"): lambda: _grpo_advantages()[-1],
    ("rl-reasoning", "best-of-n"): _best_of_n,
})


# ---------- llm-pretraining-objectives ----------

def _embedding_params_billions() -> float:
    """Count the parameters of untied input and output matrices built on torch's meta device."""
    import torch

    emb = torch.nn.Embedding(128_000, 4096, device="meta")
    head = torch.nn.Linear(4096, 128_000, bias=False, device="meta")
    return (emb.weight.numel() + head.weight.numel()) / 1e9


def _bits_per_byte() -> float:
    """Total information of a 1000-token text in bits divided by its length in bytes."""
    tokens, nats_per_token, bytes_per_token = 1000, 2.0, 4
    return tokens * nats_per_token / math.log(2) / (tokens * bytes_per_token)


def _byte_bpe_vocab() -> float:
    base = len(bytes(range(256)))
    merges = 50_000  # each merge adds exactly one symbol
    specials = len(["<|endoftext|>"])
    return float(base + merges + specials)


REFS.update({
    ("llm-pretraining-objectives", "embed-params"): _embedding_params_billions,
    ("llm-pretraining-objectives", "bits-per-byte"): _bits_per_byte,
    ("llm-pretraining-objectives", "gpt2-vocab"): _byte_bpe_vocab,
})


# ---------- rag-systems ----------

def _mrr() -> float:
    """Ranked result lists per query (True = relevant); each query counts 1/rank of its first hit."""
    runs = [[True, False, False], [False, False, True, True], [False, False, False]]
    total = Fraction(0)
    for results in runs:
        first = next((i + 1 for i, rel in enumerate(results) if rel), None)
        total += Fraction(1, first) if first else 0
    return float(total / len(runs))


def _dcg(grades: list[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(grades))


def _ndcg() -> float:
    """The ideal DCG is found by brute force over every ordering of the collection's judged documents."""
    returned = [0, 2, 1]
    collection = [2, 1, 0, 0, 0]
    ideal = max(_dcg(list(p[:3])) for p in itertools.permutations(collection))
    return _dcg(returned) / ideal


def _recall_at_5() -> float:
    relevant = {"p1", "p2", "p3", "p4"}
    top5 = ["p1", "x1", "p3", "p4", "x2"]
    return len(relevant & set(top5)) / len(relevant)


def _rrf() -> float:
    bm25 = ["d", "a", "b"]
    dense = ["a", "b", "d"]
    return sum(1 / (60 + ranking.index("d") + 1) for ranking in (bm25, dense))


REFS.update({
    ("rag-systems", "mrr"): _mrr,
    ("rag-systems", "ndcg"): _ndcg,
    ("rag-systems", "recall-at-k"): _recall_at_5,
    ("rag-systems", "rrf"): _rrf,
})


# ---------- llm-evaluation ----------

def _pass_at_5_by_subsets() -> float:
    """Enumerate every 5-subset of the 10 samples (3 correct): the share containing a correct sample."""
    samples = [True] * 3 + [False] * 7
    subsets = list(itertools.combinations(range(10), 5))
    hits = sum(1 for s in subsets if any(samples[i] for i in s))
    return hits / len(subsets)


def _naive_pass_at_5() -> float:
    p_hat = Fraction(3, 10)
    return float(1 - (1 - p_hat) ** 5)


def _elo_expected(diff: float) -> float:
    """Expected score: the logistic curve in base 10 with scale 400 (ratings differ by diff)."""
    return 1.0 / (1.0 + 10.0 ** (-diff / 400.0))


def _elo_update() -> float:
    r_a, r_b, k = 1500.0, 1600.0, 32.0
    return r_a + k * (1.0 - _elo_expected(r_a - r_b))


REFS.update({
    ("llm-evaluation", "pass-at-k"): _pass_at_5_by_subsets,
    ("llm-evaluation", "naive-pass-at-k"): _naive_pass_at_5,
    ("llm-evaluation", "elo-expected"): lambda: _elo_expected(100.0),
    ("llm-evaluation", "elo-update"): _elo_update,
})


# ---------- vision-transformer ----------

def _patch_grid(size: int) -> int:
    """Patch tokens produced by a 16x16, stride-16 convolution on an RGB image (run on torch)."""
    import torch

    conv = torch.nn.Conv2d(3, 8, kernel_size=16, stride=16)
    with torch.no_grad():
        out = conv(torch.zeros(1, 3, size, size))
    return out.shape[-2] * out.shape[-1]


def _patch_embed_params() -> float:
    import torch

    conv = torch.nn.Conv2d(3, 768, kernel_size=16, stride=16, bias=True, device="meta")
    return float(sum(p.numel() for p in conv.parameters()))


def _swin_ratio() -> float:
    """Count query-key pairs: all pairs of the 56x56 grid vs pairs inside each 7x7 window."""
    side, m = 56, 7
    n = side * side
    windowed = 0
    for wy in range(0, side, m):
        for wx in range(0, side, m):
            tokens = len(range(wy, min(wy + m, side))) * len(range(wx, min(wx + m, side)))
            windowed += tokens * tokens
    return n * n / windowed


REFS.update({
    ("vision-transformer", "token-count"): lambda: float(_patch_grid(224) + 1),
    ("vision-transformer", "hires-patches"): lambda: float(_patch_grid(384)),
    ("vision-transformer", "patch-embed-params"): _patch_embed_params,
    ("vision-transformer", "swin-ratio"): _swin_ratio,
})


# ---------- clip-multimodal ----------

def _infonce_row(tau: float) -> float:
    """Cross-entropy of the row of similarities divided by tau, with the image's own caption as the class."""
    import torch
    import torch.nn.functional as F

    sims = torch.tensor([[0.3, 0.1, 0.0]], dtype=torch.float64)
    return float(F.cross_entropy(sims / tau, torch.tensor([0])))


def _chance_loss() -> float:
    """Symmetric InfoNCE on a 32,768 x 32,768 batch whose similarities are all equal, computed on a
    single row and column (every row is identical)."""
    import torch
    import torch.nn.functional as F

    row = torch.zeros(1, 32_768, dtype=torch.float64)
    i2t = F.cross_entropy(row, torch.tensor([0]))
    t2i = F.cross_entropy(row, torch.tensor([0]))
    return float((i2t + t2i) / 2)


def _llava_tokens() -> float:
    import torch

    conv = torch.nn.Conv2d(3, 4, kernel_size=14, stride=14)
    with torch.no_grad():
        out = conv(torch.zeros(1, 3, 336, 336))
    return float(out.shape[-2] * out.shape[-1])


REFS.update({
    ("clip-multimodal", "infonce-row"): lambda: _infonce_row(0.1),
    ("clip-multimodal", "infonce-temp"): lambda: _infonce_row(1.0),
    ("clip-multimodal", "chance-loss"): _chance_loss,
    ("clip-multimodal", "llava-tokens"): _llava_tokens,
})


# ---------- self-supervised-vision ----------

def _mae_visible() -> float:
    """Mask 75% of the patch indices of a 224/16 grid with a random permutation, as MAE does, and count
    the patches left for the encoder."""
    import torch

    n = (224 // 16) ** 2
    keep = int(n * (1 - 0.75))
    ids = torch.randperm(n, generator=torch.Generator().manual_seed(0))
    visible = ids[:keep]
    assert len(set(visible.tolist())) == keep
    return float(len(visible))


def _simclr_negatives() -> float:
    """Views of a batch of N images: for one anchor, count the views that are neither itself nor its pair."""
    n = 256
    views = [(img, v) for img in range(n) for v in (0, 1)]
    anchor = (0, 0)
    return float(sum(1 for view in views if view[0] != anchor[0]))


def _momentum_weight() -> float:
    """Run the EMA recursion on a scalar: the key starts at 1, the query stays at 0 for 1000 steps."""
    key, query, m = 1.0, 0.0, 0.999
    for _ in range(1000):
        key = m * key + (1 - m) * query
    return key


REFS.update({
    ("self-supervised-vision", "mae-visible"): _mae_visible,
    ("self-supervised-vision", "simclr-negatives"): _simclr_negatives,
    ("self-supervised-vision", "momentum-weight"): _momentum_weight,
})
