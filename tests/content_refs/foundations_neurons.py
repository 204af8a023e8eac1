"""Independent references for the numeric questions of the foundations and neurons concept cards.

Every value is recomputed from first principles (enumeration, brute force, numerical
differentiation, torch autograd, numpy linear algebra), never copied from the cards.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from fractions import Fraction

# ---------- helpers ----------

def _central_diff(f, x: float, h: float = 1e-5) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


def _entropy(p, base=math.e) -> float:
    return -sum(pi * math.log(pi, base) for pi in p if pi > 0)


def _autograd(fn, x0: float) -> float:
    import torch

    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    fn(x).backward()
    return float(x.grad)


def _n_params(module) -> int:
    return sum(p.numel() for p in module.parameters())


# ---------- tensors ----------

def _broadcast_numel() -> int:
    import numpy as np

    out = np.zeros((8, 1, 5)) + np.zeros((3, 1))
    return out.size


# ---------- lp-norms ----------

def _lp(x, p: float) -> float:
    return sum(abs(v) ** p for v in x) ** (1.0 / p)


def _l2_numpy() -> float:
    import numpy as np

    return float(np.linalg.norm(np.array([3.0, -4.0, 12.0]), ord=2))


# ---------- bayes-rule ----------

def _screening_posterior() -> float:
    # count a population of one million people: 1% ill, sensitivity 99%, false-positive rate 5%
    population = 1_000_000
    ill = population // 100
    healthy = population - ill
    true_pos = Fraction(99, 100) * ill
    false_pos = Fraction(5, 100) * healthy
    return float(true_pos / (true_pos + false_pos))


def _two_boxes() -> float:
    # enumerate every (box, ball) pair with its probability
    boxes = {"box1": (Fraction(2, 3), ["blue"] * 4 + ["green"]),
             "box2": (Fraction(1, 3), ["blue"] * 2 + ["green"] * 3)}
    joint = Counter()
    for name, (prior, balls) in boxes.items():
        for ball in balls:
            joint[(name, ball)] += prior * Fraction(1, len(balls))
    blue = sum(v for (b, ball), v in joint.items() if ball == "blue")
    return float(joint[("box1", "blue")] / blue)


# ---------- mle-nll ----------

def _coin_mle_grid() -> float:
    import numpy as np

    ps = np.linspace(1e-4, 1 - 1e-4, 99_999)
    loglik = 7 * np.log(ps) + 3 * np.log(1 - ps)
    return float(ps[np.argmax(loglik)])


def _coin_nll_at_07() -> float:
    flips = [1] * 7 + [0] * 3
    likelihood = 1.0
    for f in flips:
        likelihood *= 0.7 if f else 0.3
    return -math.log(likelihood)


# ---------- cross-entropy ----------

def _ce_one_hot() -> float:
    import torch
    import torch.nn.functional as F

    probs = torch.tensor([[0.7, 0.2, 0.1]], dtype=torch.float64)
    return float(F.nll_loss(torch.log(probs), torch.tensor([0])))


def _ce_uniform_10() -> float:
    import torch
    import torch.nn.functional as F

    logits = torch.zeros(1, 10, dtype=torch.float64)  # equal logits = uniform prediction
    return float(F.cross_entropy(logits, torch.tensor([3])))


# ---------- dot-cross-product ----------

def _dot() -> float:
    import numpy as np

    return float(np.dot([1, 2, 3], [4, -5, 6]))


def _parallelogram_area() -> float:
    import numpy as np

    return float(np.linalg.norm(np.cross([2.0, 0.0, 0.0], [1.0, 3.0, 0.0])))


# ---------- convexity-jensen ----------

def _jensen_gap() -> float:
    xs = [1, 3]
    e_fx = sum(x * x for x in xs) / len(xs)
    f_ex = (sum(xs) / len(xs)) ** 2
    return e_fx - f_ex


# ---------- svd-pca ----------

def _pca_explained_ratio() -> float:
    import numpy as np

    rng = np.random.default_rng(0)
    n = 50
    # orthonormal columns orthogonal to the all-ones vector, so the data matrix is centered
    q, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.standard_normal((n, 3))]))
    u = q[:, 1:4]
    v, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    x = u @ np.diag([3.0, 2.0, 1.0]) @ v.T
    eig = np.linalg.eigvalsh(np.cov(x, rowvar=False))
    return float(eig.max() / eig.sum())


# ---------- ridge-invertibility ----------

def _gram_rank() -> int:
    import numpy as np

    x = np.random.default_rng(1).standard_normal((5, 20))
    return int(np.linalg.matrix_rank(x.T @ x))


def _ridge_condition() -> float:
    import numpy as np

    q, _ = np.linalg.qr(np.random.default_rng(2).standard_normal((3, 3)))
    gram = q @ np.diag([4.0, 1.0, 0.0]) @ q.T
    return float(np.linalg.cond(gram + 0.5 * np.eye(3)))


# ---------- laplace-smoothing ----------

def _smoothed(word_count: int, total: int, vocab: int, alpha: float) -> float:
    # posterior mean of a categorical under a symmetric Dirichlet(alpha) prior:
    # build the corpus explicitly and count
    corpus = ["w0"] * word_count + [f"w{1 + (i % (vocab - 2))}" for i in range(total - word_count)]
    counts = Counter(corpus)
    vocabulary = [f"w{i}" for i in range(vocab)]  # w{vocab-1} never occurs
    posterior = {w: counts[w] + alpha for w in vocabulary}
    z = sum(posterior.values())
    return posterior["w0"] / z


def _smoothed_unseen() -> float:
    corpus = ["seen"] * 100
    vocabulary = ["seen"] + [f"other{i}" for i in range(49)]
    counts = Counter(corpus)
    posterior = {w: counts[w] + 0.5 for w in vocabulary}
    return posterior["other7"] / sum(posterior.values())


# ---------- perceptron-xor ----------

def _mlp_2_2_1_params() -> int:
    import torch.nn as nn

    return _n_params(nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1)))


def _perceptron_functions() -> int:
    # brute force: every truth table a threshold unit step(w1 x1 + w2 x2 + b) can realise
    grid = [i / 2 for i in range(-6, 7)]
    inputs = list(itertools.product([0, 1], repeat=2))
    tables = set()
    for w1, w2, b in itertools.product(grid, repeat=3):
        tables.add(tuple(int(w1 * x1 + w2 * x2 + b > 0) for x1, x2 in inputs))
    return len(tables)


# ---------- sigmoid-tanh ----------

def _sigmoid_grad0() -> float:
    import torch

    return _autograd(torch.sigmoid, 0.0)


def _tanh_grad0() -> float:
    return _central_diff(math.tanh, 0.0)


# ---------- piecewise-linear ----------

def _sigmoid_net_params() -> int:
    import torch.nn as nn

    return _n_params(nn.Sequential(nn.Linear(3, 10), nn.Sigmoid(), nn.Linear(10, 1)))


# ---------- loss-functions ----------

def _mse() -> float:
    import torch
    import torch.nn.functional as F

    return float(F.mse_loss(torch.tensor([2.0, 4.0, 9.0], dtype=torch.float64),
                            torch.tensor([3.0, 4.0, 5.0], dtype=torch.float64)))


def _mse_grad_saturated() -> float:
    import torch

    return abs(_autograd(lambda z: (torch.sigmoid(z) - 1.0) ** 2, -5.0))


# ---------- logistic-regression ----------

def _logreg_prob() -> float:
    import torch

    w = torch.tensor([2.0, -1.0], dtype=torch.float64)
    x = torch.tensor([1.0, 3.0], dtype=torch.float64)
    return float(torch.sigmoid(w @ x + 0.5))


# ---------- layer-width ----------

def _linear_params() -> int:
    import torch.nn as nn

    return _n_params(nn.Linear(784, 256))


def _mlp_params() -> int:
    import torch.nn as nn

    return _n_params(nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                                   nn.Linear(256, 10)))


REFS = {
    ("tensors", "broadcast-numel"): _broadcast_numel,
    ("lp-norms", "l1-value"): lambda: _lp([3, -4, 12], 1),
    ("lp-norms", "l2-value"): _l2_numpy,
    ("calculus-rules", "product-rule-value"): lambda: _central_diff(lambda x: x * x * math.sin(x), math.pi / 2),
    ("bayes-rule", "screening-test"): _screening_posterior,
    ("bayes-rule", "two-boxes"): _two_boxes,
    ("mle-nll", "coin-mle"): _coin_mle_grid,
    ("mle-nll", "coin-nll"): _coin_nll_at_07,
    ("entropy", "fair-coin-bits"): lambda: _entropy([0.5, 0.5], base=2),
    ("entropy", "skewed-nats"): lambda: _entropy([0.5, 0.25, 0.25]),
    ("cross-entropy", "one-hot-ce"): _ce_one_hot,
    ("cross-entropy", "uniform-init"): _ce_uniform_10,
    ("dot-cross-product", "dot-value"): _dot,
    ("dot-cross-product", "parallelogram-area"): _parallelogram_area,
    ("convexity-jensen", "jensen-gap"): _jensen_gap,
    ("svd-pca", "explained-variance"): _pca_explained_ratio,
    ("ridge-invertibility", "gram-rank"): _gram_rank,
    ("ridge-invertibility", "ridge-condition"): _ridge_condition,
    ("laplace-smoothing", "add-one-value"): lambda: _smoothed(3, 100, 50, 1.0),
    ("laplace-smoothing", "unseen-half"): _smoothed_unseen,
    ("perceptron-xor", "mlp-params"): _mlp_2_2_1_params,
    ("perceptron-xor", "separable-count"): _perceptron_functions,
    ("sigmoid-tanh", "sigmoid-grad-zero"): _sigmoid_grad0,
    ("sigmoid-tanh", "tanh-grad-zero"): _tanh_grad0,
    ("piecewise-linear", "sigmoid-net-params"): _sigmoid_net_params,
    ("loss-functions", "mse-value"): _mse,
    ("loss-functions", "mse-saturated-grad"): _mse_grad_saturated,
    ("logistic-regression", "predict-prob"): _logreg_prob,
    ("layer-width", "linear-params"): _linear_params,
    ("layer-width", "mlp-params"): _mlp_params,
}
