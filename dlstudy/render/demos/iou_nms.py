"""Render the iou-nms demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt

MAX_MATRIX = 12  # IoU matrix shown up to this many boxes; the JSON has all of them


def render(result, console, params) -> None:
    d = result.to_dict()
    n = len(d["boxes"])
    kept = set(d["kept"])
    by = {s["index"]: s for s in d["suppressed"]}
    rank = {i: r for r, i in enumerate(d["kept"], 1)}
    t = Table(title=f"{n} {d['source']} boxes, greedy NMS at IoU threshold {fmt(d['iou_threshold'])}")
    t.add_column("box", justify="right")
    t.add_column("x1, y1, x2, y2")
    t.add_column("area", justify="right")
    t.add_column("score", justify="right")
    t.add_column("NMS")
    for i in sorted(range(n), key=lambda j: (-d["scores"][j], j)):
        x1, y1, x2, y2 = d["boxes"][i]
        if i in kept:
            mark = f"[green]kept #{rank[i]}[/]"
        else:
            s = by[i]
            mark = f"[dim]suppressed by box {s['by']} (IoU {s['iou']:.3f})[/]"
        t.add_row(str(i), f"{fmt(x1)}, {fmt(y1)}, {fmt(x2)}, {fmt(y2)}", fmt(d["areas"][i]), fmt(d["scores"][i]), mark)
    fit_table(console, t)

    if n <= MAX_MATRIX:
        m = Table(title="IoU = intersection / union")
        m.add_column("")
        for j in range(n):
            m.add_column(str(j), justify="right")
        for i, row in enumerate(d["iou"]):
            cells = []
            for j, v in enumerate(row):
                text = "1" if i == j else f"{v:.3f}"
                cells.append(f"[bold yellow]{text}[/]" if i != j and v > d["iou_threshold"] else text)
            m.add_row(str(i), *cells)
        fit_table(console, m)
        console.print("[bold yellow]highlighted[/]: pairs above the threshold (one of them is suppressed unless its "
                      "partner was already removed).")
    sw = d["threshold_sweep"]
    console.print(bar_chart([f"IoU > {fmt(s['iou_threshold'])}" for s in sw], [s["kept_count"] for s in sw],
                            title="boxes kept vs threshold"))
    console.print(f"kept {d['kept_count']} of {n} boxes, in order {d['kept']}; the largest IoU left between two kept "
                  f"boxes is {d['max_kept_iou']:.3f}.")
    console.print(d["lesson"])
