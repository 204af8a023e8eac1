"""backprop-check: a hand-written numpy backward pass checked against torch autograd and finite differences.

The network is X → Z1 = X·W1 + b1 → H = f(Z1) → Z2 = H·W2 + b2 → loss = mean over the batch of the
softmax cross-entropy −log softmax(Z2)[y]. The manual backward pass (numpy, in `dtype`) is

    dZ2 = (softmax(Z2) − onehot(y)) / N,   dW2 = Hᵀ·dZ2,   db2 = Σ_n dZ2,
    dH = dZ2·W2ᵀ,   dZ1 = dH ⊙ f′(Z1),    dW1 = Xᵀ·dZ1,   db1 = Σ_n dZ1,

and `bug` can break it on purpose. It is compared with torch autograd on the same weights (torch
F.cross_entropy, same dtype) and with central finite differences (L(θ+ε) − L(θ−ε))/(2ε) for every
single parameter, evaluated in the same dtype. The error of one parameter tensor is the relative
distance ‖a − b‖₂ / (‖a‖₂ + ‖b‖₂) (0 = identical, 1 = unrelated or opposite); `max_rel_error` is the
largest over W1, b1, W2, b2.

Result keys: max_rel_error {manual_vs_autograd, manual_vs_numeric, autograd_vs_numeric}, per_param,
passed {autograd, numeric}, tolerance, loss, n_params, machine_epsilon, suggested_eps, relu_kinks_within_eps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.autograd import grad_of
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

NAMES = ("W1", "b1", "W2", "b2")
BUGS = ("none", "missing_mean", "no_activation_grad", "bias_mean")
# pass thresholds on the relative error (‖a−b‖/(‖a‖+‖b‖)): exact agreement with autograd is limited only by
# rounding; finite differences by rounding/ε and ε² truncation (at best about u^(2/3))
TOLERANCE = {
    "float64": {"autograd": 1e-10, "numeric": 1e-6},
    "float32": {"autograd": 1e-5, "numeric": 1e-2},
}

SPEC = DemoSpec(
    id="backprop-check",
    title="Gradient check: manual backprop vs autograd vs finite differences",
    description="A numpy backward pass of a one-hidden-layer MLP with softmax cross-entropy (mean over the batch), "
                "compared with torch autograd and central finite differences; float32 ruins finite differences.",
    topic="training",
    cards=("backprop-mlp-numpy",),
    params=(
        Param("batch", "int", 8, "examples in the batch (N)", min=1, max=64),
        Param("in_dim", "int", 5, "input features", min=1, max=32),
        Param("hidden", "int", 7, "hidden units", min=1, max=32),
        Param("classes", "int", 4, "output classes", min=2, max=16),
        Param("activation", "choice", "tanh", "hidden activation (relu has kinks where finite differences fail)",
              choices=("tanh", "relu")),
        Param("eps", "float", 1e-6, "finite-difference step ε", min=1e-12, max=0.1),
        Param("dtype", "choice", "float64", "precision of every computation", choices=("float64", "float32")),
        Param("bug", "choice", "none", "deliberate mistake in the manual backward pass: missing_mean forgets the 1/N "
              "of the mean, no_activation_grad skips f′(Z1), bias_mean averages the bias gradients over the batch",
              choices=BUGS),
    ),
    uses_torch=True,
    headline=(
        ("manual vs autograd (relative error)", "max_rel_error.manual_vs_autograd"),
        ("manual vs finite differences", "max_rel_error.manual_vs_numeric"),
        ("autograd vs finite differences", "max_rel_error.autograd_vs_numeric"),
    ),
)


@dataclass
class BackpropCheckResult(DemoResult):
    batch: int
    in_dim: int
    hidden: int
    classes: int
    activation: str
    eps: float
    dtype: str
    bug: str
    n_params: int = 0
    loss: float = 0.0
    max_rel_error: dict = field(default_factory=dict)
    per_param: dict = field(default_factory=dict)
    tolerance: dict = field(default_factory=dict)
    passed: dict = field(default_factory=dict)
    machine_epsilon: float = 0.0
    suggested_eps: float = 0.0  # ≈ u^(1/3): balances rounding (u/ε) against truncation (ε²)
    relu_kinks_within_eps: int = 0  # pre-activations |Z1| < ε: finite differences straddle the kink
    error_formula: str = "‖a − b‖₂ / (‖a‖₂ + ‖b‖₂) per parameter tensor; max over W1, b1, W2, b2"
    lesson: str = ""


def rel_error(a, b) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖), computed in float64; 0 when both are zero."""
    import numpy as np

    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denom = float(np.linalg.norm(a) + np.linalg.norm(b))
    return 0.0 if denom == 0.0 else float(np.linalg.norm(a - b)) / denom


def compare(grads_a, grads_b) -> tuple[float, dict]:
    """Per-tensor relative errors and their maximum, for two lists of gradients in NAMES order."""
    per = {name: rel_error(a, b) for name, a, b in zip(NAMES, grads_a, grads_b)}
    return max(per.values()), per


def gradient_check(manual, reference, tol: float) -> dict:
    """The comparison logic: does `manual` agree with `reference` to within `tol`?"""
    worst, per = compare(manual, reference)
    return {"max_rel_error": worst, "per_param": per, "passed": bool(worst < tol),
            "worst_param": max(per, key=lambda name: per[name])}


def make_problem(params, rng):
    """X (N, D), labels y (N,), and [W1, b1, W2, b2] in the requested dtype."""
    import numpy as np

    dt = np.dtype(params["dtype"])
    n, d, h, c = (int(params[k]) for k in ("batch", "in_dim", "hidden", "classes"))
    X = rng.normal(size=(n, d))
    y = rng.integers(0, c, size=n)
    W1 = rng.normal(size=(d, h)) / np.sqrt(d)
    b1 = rng.normal(size=h) * 0.1
    W2 = rng.normal(size=(h, c)) / np.sqrt(h)
    b2 = rng.normal(size=c) * 0.1
    return X.astype(dt), y, [p.astype(dt) for p in (W1, b1, W2, b2)]


def _act(name, Z1):
    import numpy as np

    if name == "tanh":
        H = np.tanh(Z1)
        return H, 1.0 - H * H
    return np.maximum(Z1, 0), (Z1 > 0).astype(Z1.dtype)


def loss_fn(X, y, weights, activation):
    """Mean softmax cross-entropy, stable log-sum-exp, in the dtype of the inputs.

    The weights may carry a leading axis K (W1 (K, D, H), b1 (K, H), W2 (K, H, C), b2 (K, C), or K = 1 to
    broadcast): then the K losses are returned, one per set of weights.
    """
    import numpy as np

    W1, b1, W2, b2 = weights
    batched = W1.ndim == 3
    if batched:
        b1, b2 = b1[:, None, :], b2[:, None, :]
    H, _ = _act(activation, X @ W1 + b1)
    Z2 = H @ W2 + b2  # (N, C) or (K, N, C)
    m = Z2.max(axis=-1, keepdims=True)
    lse = m[..., 0] + np.log(np.exp(Z2 - m).sum(axis=-1))
    return (lse - Z2[..., np.arange(len(y)), y]).mean(axis=-1)


def manual_backward(X, y, weights, activation, bug="none"):
    """The hand-written backward pass: [dW1, db1, dW2, db2] (with the chosen deliberate bug)."""
    import numpy as np

    W1, b1, W2, b2 = weights
    n = len(y)
    Z1 = X @ W1 + b1
    H, dact = _act(activation, Z1)
    Z2 = H @ W2 + b2
    P = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dZ2 = P.copy()
    dZ2[np.arange(n), y] -= 1
    if bug != "missing_mean":
        dZ2 /= n
    dW2 = H.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dH = dZ2 @ W2.T
    dZ1 = dH if bug == "no_activation_grad" else dH * dact
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    if bug == "bias_mean":
        db1, db2 = db1 / n, db2 / n
    return [dW1, db1, dW2, db2]


def autograd_backward(X, y, weights, activation):
    """torch autograd on the same weights and dtype: (loss, [dW1, db1, dW2, db2])."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: extra threads only add contention (restored below)
    try:
        ps = [torch.tensor(w, requires_grad=True) for w in weights]
        x = torch.from_numpy(X)
        z1 = x @ ps[0] + ps[1]
        h = torch.tanh(z1) if activation == "tanh" else torch.relu(z1)
        loss = torch.nn.functional.cross_entropy(h @ ps[2] + ps[3], torch.from_numpy(y).long())
        loss.backward()
        return loss.item(), [grad_of(p).numpy() for p in ps]
    finally:
        torch.set_num_threads(threads)


def numeric_gradient(X, y, weights, activation, eps, chunk_elems=400_000):
    """Central differences (L(θ + ε·e_k) − L(θ − ε·e_k)) / 2ε for every parameter θ_k, in the weights' dtype.

    Each perturbed parameter really is set to θ_k ± ε (rounded to the dtype) and the loss recomputed; the
    evaluations are batched: K perturbed copies of one tensor go through the network at once.
    """
    import numpy as np

    e = weights[0].dtype.type(eps)
    n = X.shape[0]
    width = max(weights[0].shape[1], weights[2].shape[1])
    per_chunk = max(1, chunk_elems // (n * width))
    grads = []
    for i, w in enumerate(weights):
        flat = w.reshape(-1)
        g = np.zeros(flat.size, dtype=np.float64)
        for start in range(0, flat.size, per_chunk):
            idx = np.arange(start, min(start + per_chunk, flat.size))
            k = len(idx)
            losses = []
            for sign in (1, -1):
                stack = np.repeat(flat[None, :], k, axis=0)
                stack[np.arange(k), idx] = flat[idx] + sign * e
                ws = [v[None] for v in weights]
                ws[i] = stack.reshape((k,) + w.shape)
                losses.append(loss_fn(X, y, ws, activation).astype(np.float64))
            g[idx] = (losses[0] - losses[1]) / (2.0 * float(e))
        grads.append(g.reshape(w.shape))
    return grads


def run(params: dict[str, Any], rng: Generator) -> BackpropCheckResult:
    import numpy as np

    act, eps, dtype, bug = params["activation"], float(params["eps"]), params["dtype"], params["bug"]
    X, y, weights = make_problem(params, rng)
    manual = manual_backward(X, y, weights, act, bug)
    loss, auto = autograd_backward(X, y, weights, act)
    numeric = numeric_gradient(X, y, weights, act, eps)
    tol = TOLERANCE[dtype]

    ma, ma_per = compare(manual, auto)
    mn, mn_per = compare(manual, numeric)
    an, an_per = compare(auto, numeric)
    per_param = {name: {"shape": list(w.shape), "manual_vs_autograd": ma_per[name], "manual_vs_numeric": mn_per[name],
                        "autograd_vs_numeric": an_per[name],
                        "max_abs_manual_vs_numeric": float(np.max(np.abs(np.asarray(m, np.float64) - g)))}
                 for name, w, m, g in zip(NAMES, weights, manual, numeric)}
    u = float(np.finfo(np.dtype(dtype)).eps)
    Z1 = X @ weights[0] + weights[1]
    kinks = int(np.sum(np.abs(Z1) < eps)) if act == "relu" else 0
    passed = {"autograd": bool(ma < tol["autograd"]), "numeric": bool(mn < tol["numeric"])}

    if bug != "none" and not passed["autograd"]:
        lesson = (f"The deliberate bug ({bug}) is caught: the manual gradient is off by a relative error of {ma:.2g}. "
                  "A correct backward pass agrees with autograd to rounding error.")
    elif bug != "none":
        lesson = (f"The bug ({bug}) is invisible with these settings (e.g. a missing 1/N when N = 1): a gradient "
                  "check only tests the cases you run, so use a batch of several examples.")
    elif passed["autograd"] and not passed["numeric"]:
        if kinks:
            why = f"{kinks} ReLU pre-activations lie within ±ε of the kink"
        elif eps < u ** (1.0 / 3.0):
            why = f"ε is too small for {dtype}: the rounding error of the loss, about u·|L|/ε with u = {u:.2g}, dominates"
        else:
            why = "ε is too large: the truncation error, about ε²·|f‴|/6, dominates"
        lesson = (f"The manual gradient equals autograd, yet finite differences disagree: {why}, so the numeric "
                  "estimate is what is wrong. Check gradients in float64 with ε around 1e-6.")
    else:
        lesson = ("Backprop is the chain rule applied in reverse: the hand-written pass matches autograd to rounding "
                  "error and finite differences to about ε² (truncation) + u/ε (rounding).")
    return BackpropCheckResult(
        batch=int(params["batch"]), in_dim=int(params["in_dim"]), hidden=int(params["hidden"]),
        classes=int(params["classes"]), activation=act, eps=eps, dtype=dtype, bug=bug,
        n_params=int(sum(w.size for w in weights)), loss=float(loss),
        max_rel_error={"manual_vs_autograd": ma, "manual_vs_numeric": mn, "autograd_vs_numeric": an},
        per_param=per_param, tolerance=dict(tol), passed=passed,
        machine_epsilon=u, suggested_eps=u ** (1.0 / 3.0), relu_kinks_within_eps=kinks, lesson=lesson,
    )
