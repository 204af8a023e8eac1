"""Independent references for the numeric questions added by content round three, batch 1
(beyond, cnn and foundations cards).

Every value is recomputed from first principles (direct sums over outcomes, enumeration, numpy or
torch), never copied from a card.
"""

from __future__ import annotations

# ---------- autoencoder ----------

def _kl_sparsity() -> float:
    """KL(Bernoulli(0.05) || Bernoulli(0.2)) in nats, as a sum over the two outcomes {1, 0}."""
    import numpy as np

    p = np.array([0.05, 0.95])
    q = np.array([0.2, 0.8])
    return float(np.sum(p * np.log(p / q)))


# ---------- diffusion-models ----------

def _cfg_combine() -> float:
    """Classifier-free guidance as a weighted combination: (1 - w)·eps_uncond + w·eps_cond, in exact fractions."""
    from fractions import Fraction

    w, eps_u, eps_c = Fraction(3), Fraction(2, 10), Fraction(5, 10)
    return float((1 - w) * eps_u + w * eps_c)


# ---------- explainable-ml ----------

def _ig_saturation() -> float:
    """Integrated gradients of sigmoid at x = 8 from the baseline 0: a Riemann sum (midpoints) of the autograd
    gradient along the straight path, times (x - baseline)."""
    import torch

    x, base, steps = 8.0, 0.0, 20_000
    alphas = (torch.arange(steps, dtype=torch.float64) + 0.5) / steps
    path = (base + alphas * (x - base)).requires_grad_(True)
    torch.sigmoid(path).sum().backward()
    assert path.grad is not None
    return float(path.grad.mean() * (x - base))


def _shapley_x1() -> float:
    """Shapley value of x1 by brute force over every order in which the two features are added."""
    from itertools import permutations

    x = {1: 1.0, 2: 3.0}

    def f(present: set[int]) -> float:
        x1 = x[1] if 1 in present else 0.0
        x2 = x[2] if 2 in present else 0.0
        return 2 * x1 + x1 * x2

    orders = list(permutations([1, 2]))
    total = 0.0
    for order in orders:
        before = set(order[: order.index(1)])
        total += f(before | {1}) - f(before)
    return total / len(orders)


# ---------- gan ----------

def _nonsaturating_ratio() -> float:
    """Autograd gradients of log(1 - sigmoid(a)) and -log(sigmoid(a)) at the logit with sigmoid(a) = 0.01."""
    import math

    import torch

    a = torch.tensor(math.log(0.01 / 0.99), dtype=torch.float64, requires_grad=True)
    (g_minimax,) = torch.autograd.grad(torch.log(1 - torch.sigmoid(a)), a)
    (g_ns,) = torch.autograd.grad(-torch.log(torch.sigmoid(a)), a)
    return float(g_ns.abs() / g_minimax.abs())


# ---------- meta-learning ----------

def _protonet_prob() -> float:
    """Prototypes as support means, a softmax over negative squared distances, with torch."""
    import torch

    support_a = torch.tensor([[0.0, 0.0], [1.0, 0.0]], dtype=torch.float64)
    support_b = torch.tensor([[1.0, 1.0], [2.0, 1.0]], dtype=torch.float64)
    protos = torch.stack([support_a.mean(0), support_b.mean(0)])
    query = torch.tensor([0.8, 0.4], dtype=torch.float64)
    d2 = ((protos - query) ** 2).sum(1)
    return float(torch.softmax(-d2, dim=0)[0])


# ---------- recommendation-models ----------

def _downsample_recalibrate() -> float:
    """Simulated exactly with counts: traffic with true CTR q has q clicks per (1 - q) non-clicks; keeping a
    tenth of the non-clicks must give a model rate of 0.5, so solve q / (q + 0.1 (1 - q)) = 0.5 by bisection."""
    lo, hi = 0.0, 0.5
    for _ in range(200):
        q = (lo + hi) / 2
        rate = q / (q + 0.1 * (1 - q))
        lo, hi = (q, hi) if rate < 0.5 else (lo, q)
    return (lo + hi) / 2


# ---------- reinforcement-learning ----------

def _ppo_negative() -> float:
    """The PPO clipped surrogate for one sample, with torch's clamp and minimum."""
    import torch

    rho, adv, eps = torch.tensor(0.5, dtype=torch.float64), torch.tensor(-2.0, dtype=torch.float64), 0.2
    return float(torch.minimum(rho * adv, torch.clamp(rho, 1 - eps, 1 + eps) * adv))


# ---------- vae ----------

def _reparam_grad() -> float:
    """dL/dsigma for L = z^2, z = mu + sigma * eps, by autograd."""
    import torch

    mu = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    sigma = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    z = mu + sigma * 0.5
    (grad,) = torch.autograd.grad(z**2, sigma)
    return float(grad)


# ---------- cnn-architectures ----------

def _vgg_fc6_weights() -> int:
    """Weights of a Linear layer from the flattened 7x7x512 map to 4096 units, counted from torch."""
    import torch.nn as nn

    return nn.Linear(7 * 7 * 512, 4096, bias=False).weight.numel()


# ---------- conv-channels ----------

def _grouped_params() -> int:
    import torch.nn as nn

    return sum(p.numel() for p in nn.Conv2d(64, 128, kernel_size=3, groups=4).parameters())


def _layer_macs() -> int:
    """Multiply-accumulates of a 3x3 conv 64 -> 128 with a 56x56 output, counted by running the convolution as an
    explicit matrix product (unfold) and counting the multiplications it performs."""
    import torch
    import torch.nn.functional as F

    x = torch.zeros(1, 64, 58, 58)
    cols = F.unfold(x, kernel_size=3)  # (1, 64*9, 56*56): one column per output position
    rows, positions = cols.shape[1], cols.shape[2]
    out_channels = 128
    return out_channels * rows * positions


# ---------- cross-correlation ----------

def _conv_input_grad() -> float:
    """Autograd through torch's conv1d (a cross-correlation) with kernel (1, -1), upstream gradient (1, 0, 2)."""
    import torch
    import torch.nn.functional as F

    x = torch.tensor([[[1.0, 2.0, 3.0, 4.0]]], dtype=torch.float64, requires_grad=True)
    k = torch.tensor([[[1.0, -1.0]]], dtype=torch.float64)
    y = F.conv1d(x, k)
    (y * torch.tensor([[[1.0, 0.0, 2.0]]], dtype=torch.float64)).sum().backward()
    assert x.grad is not None
    return float(x.grad[0, 0, 2])


# ---------- detection-basics ----------

def _focal_factor() -> float:
    """Cross-entropy over focal loss (gamma = 2) at p_t = 0.9, both evaluated with torch."""
    import torch

    p = torch.tensor(0.9, dtype=torch.float64)
    ce = -torch.log(p)
    focal = -((1 - p) ** 2) * torch.log(p)
    return float(ce / focal)


# ---------- one-by-one-conv ----------

def _separable_ratio() -> float:
    """MACs of depthwise 3x3 + pointwise 1x1 over a full 3x3 conv (128 -> 128), counted from the weights of torch
    modules (each weight is used once per output position, and the output size is the same for all three)."""
    import torch.nn as nn

    full = nn.Conv2d(128, 128, 3, padding=1, bias=False).weight.numel()
    depthwise = nn.Conv2d(128, 128, 3, padding=1, groups=128, bias=False).weight.numel()
    pointwise = nn.Conv2d(128, 128, 1, bias=False).weight.numel()
    return (depthwise + pointwise) / full


# ---------- padding-stride ----------

def _rf_with_stride() -> int:
    """Receptive field by brute force: the input pixels whose gradient reaches one output unit of a stack of
    3x3 convolutions (strides 1, 2, 1, all-ones weights) on a 1-D slice of a 2-D input."""
    import torch
    import torch.nn.functional as F

    x = torch.zeros(1, 1, 1, 64, dtype=torch.float64, requires_grad=True)
    w = torch.ones(1, 1, 1, 3, dtype=torch.float64)
    y = F.conv2d(F.conv2d(F.conv2d(x, w, stride=(1, 1)), w, stride=(1, 2)), w, stride=(1, 1))
    y[0, 0, 0, y.shape[-1] // 2].backward()
    assert x.grad is not None
    return int((x.grad[0, 0, 0] != 0).sum())


# ---------- residual-connections ----------

def _variance_growth() -> float:
    """Random variables as vectors (covariance = dot product): x0 is a unit vector and each branch output is a new
    orthogonal direction scaled to the current norm, i.e. uncorrelated with the same variance. Var(x10) = |x10|^2."""
    import numpy as np

    x = np.zeros(11)
    x[0] = 1.0
    for layer in range(10):
        branch = np.zeros(11)
        branch[layer + 1] = np.linalg.norm(x)
        assert abs(branch @ x) < 1e-12
        x = x + branch
    return float(x @ x)


# ---------- segmentation-upsampling ----------

def _dice_score() -> float:
    """Dice of two explicit masks with 40 and 50 pixels sharing 30, built as boolean arrays."""
    import numpy as np

    pred = np.zeros(100, dtype=bool)
    truth = np.zeros(100, dtype=bool)
    pred[0:40] = True
    truth[10:60] = True
    assert pred.sum() == 40 and truth.sum() == 50 and (pred & truth).sum() == 30
    return float(2 * (pred & truth).sum() / (pred.sum() + truth.sum()))


# ---------- bayes-rule ----------

def _prior_shift() -> float:
    """Simulated populations with exact fractions: the training classifier's 0.9 fixes the likelihood ratio
    p(x|+)/p(x|-) = 9 (balanced priors); apply Bayes' theorem with the deployment prior 1%."""
    from fractions import Fraction

    lr = Fraction(9, 10) / Fraction(1, 10) * (Fraction(1, 2) / Fraction(1, 2))
    prior = Fraction(1, 100)
    return float(lr * prior / (lr * prior + (1 - prior)))


# ---------- calculus-rules ----------

def _outer_product_grad() -> float:
    """dL/dW[1, 2] (row 2, column 3) for y = W x with dL/dy = (2, -1), by torch autograd."""
    import torch

    W = torch.zeros(2, 3, dtype=torch.float64, requires_grad=True)
    x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    y = W @ x
    (y * torch.tensor([2.0, -1.0], dtype=torch.float64)).sum().backward()
    assert W.grad is not None
    return float(W.grad[1, 2])


REFS = {
    ("autoencoder", "kl-sparsity"): _kl_sparsity,
    ("diffusion-models", "cfg-combine"): _cfg_combine,
    ("explainable-ml", "ig-saturation"): _ig_saturation,
    ("explainable-ml", "shapley-two"): _shapley_x1,
    ("gan", "nonsaturating-grad"): _nonsaturating_ratio,
    ("meta-learning", "protonet"): _protonet_prob,
    ("recommendation-models", "downsample-recalibrate"): _downsample_recalibrate,
    ("reinforcement-learning", "ppo-negative"): _ppo_negative,
    ("vae", "reparam-grad"): _reparam_grad,
    ("cnn-architectures", "vgg-fc6"): _vgg_fc6_weights,
    ("conv-channels", "grouped-params"): _grouped_params,
    ("conv-channels", "layer-macs"): _layer_macs,
    ("cross-correlation", "input-gradient"): _conv_input_grad,
    ("detection-basics", "focal-factor"): _focal_factor,
    ("one-by-one-conv", "separable-ratio"): _separable_ratio,
    ("padding-stride", "rf-with-stride"): _rf_with_stride,
    ("residual-connections", "variance-growth"): _variance_growth,
    ("segmentation-upsampling", "dice-score"): _dice_score,
    ("bayes-rule", "prior-shift"): _prior_shift,
    ("calculus-rules", "outer-product-grad"): _outer_product_grad,
}
