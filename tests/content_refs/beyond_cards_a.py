"""Independent references for the numeric questions of the first batch of cards beyond the notes.

Every value is recomputed from first principles: confusion-matrix arithmetic on explicit label
arrays, brute-force pair counting and curve integration, torch autograd through real torch layers
(pooling, dropout, batch norm, transposed convolution, activations), torch.finfo and real float16 /
bfloat16 arithmetic, a pixel-grid IoU and an independent greedy NMS, element sizes of torch dtypes,
a simulated ring all-reduce, simulated successive halving, and n-gram counts of an explicit corpus.
Nothing is copied from the cards.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import torch
import torch.nn.functional as F

# ---------- classification-metrics ----------

def _labels_from_counts(tp: int, fp: int, fn: int, tn: int) -> tuple[np.ndarray, np.ndarray]:
    y_true = np.array([1] * tp + [0] * fp + [1] * fn + [0] * tn)
    y_pred = np.array([1] * tp + [1] * fp + [0] * fn + [0] * tn)
    return y_true, y_pred


def _f1_from_counts() -> float:
    y, p = _labels_from_counts(40, 10, 20, 930)
    precision = np.sum((p == 1) & (y == 1)) / np.sum(p == 1)
    recall = np.sum((p == 1) & (y == 1)) / np.sum(y == 1)
    return 2 * precision * recall / (precision + recall)


def _auc_trapezoid() -> float:
    # area under the ROC curve traced by sweeping the threshold over every score (trapezoid rule)
    pos = [0.9, 0.8, 0.4]
    neg = [0.7, 0.3, 0.2, 0.1]
    scores = np.array(pos + neg)
    labels = np.array([1] * len(pos) + [0] * len(neg))
    pts = [(0.0, 0.0)]
    for t in sorted(set(scores), reverse=True):
        pred = scores >= t
        tpr = np.sum(pred & (labels == 1)) / len(pos)
        fpr = np.sum(pred & (labels == 0)) / len(neg)
        pts.append((fpr, tpr))
    pts.append((1.0, 1.0))
    xs, ys = zip(*pts)
    return float(np.trapezoid(ys, xs))


def _precision_screening() -> float:
    n, prevalence, recall, fpr = 10_000, 0.01, 0.9, 0.05
    positives = round(n * prevalence)
    negatives = n - positives
    y_true = np.array([1] * positives + [0] * negatives)
    y_pred = np.zeros(n, dtype=int)
    y_pred[: round(recall * positives)] = 1  # detected positives
    y_pred[positives: positives + round(fpr * negatives)] = 1  # false alarms
    return np.sum((y_pred == 1) & (y_true == 1)) / np.sum(y_pred == 1)


# ---------- backprop-mlp-numpy ----------

def _logit_gradient() -> float:
    # mean cross-entropy over a batch of 4; row 0 has softmax (0.7, 0.2, 0.1) and label 0
    logits = torch.randn(4, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    logits[0] = torch.log(torch.tensor([0.7, 0.2, 0.1], dtype=torch.float64))
    logits.requires_grad_(True)
    y = torch.tensor([0, 1, 2, 1])
    F.cross_entropy(logits, y).backward()
    return logits.grad[0, 0].item()


def _bias_gradient() -> float:
    g = torch.tensor([[0.1, -0.2], [0.3, 0.1], [-0.05, 0.05]], dtype=torch.float64)
    h = torch.randn(3, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    lin = torch.nn.Linear(4, 2).double()
    (lin(h) * g).sum().backward()  # upstream gradient g
    return lin.bias.grad[0].item()


def _centered_difference() -> float:
    f = lambda w: w ** 3  # noqa: E731
    w, h = 2.0, 0.01
    return (f(w + h) - f(w - h)) / (2 * h)


# ---------- layer-gradients ----------

def _avgpool_gradient() -> float:
    x = torch.tensor([[[[1.0, 3.0], [2.0, 0.0]]]], requires_grad=True)
    (F.avg_pool2d(x, 2, 2) * 5.0).sum().backward()
    return x.grad[0, 0, 1, 1].item()


def _overlapping_maxpool() -> float:
    x = torch.tensor([[[1.0, 5.0, 2.0, 0.0, 3.0]]], requires_grad=True)
    F.max_pool1d(x, kernel_size=3, stride=1).sum().backward()
    return x.grad[0, 0, 1].item()


def _relu_dropout_backward() -> float:
    # many copies of the pair a = (1.5, -0.5); torch's own dropout mask (recovered by replaying the same
    # seed on ones) picks the pairs where both units were kept
    n = 2000
    a = torch.tensor([1.5, -0.5]).repeat(n).requires_grad_(True)
    torch.manual_seed(0)
    mask = F.dropout(torch.ones(2 * n), p=0.2, training=True) != 0
    torch.manual_seed(0)
    out = F.dropout(F.relu(a), p=0.2, training=True)
    (out * 2.0).sum().backward()
    both = (mask[0::2] & mask[1::2]).nonzero()[0].item()
    return (a.grad[2 * both] + a.grad[2 * both + 1]).item()


# ---------- mixed-precision ----------

def _fp16_smallest() -> float:
    # halve in float16 until the value flushes to zero; the last nonzero value is the smallest one
    v = torch.tensor(1.0, dtype=torch.float16)
    while True:
        nxt = v / 2
        if nxt.item() == 0.0:
            return v.item()
        v = nxt


def _bf16_swamping() -> float:
    w = torch.tensor(1.0, dtype=torch.bfloat16)
    return (w + torch.tensor(0.001, dtype=torch.bfloat16)).item()


def _largest_loss_scale() -> float:
    g = torch.tensor(8.0, dtype=torch.float16)
    best = None
    for k in range(40):
        if torch.isfinite(g * torch.tensor(2.0 ** k, dtype=torch.float16)).item():
            best = 2.0 ** k
        else:
            break
    assert torch.finfo(torch.float16).max == 65504
    return best


# ---------- detection-basics ----------

def _box_mask(box, res: int = 10, size: int = 40) -> np.ndarray:
    # rasterize an axis-aligned box on a fine grid (cell centres), res cells per unit
    c = (np.arange(size * res) + 0.5) / res
    xs, ys = np.meshgrid(c, c, indexing="xy")
    x1, y1, x2, y2 = box
    return (xs > x1) & (xs < x2) & (ys > y1) & (ys < y2)


def _pixel_iou(a, b) -> float:
    ma, mb = _box_mask(a), _box_mask(b)
    return np.sum(ma & mb) / np.sum(ma | mb)


def _nms_count() -> float:
    boxes = [((0, 0, 10, 10), 0.9), ((1, 1, 11, 11), 0.8), ((20, 20, 30, 30), 0.7), ((2, 2, 12, 12), 0.6)]
    remaining = sorted(boxes, key=lambda b: -b[1])
    kept = []
    while remaining:
        best = remaining.pop(0)
        kept.append(best)
        remaining = [b for b in remaining if _pixel_iou(best[0], b[0]) <= 0.5]
    return len(kept)


def _anchor_count() -> float:
    anchors = []
    for y in range(40):
        for x in range(60):
            for scale in (128, 256, 512):
                for ratio in (0.5, 1.0, 2.0):
                    anchors.append((x, y, scale * math.sqrt(ratio), scale / math.sqrt(ratio)))
    return len(anchors)


# ---------- segmentation-upsampling ----------

def _tconv_height(n: int, k: int, s: int, p: int) -> float:
    layer = torch.nn.ConvTranspose2d(1, 1, kernel_size=k, stride=s, padding=p)
    return layer(torch.zeros(1, 1, n, n)).shape[-1]


def _tconv_overlap() -> float:
    layer = torch.nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2, bias=False)
    with torch.no_grad():
        layer.weight.fill_(1.0)
        out = layer(torch.ones(1, 1, 5))
    return out[0, 0, 4].item()


REFS = {
    # classification-metrics
    ("classification-metrics", "f1-from-counts"): _f1_from_counts,
    ("classification-metrics", "auc-by-pairs"): _auc_trapezoid,
    ("classification-metrics", "precision-under-imbalance"): _precision_screening,
    # backprop-mlp-numpy
    ("backprop-mlp-numpy", "logit-gradient"): _logit_gradient,
    ("backprop-mlp-numpy", "bias-gradient"): _bias_gradient,
    ("backprop-mlp-numpy", "centered-difference"): _centered_difference,
    # layer-gradients
    ("layer-gradients", "avgpool-gradient"): _avgpool_gradient,
    ("layer-gradients", "overlapping-maxpool"): _overlapping_maxpool,
    ("layer-gradients", "relu-dropout-backward"): _relu_dropout_backward,
    # mixed-precision
    ("mixed-precision", "fp16-smallest"): _fp16_smallest,
    ("mixed-precision", "bf16-swamping"): _bf16_swamping,
    ("mixed-precision", "largest-loss-scale"): _largest_loss_scale,
    # detection-basics
    ("detection-basics", "iou-boxes"): lambda: _pixel_iou((0, 0, 4, 4), (2, 2, 6, 6)),
    ("detection-basics", "nms-kept"): _nms_count,
    ("detection-basics", "anchor-count"): _anchor_count,
    # segmentation-upsampling
    ("segmentation-upsampling", "tconv-double"): lambda: _tconv_height(16, 4, 2, 1),
    ("segmentation-upsampling", "tconv-odd"): lambda: _tconv_height(7, 3, 2, 1),
    ("segmentation-upsampling", "tconv-overlap"): _tconv_overlap,
}


# ---------- calibration ----------

def _ece_two_bins() -> float:
    # explicit predictions: 60 at confidence 0.9 (42 correct), 40 at confidence 0.6 (22 correct); 10 equal bins
    conf = np.array([0.9] * 60 + [0.6] * 40)
    correct = np.array([1] * 42 + [0] * 18 + [1] * 22 + [0] * 18)
    edges = np.linspace(0, 1, 11)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - conf[in_bin].mean())
    return ece


def _temperature_prob() -> float:
    return torch.softmax(torch.tensor([2.0, 0.0]) / 2.0, dim=0)[0].item()


def _fit_temperature() -> float:
    # grid search over T of the validation NLL: 100 examples with logits (4, 0), 80 of them class 0
    logits = torch.tensor([[4.0, 0.0]], dtype=torch.float64).repeat(100, 1)
    y = torch.tensor([0] * 80 + [1] * 20)

    def nll(temps: torch.Tensor) -> torch.Tensor:
        logp = torch.log_softmax(logits[None] / temps[:, None, None], dim=-1)  # (T, 100, 2)
        return -logp[:, torch.arange(100), y].mean(dim=1)

    temps = torch.linspace(0.5, 6.0, 5501, dtype=torch.float64)
    coarse = temps[nll(temps).argmin()].item()
    fine = torch.linspace(coarse - 0.002, coarse + 0.002, 4001, dtype=torch.float64)
    return fine[nll(fine).argmin()].item()


# ---------- distributed-training ----------

def _adam_state_bytes_per_param() -> int:
    # measure Adam's state on a real float32 parameter (exp_avg and exp_avg_sq)
    p = torch.nn.Parameter(torch.zeros(1000, dtype=torch.float32))
    opt = torch.optim.Adam([p])
    p.grad = torch.ones_like(p)
    opt.step()
    state = opt.state[p]
    nbytes = sum(t.numel() * t.element_size() for k, t in state.items() if k != "step")
    return nbytes // p.numel()


def _bytes_per_param() -> dict[str, int]:
    half = torch.tensor([], dtype=torch.float16).element_size()
    single = torch.tensor([], dtype=torch.float32).element_size()
    return {"weights": half, "grads": half, "optimizer": single + _adam_state_bytes_per_param()}


def _model_states_gb() -> float:
    b = _bytes_per_param()
    return 7.5e9 * sum(b.values()) / 1e9


def _zero2_gb() -> float:
    b, n = _bytes_per_param(), 64
    return 7.5e9 * (b["weights"] + (b["grads"] + b["optimizer"]) / n) / 1e9


def _ring_allreduce_gb() -> float:
    # simulate reduce-scatter + all-gather on a ring of 8 workers and count what each one sends
    n, chunk = 8, 3
    rng = np.random.default_rng(0)
    data = [rng.standard_normal(n * chunk) for _ in range(n)]
    expected = np.sum(data, axis=0)
    bufs = [d.reshape(n, chunk).copy() for d in data]
    sent = np.zeros(n)
    for step in range(n - 1):  # reduce-scatter
        msgs = [(r, (r - step) % n, bufs[r][(r - step) % n].copy()) for r in range(n)]
        for r, c, payload in msgs:
            bufs[(r + 1) % n][c] += payload
            sent[r] += payload.size
    for step in range(n - 1):  # all-gather
        msgs = [(r, (r + 1 - step) % n, bufs[r][(r + 1 - step) % n].copy()) for r in range(n)]
        for r, c, payload in msgs:
            bufs[(r + 1) % n][c] = payload
            sent[r] += payload.size
    assert all(np.allclose(b.reshape(-1), expected) for b in bufs)
    return float(sent[0] / (n * chunk) * 2.0)  # fraction of the gradient sent, times 2 GB


# ---------- hyperparameter-search ----------

def _random_hit_top5() -> float:
    # Monte Carlo: 60 uniform trials, each a hit if it lands in the top 5% of [0, 1]
    rng = np.random.default_rng(0)
    trials = rng.random((200_000, 60))
    return float(np.mean((trials > 0.95).any(axis=1)))


def _successive_halving_epochs() -> float:
    configs, epochs, total = list(range(81)), 1, 0
    rng = np.random.default_rng(0)
    while True:
        total += len(configs) * epochs
        if len(configs) == 1:
            return total
        scores = rng.random(len(configs))
        keep = len(configs) // 3
        configs = [c for _, c in sorted(zip(scores, configs))[:keep]]
        epochs *= 3


def _hyperband_brackets() -> float:
    eta, ratio, s_max = 3, 81, 0
    while eta ** (s_max + 1) <= ratio:
        s_max += 1
    return len(range(s_max, -1, -1))


# ---------- modern-activations ----------

def _silu_minimum() -> float:
    x = torch.linspace(-5, 0, 500_001, dtype=torch.float64)
    return F.silu(x).min().item()


def _swiglu_hidden() -> float:
    d = 768
    standard = sum(p.numel() for m in (torch.nn.Linear(d, 3072, bias=False), torch.nn.Linear(3072, d, bias=False))
                   for p in m.parameters())
    for h in range(1, 4 * 3072):
        if 3 * d * h == standard:
            swiglu = sum(p.numel() for m in (torch.nn.Linear(d, h, bias=False), torch.nn.Linear(d, h, bias=False),
                                             torch.nn.Linear(h, d, bias=False)) for p in m.parameters())
            assert swiglu == standard
            return h
    raise AssertionError("no matching hidden size")


# ---------- residual-connections ----------

def _residual_gradient() -> float:
    x0 = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    x = x0
    for _ in range(10):
        x = x + 0.1 * x  # branch F(x) = 0.1x has derivative 0.1
    x.backward()
    return x0.grad.item()


def _bottleneck_params() -> float:
    block = torch.nn.Sequential(
        torch.nn.Conv2d(256, 64, 1, bias=False),
        torch.nn.Conv2d(64, 64, 3, padding=1, bias=False),
        torch.nn.Conv2d(64, 256, 1, bias=False),
    )
    return sum(p.numel() for p in block.parameters())


# ---------- ngram-smoothing ----------

_CORPUS = ["<s> the cat sat </s>", "<s> the dog sat </s>", "<s> the cat ran </s>"]


def _bigrams() -> Counter:
    out = Counter()
    for sent in _CORPUS:
        toks = sent.split()
        out.update(zip(toks, toks[1:]))
    return out


def _interpolated_prob() -> float:
    big = _bigrams()
    uni = Counter(t for s in _CORPUS for t in s.split() if t != "<s>")
    n_tokens = sum(uni.values())
    c_cat = sum(c for (v, _), c in big.items() if v == "cat")
    p_big = big[("cat", "sat")] / c_cat
    return 0.7 * p_big + 0.3 * uni["sat"] / n_tokens


def _p_cont(word: str) -> float:
    types = set(_bigrams())
    return len({v for v, w in types if w == word}) / len(types)


def _kneser_ney(v: str, w: str, d: float = 0.75) -> float:
    big = _bigrams()
    c_v = sum(c for (a, _), c in big.items() if a == v)
    followers = len({b for (a, b) in big if a == v})
    return max(big[(v, w)] - d, 0) / c_v + d * followers / c_v * _p_cont(w)


REFS.update({
    # calibration
    ("calibration", "ece-two-bins"): _ece_two_bins,
    ("calibration", "temperature-prob"): _temperature_prob,
    ("calibration", "fit-temperature"): _fit_temperature,
    # distributed-training
    ("distributed-training", "model-states-memory"): _model_states_gb,
    ("distributed-training", "zero2-per-gpu"): _zero2_gb,
    ("distributed-training", "ring-allreduce-traffic"): _ring_allreduce_gb,
    # hyperparameter-search
    ("hyperparameter-search", "random-hit-top5"): _random_hit_top5,
    ("hyperparameter-search", "successive-halving-budget"): _successive_halving_epochs,
    ("hyperparameter-search", "hyperband-brackets"): _hyperband_brackets,
    # modern-activations
    ("modern-activations", "gelu-at-one"): lambda: F.gelu(torch.tensor(1.0, dtype=torch.float64)).item(),
    ("modern-activations", "silu-minimum"): _silu_minimum,
    ("modern-activations", "swiglu-hidden"): _swiglu_hidden,
    # residual-connections
    ("residual-connections", "residual-gradient"): _residual_gradient,
    ("residual-connections", "bottleneck-params"): _bottleneck_params,
    # ngram-smoothing
    ("ngram-smoothing", "interpolated-prob"): _interpolated_prob,
    ("ngram-smoothing", "continuation-prob"): lambda: _p_cont("cat"),
    ("ngram-smoothing", "kneser-ney-bigram"): lambda: _kneser_ney("cat", "sat"),
})
