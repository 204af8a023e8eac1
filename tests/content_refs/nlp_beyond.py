"""Independent references for the numeric questions of the NLP and 'beyond' concept cards.

Every value is recomputed from first principles (enumeration, brute force, torch modules and
autograd, numpy), never copied from the cards.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction


def _n_params(module) -> int:
    return sum(p.numel() for p in module.parameters())


# ---------- word2vec-skipgram ----------

def _skipgram_pairs(T: int, m: int) -> int:
    words = list(range(T))
    pairs = [(c, o) for c in words for o in words if o != c and abs(o - c) <= m]
    return len(pairs)


def _skipgram_params(V: int, d: int) -> int:
    import torch

    center, context = torch.nn.Embedding(V, d), torch.nn.Embedding(V, d)
    return _n_params(center) + _n_params(context)


# ---------- word2vec-cbow ----------

def _cbow_prob() -> float:
    import torch

    u = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
    ctx = torch.tensor([[2.0, 0.0], [0.0, 2.0], [2.0, 2.0], [0.0, 0.0]], dtype=torch.float64)
    v_bar = ctx.mean(dim=0)
    return float(torch.softmax(u @ v_bar, dim=0)[2])


# ---------- hierarchical-softmax ----------

def _balanced_tree_depth(V: int) -> int:
    # build a balanced binary tree by repeatedly pairing nodes level by level; count levels
    level, depth = list(range(V)), 0
    while len(level) > 1:
        level = [tuple(level[i:i + 2]) for i in range(0, len(level), 2)]
        depth += 1
    assert depth == math.ceil(math.log2(V))
    return depth


def _hs_path_prob() -> float:
    """Depth-3 tree (8 leaves) with scores on the path to leaf 'left, right, left' = 2, -1, 0.5.

    Enumerates every leaf's probability, checks they sum to 1, and returns the target leaf's.
    """
    import torch

    # scores of the internal nodes keyed by the path prefix; unspecified nodes get arbitrary values
    scores = {(): 2.0, ("L",): -1.0, ("L", "R"): 0.5,
              ("R",): 0.3, ("L", "L"): -0.7, ("R", "L"): 1.1, ("R", "R"): -2.0}
    probs = {}
    for path in itertools.product("LR", repeat=3):
        p = torch.tensor(1.0, dtype=torch.float64)
        for j, turn in enumerate(path):
            s = torch.tensor(scores[tuple(path[:j])], dtype=torch.float64)
            p = p * torch.sigmoid(s if turn == "L" else -s)
        probs[path] = float(p)
    assert abs(sum(probs.values()) - 1.0) < 1e-12
    return probs[("L", "R", "L")]


# ---------- glove ----------

def _glove_h(x: float, c: float = 100.0, alpha: float = 0.75) -> float:
    import numpy as np

    return float(np.minimum(np.power(x / c, alpha), 1.0))


def _glove_term() -> float:
    import numpy as np

    residual = 2.0 + 0.5 - np.log(25.0)
    return _glove_h(25.0) * float(residual**2)


# ---------- fasttext-subword ----------

def _fasttext_units(word: str, nmin: int = 3, nmax: int = 6) -> int:
    marked = f"<{word}>"
    grams = {marked[i:i + n] for n in range(nmin, nmax + 1) for i in range(len(marked) - n + 1)}
    grams.add(marked)
    return len(grams)


# ---------- bert-pretraining ----------

def _bert_mask_count(n: int = 1000) -> float:
    return float(n * Fraction(15, 100) * Fraction(8, 10))


# ---------- seq2seq-attention ----------

def _masked_context() -> float:
    import torch

    scores = torch.tensor([2.0, 1.0, 0.0, 3.0], dtype=torch.float64)
    values = torch.tensor([1.0, 2.0, 3.0, 100.0], dtype=torch.float64)
    valid = torch.arange(4) < 3
    w = torch.softmax(scores.masked_fill(~valid, float("-inf")), dim=0)
    return float(w @ values)


# ---------- self-attention ----------

def _attention_vs_rnn_flops(n: int = 1000, d: int = 512) -> float:
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    q = torch.zeros(n, d, device="meta")
    k = torch.zeros(n, d, device="meta")
    with FlopCounterMode(display=False) as fc:
        torch.matmul(q, k.T)  # attention scores: n·n·d multiply-adds
    attn = fc.get_total_flops()
    h = torch.zeros(n, d, device="meta")
    w = torch.zeros(d, d, device="meta")
    with FlopCounterMode(display=False) as fc:
        torch.matmul(h, w)  # n recurrent steps of a d×d matrix-vector product
    rnn = fc.get_total_flops()
    return attn / rnn


def _cnn_layers_to_connect(n: int = 9, k: int = 3) -> int:
    import numpy as np

    # reach[i, j] = output position i depends on input position j after L layers
    step = np.zeros((n, n), dtype=int)
    for i in range(n):
        for j in range(max(0, i - k // 2), min(n, i + k // 2 + 1)):
            step[i, j] = 1
    reach, layers = np.eye(n, dtype=int), 0
    while not reach[n // 2].all():
        reach = (step @ reach > 0).astype(int)
        layers += 1
    return layers


# ---------- multi-head-attention ----------

def _mha_params(d: int = 512, h: int = 8) -> int:
    import torch

    return _n_params(torch.nn.MultiheadAttention(d, h))


def _attention_weights_mib(h: int = 16, n: int = 2048) -> float:
    import torch

    w = torch.empty(h, n, n, dtype=torch.float32, device="meta")
    return w.numel() * w.element_size() / 2**20


# ---------- transformer ----------

def _ffn_params(d: int = 512, d_ff: int = 2048) -> int:
    import torch

    ffn = torch.nn.Sequential(torch.nn.Linear(d, d_ff), torch.nn.ReLU(), torch.nn.Linear(d_ff, d))
    return _n_params(ffn)


def _encoder_layer_params() -> int:
    import torch

    return _n_params(torch.nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048))


# ---------- autoregressive-decoding ----------

def _kv_cache_scores(T: int = 100) -> int:
    count = 0
    for t in range(1, T + 1):
        for _key in range(t):
            count += 1
    return count


# ---------- exposure-bias ----------

def _all_truth_prob(n: int = 10, p: float = 0.9) -> float:
    total = 0.0
    for mask in itertools.product([True, False], repeat=n):
        prob = math.prod(p if m else 1 - p for m in mask)
        if all(mask):
            total += prob
    return total


def _inverse_sigmoid(i: int = 20, k: float = 10.0) -> float:
    return k / (k + math.exp(i / k))


# ---------- copy-coverage ----------

def _pointer_generator() -> float:
    import torch

    vocab = ["<unk>", "a", "w", "b"]
    p_vocab = torch.tensor([0.3, 0.4, 0.1, 0.2], dtype=torch.float64)
    source = ["a", "w", "b", "w"]
    attn = torch.tensor([0.1, 0.2, 0.4, 0.3], dtype=torch.float64)
    p_gen = 0.7
    final = p_gen * p_vocab
    idx = torch.tensor([vocab.index(s) for s in source])
    final = final.scatter_add(0, idx, (1 - p_gen) * attn)
    assert abs(float(final.sum()) - 1.0) < 1e-12
    return float(final[vocab.index("w")])


def _coverage_loss() -> float:
    import numpy as np

    return float(np.minimum([0.5, 0.3, 0.2], [0.9, 0.1, 0.0]).sum())


# ---------- pointer-network ----------

def _pointer_prob() -> float:
    import torch

    return float(torch.softmax(torch.tensor([1.0, 2.0, 3.0, 0.0], dtype=torch.float64), dim=0)[2])


# ---------- explainable-ml ----------

def _grad(fn, *xs, wrt: int) -> float:
    import torch

    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    fn(*ts).backward()
    return abs(float(ts[wrt].grad))


def _saturated_saliency() -> float:
    import torch

    # z = 1 * x_decisive + 0 * x_other with the decisive feature at 8
    return _grad(lambda a, b: torch.sigmoid(1.0 * a + 0.0 * b), 8.0, 0.5, wrt=0)


# ---------- meta-learning ----------

def _maml_grad(first_order: bool) -> float:
    import torch

    theta = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    alpha = 0.1

    def loss(p):
        return (p - 1.0) ** 2

    (g,) = torch.autograd.grad(loss(theta), theta, create_graph=not first_order)
    theta_prime = theta - alpha * g
    if first_order:
        theta_prime = theta_prime.detach().requires_grad_(True)
        (meta,) = torch.autograd.grad(loss(theta_prime), theta_prime)
    else:
        (meta,) = torch.autograd.grad(loss(theta_prime), theta)
    return float(meta)


# ---------- lifelong-learning ----------

def _ewc_penalty() -> float:
    import numpy as np

    b = np.array([10.0, 0.1])
    delta = np.array([0.5, 2.0])
    return float(0.5 * 1.0 * np.sum(b * delta**2))


def _bwt() -> float:
    import numpy as np

    R = np.full((3, 3), np.nan)
    R[0, 0], R[1, 1] = 0.90, 0.95
    R[2, :] = [0.60, 0.80, 0.90]
    T = 3
    return float(np.mean([R[T - 1, j] - R[j, j] for j in range(T - 1)]))


# ---------- reinforcement-learning ----------

def _discounted_return(rewards, gamma: float) -> float:
    g = 0.0
    for r in reversed(rewards):
        g = r + gamma * g
    return g


def _ppo_clip(ratio: float = 1.5, adv: float = 2.0, eps: float = 0.2) -> float:
    import torch

    r = torch.tensor(ratio, dtype=torch.float64)
    a = torch.tensor(adv, dtype=torch.float64)
    return float(torch.minimum(r * a, torch.clamp(r, 1 - eps, 1 + eps) * a))


# ---------- graph-neural-networks ----------

def _gcn_entry() -> float:
    import numpy as np

    A = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    At = A + np.eye(3)
    D = np.diag(1.0 / np.sqrt(At.sum(axis=1)))
    return float((D @ At @ D)[0, 1])


def _hops_needed(n: int = 6) -> int:
    import numpy as np

    A = np.zeros((n, n), dtype=int)
    for i in range(n - 1):
        A[i, i + 1] = A[i + 1, i] = 1
    step = A + np.eye(n, dtype=int)
    reach, layers = np.eye(n, dtype=int), 0
    while reach[0, n - 1] == 0:
        reach = (step @ reach > 0).astype(int)
        layers += 1
    return layers


# ---------- recommendation-models ----------

def _bpr_loss() -> float:
    import torch

    s_pos, s_neg = torch.tensor(2.0, dtype=torch.float64), torch.tensor(0.5, dtype=torch.float64)
    return float(-torch.nn.functional.logsigmoid(s_pos - s_neg))


def _cross_features() -> int:
    countries = [f"c{i}" for i in range(100)]
    categories = [f"k{i}" for i in range(50)]
    return len(set(itertools.product(countries, categories)))


REFS = {
    ("word2vec-skipgram", "pairs-count"): lambda: _skipgram_pairs(6, 2),
    ("word2vec-skipgram", "params-count"): lambda: _skipgram_params(10_000, 300),
    ("word2vec-cbow", "prob-toy"): _cbow_prob,
    ("hierarchical-softmax", "depth"): lambda: _balanced_tree_depth(65_536),
    ("hierarchical-softmax", "path-prob"): _hs_path_prob,
    ("glove", "weight"): lambda: _glove_h(25.0),
    ("glove", "loss-term"): _glove_term,
    ("fasttext-subword", "ngrams-where"): lambda: _fasttext_units("where"),
    ("bert-pretraining", "mask-count"): _bert_mask_count,
    ("seq2seq-attention", "masked-context"): _masked_context,
    ("self-attention", "cost-ratio"): _attention_vs_rnn_flops,
    ("self-attention", "cnn-layers"): _cnn_layers_to_connect,
    ("multi-head-attention", "params"): _mha_params,
    ("multi-head-attention", "score-memory"): _attention_weights_mib,
    ("transformer", "ffn-params"): _ffn_params,
    ("transformer", "encoder-layer-params"): _encoder_layer_params,
    ("autoregressive-decoding", "kv-cache"): _kv_cache_scores,
    ("exposure-bias", "all-truth"): _all_truth_prob,
    ("exposure-bias", "inverse-sigmoid"): _inverse_sigmoid,
    ("copy-coverage", "mixture"): _pointer_generator,
    ("copy-coverage", "coverage-loss"): _coverage_loss,
    ("pointer-network", "pointer-prob"): _pointer_prob,
    ("explainable-ml", "saliency-value"): lambda: _grad(lambda a, b: a**2 * b + 3 * b, 2.0, 1.0, wrt=1),
    ("explainable-ml", "saturation"): _saturated_saliency,
    ("meta-learning", "maml-grad"): lambda: _maml_grad(first_order=False),
    ("meta-learning", "fomaml-grad"): lambda: _maml_grad(first_order=True),
    ("lifelong-learning", "ewc-penalty"): _ewc_penalty,
    ("lifelong-learning", "bwt"): _bwt,
    ("reinforcement-learning", "return"): lambda: _discounted_return([1, 0, 0, 10], 0.9),
    ("reinforcement-learning", "ppo-clip"): _ppo_clip,
    ("graph-neural-networks", "gcn-weight"): _gcn_entry,
    ("graph-neural-networks", "hops"): _hops_needed,
    ("recommendation-models", "bpr"): _bpr_loss,
    ("recommendation-models", "cross-features"): _cross_features,
}
