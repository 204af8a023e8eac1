"""rnn-gradient-flow: how much gradient of a last-step loss reaches earlier steps, vanilla tanh RNN vs LSTM.

One random input sequence x_1..x_T (N(0, 1) entries) drives a vanilla RNN h_t = tanh(W_ih x_t + W_hh h_{t−1})
and an LSTM (torch.nn.RNNCell / LSTMCell, float64, zero initial state). The loss reads only the last
hidden state, L = u·h_T with a random unit vector u, so ‖∂L/∂h_T‖ = 1, and backpropagation through time
gives ∂L/∂h_t for every earlier step (autograd, retain_grad on each state). Recurrent weights are
N(0, weight_scale²/hidden) (for the LSTM, in each of the four gate blocks), so weight_scale is about the
spectral radius of W_hh; input weights are N(0, 1/input_size); biases are 0 except the LSTM forget gate's
bias, forget_bias.

For the RNN, ∂L/∂h_{t−1} = W_hhᵀ·diag(1 − h_t²)·∂L/∂h_t: a product of T Jacobians that shrinks (or grows)
geometrically. The LSTM's cell state is updated additively, c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t, so along the
cell path the gradient is multiplied by the forget gates f_t, which can stay close to 1.

Result keys: rnn {grad_norm, input_grad_norm, mean_tanh_derivative, spectral_radius, decay_per_step, trend},
lstm {grad_norm, cell_grad_norm, input_grad_norm, mean_forget_gate, decay_per_step, cell_decay_per_step, trend},
ratio_at_first_step, larger_at_first_step; lists have index 0 = the last step T, index k = step T − k;
trend compares the first step's norm with the last's: below 1/100 "vanishes", above 100 "explodes", else "stable".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.autograd import grad_of
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="rnn-gradient-flow",
    title="Gradient flow back through time: vanilla RNN vs LSTM",
    description="‖∂L/∂h_t‖ for a loss at the last step, going back in time: the tanh RNN's gradient decays "
                "geometrically, the LSTM's additive cell path keeps it alive when the forget gates are near 1.",
    topic="rnn",
    cards=("lstm",),
    params=(
        Param("steps", "int", 50, "sequence length T", min=2, max=200),
        Param("hidden", "int", 32, "hidden units", min=1, max=128),
        Param("input_size", "int", 4, "input features per step", min=1, max=32),
        Param("weight_scale", "float", 1.0, "recurrent weights N(0, scale²/hidden): about the spectral radius of W_hh",
              min=0.0, max=4.0),
        Param("forget_bias", "float", 2.0, "LSTM forget-gate bias: σ(2) ≈ 0.88 keeps most of the cell; 0 gives ≈ 0.5",
              min=-5.0, max=10.0),
    ),
    uses_torch=True,
    headline=(
        ("RNN ‖∂L/∂h‖ at the first step", "rnn.grad_norm[-1]"),
        ("LSTM ‖∂L/∂h‖ at the first step", "lstm.grad_norm[-1]"),
        ("LSTM mean forget gate", "lstm.mean_forget_gate"),
    ),
)


@dataclass
class RnnGradientFlowResult(DemoResult):
    steps: int
    hidden: int
    input_size: int
    weight_scale: float
    forget_bias: float
    rnn: dict = field(default_factory=dict)
    lstm: dict = field(default_factory=dict)
    ratio_at_first_step: float = 0.0  # lstm.grad_norm[-1] / rnn.grad_norm[-1]
    larger_at_first_step: str = ""  # "LSTM", "tanh RNN" or "equal"
    lesson: str = ""


def build(params, rng):
    """All random inputs as float64 numpy arrays: the sequence, both networks' weights, the readout u.

    LSTM weights use torch's layout: rows [input gate, forget gate, cell candidate g, output gate].
    """
    import numpy as np

    T, H, I = int(params["steps"]), int(params["hidden"]), int(params["input_size"])
    s = float(params["weight_scale"])
    x = rng.normal(size=(T, I))
    rnn = {"W_ih": rng.normal(size=(H, I)) / math.sqrt(I), "W_hh": rng.normal(size=(H, H)) * s / math.sqrt(H)}
    b_ih = np.zeros(4 * H)
    b_ih[H:2 * H] = float(params["forget_bias"])
    lstm = {"W_ih": rng.normal(size=(4 * H, I)) / math.sqrt(I), "W_hh": rng.normal(size=(4 * H, H)) * s / math.sqrt(H),
            "b_ih": b_ih, "b_hh": np.zeros(4 * H)}
    u = rng.normal(size=H)
    u /= np.linalg.norm(u)
    return x, rnn, lstm, u


def _trend(norms) -> str:
    """First-step gradient relative to the last step's: < 1/100 vanishes, > 100 explodes, else stable."""
    ratio = norms[-1] / norms[0] if norms[0] > 0 else 0.0
    if not math.isfinite(ratio) or ratio > 100:
        return "explodes"
    return "vanishes" if ratio < 0.01 else "stable"


def _decay(norms) -> float:
    """Geometric mean factor per step from the last step back to the first (0 once it underflows)."""
    first, last = norms[0], norms[-1]
    if len(norms) < 2 or first <= 0 or last <= 0:
        return 0.0
    return (last / first) ** (1.0 / (len(norms) - 1))


def run(params: dict[str, Any], rng: Generator) -> RnnGradientFlowResult:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny sequential ops: extra threads only add contention (restored below)
    try:
        return _run(params, rng)
    finally:
        torch.set_num_threads(threads)


def _run(params: dict, rng) -> RnnGradientFlowResult:
    import numpy as np
    import torch

    T, H, I = int(params["steps"]), int(params["hidden"]), int(params["input_size"])
    x_np, rw, lw, u_np = build(params, rng)
    dt = torch.float64
    u = torch.tensor(u_np, dtype=dt)

    # vanilla RNN
    cell = torch.nn.RNNCell(I, H, bias=True, nonlinearity="tanh").to(dt)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.tensor(rw["W_ih"]))
        cell.weight_hh.copy_(torch.tensor(rw["W_hh"]))
        cell.bias_ih.zero_()
        cell.bias_hh.zero_()
    cell.requires_grad_(False)  # only the gradients with respect to the states and inputs are needed
    xs = [torch.tensor(x_np[t:t + 1], dtype=dt, requires_grad=True) for t in range(T)]
    h = torch.zeros(1, H, dtype=dt)
    hs = []
    for t in range(T):
        h = cell(xs[t], h)
        h.retain_grad()
        hs.append(h)
    (hs[-1][0] @ u).backward()
    rnn_norms = [float(grad_of(hs[t]).norm()) for t in range(T - 1, -1, -1)]
    rnn_in = [float(grad_of(xs[t]).norm()) for t in range(T - 1, -1, -1)]
    hstack = torch.cat([v.detach() for v in hs]).numpy()
    rho = float(torch.linalg.eigvals(torch.tensor(rw["W_hh"])).abs().max())  # torch: single-threaded here

    # LSTM
    lc = torch.nn.LSTMCell(I, H, bias=True).to(dt)
    with torch.no_grad():
        for name in ("W_ih", "W_hh", "b_ih", "b_hh"):
            getattr(lc, {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}[name]).copy_(
                torch.tensor(lw[name]))
    lc.requires_grad_(False)
    xs = [torch.tensor(x_np[t:t + 1], dtype=dt, requires_grad=True) for t in range(T)]
    h = torch.zeros(1, H, dtype=dt)
    c = torch.zeros(1, H, dtype=dt)
    lh, lcs, forget = [], [], []
    for t in range(T):
        with torch.no_grad():  # the forget gate of this step, for the report
            gates = xs[t] @ lc.weight_ih.T + lc.bias_ih + h @ lc.weight_hh.T + lc.bias_hh
            forget.append(torch.sigmoid(gates[0, H:2 * H]).mean().item())
        h, c = lc(xs[t], (h, c))
        h.retain_grad()
        c.retain_grad()
        lh.append(h)
        lcs.append(c)
    (lh[-1][0] @ u).backward()
    lstm_norms = [float(grad_of(lh[t]).norm()) for t in range(T - 1, -1, -1)]
    cell_norms = [float(lcs[t].grad.norm()) if lcs[t].grad is not None else 0.0 for t in range(T - 1, -1, -1)]
    lstm_in = [float(grad_of(xs[t]).norm()) for t in range(T - 1, -1, -1)]

    r_first, l_first = rnn_norms[-1], lstm_norms[-1]
    ratio = (l_first / r_first) if r_first > 0 else float("inf") if l_first > 0 else 1.0
    return RnnGradientFlowResult(
        steps=T, hidden=H, input_size=I, weight_scale=float(params["weight_scale"]),
        forget_bias=float(params["forget_bias"]),
        rnn={"grad_norm": rnn_norms, "input_grad_norm": rnn_in,
             "mean_tanh_derivative": float(np.mean(1.0 - hstack ** 2)),
             "spectral_radius": rho, "decay_per_step": _decay(rnn_norms), "trend": _trend(rnn_norms)},
        lstm={"grad_norm": lstm_norms, "cell_grad_norm": cell_norms, "input_grad_norm": lstm_in,
              "mean_forget_gate": float(np.mean(forget)), "decay_per_step": _decay(lstm_norms),
              "trend": _trend(lstm_norms),
              "cell_decay_per_step": _decay(cell_norms[1:]) if T > 2 else 0.0},
        ratio_at_first_step=ratio,
        larger_at_first_step="LSTM" if l_first > r_first else "tanh RNN" if r_first > l_first else "equal",
        lesson="Backpropagation through time multiplies the gradient by one Jacobian per step. In a tanh RNN that is "
               "W_hhᵀ·diag(1 − h²): saturated units shrink it and W_hh scales it, so the norm typically decays (or, "
               "for large weights, explodes) geometrically. Along the LSTM's direct cell path the factor is diag(f_t), "
               "the forget gates, so with forget gates near 1 long-range gradients survive.",
    )
