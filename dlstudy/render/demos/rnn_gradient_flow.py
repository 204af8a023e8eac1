"""Render the rnn-gradient-flow demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.rnn_gradient_flow import RnnGradientFlowResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: RnnGradientFlowResult, console: Console) -> None:
    r, l = d.rnn, d.lstm
    T = d.steps
    console.print(f"T = {T} steps, {d.hidden} hidden units, recurrent weights N(0, {num(d.weight_scale)}²/"
                  f"{d.hidden}) (spectral radius of the RNN's W_hh = {num(r['spectral_radius'])}), LSTM forget "
                  f"bias {num(d.forget_bias)}. Loss L = u·h_T, so ‖∂L/∂h_T‖ = 1.")
    t = table("‖∂L/∂h_t‖ going back from the last step", "steps back", "step t", "tanh RNN", "LSTM ‖∂L/∂h_t‖",
              "LSTM ‖∂L/∂c_t‖", text=())
    for k in sorted({k for k in (0, 1, 2, 5, 10, 20, 50, 100, 150, T - 1) if k < T}):
        t.add(k, T - k, r["grad_norm"][k], l["grad_norm"][k], l["cell_grad_norm"][k])
    fit_table(console, t)
    s = table("per-step factors", "", "tanh RNN", "LSTM")
    s.add("gradient factor per step (geometric mean)", r["decay_per_step"], l["decay_per_step"])
    s.add("mean tanh′ = 1 − h² (RNN) / mean forget gate (LSTM)", r["mean_tanh_derivative"], l["mean_forget_gate"])
    s.add(f"‖∂L/∂h‖ at step 1 ({T - 1} steps back)", r["grad_norm"][-1], l["grad_norm"][-1])
    fit_table(console, s)
    xs = list(range(T))
    _plot(console, {"tanh RNN ∂L/∂h": r["grad_norm"], "LSTM ∂L/∂h": l["grad_norm"], "LSTM ∂L/∂c": l["cell_grad_norm"]},
          x=xs, title="gradient norm vs steps back from the loss", xlabel="steps back", ylabel="norm", logy=True)
    if d.ratio_at_first_step > 1:
        console.print(f"At the first step the LSTM keeps {num(d.ratio_at_first_step)}× more gradient than the RNN.")
    console.print(d.lesson)
