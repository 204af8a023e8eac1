"""Render the exploding-product demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.exploding_product import ExplodingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: ExplodingResult, console: Console) -> None:
    th, em = d.theory, d.empirical
    what = (f"{d.depth} factors N(0, {num(d.scale)}²)" if d.size == 1 else
            f"{d.depth} random {d.size}×{d.size} matrices (entries N(0, {num(d.scale)}²)) applied to a unit vector")
    console.print(f"{d.trials:,} products of {what}.")
    t = table("log |product| (natural log)", "quantity", "theory", "sampled")
    t.add("mean per factor", th["mean_log_per_factor"], em["mean_log_per_factor"])
    t.add("variance per factor", th["variance_log_per_factor"], em["variance_log_per_factor"])
    t.add(f"mean after {d.depth}", th["mean_log"], em["mean_log"])
    t.add(f"variance after {d.depth}", th["variance_log"], em["variance_log"])
    t.add("median log10 |product|", th["median_magnitude_log10"], em["median_log10"])
    fit_table(console, t)
    if d.size == 1:
        console.print("For z ~ N(0, 1): E[ln|z|] = −(γ + ln 2)/2 ≈ −0.635 and Var[ln|z|] = π²/8 ≈ 1.234.")
    c = table("random walk: the variance grows linearly with depth", "depth", "mean", "theory", "variance", "theory",
              text=())
    for row in d.checkpoints:
        c.add(row["depth"], *(row[k] for k in ("mean", "theory_mean", "variance", "theory_variance")))
    fit_table(console, c)
    h = d.histogram
    labels = [f"{h['edges_log10'][i]:.1f}..{h['edges_log10'][i + 1]:.1f}" for i in range(len(h["counts"]))]
    console.print(bar_chart(labels, h["counts"], title="distribution of log10 |product| across trials"))
    f = d.float32
    console.print(f"computed naively in float32 (max ≈ 10^{th['float32_max_log10']:.1f}): "
                  f"{f['overflow_share']:.2%} overflow to inf, {f['underflow_share']:.2%} underflow to 0.")
    console.print(f"spread: from 10^{em['min_log10']:.1f} to 10^{em['max_log10']:.1f}; mean square is 10^"
                  f"{th['log10_mean_square']:.1f}. The log-magnitude is a sum of independent terms, so it drifts "
                  "linearly and spreads like √depth: the product explodes or vanishes depending on the sign of the "
                  "drift, which is why deep nets need careful scaling, normalization or gradient clipping.")
