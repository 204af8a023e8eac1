"""References for the questions added by audit batch C (cnn, rnn and nlp cards).

Every value is recomputed from first principles: torch modules and autograd, torch's FLOP counter,
enumeration, bisection on the defining equation, or plain arithmetic from the definition."""

from __future__ import annotations


def _n_params(module, weights_only: bool = False) -> int:
    return sum(p.numel() for p in module.parameters() if not weights_only or p.dim() >= 2)


# ---------- perplexity ----------

def _word_ppl_from_bpc(bpc: float = 1.2, chars_per_word: float = 5.6, n_words: int = 1000) -> float:
    # a test text of n_words words; the model spends bpc bits on every character (space included)
    n_chars = round(chars_per_word * n_words)
    total_bits = sum(bpc for _ in range(n_chars))
    return 2 ** (total_bits / n_words)


# ---------- lstm ----------

def _lstm_cell_path_grad(f: float = 0.95, steps: int = 20) -> float:
    import torch

    c0 = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    c = c0
    for _ in range(steps):
        i, g = 0.3, 0.5  # input gate and candidate held constant: only the direct cell path remains
        c = f * c + i * g
    c.backward()
    return c0.grad.item()


# ---------- attention ----------

def _masked_first_weight() -> float:
    import torch
    import torch.nn.functional as F

    # d = 1, so q·k/√d equals the scores 2, 0, 1 directly
    q = torch.tensor([[[1.0]]], dtype=torch.float64)
    k = torch.tensor([[[2.0], [0.0], [1.0]]], dtype=torch.float64)
    v = torch.eye(3, dtype=torch.float64).unsqueeze(0)  # identity values: the output is the weights
    keep = torch.tensor([[[True, True, False]]])
    return F.scaled_dot_product_attention(q, k, v, attn_mask=keep)[0, 0, 0].item()


# ---------- self-attention ----------

def _attention_crossover(d: int = 1024) -> int:
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    def flops(fn) -> int:
        with FlopCounterMode(display=False) as fc:
            fn()
        return fc.get_total_flops()

    def diff(n: int) -> int:
        x = torch.zeros(n, d, device="meta")
        w = torch.zeros(d, d, device="meta")
        proj = 4 * flops(lambda: x @ w)  # W_Q, W_K, W_V, W_O
        q = torch.zeros(n, d, device="meta")
        a = torch.zeros(n, n, device="meta")
        attn = flops(lambda: q @ q.T) + flops(lambda: a @ q)  # scores, then weights times values
        return attn - proj

    lo, hi = 1, 100 * d
    while lo < hi:  # smallest n with attention cost >= projection cost
        mid = (lo + hi) // 2
        if diff(mid) >= 0:
            hi = mid
        else:
            lo = mid + 1
    assert diff(lo) == 0
    return lo


# ---------- transformer ----------

def _decoder_layer_params() -> int:
    import torch

    return _n_params(torch.nn.TransformerDecoderLayer(d_model=512, nhead=8, dim_feedforward=2048))


def _gpt2_small_block_weights_millions(layers: int = 12, d: int = 768) -> float:
    import torch

    # a GPT block has the same sublayers as an encoder layer: self-attention and a 4d FFN
    block = torch.nn.TransformerEncoderLayer(d_model=d, nhead=12, dim_feedforward=4 * d, device="meta")
    return layers * _n_params(block, weights_only=True) / 1e6


# ---------- beam-search ----------

def _alpha_tie() -> float:
    def gap(alpha: float) -> float:  # score(B) - score(A)
        return -4.5 / 6**alpha - (-2.0 / 2**alpha)

    lo, hi = 0.0, 1.0
    assert gap(lo) < 0 < gap(hi)
    for _ in range(200):
        mid = (lo + hi) / 2
        if gap(mid) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# ---------- word2vec-skipgram ----------

def _dynamic_window_prob(m: int = 5, dist: int = 4) -> float:
    used = sum(1 for r in range(1, m + 1) if dist <= r)
    return used / m


def _subsample_discard(t: float = 1e-5, f: float = 0.01) -> float:
    import numpy as np

    # expected fraction of discarded occurrences over many occurrences with the paper's rule
    keep = np.sqrt(t / f)
    return float(np.mean(np.full(10_000, 1.0 - min(keep, 1.0))))


REFS = {
    ("perplexity", "bpc-to-word-ppl"): _word_ppl_from_bpc,
    ("lstm", "forget-product"): _lstm_cell_path_grad,
    ("attention", "masked-weight"): _masked_first_weight,
    ("self-attention", "crossover-length"): _attention_crossover,
    ("transformer", "decoder-layer-params"): _decoder_layer_params,
    ("transformer", "blocks-12d2"): _gpt2_small_block_weights_millions,
    ("beam-search", "alpha-tie"): _alpha_tie,
    ("word2vec-skipgram", "dynamic-window"): _dynamic_window_prob,
    ("word2vec-skipgram", "subsample-discard"): _subsample_discard,
}
