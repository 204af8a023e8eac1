"""Render the iou-nms demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.iou_nms import IouNmsResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_MATRIX = 12  # IoU matrix shown up to this many boxes; the JSON has all of them


def render(d: IouNmsResult, console: Console) -> None:
    n = len(d.boxes)
    kept = set(d.kept)
    by = {s["index"]: s for s in d.suppressed}
    rank = {i: r for r, i in enumerate(d.kept, 1)}
    t = table(f"{n} {d.source} boxes, greedy NMS at IoU threshold {num(d.iou_threshold)}", "box", "x1, y1, x2, y2",
              "area", "score", "NMS", text=(1, 4))
    for i in sorted(range(n), key=lambda j: (-d.scores[j], j)):
        x1, y1, x2, y2 = d.boxes[i]
        if i in kept:
            mark = f"[green]kept #{rank[i]}[/]"
        else:
            s = by[i]
            mark = f"[dim]suppressed by box {s['by']} (IoU {s['iou']:.3f})[/]"
        t.add(i, f"{num(x1)}, {num(y1)}, {num(x2)}, {num(y2)}", num(d.areas[i]), num(d.scores[i]), mark)
    fit_table(console, t)

    if n <= MAX_MATRIX:
        m = table("IoU = intersection / union", "", *[str(j) for j in range(n)])
        for i, row in enumerate(d.iou):
            cells = []
            for j, v in enumerate(row):
                text = "1" if i == j else f"{v:.3f}"
                cells.append(f"[bold yellow]{text}[/]" if i != j and v > d.iou_threshold else text)
            m.add(i, *cells)
        fit_table(console, m)
        console.print("[bold yellow]highlighted[/]: pairs above the threshold (one of them is suppressed unless its "
                      "partner was already removed).")
    sw = d.threshold_sweep
    console.print(bar_chart([f"IoU > {num(s['iou_threshold'])}" for s in sw], [s["kept_count"] for s in sw],
                            title="boxes kept vs threshold"))
    console.print(f"kept {d.kept_count} of {n} boxes, in order {d.kept}; the largest IoU left between two kept "
                  f"boxes is {d.max_kept_iou:.3f}.")
    console.print(d.lesson)
