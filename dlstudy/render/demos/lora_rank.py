"""Render the lora-rank demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.lora_rank import LoraRankResult
from dlstudy.render.charts import bar_chart, plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: LoraRankResult, console: Console) -> None:
    p = d.params
    console.print(f"ΔW is {d.d_out}×{d.d_in} ({p['full']:,} numbers): {d.true_rank} direction(s) with "
                  f"singular values {num(d.decay)}^k, plus noise of std {num(d.noise)} per entry.")
    console.print(f"LoRA: ΔW ≈ B·A with B {d.d_out}×r and A r×{d.d_in} → r·({d.d_in} + {d.d_out}) "
                  f"parameters; it pays off while r < {num(p['break_even_rank'])}.")
    t = table("Best rank-r approximation (truncated SVD)", "rank r", "rel. error (Frobenius)", "energy kept",
              "‖ΔW−BA‖₂ = σ_(r+1)", "LoRA params", "share of full", text=())
    for r, e, k, s, n, f in zip(d.ranks, d.relative_error, d.energy_kept, d.spectral_error, p["lora"], p["fraction"]):
        t.add(r, e, f"{k:.3%}", s, f"{n:,}", f"{f:.2%}")
    fit_table(console, t)
    sv = d.singular_values
    shown = min(len(sv), 24)
    console.print(bar_chart([str(i + 1) for i in range(shown)], sv[:shown], log=True,
                            title=f"largest {shown} singular values of ΔW (log-scaled bars)"))
    if len(sv) > 2:
        plot(console, {"σ_k": sv}, x=list(range(1, len(sv) + 1)), title="spectrum of ΔW", xlabel="k",
             ylabel="singular value", logy=True, height=12)
    rf = d.rank_for
    console.print(f"smallest rank with ≤ 10% relative error: {rf['10%']}; with ≤ 1%: {rf['1%']}.")
    console.print(escape(d.lesson))
