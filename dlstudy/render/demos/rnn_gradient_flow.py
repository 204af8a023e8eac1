"""Render the rnn-gradient-flow demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt
from dlstudy.render.charts import plot as _plot


def render(result, console, params) -> None:
    d = result.to_dict()
    r, l = d["rnn"], d["lstm"]
    T = d["steps"]
    console.print(f"T = {T} steps, {d['hidden']} hidden units, recurrent weights N(0, {fmt(d['weight_scale'])}²/"
                  f"{d['hidden']}) (spectral radius of the RNN's W_hh = {fmt(r['spectral_radius'])}), LSTM forget "
                  f"bias {fmt(d['forget_bias'])}. Loss L = u·h_T, so ‖∂L/∂h_T‖ = 1.")
    t = Table(title="‖∂L/∂h_t‖ going back from the last step")
    t.add_column("steps back", justify="right")
    t.add_column("step t", justify="right")
    t.add_column("tanh RNN", justify="right")
    t.add_column("LSTM ‖∂L/∂h_t‖", justify="right")
    t.add_column("LSTM ‖∂L/∂c_t‖", justify="right")
    picks = sorted({k for k in (0, 1, 2, 5, 10, 20, 50, 100, 150, T - 1) if k < T})
    for k in picks:
        t.add_row(str(k), str(T - k), fmt(r["grad_norm"][k]), fmt(l["grad_norm"][k]), fmt(l["cell_grad_norm"][k]))
    fit_table(console, t)
    s = Table(title="per-step factors")
    s.add_column("")
    s.add_column("tanh RNN", justify="right")
    s.add_column("LSTM", justify="right")
    s.add_row("gradient factor per step (geometric mean)", fmt(r["decay_per_step"]), fmt(l["decay_per_step"]))
    s.add_row("mean tanh′ = 1 − h² (RNN) / mean forget gate (LSTM)", fmt(r["mean_tanh_derivative"]),
              fmt(l["mean_forget_gate"]))
    s.add_row(f"‖∂L/∂h‖ at step 1 ({T - 1} steps back)", fmt(r["grad_norm"][-1]), fmt(l["grad_norm"][-1]))
    fit_table(console, s)
    xs = list(range(T))
    _plot(console, {"tanh RNN ∂L/∂h": r["grad_norm"], "LSTM ∂L/∂h": l["grad_norm"], "LSTM ∂L/∂c": l["cell_grad_norm"]},
          x=xs, title="gradient norm vs steps back from the loss", xlabel="steps back", ylabel="norm", logy=True)
    if d["ratio_at_first_step"] > 1:
        console.print(f"At the first step the LSTM keeps {fmt(d['ratio_at_first_step'])}× more gradient than the RNN.")
    console.print(d["lesson"])
