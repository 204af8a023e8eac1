"""Render the diffusion-forward demo."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.diffusion_forward import DiffusionForwardResult
from dlstudy.render.charts import plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table
from dlstudy.text import fmt


def _g(v: float) -> str:
    """Three significant figures, short enough for a nine-column table."""
    return fmt(v, 3)


def render(d: DiffusionForwardResult, console: Console) -> None:
    sched = "linear β from {} to {}".format(num(d.beta_start), num(d.beta_end)) if d.schedule == "linear" \
        else "cosine ᾱ (s = 0.008)"
    console.print(f"T = {d.steps} steps, {sched}, toy signal x0 = {num(d.x0)}, {d.samples:,} samples")
    cps = d.checkpoints
    t = table("Schedule at the checkpoints", "t", "β_t", "ᾱ_t", "SNR = ᾱ/(1−ᾱ)", "signal √ᾱ_t", "noise std √(1−ᾱ_t)",
              text=(), box=box.SIMPLE_HEAD)
    for r in cps:
        t.add(r["t"], _g(d.beta[r["t"] - 1]), _g(r["alpha_bar"]), _g(r["snr"]), _g(r["alpha_bar"] ** 0.5),
              _g((1 - r["alpha_bar"]) ** 0.5))
    fit_table(console, t)
    t = table("Samples of x_t: closed-form jump vs iterating the chain", "t", "mean: √ᾱ·x0", "jump", "chain",
              "var: 1−ᾱ", "jump", "chain", text=(), box=box.SIMPLE_HEAD)
    for r in cps:
        t.add(r["t"], *(_g(r[k]) for k in ("theory_mean", "jump_mean", "chain_mean", "theory_var", "jump_var",
                                            "chain_var")))
    fit_table(console, t)
    e = d.max_moment_error
    console.print(f"largest sampling gap: mean {num(e['mean'])}, variance {num(e['var'])} "
                  f"(standard error ≈ {num(1 / d.samples ** 0.5)} for the mean)")
    if d.steps > 2:
        plot(console, {"ᾱ_t": d.alpha_bar, "1 − ᾱ_t": [1 - a for a in d.alpha_bar]}, x=d.t,
             title="signal share ᾱ_t and noise share 1 − ᾱ_t", xlabel="t", ylabel="", height=12)
        plot(console, {"SNR": d.snr}, x=d.t, title="signal-to-noise ratio ᾱ/(1−ᾱ)", xlabel="t",
             ylabel="SNR", logy=True, height=12)
    f = d.final
    s1 = d.snr_below_1_step
    console.print(f"at t = T: ᾱ = {num(f['alpha_bar'])}, SNR = {num(f['snr'])}, x_T = {num(f['signal_coefficient'])}·x0 "
                  f"+ {num(f['noise_std'])}·ε; SNR first drops below 1 at "
                  + (f"t = {s1}." if s1 is not None else "no step (it stays above 1)."))
    for note in d.notes:
        console.print(f"[dim]{escape(note)}[/]")
    console.print(escape(d.lesson))
