"""Independent references for the numeric questions added by content round three, batch 2
(foundations, llm and neurons cards).

Every value is recomputed from first principles (exact fractions, brute-force minimization,
enumeration, numpy/torch), never copied from a card.
"""

from __future__ import annotations

from fractions import Fraction

# ---------- classification-metrics ----------


def _cost_optimal_threshold() -> float:
    """Scan thresholds on a fine grid: the expected cost of the decision at score p is
    min(p·c_FN, (1 − p)·c_FP); the threshold is where predicting positive becomes the cheaper one."""
    c_fp, c_fn = 1.0, 19.0
    n = 200_000
    for i in range(n + 1):
        p = i / n
        if p * c_fn > (1 - p) * c_fp:  # saying "negative" costs more than saying "positive"
            return p
    raise AssertionError("no threshold")


def _prior_shift_correction() -> float:
    """Bayes with explicit likelihoods: a balanced training prior makes the calibrated score
    s = L1/(L1 + L0), so the likelihood ratio is s/(1 − s); apply it to the deployment prior."""
    s = Fraction(8, 10)
    lr = s / (1 - s)  # P(x | fraud) / P(x | legit), learned under a 1:1 prior
    prior = Fraction(1, 100)
    return float(prior * lr / (prior * lr + (1 - prior)))


# ---------- cosine-similarity ----------


def _random_cosine_spread() -> float:
    """Monte Carlo: 60,000 pairs of standard normal vectors in 1024 dimensions (relative error of the
    standard deviation about 1/sqrt(2·60,000) ≈ 0.3%)."""
    import numpy as np

    rng = np.random.default_rng(0)
    cos = []
    for _ in range(12):
        a = rng.standard_normal((5000, 1024))
        b = rng.standard_normal((5000, 1024))
        cos.append((a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)))
    return float(np.concatenate(cos).std())


# ---------- entropy ----------


def _gaussian_differential_entropy() -> float:
    """-∫ p ln p for N(0, 0.1²) by the trapezoid rule on ±12σ."""
    import numpy as np

    sigma = 0.1
    x = np.linspace(-12 * sigma, 12 * sigma, 400_001)
    p = np.exp(-x**2 / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))
    return float(np.trapezoid(-p * np.log(p), x))


# ---------- hessian-critical-points ----------


def _saddle_escape_factor() -> float:
    """Run one gradient-descent step on f(d) = ½ dᵀHd with H = diag(-0.5, 2) from d = (1, 0) and read
    how much the first component grew (torch autograd gives the gradient)."""
    import torch

    h = torch.diag(torch.tensor([-0.5, 2.0], dtype=torch.float64))
    d = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
    (0.5 * d @ h @ d).backward()
    assert d.grad is not None
    new = d.detach() - 0.1 * d.grad
    return float(new[0] / d.detach()[0])


# ---------- laplace-smoothing ----------


def _add_one_unseen_mass() -> float:
    """Build the add-one distribution over all 10,000 words (50 seen words share 100 counts) and add up
    the probabilities of the unseen ones."""
    counts = [2] * 50 + [0] * 9950
    total = sum(counts) + len(counts)
    probs = [Fraction(c + 1, total) for c in counts]
    assert sum(probs) == 1
    return float(sum(p for c, p in zip(counts, probs) if c == 0))


# ---------- lp-norms ----------


def _soft_threshold() -> float:
    """Grid search of ½(w − 0.6)² + |w| on [−2, 2] with step 1e-5."""
    import numpy as np

    w = np.linspace(-2.0, 2.0, 400_001)
    f = 0.5 * (w - 0.6) ** 2 + np.abs(w)
    return float(w[np.argmin(f)])


# ---------- mle-nll ----------


def _map_beta_prior() -> float:
    """Maximize log-likelihood + log Beta(2, 2) prior on a grid: 3 log p + log p + log(1 − p)."""
    import numpy as np

    p = np.linspace(1e-6, 1 - 1e-6, 1_000_001)
    log_post = 3 * np.log(p) + (2 - 1) * np.log(p) + (2 - 1) * np.log(1 - p)
    return float(p[np.argmax(log_post)])


# ---------- mse-gaussian-mle ----------


def _learned_variance() -> float:
    """Grid search of ½ log v + r²/(2v) over v in (0, 20] for r = 2."""
    import numpy as np

    v = np.linspace(1e-3, 20.0, 2_000_000)
    loss = 0.5 * np.log(v) + 4.0 / (2 * v)
    return float(v[np.argmin(loss)])


# ---------- ridge-invertibility ----------


def _ridge_shrinkage_factor() -> float:
    """Build X = U diag(2, 0.1) Vᵀ from random orthonormal U, V; solve OLS and ridge (λ = 1) with
    torch.linalg.solve and compare their coefficients along the second right singular vector."""
    import torch

    g = torch.Generator().manual_seed(0)
    u, _ = torch.linalg.qr(torch.randn(6, 2, generator=g, dtype=torch.float64))
    v, _ = torch.linalg.qr(torch.randn(2, 2, generator=g, dtype=torch.float64))
    x = u @ torch.diag(torch.tensor([2.0, 0.1], dtype=torch.float64)) @ v.T
    y = torch.randn(6, generator=g, dtype=torch.float64)
    gram = x.T @ x
    w_ols = torch.linalg.solve(gram, x.T @ y)
    w_ridge = torch.linalg.solve(gram + torch.eye(2, dtype=torch.float64), x.T @ y)
    return float((v[:, 1] @ w_ridge) / (v[:, 1] @ w_ols))


# ---------- svd-pca ----------


def _rank_k_error() -> float:
    """Build A = U diag(3, 2, 1) Vᵀ from random orthogonal U, V; find its best rank-1 approximation by
    power iteration on AᵀA (no SVD routine) and measure the Frobenius error directly."""
    import numpy as np

    rng = np.random.default_rng(1)
    u, _ = np.linalg.qr(rng.standard_normal((5, 3)))
    v, _ = np.linalg.qr(rng.standard_normal((4, 3)))
    a = u @ np.diag([3.0, 2.0, 1.0]) @ v.T
    x = rng.standard_normal(4)
    for _ in range(500):
        x = a.T @ (a @ x)
        x /= np.linalg.norm(x)
    approx = np.outer(a @ x, x)  # projection of A onto its top right singular direction
    return float(np.linalg.norm(a - approx))


# ---------- uniform-variance ----------


def _he_uniform_bound() -> float:
    """Bisect on a: the variance of U(−a, a), computed by integrating x²/(2a) with the midpoint rule,
    must equal 2/512."""
    target = 2 / 512

    def var(a: float, n: int = 2000) -> float:
        h = 2 * a / n
        return sum(((-a + (i + 0.5) * h) ** 2) / (2 * a) * h for i in range(n))

    lo, hi = 1e-6, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if var(mid) < target else (lo, mid)
    return (lo + hi) / 2


# ---------- kv-cache ----------


def _concurrent_sequences() -> float:
    """Add 4096-token sequences (cache bytes from the per-token formula) until the memory runs out."""
    gib = 2**30
    per_seq = 2 * 32 * 32 * 128 * 2 * 4096  # K and V × layers × heads × head dim × fp16 bytes × tokens
    free = 80 * gib - 13 * gib
    n = 0
    while (n + 1) * per_seq <= free:
        n += 1
    return n


# ---------- llm-quantization ----------


def _decode_tokens_bound() -> float:
    """Bytes per token: 7e9 weights, each a 4-bit code, plus one 16-bit scale per 128 weights, counted
    group by group; then bandwidth divided by bytes."""
    groups = 7_000_000_000 // 128
    bits = groups * (128 * 4 + 16) + (7_000_000_000 - groups * 128) * 4
    return 1e12 / (bits / 8)


# ---------- mixture-of-experts ----------


def _balance_below_uniform() -> float:
    """100 tokens: 26 with router probabilities (1, 0), 74 with (0.49, 0.51); dispatch each to its argmax,
    then compute E·Σ f_i·P_i from the token lists."""
    probs = [(Fraction(1), Fraction(0))] * 26 + [(Fraction(49, 100), Fraction(51, 100))] * 74
    n, e = len(probs), 2
    f = [Fraction(sum(1 for p in probs if max(range(e), key=lambda j: p[j]) == i), n) for i in range(e)]
    mean_p = [sum(p[i] for p in probs) / n for i in range(e)]
    return float(e * sum(fi * pi for fi, pi in zip(f, mean_p)))


# ---------- modern-transformer-block ----------


def _swiglu_hidden_size() -> float:
    """Smallest multiple of 256 not below 8·4096/3, found by stepping through the multiples."""
    target = Fraction(8 * 4096, 3)
    h = 0
    while h < target:
        h += 256
    return h


# ---------- rlhf-preference ----------


def _kl_optimal_policy() -> float:
    """Grid search over p = π(y₁) of p·1 + (1 − p)·0 − 0.5·KL((p, 1 − p) ‖ (0.5, 0.5))."""
    import numpy as np

    p = np.linspace(1e-6, 1 - 1e-6, 2_000_001)
    kl = p * np.log(p / 0.5) + (1 - p) * np.log((1 - p) / 0.5)
    return float(p[np.argmax(p - 0.5 * kl)])


# ---------- scaling-laws ----------


def _lifetime_inference_share() -> float:
    """Count FLOPs per token as (forward multiply-adds) × (1 forward + 2 backward passes) for training and
    one forward pass for generation, in exact integers."""
    n = 7 * 10**9
    forward = 2 * n  # one multiply and one add per parameter per token
    train = 3 * forward * 2 * 10**12
    serve = forward * 10 * 10**12
    return float(Fraction(serve, train + serve))


# ---------- layer-width ----------


def _tile_quantization() -> float:
    """Lay 128-wide tiles over the columns one by one until all 129 are covered; count the useful share."""
    covered, tiles = 0, 0
    while covered < 129:
        tiles += 1
        covered = tiles * 128
    return float(Fraction(129, covered))


# ---------- loss-functions ----------


def _rmse_value() -> float:
    """torch.nn.functional.mse_loss, then the square root."""
    import torch
    import torch.nn.functional as F

    pred = torch.tensor([2.0, 4.0, 9.0], dtype=torch.float64)
    target = torch.tensor([3.0, 4.0, 5.0], dtype=torch.float64)
    return float(F.mse_loss(pred, target).sqrt())


REFS = {
    ("classification-metrics", "cost-optimal-threshold"): _cost_optimal_threshold,
    ("classification-metrics", "prior-shift-correction"): _prior_shift_correction,
    ("cosine-similarity", "random-cosine-spread"): _random_cosine_spread,
    ("entropy", "gaussian-differential-entropy"): _gaussian_differential_entropy,
    ("hessian-critical-points", "saddle-escape-factor"): _saddle_escape_factor,
    ("laplace-smoothing", "add-one-unseen-mass"): _add_one_unseen_mass,
    ("lp-norms", "soft-threshold"): _soft_threshold,
    ("mle-nll", "map-beta-prior"): _map_beta_prior,
    ("mse-gaussian-mle", "learned-variance"): _learned_variance,
    ("ridge-invertibility", "ridge-shrinkage-factor"): _ridge_shrinkage_factor,
    ("svd-pca", "rank-k-error"): _rank_k_error,
    ("uniform-variance", "he-uniform-bound"): _he_uniform_bound,
    ("kv-cache", "concurrent-sequences"): _concurrent_sequences,
    ("llm-quantization", "decode-tokens-bound"): _decode_tokens_bound,
    ("mixture-of-experts", "balance-below-uniform"): _balance_below_uniform,
    ("modern-transformer-block", "swiglu-hidden-size"): _swiglu_hidden_size,
    ("rlhf-preference", "kl-optimal-policy"): _kl_optimal_policy,
    ("scaling-laws", "lifetime-inference-share"): _lifetime_inference_share,
    ("layer-width", "tile-quantization"): _tile_quantization,
    ("loss-functions", "rmse-value"): _rmse_value,
}
