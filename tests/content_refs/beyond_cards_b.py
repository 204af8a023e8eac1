"""References for the second batch of beyond-the-notes cards (decoding, LLM and generative-model cards).

Every value is recomputed from first principles: real torch modules and tensors, brute force,
numerical integration or an independent implementation, never a number copied from a card.
"""

import itertools
import math

import numpy as np
import torch
import torch.nn.functional as F

GIB = 2**30


# ---------- decoding-sampling ----------

def _temperature_top(logits, t: float) -> float:
    z = torch.tensor(logits, dtype=torch.float64)
    return torch.softmax(z / t, dim=0)[0].item()


def _nucleus_top(probs, p: float) -> float:
    """Filter as a sampler would: sort, keep tokens until the cumulative mass first reaches p, renormalize."""
    probs = torch.tensor(probs, dtype=torch.float64)
    order = torch.argsort(probs, descending=True)
    kept, mass = [], 0.0
    for i in order.tolist():
        kept.append(i)
        mass += probs[i].item()
        if mass >= p - 1e-12:
            break
    logits = torch.full_like(probs, -math.inf)
    logits[kept] = probs[kept].log()
    return torch.softmax(logits, dim=0).max().item()


# ---------- kv-cache ----------

def _kv_cache_bytes(layers: int, kv_heads: int, d_head: int, tokens: int, dtype=torch.float16) -> int:
    """Allocate one layer's K and V for 16 tokens, measure the bytes, scale by layers and length."""
    probe = 16
    k = torch.zeros(1, kv_heads, probe, d_head, dtype=dtype)
    v = torch.zeros_like(k)
    per_layer = k.element_size() * k.numel() + v.element_size() * v.numel()
    return per_layer * layers * tokens // probe


# ---------- efficient-attention ----------

def _score_matrix_bytes(n: int, heads: int) -> int:
    probe = 64
    q = torch.zeros(1, heads, probe, 8, dtype=torch.float16)
    s = q @ q.transpose(-1, -2)  # (1, heads, probe, probe)
    return s.element_size() * s.numel() * (n // probe) ** 2


def _online_sum(scores) -> float:
    """The running sum l = Σ exp(s - m) equals exp(logsumexp(s) - max(s)) once every block is seen."""
    s = torch.tensor(scores, dtype=torch.float64)
    return torch.exp(torch.logsumexp(s, 0) - s.max()).item()


# ---------- lora-adapters ----------

def _lora_params(d: int, k: int, r: int) -> int:
    a = torch.nn.Linear(k, r, bias=False)  # A: r × k
    b = torch.nn.Linear(r, d, bias=False)  # B: d × r
    return sum(p.numel() for p in itertools.chain(a.parameters(), b.parameters()))


def _adapter_params(d: int, m: int) -> int:
    adapter = torch.nn.Sequential(torch.nn.Linear(d, m), torch.nn.GELU(), torch.nn.Linear(m, d))
    return sum(p.numel() for p in adapter.parameters())


# ---------- llm-quantization ----------

def _absmax_code(x: float, max_abs: float) -> int:
    from torch.ao.quantization.observer import MinMaxObserver

    obs = MinMaxObserver(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric, quant_min=-127, quant_max=127)
    obs(torch.tensor([x, max_abs, -0.5 * max_abs]))
    scale, zp = obs.calculate_qparams()
    fake = torch.fake_quantize_per_tensor_affine(torch.tensor([x]), scale.item(), int(zp.item()), -127, 127)
    return round(fake.item() / scale.item())


def _zero_point(lo: float, hi: float) -> int:
    from torch.ao.quantization.observer import MinMaxObserver

    obs = MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
    obs(torch.linspace(lo, hi, 11))
    return int(obs.calculate_qparams()[1].item())


def _int4_group_gb(n_params: float, group: int) -> float:
    """Pack one chunk of 4-bit codes two per byte plus one fp16 scale per group, then scale to n_params."""
    chunk = group * 64
    codes = torch.zeros(chunk // 2, dtype=torch.uint8)
    scales = torch.zeros(chunk // group, dtype=torch.float16)
    bytes_per_weight = (codes.numel() * codes.element_size() + scales.numel() * scales.element_size()) / chunk
    return n_params * bytes_per_weight / 1e9


# ---------- vae ----------

def _kl_numeric(mu: float, sigma: float) -> float:
    """KL(N(mu, sigma²) || N(0, 1)) by integrating q log(q/p) on a fine grid."""
    x = np.linspace(mu - 12 * sigma, mu + 12 * sigma, 200_001)
    log_q = -0.5 * ((x - mu) / sigma) ** 2 - math.log(sigma * math.sqrt(2 * math.pi))
    log_p = -0.5 * x**2 - 0.5 * math.log(2 * math.pi)
    return float(np.trapezoid(np.exp(log_q) * (log_q - log_p), x))


def _kl_diag(mu, logvar) -> float:
    from torch.distributions import Independent, Normal, kl_divergence

    mu = torch.tensor(mu, dtype=torch.float64)
    std = torch.exp(0.5 * torch.tensor(logvar, dtype=torch.float64))
    q = Independent(Normal(mu, std), 1)
    p = Independent(Normal(torch.zeros_like(mu), torch.ones_like(mu)), 1)
    return kl_divergence(q, p).item()


# ---------- diffusion-models ----------

def _alpha_bar(t: int, beta_1: float = 1e-4, beta_T: float = 0.02, T: int = 1000) -> float:
    betas = torch.linspace(beta_1, beta_T, T, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0)[t - 1].item()


def _one_shot_noise(x0: float, alpha_bar: float, eps: float) -> float:
    """Mean and variance of q(x_t|x_0) applied to a standard-normal draw eps."""
    from torch.distributions import Normal

    q = Normal(torch.tensor(math.sqrt(alpha_bar) * x0), torch.tensor(1 - alpha_bar).sqrt())
    return (q.mean + q.stddev * eps).item()


# ---------- modern-transformer-block ----------

def _rmsnorm_last(x) -> float:
    norm = torch.nn.RMSNorm(len(x), eps=1e-12, elementwise_affine=False)
    with torch.no_grad():
        return norm(torch.tensor(x, dtype=torch.float64))[-1].item()


def _swiglu_params(d: int, h: int) -> int:
    """W, V: d -> h and W2: h -> d, built on the meta device (no memory)."""
    layers = [torch.nn.Linear(d, h, bias=False, device="meta"), torch.nn.Linear(d, h, bias=False, device="meta"),
              torch.nn.Linear(h, d, bias=False, device="meta")]
    return sum(p.numel() for layer in layers for p in layer.parameters())


# ---------- scaling-laws ----------

def _flops_per_param_token() -> float:
    """Measure forward + backward FLOPs of a linear layer per weight per token (the 6 in 6ND)."""
    from torch.utils.flop_counter import FlopCounterMode

    layer = torch.nn.Linear(64, 32, bias=False)
    x = torch.randn(16, 64, requires_grad=True)
    with FlopCounterMode(display=False) as counter:
        layer(x).sum().backward()
    return counter.get_total_flops() / (16 * layer.weight.numel())


def _train_flops(n: float, d: float) -> float:
    return _flops_per_param_token() * n * d


def _optimal_params(c: float, tokens_per_param: float) -> float:
    """Bisection on log N for training FLOPs(N, D = tokens_per_param * N) = C."""
    per = _flops_per_param_token()
    lo, hi = 1.0, 1e15
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if per * mid * (tokens_per_param * mid) < c:
            lo = mid
        else:
            hi = mid
    return lo


def _days(flops: float, gpus: int, peak: float, mfu: float) -> float:
    seconds = flops / (gpus * peak * mfu)
    return seconds / (24 * 3600)


# ---------- mixture-of-experts ----------

def _capacity(tokens: int, experts: int, factor: float) -> int:
    """Dispatch a perfectly balanced batch, then allow factor times the per-expert share."""
    assignment = torch.arange(tokens) % experts
    share = torch.bincount(assignment, minlength=experts).float().mean().item()
    return int(share * factor)


def _active_expert_params(layers: int, d: int, h: int, k: int) -> float:
    one_expert = _swiglu_params(d, h)
    return layers * k * one_expert / 1e9


def _balance_value(experts: int, tokens: int = 64) -> float:
    probs = torch.zeros(tokens, experts)
    probs[:, 0] = 1.0  # every token sends all its router probability to expert 1
    f = torch.bincount(probs.argmax(dim=1), minlength=experts).float() / tokens
    p = probs.mean(dim=0)
    return (experts * (f * p).sum()).item()


# ---------- instruction-tuning-icl ----------

def _exact_match(p: float, length: int) -> float:
    from torch.distributions import Binomial

    return Binomial(length, torch.tensor(p, dtype=torch.float64)).log_prob(torch.tensor(float(length))).exp().item()


def _majority_right(p: float, n: int) -> float:
    total = 0.0
    for outcome in itertools.product([True, False], repeat=n):
        right = sum(outcome)
        if right > n - right:
            total += p**right * (1 - p) ** (n - right)
    return total


# ---------- rlhf-preference ----------

def _bt_loss(r_w: float, r_l: float) -> float:
    # cross-entropy of a two-way softmax over the rewards, with the preferred response as the label
    logits = torch.tensor([[r_w, r_l]], dtype=torch.float64)
    return F.cross_entropy(logits, torch.tensor([0])).item()


def _dpo_loss(beta: float, pol_w: float, ref_w: float, pol_l: float, ref_l: float) -> float:
    margin = beta * ((pol_w - ref_w) - (pol_l - ref_l))
    return -F.logsigmoid(torch.tensor(margin, dtype=torch.float64)).item()


REFS = {
    ("decoding-sampling", "temperature-top"): lambda: _temperature_top([2.0, 1.0, 0.0], 0.5),
    ("decoding-sampling", "nucleus-renormalized"): lambda: _nucleus_top([0.5, 0.2, 0.15, 0.1, 0.05], 0.8),
    ("kv-cache", "cache-gib"): lambda: _kv_cache_bytes(32, 32, 128, 4096) / GIB,
    ("kv-cache", "gqa-per-token"): lambda: _kv_cache_bytes(80, 8, 128, 1) / 1024,
    ("efficient-attention", "score-matrix-gib"): lambda: _score_matrix_bytes(8192, 32) / GIB,
    ("efficient-attention", "online-sum"): lambda: _online_sum([3.0, 2.0, 4.0, 1.0]),
    ("lora-adapters", "lora-params"): lambda: _lora_params(4096, 4096, 8),
    ("lora-adapters", "adapter-params"): lambda: _adapter_params(768, 64),
    ("llm-quantization", "absmax-code"): lambda: _absmax_code(0.3, 2.0),
    ("llm-quantization", "zero-point"): lambda: _zero_point(-0.3, 1.2),
    ("llm-quantization", "int4-memory"): lambda: _int4_group_gb(70e9, 128),
    ("vae", "kl-1d"): lambda: _kl_numeric(1.0, 0.5),
    ("vae", "kl-2d"): lambda: _kl_diag([0.5, -0.5], [0.0, 0.0]),
    ("diffusion-models", "alpha-bar-500"): lambda: _alpha_bar(500),
    ("diffusion-models", "one-shot-noise"): lambda: _one_shot_noise(2.0, 0.25, -1.0),
    ("modern-transformer-block", "rmsnorm-value"): lambda: _rmsnorm_last([1.0, 2.0, 3.0, 4.0]),
    ("modern-transformer-block", "swiglu-params"): lambda: _swiglu_params(4096, 11008) / 1e6,
    ("scaling-laws", "train-flops"): lambda: _train_flops(7e9, 2e12),
    ("scaling-laws", "chinchilla-size"): lambda: _optimal_params(5.76e23, 20) / 1e9,
    ("scaling-laws", "training-days"): lambda: _days(_train_flops(7e9, 2e12), 1000, 312e12, 0.4),
    ("mixture-of-experts", "expert-capacity"): lambda: _capacity(4096, 16, 1.25),
    ("mixture-of-experts", "active-params"): lambda: _active_expert_params(32, 4096, 14336, 2),
    ("mixture-of-experts", "balance-collapse"): lambda: _balance_value(8),
    ("instruction-tuning-icl", "exact-match"): lambda: _exact_match(0.9, 10),
    ("instruction-tuning-icl", "self-consistency-vote"): lambda: _majority_right(0.6, 5),
    ("rlhf-preference", "rm-loss"): lambda: _bt_loss(1.5, 0.5),
    ("rlhf-preference", "dpo-loss"): lambda: _dpo_loss(0.1, -10.0, -12.0, -15.0, -12.0),
}
