"""Render the exploding-product demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    th, em = d["theory"], d["empirical"]
    what = (f"{d['depth']} factors N(0, {fmt(d['scale'])}²)" if d["size"] == 1 else
            f"{d['depth']} random {d['size']}×{d['size']} matrices (entries N(0, {fmt(d['scale'])}²)) applied to a unit vector")
    console.print(f"{d['trials']:,} products of {what}.")
    t = Table(title="log |product| (natural log)")
    t.add_column("quantity")
    t.add_column("theory", justify="right")
    t.add_column("sampled", justify="right")
    t.add_row("mean per factor", fmt(th["mean_log_per_factor"]), fmt(em["mean_log_per_factor"]))
    t.add_row("variance per factor", fmt(th["variance_log_per_factor"]), fmt(em["variance_log_per_factor"]))
    t.add_row(f"mean after {d['depth']}", fmt(th["mean_log"]), fmt(em["mean_log"]))
    t.add_row(f"variance after {d['depth']}", fmt(th["variance_log"]), fmt(em["variance_log"]))
    t.add_row("median log10 |product|", fmt(th["median_magnitude_log10"]), fmt(em["median_log10"]))
    fit_table(console, t)
    if d["size"] == 1:
        console.print("For z ~ N(0, 1): E[ln|z|] = −(γ + ln 2)/2 ≈ −0.635 and Var[ln|z|] = π²/8 ≈ 1.234.")
    c = Table(title="random walk: the variance grows linearly with depth")
    c.add_column("depth", justify="right")
    c.add_column("mean", justify="right")
    c.add_column("theory", justify="right")
    c.add_column("variance", justify="right")
    c.add_column("theory", justify="right")
    for row in d["checkpoints"]:
        c.add_row(str(row["depth"]), fmt(row["mean"]), fmt(row["theory_mean"]), fmt(row["variance"]),
                  fmt(row["theory_variance"]))
    fit_table(console, c)
    h = d["histogram"]
    labels = [f"{h['edges_log10'][i]:.1f}..{h['edges_log10'][i + 1]:.1f}" for i in range(len(h["counts"]))]
    console.print(bar_chart(labels, h["counts"], title="distribution of log10 |product| across trials"))
    f = d["float32"]
    console.print(f"computed naively in float32 (max ≈ 10^{th['float32_max_log10']:.1f}): "
                  f"{f['overflow_share']:.2%} overflow to inf, {f['underflow_share']:.2%} underflow to 0.")
    console.print(f"spread: from 10^{em['min_log10']:.1f} to 10^{em['max_log10']:.1f}; mean square is 10^"
                  f"{th['log10_mean_square']:.1f}. The log-magnitude is a sum of independent terms, so it drifts "
                  "linearly and spreads like √depth: the product explodes or vanishes depending on the sign of the "
                  "drift, which is why deep nets need careful scaling, normalization or gradient clipping.")
