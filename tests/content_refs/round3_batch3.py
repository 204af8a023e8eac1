"""Independent references for the numeric questions added in content round three, batch 3
(neurons and NLP cards: perceptron-xor, relu, softmax, attention, word2vec and neighbours).

Every value is recomputed from first principles (arithmetic, exact fractions, numpy/torch, brute
force), never copied from a card.
"""

from __future__ import annotations

import math


def _perceptron_mistake_bound() -> float:
    """Novikoff: k updates give k*gamma <= w.w* <= |w| <= sqrt(k) R, so k <= (R/gamma)^2. Also run the
    rule on random data with that radius and margin and check the count never exceeds the bound."""
    import numpy as np

    r, gamma = 2.0, 0.25
    bound = (r / gamma) ** 2
    rng = np.random.default_rng(0)
    w_star = np.array([1.0, 0.0, 0.0])
    for _ in range(20):
        x = rng.uniform(-r, r, size=(4000, 3))
        x = x[np.linalg.norm(x, axis=1) <= r]
        margin = x @ w_star
        x = x[np.abs(margin) >= gamma]
        y = np.sign(x @ w_star)
        w = np.zeros(3)
        mistakes = 0
        changed = True
        while changed:
            changed = False
            for xi, yi in zip(x, y):
                if yi * (w @ xi) <= 0:
                    w += yi * xi
                    mistakes += 1
                    changed = True
        assert mistakes <= bound
    return bound


def _tent_pieces() -> float:
    """Evaluate the 5-fold composition of 2 relu(x) - 4 relu(x - 0.5) on a fine dyadic grid and count
    the linear pieces as the runs of equal slope."""
    from fractions import Fraction

    def relu(v: Fraction) -> Fraction:
        return v if v > 0 else Fraction(0)

    def tent(v: Fraction) -> Fraction:
        return 2 * relu(v) - 4 * relu(v - Fraction(1, 2))

    n = 2 ** 9
    xs = [Fraction(i, n) for i in range(n + 1)]
    ys = []
    for x in xs:
        y = x
        for _ in range(5):
            y = tent(y)
        ys.append(y)
    slopes = [(ys[i + 1] - ys[i]) * n for i in range(n)]
    return float(1 + sum(1 for a, b in zip(slopes, slopes[1:]) if a != b))


def _relu_variance() -> float:
    """Var(ReLU(z)) for z ~ N(0, 1) by numerical integration against the normal density."""
    import numpy as np

    z = np.linspace(0.0, 12.0, 1_200_001)
    dens = np.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    m1 = float(np.trapezoid(z * dens, z))
    m2 = float(np.trapezoid(z * z * dens, z))
    return m2 - m1 * m1


def _min_p_count() -> float:
    """Count the tokens with p >= p_base * max(p), in exact fractions."""
    from fractions import Fraction

    probs = [Fraction(60, 100), Fraction(20, 100), Fraction(10, 100), Fraction(5, 100), Fraction(5, 100)]
    assert sum(probs) == 1
    threshold = Fraction(1, 10) * max(probs)
    return float(sum(1 for p in probs if p >= threshold))


def _cbow_context_gradient() -> float:
    """First component of d(-log P(w3 | context)) / d(one context vector) by torch autograd."""
    import torch

    u = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
    ctx = torch.tensor([[2.0, 0.0], [0.0, 2.0], [2.0, 2.0], [0.0, 0.0]], dtype=torch.float64, requires_grad=True)
    scores = u @ ctx.mean(dim=0)
    loss = -torch.log_softmax(scores, dim=0)[2]
    loss.backward()
    assert ctx.grad is not None
    assert torch.allclose(ctx.grad, ctx.grad[0].expand_as(ctx.grad))  # every context vector gets the same update
    return float(ctx.grad[0, 0])


def _huffman_average_depth() -> float:
    """Build the Huffman tree with a heap and average the leaf depths by frequency."""
    import heapq
    import itertools

    freqs = [0.5, 0.25, 0.125, 0.125]
    tie = itertools.count()
    heap: list[tuple[float, int, list[int]]] = [(f, next(tie), [i]) for i, f in enumerate(freqs)]
    heapq.heapify(heap)
    depth = [0] * len(freqs)
    while len(heap) > 1:
        fa, _, a = heapq.heappop(heap)
        fb, _, b = heapq.heappop(heap)
        for leaf in a + b:
            depth[leaf] += 1
        heapq.heappush(heap, (fa + fb, next(tie), a + b))
    return sum(f * d for f, d in zip(freqs, depth))


REFS = {
    ("perceptron-xor", "mistake-bound"): _perceptron_mistake_bound,
    ("piecewise-linear", "depth-pieces"): _tent_pieces,
    ("relu", "relu-variance"): _relu_variance,
    ("decoding-sampling", "min-p-count"): _min_p_count,
    ("word2vec-cbow", "context-gradient"): _cbow_context_gradient,
    ("hierarchical-softmax", "huffman-average"): _huffman_average_depth,
}
