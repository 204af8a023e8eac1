"""Render the distillation-temperature demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.distillation_temperature import DistillationResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_CLASSES = 8


def render(d: DistillationResult, console: Console) -> None:
    k = d.K
    shown = min(k, MAX_CLASSES)
    t = table("teacher softmax(z / T): one column per temperature", "class", *[f"T = {num(r['T'])}" for r in d.per_T],
              text=())
    for i in range(shown):
        t.add(f"{i}" + (" (y)" if i == d.y else ""), *[r["teacher_probs"][i] for r in d.per_T])
    if k > shown:
        t.add("…", *["" for _ in d.per_T])
    t.add("entropy", *[r["teacher_entropy"] for r in d.per_T], style="bold")
    t.add("KL(t‖s)", *[r["kl"] for r in d.per_T])
    t.add("‖∇KL‖·T²", *[r["soft_grad_norm_times_T2"] for r in d.per_T])
    fit_table(console, t)
    console.print(f"entropy rises with T towards ln K = {num(d.uniform_entropy)} "
                  f"({'yes' if d.entropy_increasing else 'no'}); the teacher's top class stays class "
                  f"{d.teacher_argmax} at every T ({'yes' if d.argmax_constant else 'no'}).")
    hottest = max(d.per_T, key=lambda r: r["T"])
    coldest = min(d.per_T, key=lambda r: r["T"])
    for row in (coldest, hottest):
        console.print(bar_chart([f"class {i}" for i in range(shown)], row["teacher_probs"][:shown],
                                title=f"teacher probabilities at T = {num(row['T'])}"))
    console.print(bar_chart([f"T={num(r['T'])}" for r in d.per_T], [r["soft_grad_norm"] for r in d.per_T],
                            title="‖∂KL/∂student logits‖ without the T² factor", log=True, colour="red"))
    lo = d.loss
    console.print(
        f"\nloss at T = {num(lo['T'])}, α = {num(lo['alpha'])}: α·CE(y, softmax(s)) + (1 − α)·T²·KL = "
        f"{num(lo['alpha'])}·{num(lo['hard'])} + {num(1 - lo['alpha'])}·{num(lo['T'] ** 2)}·{num(lo['soft_kl'])} = "
        f"[bold]{num(lo['total'])}[/bold]"
    )
    console.print(d.lesson)
