"""Render the gradient-clipping demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.gradient_clipping import GradientClippingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: GradientClippingResult, console: Console) -> None:
    t = table("per-tensor gradient L2 norms", "tensor", "elements", "raw", "global clip", "per-tensor clip",
              f"value ±{num(d.clip_value)}", text=())
    clips = (d.by_norm, d.per_tensor, d.by_value)
    for i, n in enumerate(d.sizes):
        t.add(i, n, d.per_param_norms[i], *(c["per_param_norms"][i] for c in clips))
    t.add("all", sum(d.sizes), d.global_norm, *(c["global_norm"] for c in clips), style="bold")
    t.add("cos(raw)", "", "1", *(c["cosine"] for c in clips))
    fit_table(console, t)
    verdict = "clipped" if d.was_clipped else "left unchanged (already below max_norm)"
    console.print(
        f"global norm ‖g‖ = √(Σ‖g_i‖²) = {num(d.global_norm)}; scale = min(1, {num(d.max_norm)}/‖g‖) = "
        f"[bold]{num(d.scale)}[/bold] → {verdict}."
    )
    console.print(f"clip by value touched {d.by_value['fraction_clipped']:.0%} of the elements.")
    console.print(bar_chart(["global norm", "per tensor", "by value"],
                            [1 - c["cosine"] for c in clips],
                            title="direction change: 1 − cosine(clipped, raw)"))
    console.print(d.lesson)
