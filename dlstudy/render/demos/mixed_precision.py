"""Render the mixed-precision demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def _pct(v: float) -> str:
    return f"{v:.2%}" if 0 < v < 0.0001 or v > 0.9999 and v < 1 else f"{v:.1%}"


def render(result, console, params) -> None:
    d = result.to_dict()
    th, fp, sc, bf = d["thresholds"], d["fp16"], d["scaled"], d["bf16"]
    console.print(f"{d['nonzero_count']:,} float32 gradients, magnitudes {d['distribution']} over 1e{fmt(d['log10_min'])} "
                  f"… 1e{fmt(d['log10_max'])}, random signs; loss scale S = {fmt(d['loss_scale'])}.")
    t = Table(title="formats")
    t.add_column("format")
    t.add_column("largest", justify="right")
    t.add_column("smallest normal", justify="right")
    t.add_column("smallest subnormal", justify="right")
    t.add_column("rounds to 0 below", justify="right")
    t.add_column("unit roundoff", justify="right")
    for name in ("fp16", "bf16", "fp32"):
        row = th[name]
        t.add_row(name, fmt(row["max"]), fmt(row["min_normal"]), fmt(row["min_subnormal"]),
                  fmt(row.get("underflow_below", row["min_subnormal"] / 2)), fmt(row["unit_roundoff"]))
    fit_table(console, t)

    s = Table(title="what happens to the gradients")
    s.add_column("cast")
    s.add_column("become 0", justify="right")
    s.add_column("subnormal", justify="right")
    s.add_column("overflow (inf)", justify="right")
    s.add_column("median rel. error", justify="right")
    s.add_row("fp16(g)", _pct(fp["underflow_share"]), _pct(fp["subnormal_share"]), _pct(fp["overflow_share"]),
              fmt(fp["rel_error"]["median"]))
    s.add_row(f"fp16(g·{fmt(sc['scale'])}) / S", _pct(sc["underflow_share"]), _pct(sc["subnormal_share"]),
              _pct(sc["overflow_share"]), fmt(sc["unscaled_rel_error"]["median"]))
    s.add_row("bf16(g)", _pct(bf["underflow_share"]), _pct(bf["subnormal_share"]), _pct(bf["overflow_share"]),
              fmt(bf["rel_error"]["median"]))
    fit_table(console, s)
    console.print(bar_chart(["fp16", f"fp16, S = {fmt(sc['scale'])}", "bf16"],
                            [fp["underflow_share"], sc["underflow_share"], bf["underflow_share"]],
                            title="share of nonzero gradients that become exactly 0"))
    if len(d["by_decade"]) > 1:
        dt = Table(title="lost to 0, per decade of |g|")
        dt.add_column("|g| in", justify="right")
        dt.add_column("count", justify="right")
        dt.add_column("fp16", justify="right")
        dt.add_column("fp16 scaled", justify="right")
        dt.add_column("bf16", justify="right")
        for row in d["by_decade"]:
            over = f" (+{row['scaled_overflow']:.0%} inf)" if row["scaled_overflow"] else ""
            dt.add_row(f"[1e{row['decade']}, 1e{row['decade'] + 1})", f"{row['count']:,}", _pct(row["fp16_lost"]),
                       _pct(row["scaled_lost"]) + over, _pct(row["bf16_lost"]))
        fit_table(console, dt)
    console.print(f"largest power-of-two scale without overflow here: {fmt(sc['max_safe_scale'])}.")
    for note in d["notes"]:
        console.print(f"[yellow]{note}[/]")
    console.print(d["lesson"])
