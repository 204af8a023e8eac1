"""Render the distillation-temperature demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt

MAX_CLASSES = 8


def render(result, console, params) -> None:
    d = result.to_dict()
    k = d["K"]
    shown = min(k, MAX_CLASSES)
    table = Table(title="teacher softmax(z / T): one column per temperature")
    table.add_column("class", justify="right")
    for row in d["per_T"]:
        table.add_column(f"T = {fmt(row['T'])}", justify="right")
    for i in range(shown):
        table.add_row(f"{i}" + (" (y)" if i == d["y"] else ""), *[fmt(r["teacher_probs"][i]) for r in d["per_T"]])
    if k > shown:
        table.add_row("…", *["" for _ in d["per_T"]])
    table.add_row("entropy", *[fmt(r["teacher_entropy"]) for r in d["per_T"]], style="bold")
    table.add_row("KL(t‖s)", *[fmt(r["kl"]) for r in d["per_T"]])
    table.add_row("‖∇KL‖·T²", *[fmt(r["soft_grad_norm_times_T2"]) for r in d["per_T"]])
    fit_table(console, table)
    console.print(f"entropy rises with T towards ln K = {fmt(d['uniform_entropy'])} "
                  f"({'yes' if d['entropy_increasing'] else 'no'}); the teacher's top class stays class "
                  f"{d['teacher_argmax']} at every T ({'yes' if d['argmax_constant'] else 'no'}).")
    hottest = max(d["per_T"], key=lambda r: r["T"])
    coldest = min(d["per_T"], key=lambda r: r["T"])
    for row in (coldest, hottest):
        console.print(bar_chart([f"class {i}" for i in range(shown)], row["teacher_probs"][:shown],
                                title=f"teacher probabilities at T = {fmt(row['T'])}"))
    console.print(bar_chart([f"T={fmt(r['T'])}" for r in d["per_T"]], [r["soft_grad_norm"] for r in d["per_T"]],
                            title="‖∂KL/∂student logits‖ without the T² factor", log=True, colour="red"))
    lo = d["loss"]
    console.print(
        f"\nloss at T = {fmt(lo['T'])}, α = {fmt(lo['alpha'])}: α·CE(y, softmax(s)) + (1 − α)·T²·KL = "
        f"{fmt(lo['alpha'])}·{fmt(lo['hard'])} + {fmt(1 - lo['alpha'])}·{fmt(lo['T'] ** 2)}·{fmt(lo['soft_kl'])} = "
        f"[bold]{fmt(lo['total'])}[/bold]"
    )
    console.print(d["lesson"])
