"""Independent references for the numeric questions added by audit batch B (content/training).

Every value is recomputed from first principles: torch's own init functions and modules, autograd,
simulation, or direct arithmetic. Nothing is copied from the cards.
"""

from __future__ import annotations

import math


def _torch():
    import torch

    return torch


# ---------- xavier-init ----------

def _torch_linear_default_bound() -> float:
    # sample a very wide nn.Linear with fan_in 400: the largest |w| approaches the uniform bound
    torch = _torch()
    torch.manual_seed(0)
    layer = torch.nn.Linear(400, 20000)
    return float(layer.weight.detach().abs().max())


def _conv_xavier_bound() -> float:
    # let torch fill a real Conv2d weight (many copies to approach the bound) and read the largest |w|
    torch = _torch()
    torch.manual_seed(0)
    w = torch.empty(128, 64, 3, 3)
    top = 0.0
    for _ in range(20):
        torch.nn.init.xavier_uniform_(w)
        top = max(top, float(w.abs().max()))
    return top


# ---------- batch-size ----------

def _sqrt_scaling_lr() -> float:
    base_lr, base_b, new_b = 1e-3, 256, 4096
    return base_lr * math.sqrt(new_b / base_b)


def _critical_batch() -> float:
    # McCandlish et al.: B_noise = tr(Σ)/|G|²; here Σ is the per-example covariance of a 3-d gradient
    trace_cov = 2.0 + 3.0 + 5.0
    g = (0.3, 0.4, 0.0)
    return trace_cov / sum(x * x for x in g)


# ---------- layer-norm ----------

def _rmsnorm_last() -> float:
    torch = _torch()
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0]], dtype=torch.float64)
    norm = torch.nn.RMSNorm(5, eps=0.0, dtype=torch.float64)
    return float(norm(x).detach()[0, -1])


def _rmsnorm_params() -> int:
    torch = _torch()
    return sum(p.numel() for p in torch.nn.RMSNorm(512).parameters())


# ---------- batch-norm ----------

def _bn_eval_output() -> float:
    torch = _torch()
    bn = torch.nn.BatchNorm1d(1, eps=0.0).double()
    with torch.no_grad():
        bn.running_mean.fill_(2.0)
        bn.running_var.fill_(4.0)
        bn.weight.fill_(3.0)
        bn.bias.fill_(1.0)
    bn.eval()
    x = torch.tensor([[5.0], [-7.0], [100.0]], dtype=torch.float64)  # other batch members must not matter
    return float(bn(x)[0, 0].detach())


def _bn2d_count() -> int:
    # count how many entries feed one channel's mean: perturb one channel's values and see which
    # positions share its statistic, i.e. the size of x[:, c] for a (8, 16, 32, 32) tensor
    torch = _torch()
    x = torch.zeros(8, 16, 32, 32)
    x[:, 0] = 1.0
    return int(x[:, 0].numel()) if float(x.mean(dim=(0, 2, 3))[0]) == 1.0 else -1


# ---------- dropout ----------

def _dropout_backward() -> float:
    torch = _torch()
    p = 0.5
    x = torch.tensor([2.0, 4.0, 6.0, 8.0], dtype=torch.float64, requires_grad=True)
    mask = torch.tensor([1.0, 0.0, 1.0, 0.0], dtype=torch.float64)
    h = x * mask / (1 - p)
    h.backward(torch.full((4,), 3.0, dtype=torch.float64))
    return float(x.grad[2])


# ---------- adam ----------

def _adam_run(grads, lr, **kw):
    torch = _torch()
    w = torch.nn.Parameter(torch.tensor([0.0], dtype=torch.float64))
    opt = torch.optim.Adam([w], lr=lr, **kw)
    prev = float(w.detach())
    steps = []
    for g in grads:
        w.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
        steps.append(abs(float(w.detach()) - prev))
        prev = float(w.detach())
    return steps


def _adam_second_step() -> float:
    return _adam_run([1.0, 3.0], lr=0.1, betas=(0.9, 0.999), eps=0.0)[1]


def _adam_l2_step() -> float:
    torch = _torch()
    w = torch.nn.Parameter(torch.tensor([2.0], dtype=torch.float64))
    opt = torch.optim.Adam([w], lr=0.01, weight_decay=0.1)
    w.grad = torch.zeros(1, dtype=torch.float64)  # zero data gradient; torch adds weight_decay * w
    opt.step()
    return float(w.detach())


# ---------- backprop ----------

def _avgpool_share() -> float:
    torch = _torch()
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    out = torch.nn.functional.avg_pool2d(x, 3)
    out.backward(torch.full_like(out, 1.8))
    return float(x.grad[0, 0, 1, 2])


def _maxpool_overlap() -> float:
    torch = _torch()
    x = torch.tensor([[[1.0, 5.0, 2.0]]], dtype=torch.float64, requires_grad=True)
    out = torch.nn.functional.max_pool1d(x, kernel_size=2, stride=1)
    out.backward(torch.tensor([[[0.3, 0.7]]], dtype=torch.float64))
    return float(x.grad[0, 0, 1])


# ---------- knowledge-distillation ----------

def _kd_soft_grad() -> float:
    torch = _torch()
    T = 2.0
    zt = torch.tensor([4.0, 0.0], dtype=torch.float64)
    zs = torch.tensor([0.0, 0.0], dtype=torch.float64, requires_grad=True)
    log_ps = torch.log_softmax(zs / T, dim=0)
    pt = torch.softmax(zt / T, dim=0)
    kl = torch.nn.functional.kl_div(log_ps, pt, reduction="sum")
    (T * T * kl).backward()
    return float(zs.grad[0])


REFS = {
    ("xavier-init", "torch-linear-default"): _torch_linear_default_bound,
    ("xavier-init", "conv-fans"): _conv_xavier_bound,
    ("batch-size", "adam-sqrt-scaling"): _sqrt_scaling_lr,
    ("batch-size", "critical-batch"): _critical_batch,
    ("layer-norm", "rmsnorm-by-hand"): _rmsnorm_last,
    ("layer-norm", "rmsnorm-params"): _rmsnorm_params,
    ("batch-norm", "eval-by-hand"): _bn_eval_output,
    ("batch-norm", "conv-count"): _bn2d_count,
    ("dropout", "backward-grad"): _dropout_backward,
    ("adam", "second-step"): _adam_second_step,
    ("adam", "adam-l2-step"): _adam_l2_step,
    ("backprop", "avgpool-share"): _avgpool_share,
    ("backprop", "maxpool-overlap"): _maxpool_overlap,
    ("knowledge-distillation", "soft-grad-t2"): _kd_soft_grad,
}
