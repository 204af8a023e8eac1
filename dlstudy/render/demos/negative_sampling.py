"""Render the negative-sampling demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.negative_sampling import NegativeSamplingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def render(d: NegativeSamplingResult, console: Console) -> None:
    dim, k = d.dim, d.K

    t = table(f"multiply-adds per training pair (d = {dim}, K = {k})", "|V|", "full softmax |V|·d",
              "hierarchical ⌈log₂|V|⌉·d", "negative sampling (K+1)·d", "softmax / NS", text=())
    for c in d.costs:
        t.add(*(f"{c[key]:,}" for key in ("vocab", "full_softmax", "hierarchical", "negative_sampling")),
              f"{c['ratio']:,.1f}")
    fit_table(console, t)
    rows = sorted(d.costs, key=lambda c: c["vocab"])
    labels = [f"softmax |V|={c['vocab']:,}" for c in rows] + [f"hierarchical |V|={rows[-1]['vocab']:,}",
                                                            "negative sampling (any |V|)"]
    values = [c["full_softmax"] for c in rows] + [rows[-1]["hierarchical"], rows[-1]["negative_sampling"]]
    console.print(bar_chart(labels, values, title="multiply-adds per step (log scale)", log=True))

    s = d.sampling
    st = table(f"noise distribution: unigram^{num(s['power'])} on a toy Zipf vocabulary ({s['samples']:,} draws)",
               "word", "count", "unigram", f"unigram^{num(s['power'])} (normalized)", "drawn", "boost")
    for row in zip(s["words"], s["counts"], s["raw"], s["smoothed"], s["empirical"], s["boost"]):
        w, c, a, b, e, f = row
        st.add(w, f"{c:,}", f"{a:.4f}", f"{b:.4f}", f"{e:.4f}" if s["samples"] else "-", f"×{f:.2f}")
    fit_table(console, st)
    console.print("The power < 1 flattens the distribution: frequent words are drawn less often, rare words more.")

    lo = d.loss
    console.print(
        f"\nloss on random vectors (entries N(0, {num(d.scale)}²)): "
        f"−log σ(u_o·v_c) = −log σ({num(lo['positive_score'])}) = {num(lo['positive_term'])}"
    )
    neg = ", ".join(num(v) for v in lo["negative_terms"][:8]) + (" …" if len(lo["negative_terms"]) > 8 else "")
    console.print(f"−log σ(−u_k·v_c) for the {k} negatives: {neg}")
    console.print(f"total = [bold]{num(lo['total'])}[/bold]; with all vectors zero it would be "
                  f"(K+1)·ln 2 = {num(lo['zero_vectors_value'])}.")
    console.print(d.lesson)
