"""Render the quantization-error demo."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    o, pt, pc = d["outlier"], d["per_tensor"], d["per_channel"]
    console.print(f"{d['rows']}×{d['cols']} weights ~ N(0, 1), largest |w| {fmt(d['weights']['max_abs_before_outlier'])}"
                  + (f"; outlier {fmt(o['value'])} at row {o['row']}, column {o['col']} "
                     f"({fmt(o['ratio_to_typical_max'])}× that)" if o["present"] else "; no outlier"))
    console.print(f"{d['bits']} bits: integers −{d['qmax']} .. {d['qmax']} ({d['levels']} levels), "
                  f"scale = max|w| / {d['qmax']}, error ≤ scale/2\n")
    t = Table(title="Per-tensor vs per-channel (per-row) absmax")
    t.add_column("")
    t.add_column("per-tensor", justify="right")
    t.add_column("per-channel", justify="right")
    sc = pc["scales"]
    t.add_row("scale", fmt(pt["scale"]), f"{fmt(min(sc))} … {fmt(max(sc))}")
    for label, key in (("max |error|", "max_abs_error"), ("mean |error|", "mean_abs_error"), ("RMSE", "rmse"),
                       ("relative error ‖w − ŵ‖/‖w‖", "relative_error")):
        t.add_row(label, fmt(pt[key]), fmt(pc[key]))
    if o["present"]:
        t.add_row("max |error| outside the outlier's row", fmt(pt["other_rows_max_abs_error"]),
                  fmt(pc["other_rows_max_abs_error"]))
    t.add_row("weights rounded to 0", f"{pt['zero_fraction']:.1%}", f"{pc['zero_fraction']:.1%}")
    t.add_row("distinct levels used", str(pt["distinct_levels_used"]), str(pc["distinct_levels_used"]))
    fit_table(console, t)
    if o["present"]:
        console.print(f"the outlier's scale reaches every weight per-tensor: mean |error| is "
                      f"{fmt(d['mean_error_ratio'])}× the per-channel one.")
    s = Table(title="A few weights and their dequantized values")
    for col in ("row", "col", "w", "per-tensor", "per-channel"):
        s.add_column(col, justify="right")
    for row in d["sample"]:
        s.add_row(str(row["row"]), str(row["col"]), fmt(row["w"]), fmt(row["per_tensor"]), fmt(row["per_channel"]))
    fit_table(console, s)
    if len(sc) > 1:
        shown = min(len(sc), 16)
        console.print(bar_chart([f"row {i}" for i in range(shown)], sc[:shown], title="per-channel scales"))
    console.print(escape(d["lesson"]))
