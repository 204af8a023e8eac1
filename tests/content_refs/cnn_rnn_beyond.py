"""Independent references for the numeric questions of the cnn, rnn and beyond cards.

Every value is recomputed from first principles: torch layers and functions (parameter counts,
conv/pool outputs, autograd, CTC loss), brute-force enumeration, or a small independent
implementation (BPE, k-means step, n-gram counts)."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import torch
import torch.nn.functional as F


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _count_without(module: torch.nn.Module, skip: str) -> int:
    """Parameter count leaving out tensors whose name contains `skip` (e.g. PyTorch's second bias)."""
    return sum(p.numel() for name, p in module.named_parameters() if skip not in name)


# ---------- cnn ----------

_X = torch.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]]).reshape(1, 1, 3, 3)
_K = torch.tensor([[1.0, 0], [0, -1]]).reshape(1, 1, 2, 2)


def _xcorr_top_left() -> float:
    return F.conv2d(_X, _K)[0, 0, 0, 0].item()


def _true_conv_top_left() -> float:
    # textbook definition of 2-D convolution, 'valid' part: (X*K)[i,j] = sum X[m,n] K[i-m, j-n]
    x, k = _X[0, 0].numpy(), _K[0, 0].numpy()
    kh, kw = k.shape
    full = np.zeros((x.shape[0] + kh - 1, x.shape[1] + kw - 1))
    for i in range(full.shape[0]):
        for j in range(full.shape[1]):
            for m in range(x.shape[0]):
                for n in range(x.shape[1]):
                    if 0 <= i - m < kh and 0 <= j - n < kw:
                        full[i, j] += x[m, n] * k[i - m, j - n]
    return float(full[kh - 1, kw - 1])  # first fully overlapping position


def _max_pool_elements(n: int, c: int, f: int, s: int) -> int:
    return F.max_pool2d(torch.zeros(1, c, n, n), kernel_size=f, stride=s).numel()


def _bottleneck_macs_millions() -> float:
    x = torch.zeros(1, 192, 28, 28)
    conv1 = torch.nn.Conv2d(192, 16, 1, bias=False)
    conv5 = torch.nn.Conv2d(16, 32, 5, padding=2, bias=False)
    y1 = conv1(x)
    y2 = conv5(y1)
    # each output element needs one multiplication per weight of its filter (c_in * k * k)
    macs = y1.numel() * conv1.weight[0].numel() + y2.numel() * conv5.weight[0].numel()
    return macs / 1e6


def _receptive_field(layers: int, k: int) -> int:
    # build the stack, backprop from the centre output unit, measure the nonzero input extent
    n = 2 * layers * k + 1
    x = torch.zeros(1, 1, n, n, requires_grad=True)
    y = x
    for _ in range(layers):
        w = torch.ones(1, 1, k, k)
        y = F.conv2d(y, w)
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    rows = torch.nonzero(x.grad[0, 0].abs().sum(dim=1)).flatten()
    return int(rows.max() - rows.min() + 1)


def _fc_weights() -> int:
    layer = torch.nn.Linear(100 * 100 * 3, 1000, bias=False, device="meta")
    return _count(layer)


def _vgg_ratio() -> float:
    two = _count(torch.nn.Conv2d(64, 64, 3, bias=False)) * 2
    one = _count(torch.nn.Conv2d(64, 64, 5, bias=False))
    return two / one


# ---------- rnn ----------

def _scalar_rnn_grad(w: float, steps: int) -> float:
    h0 = torch.tensor(1.0, requires_grad=True)
    h = h0
    for _ in range(steps):
        h = w * h + 0.3  # constant input x_t
    h.backward()
    return h0.grad.item()


def _bigram(seq: str, a: str, b: str) -> float:
    toks = seq.split()
    pairs = Counter(zip(toks, toks[1:]))
    out = sum(v for (p, _), v in pairs.items() if p == a)
    return pairs[(a, b)] / out


def _markov_free_params(vocab: int, order: int) -> int:
    return sum(vocab - 1 for _ in itertools.product(range(vocab), repeat=order))


def _bpe_after_first_merge() -> tuple[tuple[str, str], int]:
    corpus = {tuple("bed"): 4, tuple("beds"): 3, tuple("bet"): 2, tuple("red"): 5}
    pairs: Counter = Counter()
    for word, n in corpus.items():
        for p in zip(word, word[1:]):
            pairs[p] += n
    best = max(pairs, key=pairs.get)
    merged = {}
    for word, n in corpus.items():
        out, i = [], 0
        while i < len(word):
            if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                out.append(word[i] + word[i + 1])
                i += 2
            else:
                out.append(word[i])
                i += 1
        merged[tuple(out)] = n
    return best, sum(len(w) * n for w, n in merged.items())


def _collapse(path: str) -> str:
    out = [c for i, c in enumerate(path) if i == 0 or c != path[i - 1]]
    return "".join(c for c in out if c != "-")


def _ctc_min_frames(target: str) -> int:
    alphabet = sorted(set(target)) + ["-"]
    for t in range(1, 10):
        if any(_collapse("".join(p)) == target for p in itertools.product(alphabet, repeat=t)):
            return t
    raise AssertionError("not found")


def _ctc_alignments_via_loss() -> float:
    # uniform probabilities over {blank, a}: P(target) = (#alignments) / 2^T, so #alignments = 2^T e^{-loss}
    t = 3
    log_probs = torch.full((t, 1, 2), math.log(0.5))
    loss = F.ctc_loss(log_probs, torch.tensor([[1]]), torch.tensor([t]), torch.tensor([1]), blank=0,
                      reduction="sum")
    return 2**t * math.exp(-loss.item())


def _bilstm_width() -> int:
    lstm = torch.nn.LSTM(input_size=8, hidden_size=128, bidirectional=True, batch_first=True)
    out, _ = lstm(torch.zeros(1, 5, 8))
    return out.shape[-1]


# ---------- beyond ----------

def _js(p: np.ndarray, q: np.ndarray) -> float:
    m = (p + q) / 2

    def kl(a, b):
        mask = a > 0
        return float(np.sum(a[mask] * np.log(a[mask] / b[mask])))

    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def _kmeans_step() -> np.ndarray:
    pts = np.array([[0, 0], [2, 0], [0, 2], [10, 10], [12, 10]], dtype=float)
    cents = np.array([[1, 1], [9, 9]], dtype=float)
    d = ((pts[:, None, :] - cents[None, :, :]) ** 2).sum(-1)
    assign = d.argmin(1)
    return np.array([pts[assign == k].mean(0) for k in range(len(cents))])


def _responsibility(x: float) -> float:
    comps = [torch.distributions.Normal(0.0, 1.0), torch.distributions.Normal(2.0, 1.0)]
    dens = [0.5 * c.log_prob(torch.tensor(x)).exp().item() for c in comps]
    return dens[1] / sum(dens)


def _cauchy_ratio(d: float) -> float:
    c = torch.distributions.Cauchy(0.0, 1.0)
    return (c.log_prob(torch.tensor(d)) - c.log_prob(torch.tensor(0.0))).exp().item()


def _perplexity_uniform(k: int) -> float:
    p = np.full(k, 1.0 / k)
    return float(2 ** (-(p * np.log2(p)).sum()))


def _f1() -> float:
    # 1000 transactions, 40 frauds; the detector flags 50 of which 30 are frauds
    y = np.zeros(1000, dtype=bool)
    y[:40] = True
    flag = np.zeros(1000, dtype=bool)
    flag[10:60] = True  # covers frauds 10..39 (30 of them) and 20 normal ones
    tp = np.sum(y & flag)
    prec, rec = tp / flag.sum(), tp / y.sum()
    return float(2 * prec * rec / (prec + rec))


def _trivial_accuracy() -> float:
    y = np.zeros(2000, dtype=bool)
    y[:10] = True  # 0.5% fraud
    pred = np.zeros_like(y)
    return float(np.mean(pred == y))


def _fgsm_second() -> float:
    x = torch.tensor([0.2, 0.5, 0.9], requires_grad=True)
    g = torch.tensor([0.3, -0.01, 0.0])
    loss = (g * x).sum()  # its gradient w.r.t. x is g
    loss.backward()
    return (x + 0.1 * x.grad.sign())[1].item()


def _linear_fgsm_gain() -> float:
    gen = torch.Generator().manual_seed(0)
    w = 0.1 * (torch.randint(0, 2, (784,), generator=gen).float() * 2 - 1)
    x = torch.rand(784, generator=gen, requires_grad=True)
    score = w @ x
    score.backward()
    x_adv = x + 0.02 * x.grad.sign()
    return (w @ x_adv - w @ x).item()


REFS = {
    # cnn
    ("cross-correlation", "top-left-value"): _xcorr_top_left,
    ("cross-correlation", "true-conv-value"): _true_conv_top_left,
    ("conv-channels", "rgb-layer-params"): lambda: _count(torch.nn.Conv2d(3, 64, 3)),
    ("conv-channels", "deep-layer-params"): lambda: _count(torch.nn.Conv2d(64, 128, 3)),
    ("one-by-one-conv", "params"): lambda: _count(torch.nn.Conv2d(256, 64, 1)),
    ("one-by-one-conv", "bottleneck-macs"): _bottleneck_macs_millions,
    ("pooling", "vgg-pool-size"): lambda: _max_pool_elements(224, 64, 2, 2),
    ("pooling", "overlap-pool"): lambda: F.max_pool2d(torch.zeros(1, 1, 55, 55), 3, 2).shape[-1],
    ("cnn-why", "fc-params"): _fc_weights,
    ("cnn-why", "receptive-field"): lambda: _receptive_field(3, 3),
    ("cnn-architectures", "alexnet-conv1"): lambda: _count(torch.nn.Conv2d(3, 96, 11, stride=4)),
    ("cnn-architectures", "vgg-ratio"): _vgg_ratio,
    # rnn
    ("rnn-basics", "params-single-bias"): lambda: _count_without(torch.nn.RNN(10, 20), "bias_hh"),
    ("bptt", "scalar-decay"): lambda: _scalar_rnn_grad(0.9, 50),
    ("lstm", "params-textbook"): lambda: _count_without(torch.nn.LSTM(100, 256), "bias_hh"),
    ("lstm", "params-pytorch"): lambda: _count(torch.nn.LSTM(100, 256)),
    ("gru", "params"): lambda: _count_without(torch.nn.GRU(100, 256), "bias_hh"),
    ("gru", "ratio"): lambda: _count(torch.nn.GRU(37, 53)) / _count(torch.nn.LSTM(37, 53)),
    ("bidirectional-rnn", "output-size"): _bilstm_width,
    ("bidirectional-rnn", "params"): lambda: _count(torch.nn.GRU(50, 64, bidirectional=True)),
    ("markov-autoregressive", "bigram-estimate"): lambda: _bigram("a b b a b a a b", "a", "b"),
    ("markov-autoregressive", "table-size"): lambda: _markov_free_params(10, 2),
    ("tokenization", "merges-needed"): lambda: 1000 - len(set("abcdefghijklmnopqrstuvwxyz") | {"</w>"}),
    ("tokenization", "first-merge-count"): lambda: _bpe_after_first_merge()[1],
    ("ctc", "min-frames"): lambda: _ctc_min_frames("hello"),
    ("ctc", "count-alignments"): _ctc_alignments_via_loss,
    # beyond
    ("autoencoder", "params"): lambda: _count(torch.nn.Sequential(torch.nn.Linear(784, 32), torch.nn.Linear(32, 784))),
    ("gan", "optimal-d"): lambda: max(
        (d for d in np.linspace(0.0001, 0.9999, 99_999)),
        key=lambda d: 0.3 * math.log(d) + 0.1 * math.log(1 - d)),
    ("gan", "js-disjoint"): lambda: _js(np.array([0.5, 0.5, 0, 0]), np.array([0, 0, 0.2, 0.8])),
    ("gmm-kmeans", "centroid-update"): lambda: _kmeans_step()[0, 0],
    ("gmm-kmeans", "responsibility"): lambda: _responsibility(1.5),
    ("tsne", "kernel-ratio"): lambda: _cauchy_ratio(3.0),
    ("tsne", "perplexity-uniform"): lambda: _perplexity_uniform(8),
    ("anomaly-detection", "f1"): _f1,
    ("anomaly-detection", "trivial-accuracy"): _trivial_accuracy,
    ("adversarial-attacks", "fgsm-step"): _fgsm_second,
    ("adversarial-attacks", "linear-effect"): _linear_fgsm_gain,
}
