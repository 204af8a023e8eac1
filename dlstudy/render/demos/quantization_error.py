"""Render the quantization-error demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.quantization_error import QuantizationErrorResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: QuantizationErrorResult, console: Console) -> None:
    o, pt, pc = d.outlier, d.per_tensor, d.per_channel
    console.print(f"{d.rows}×{d.cols} weights ~ N(0, 1), largest |w| {num(d.weights['max_abs_before_outlier'])}"
                  + (f"; outlier {num(o['value'])} at row {o['row']}, column {o['col']} "
                     f"({num(o['ratio_to_typical_max'])}× that)" if o["present"] else "; no outlier"))
    console.print(f"{d.bits} bits: integers −{d.qmax} .. {d.qmax} ({d.levels} levels), "
                  f"scale = max|w| / {d.qmax}, error ≤ scale/2\n")
    t = table("Per-tensor vs per-channel (per-row) absmax", "", "per-tensor", "per-channel")
    sc = pc["scales"]
    t.add("scale", pt["scale"], f"{num(min(sc))} … {num(max(sc))}")
    for label, key in (("max |error|", "max_abs_error"), ("mean |error|", "mean_abs_error"), ("RMSE", "rmse"),
                       ("relative error ‖w − ŵ‖/‖w‖", "relative_error")):
        t.add(label, pt[key], pc[key])
    if o["present"]:
        t.add("max |error| outside the outlier's row", pt["other_rows_max_abs_error"], pc["other_rows_max_abs_error"])
    t.add("weights rounded to 0", f"{pt['zero_fraction']:.1%}", f"{pc['zero_fraction']:.1%}")
    t.add("distinct levels used", pt["distinct_levels_used"], pc["distinct_levels_used"])
    fit_table(console, t)
    if o["present"]:
        console.print(f"the outlier's scale reaches every weight per-tensor: mean |error| is "
                      f"{num(d.mean_error_ratio)}× the per-channel one.")
    s = table("A few weights and their dequantized values", "row", "col", "w", "per-tensor", "per-channel", text=())
    for row in d.sample:
        s.add(*(row[k] for k in ("row", "col", "w", "per_tensor", "per_channel")))
    fit_table(console, s)
    if len(sc) > 1:
        shown = min(len(sc), 16)
        console.print(bar_chart([f"row {i}" for i in range(shown)], sc[:shown], title="per-channel scales"))
    console.print(escape(d.lesson))
