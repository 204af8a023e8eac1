"""Render the negative-sampling demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt


def render(result, console, params) -> None:
    r = result.to_dict()
    d, k = r["dim"], r["K"]

    table = Table(title=f"multiply-adds per training pair (d = {d}, K = {k})")
    table.add_column("|V|", justify="right")
    table.add_column("full softmax |V|·d", justify="right")
    table.add_column("hierarchical ⌈log₂|V|⌉·d", justify="right")
    table.add_column("negative sampling (K+1)·d", justify="right")
    table.add_column("softmax / NS", justify="right")
    for c in r["costs"]:
        table.add_row(f"{c['vocab']:,}", f"{c['full_softmax']:,}", f"{c['hierarchical']:,}",
                      f"{c['negative_sampling']:,}", f"{c['ratio']:,.1f}")
    fit_table(console, table)
    rows = sorted(r["costs"], key=lambda c: c["vocab"])
    labels = [f"softmax |V|={c['vocab']:,}" for c in rows] + [f"hierarchical |V|={rows[-1]['vocab']:,}",
                                                            "negative sampling (any |V|)"]
    values = [c["full_softmax"] for c in rows] + [rows[-1]["hierarchical"], rows[-1]["negative_sampling"]]
    console.print(bar_chart(labels, values, title="multiply-adds per step (log scale)", log=True))

    s = r["sampling"]
    st = Table(title=f"noise distribution: unigram^{fmt(s['power'])} on a toy Zipf vocabulary "
                     f"({s['samples']:,} draws)")
    st.add_column("word")
    st.add_column("count", justify="right")
    st.add_column("unigram", justify="right")
    st.add_column(f"unigram^{fmt(s['power'])} (normalized)", justify="right")
    st.add_column("drawn", justify="right")
    st.add_column("boost", justify="right")
    for row in zip(s["words"], s["counts"], s["raw"], s["smoothed"], s["empirical"], s["boost"]):
        w, c, a, b, e, f = row
        st.add_row(w, f"{c:,}", f"{a:.4f}", f"{b:.4f}", f"{e:.4f}" if s["samples"] else "-", f"×{f:.2f}")
    fit_table(console, st)
    console.print("The power < 1 flattens the distribution: frequent words are drawn less often, rare words more.")

    lo = r["loss"]
    console.print(
        f"\nloss on random vectors (entries N(0, {fmt(params.get('scale', 0.2))}²)): "
        f"−log σ(u_o·v_c) = −log σ({fmt(lo['positive_score'])}) = {fmt(lo['positive_term'])}"
    )
    neg = ", ".join(fmt(v) for v in lo["negative_terms"][:8]) + (" …" if len(lo["negative_terms"]) > 8 else "")
    console.print(f"−log σ(−u_k·v_c) for the {k} negatives: {neg}")
    console.print(f"total = [bold]{fmt(lo['total'])}[/bold]; with all vectors zero it would be "
                  f"(K+1)·ln 2 = {fmt(lo['zero_vectors_value'])}.")
    console.print(r["lesson"])
