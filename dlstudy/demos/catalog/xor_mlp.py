"""xor-mlp: no linear classifier fits XOR; a 2-hidden-unit MLP trained by gradient descent does.

Both models are trained by hand-written full-batch gradient descent (numpy) on the four XOR points
with the mean binary cross-entropy on the logit. The linear model is logistic regression
σ(w·x + b); the MLP is σ(w₂·f(W₁x + b₁) + b₂) with f = tanh, relu or sigmoid, weights drawn from
N(0, init_scale²) and zero biases. The MLP is trained from `restarts` independent initializations
at once (restart 0 is the one reported in detail), so the share of runs that solve XOR shows the
effect of the width, the activation and the init scale.

Result keys: linear {accuracy, best_accuracy, loss, final_loss, outputs, w, b}, mlp {accuracy, loss,
final_loss, outputs, hidden, W1, b1, w2, b2, solved}, restarts {count, solved, success_rate,
final_losses}, points, labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

POINTS = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))
LABELS = (0.0, 1.0, 1.0, 0.0)
TIE = 1e-9  # logits in (-TIE, TIE] count as class 0: a model stuck at p = 0.5 is not credited by float noise

SPEC = DemoSpec(
    id="xor-mlp",
    title="XOR: a linear model fails, a 2-hidden-unit MLP fits it",
    description="Logistic regression is stuck at chance on XOR (loss ln 2); one hidden layer of two non-linear "
                "units solves it. Loss curve and success rate over random initializations.",
    topic="neurons",
    cards=("perceptron-xor",),
    params=(
        Param("epochs", "int", 2000, "full-batch gradient-descent steps", min=1, max=10000),
        Param("lr", "float", 1.0, "learning rate", min=1e-4, max=50.0),
        Param("hidden", "int", 2, "hidden units of the MLP", min=1, max=32),
        Param("activation", "choice", "tanh", "hidden activation", choices=("tanh", "relu", "sigmoid")),
        Param("init_scale", "float", 1.0, "standard deviation of the initial weights (0 = all-zero init: "
              "the hidden units stay identical)", min=0.0, max=10.0),
        Param("restarts", "int", 20, "independent random initializations trained side by side (restart 0 is "
              "the detailed run)", min=1, max=50),
    ),
    headline=(
        ("linear model accuracy", "linear.accuracy"),
        ("MLP accuracy", "mlp.accuracy"),
        ("MLP final loss", "mlp.final_loss"),
        ("share of restarts that solve XOR", "restarts.success_rate"),
    ),
)


@dataclass
class XorMlpResult(DemoResult):
    epochs: int
    lr: float
    hidden: int
    activation: str
    init_scale: float
    points: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    linear: dict = field(default_factory=dict)
    mlp: dict = field(default_factory=dict)
    restarts: dict = field(default_factory=dict)
    chance_loss: float = 0.0  # ln 2: the loss of predicting 0.5 everywhere
    lesson: str = ""


def _bce(z, y):
    """Mean binary cross-entropy on logits, stable: softplus(z) - y·z, averaged over the last axis."""
    import numpy as np

    return (np.logaddexp(0.0, z) - y * z).mean(axis=-1)


def _sigmoid(z):
    import numpy as np

    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _act(name, z):
    import numpy as np

    if name == "tanh":
        h = np.tanh(z)
        return h, 1.0 - h * h
    if name == "relu":
        return np.maximum(z, 0.0), (z > 0).astype(z.dtype)
    h = _sigmoid(z)
    return h, h * (1.0 - h)


def train_linear(X, y, w, b, lr, epochs):
    """Logistic regression by full-batch gradient descent. Returns (w, b, losses per epoch)."""
    import numpy as np

    n = len(y)
    zs = np.empty((epochs, n))
    for e in range(epochs):
        z = X @ w + b
        zs[e] = z
        dz = (_sigmoid(z) - y) / n
        w = w - lr * (X.T @ dz)
        b = b - lr * dz.sum()
    return w, b, _bce(zs, y)


def mlp_forward(X, W1, b1, w2, b2, activation):
    """Batched over restarts: W1 (R, 2, H), b1 (R, H), w2 (R, H), b2 (R,). Returns (logits (R, N), h, f′)."""
    pre = X @ W1 + b1[:, None, :]  # (R, N, H)
    h, dh = _act(activation, pre)
    z = (h @ w2[:, :, None])[:, :, 0] + b2[:, None]
    return z, h, dh


def mlp_gradients(X, y, W1, b1, w2, b2, activation):
    """Logits and hand-written gradients of the mean BCE for every restart: (z, (gW1, gb1, gw2, gb2)).

    dL/dz = (σ(z) - y)/N; dL/dw₂ = Σ_n dz·h; dL/dpre = dz·w₂·f′(pre); dL/dW₁ = Xᵀ·dpre.
    """
    n = len(y)
    z, h, dh = mlp_forward(X, W1, b1, w2, b2, activation)
    dz = (_sigmoid(z) - y) / n  # (R, N)
    gw2 = (dz[:, None, :] @ h)[:, 0, :]
    gb2 = dz.sum(axis=1)
    dpre = dz[:, :, None] * w2[:, None, :] * dh  # (R, N, H)
    gW1 = X.T @ dpre
    gb1 = dpre.sum(axis=1)
    return z, (gW1, gb1, gw2, gb2)


def mlp_loss(X, y, W1, b1, w2, b2, activation):
    """Mean BCE of every restart (R,)."""
    return _bce(mlp_forward(X, W1, b1, w2, b2, activation)[0], y)


def initial_weights(params, rng):
    """Initial weights: linear (w, b) and the MLP's (W1, b1, w2, b2) for every restart."""
    import numpy as np

    s = float(params["init_scale"])
    R, H = int(params["restarts"]), int(params["hidden"])
    w_lin = rng.normal(0.0, 1.0, size=2) * s
    W1 = rng.normal(0.0, 1.0, size=(R, 2, H)) * s
    w2 = rng.normal(0.0, 1.0, size=(R, H)) * s
    return (w_lin, 0.0), (W1, np.zeros((R, H)), w2, np.zeros(R))


def best_linear_accuracy(X, y) -> float:
    """Exact maximum accuracy of any linear classifier 1[w·x + b > 0] on these points.

    Every dichotomy a line realizes on a finite set is realized by some direction w among the normals
    of the lines through pairs of points (rotated slightly either way) and a threshold between two
    consecutive projections; enumerate them all (plus all-one / all-zero).
    """
    import math

    import numpy as np

    pts = np.asarray(X)
    dirs = []
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            dx, dy = pts[j] - pts[i]
            base = math.atan2(dy, dx) + math.pi / 2
            for delta in (-1e-3, 0.0, 1e-3):
                for flip in (0.0, math.pi):
                    a = base + delta + flip
                    dirs.append((math.cos(a), math.sin(a)))
    best = max(float(np.mean(y == 0)), float(np.mean(y == 1)))
    for d in dirs:
        proj = pts @ np.asarray(d)
        s = np.unique(proj)
        for t in (s[:-1] + s[1:]) / 2:
            pred = (proj > t).astype(float)
            best = max(best, float(np.mean(pred == y)))
    return best


def run(params: dict[str, Any], rng: Generator) -> XorMlpResult:
    import math

    import numpy as np

    epochs, lr = int(params["epochs"]), float(params["lr"])
    activation = params["activation"]
    X = np.array(POINTS)
    y = np.array(LABELS)
    (w_lin, b_lin), (W1, b1, w2, b2) = initial_weights(params, rng)

    w_lin, b_lin, lin_losses = train_linear(X, y, w_lin, b_lin, lr, epochs)
    z_lin = X @ w_lin + b_lin
    # a logit within 1e-9 of 0 is a tie (p = 0.5 up to rounding noise) and counts as class 0
    lin_acc = float(np.mean((z_lin > TIE) == (y > 0.5)))

    R = W1.shape[0]
    zs = np.empty((epochs, R, len(y)))
    for e in range(epochs):
        zs[e], (gW1, gb1, gw2, gb2) = mlp_gradients(X, y, W1, b1, w2, b2, activation)
        W1 = W1 - lr * gW1
        b1 = b1 - lr * gb1
        w2 = w2 - lr * gw2
        b2 = b2 - lr * gb2
    z, h, _ = mlp_forward(X, W1, b1, w2, b2, activation)
    final = _bce(z, y)
    acc = np.mean((z > TIE) == (y > 0.5), axis=1)
    solved = acc == 1.0

    losses = _bce(zs[:, 0, :], y)  # restart 0, per epoch
    return XorMlpResult(
        epochs=epochs, lr=lr, hidden=int(params["hidden"]), activation=activation,
        init_scale=float(params["init_scale"]),
        points=[list(p) for p in POINTS], labels=[int(v) for v in LABELS],
        linear={
            "accuracy": lin_acc,
            "best_accuracy": best_linear_accuracy(X, y),
            "loss": lin_losses.tolist(),
            "final_loss": float(_bce(z_lin, y)),
            "outputs": _sigmoid(z_lin).tolist(),
            "w": w_lin.tolist(),
            "b": float(b_lin),
        },
        mlp={
            "accuracy": float(acc[0]),
            "solved": bool(solved[0]),
            "loss": losses.tolist(),
            "final_loss": float(final[0]),
            "outputs": _sigmoid(z[0]).tolist(),
            "hidden": h[0].tolist(),
            "W1": W1[0].tolist(),
            "b1": b1[0].tolist(),
            "w2": w2[0].tolist(),
            "b2": float(b2[0]),
        },
        restarts={
            "count": R,
            "solved": int(solved.sum()),
            "success_rate": float(solved.mean()),
            "accuracies": acc.tolist(),
            "final_losses": final.tolist(),
        },
        chance_loss=math.log(2.0),
        lesson="No line separates XOR: for any linear f, f(0,0) + f(1,1) = f(0,1) + f(1,0), so at most 3 of the 4 "
               "points are right and the best logistic fit is 0.5 everywhere (loss ln 2). Two non-linear hidden "
               "units re-map the points (roughly OR and AND) so that one line separates them, though a bad or "
               "symmetric (all-zero) initialization can leave gradient descent stuck.",
    )
