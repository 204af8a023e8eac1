"""Render the layer-gradients demo."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.columns import Columns
from rich.console import Console
from rich.table import Table

from dlstudy.demos.catalog.layer_gradients import LayerGradientsResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import FitTable, fit, fit_table


def _num(v: float) -> str:
    """Whole numbers in full (sums of gradients), others as num() writes them."""
    return str(int(v)) if float(v).is_integer() else num(v)


def _grid(title: str, arr: list[Any], zero_dim: bool = True, mark: list[Any] | None = None) -> FitTable:
    """A small grid (2-D list, or a 1-D list shown as one row); zeros dimmed, marked cells bold."""
    rows: list[list[float]] = arr if arr and isinstance(arr[0], list) else [arr]
    marks: list[list[int]] | None = mark if mark is None or (mark and isinstance(mark[0], list)) else [mark]
    t = Table(title=title, show_header=False, box=box.SQUARE, padding=(0, 1))
    for _ in rows[0]:
        t.add_column(justify="right")
    for i, row in enumerate(rows):
        cells = []
        for j, v in enumerate(row):
            text = _num(v)
            if marks is not None and marks[i][j]:
                text = f"[bold]{text}[/]"
            elif zero_dim and v == 0:
                text = f"[dim]{text}[/]"
            cells.append(text)
        t.add_row(*cells)
    return fit(t)


def render(d: LayerGradientsResult, console: Console) -> None:
    shape = "×".join(str(v) for v in ([d.size] * (2 if d.dims == "2d" else 1)))
    out = "×".join(str(v) for v in d.output_shape)
    console.print(f"Input {shape}, pooling window {d.kernel}, stride {d.stride} (no padding) → pooled {out}.")
    mp, ap, relu, dr = d.maxpool, d.avgpool, d.relu, d.dropout
    flat_marks = [0] * (d.size ** (2 if d.dims == "2d" else 1))
    for a in (mp["argmax"] if isinstance(mp["argmax"][0], int) else [i for row in mp["argmax"] for i in row]):
        flat_marks[a] = 1
    marks: list[Any]
    if d.dims == "2d":
        n = d.size
        marks = [flat_marks[i * n:(i + 1) * n] for i in range(n)]
    else:
        marks = flat_marks
    console.print(Columns([
        _grid("input x (window maxima bold)", d.input, zero_dim=False, mark=marks),
        _grid("upstream dL/d(pool out)", d.upstream["pool"], zero_dim=False),
        _grid("max pool: dL/dx", mp["grad_input"]),
        _grid(f"avg pool: dL/dx (×1/{d.kernel ** (2 if d.dims == '2d' else 1)})", ap["grad_input"]),
    ]))
    console.print(Columns([
        _grid("upstream dL/d(out)", d.upstream["elementwise"], zero_dim=False),
        _grid("ReLU: dL/dx", relu["grad_input"]),
        _grid(f"dropout mask (p = {num(dr['p'])})", dr["mask"]),
        _grid(f"dropout: dL/dx (×{num(dr['scale'])})", dr["grad_input"]),
    ]))
    c = d.conservation
    t = table("summary", "layer", "inputs with a gradient", "rule", text=(0, 2))
    total = len(flat_marks)
    t.add("max pool", f"{mp['nonzero']}/{total}", "whole upstream value to the window's max")
    t.add("avg pool", f"{ap['nonzero']}/{total}", f"upstream × {num(ap['share_per_input'])} to every window input")
    t.add("ReLU", f"{sum(sum(r) if isinstance(r, list) else r for r in relu['mask'])}/{total}",
          "upstream where x > 0, else 0")
    t.add("dropout", f"{dr['kept']}/{total}", f"upstream × mask × 1/(1−p) = × {num(dr['scale'])}")
    fit_table(console, t)
    console.print(f"Both pooling gradients add up to the upstream total {_num(c['upstream_pool_sum'])} "
                  f"(max {_num(c['maxpool_grad_sum'])}, avg {_num(c['avgpool_grad_sum'])})."
                  + (f" {d.uncovered} inputs lie in no window and get no gradient at all." if d.uncovered else "")
                  + (" Overlapping windows add their contributions." if d.stride < d.kernel else ""))
    console.print(d.lesson)
