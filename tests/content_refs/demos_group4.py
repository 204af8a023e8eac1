"""References for padding-stride, perplexity, negative-sampling, attention and positional-encoding."""

import math

import numpy as np
import torch
import torch.nn.functional as F


def _conv_out_height(n: int, k: int, s: int, p: int) -> int:
    """Run a real convolution on a zero image and read the output height."""
    layer = torch.nn.Conv2d(1, 1, kernel_size=k, stride=s, padding=p)
    with torch.no_grad():
        return int(layer(torch.zeros(1, 1, n, n)).shape[2])


def _conv_params(c_in: int, c_out: int, k: int) -> int:
    return sum(t.numel() for t in torch.nn.Conv2d(c_in, c_out, k, bias=True).parameters())


def _perplexity(probs) -> float:
    """Definition: exp of the mean negative log-likelihood of the actual tokens."""
    return math.exp(sum(-math.log(p) for p in probs) / len(probs))


def _uniform_perplexity(v: int) -> float:
    # cross-entropy of a model with equal logits over V words, on a few arbitrary targets
    ce = F.cross_entropy(torch.zeros(3, v, dtype=torch.float64), torch.tensor([0, 17, v - 1]))
    return math.exp(ce.item())


def _cost_ratio(v: int, d: int, k: int) -> float:
    full = v * d  # one length-d dot product per vocabulary word
    ns = d * (k + 1)  # the positive pair and K negatives
    return full / ns


def _smoothed_rare() -> float:
    f = np.array([0.9, 0.1]) ** 0.75
    return float(f[1] / f.sum())


def _dot_std(d: int) -> float:
    """Std of q·k with N(0,1) entries from E[x²] by Gauss–Hermite quadrature: Var = d·E[q²]·E[k²]."""
    x, w = np.polynomial.hermite_e.hermegauss(20)
    second_moment = float(np.sum(w * x**2) / np.sum(w))
    return math.sqrt(d * second_moment * second_moment)


def _tiny_attention_weight() -> float:
    q = torch.tensor([[[1.0, 1.0, 1.0, 1.0]]], dtype=torch.float64)
    k = torch.tensor([[[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]], dtype=torch.float64)
    v = torch.eye(2, dtype=torch.float64).unsqueeze(0)  # values = identity, so the output is the weights
    return F.scaled_dot_product_attention(q, k, v)[0, 0, 0].item()


def _pe_table(positions, d: int) -> np.ndarray:
    table = np.zeros((len(positions), d))
    for r, pos in enumerate(positions):
        for j in range(d):
            angle = pos / 10000 ** (2 * (j // 2) / d)
            table[r, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return table


def _pe_dot(d: int, p: int, k: int) -> float:
    t = _pe_table([p, p + k], d)
    return float(t[0] @ t[1])


def _slowest_wavelength(d: int) -> float:
    # the period of sin(pos·ω) is the smallest positive pos with pos·ω = 2π
    omega_last = 1 / 10000 ** ((d - 2) / d)
    return 2 * math.pi / omega_last


REFS = {
    ("padding-stride", "resnet-stem"): lambda: _conv_out_height(224, 7, 2, 3),
    ("padding-stride", "param-count"): lambda: _conv_params(3, 64, 3),
    ("perplexity", "uniform-model"): lambda: _uniform_perplexity(10_000),
    ("perplexity", "three-tokens"): lambda: _perplexity([0.5, 0.25, 0.125]),
    ("negative-sampling", "cost-ratio"): lambda: _cost_ratio(100_000, 300, 5),
    ("negative-sampling", "smoothed-unigram"): _smoothed_rare,
    ("attention", "dot-std"): lambda: _dot_std(64),
    ("attention", "tiny-example"): _tiny_attention_weight,
    ("positional-encoding", "dot-offset-one"): lambda: _pe_dot(4, 7, 1),
    ("positional-encoding", "slowest-wavelength"): lambda: _slowest_wavelength(512),
}
