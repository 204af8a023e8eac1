"""Render the gradient-clipping demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    table = Table(title="per-tensor gradient L2 norms")
    table.add_column("tensor", justify="right")
    table.add_column("elements", justify="right")
    table.add_column("raw", justify="right")
    table.add_column("global clip", justify="right")
    table.add_column("per-tensor clip", justify="right")
    table.add_column(f"value ±{fmt(d['clip_value'])}", justify="right")
    for i, n in enumerate(d["sizes"]):
        table.add_row(str(i), str(n), fmt(d["per_param_norms"][i]), fmt(d["by_norm"]["per_param_norms"][i]),
                      fmt(d["per_tensor"]["per_param_norms"][i]), fmt(d["by_value"]["per_param_norms"][i]))
    table.add_row("all", str(sum(d["sizes"])), fmt(d["global_norm"]), fmt(d["by_norm"]["global_norm"]),
                  fmt(d["per_tensor"]["global_norm"]), fmt(d["by_value"]["global_norm"]), style="bold")
    table.add_row("cos(raw)", "", "1", fmt(d["by_norm"]["cosine"]), fmt(d["per_tensor"]["cosine"]),
                  fmt(d["by_value"]["cosine"]))
    fit_table(console, table)
    verdict = "clipped" if d["was_clipped"] else "left unchanged (already below max_norm)"
    console.print(
        f"global norm ‖g‖ = √(Σ‖g_i‖²) = {fmt(d['global_norm'])}; scale = min(1, {fmt(d['max_norm'])}/‖g‖) = "
        f"[bold]{fmt(d['scale'])}[/bold] → {verdict}."
    )
    console.print(f"clip by value touched {d['by_value']['fraction_clipped']:.0%} of the elements.")
    console.print(bar_chart(["global norm", "per tensor", "by value"],
                            [1 - d["by_norm"]["cosine"], 1 - d["per_tensor"]["cosine"], 1 - d["by_value"]["cosine"]],
                            title="direction change: 1 − cosine(clipped, raw)"))
    console.print(d["lesson"])
