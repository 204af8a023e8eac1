"""Render the beam-search demo."""

from __future__ import annotations

import math

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt

MAX_CANDIDATES = 12  # rows per step shown; the JSON has them all


def _seq(tokens) -> str:
    return " ".join(tokens)


def render(result, console, params) -> None:
    d = result.to_dict()
    m = d["model"]
    toks = m["tokens"]
    t = Table(title=f"Bigram model ({m['kind']}): P(next | prev), {len(toks)} tokens")
    t.add_column("prev")
    for tok in toks:
        t.add_column(tok, justify="right")
    t.add_row("<start>", *[f"{p:.3f}" for p in m["start"]])
    for prev, row in m["transitions"].items():
        t.add_row(prev, *[f"{p:.3f}" for p in row])
    fit_table(console, t)

    k = d["beam_size"]
    for step in d["steps"]:
        n = len(step["candidates"])
        st = Table(title=f"step {step['step']}: {step['expanded']} hypothes{'is' if step['expanded'] == 1 else 'es'} "
                         f"× {len(toks)} tokens = {n} candidates, keep {min(k, n)}")
        st.add_column("candidate")
        st.add_column("log P", justify="right")
        st.add_column("")
        for c in step["candidates"][:MAX_CANDIDATES]:
            if c["kept"]:
                mark = "[green]kept, complete[/]" if c["complete"] else "[green]kept[/]"
            else:
                mark = "[dim]dropped[/]"
            st.add_row(_seq(c["tokens"]), f"{c['logprob']:.4f}", mark)
        if n > MAX_CANDIDATES:
            st.add_row(f"… {n - MAX_CANDIDATES} more (all dropped)" if k <= MAX_CANDIDATES else "…", "", "")
        fit_table(console, st)

    h = Table(title=f"Final hypotheses of beam k={k}, ranked by {d['scoring']}")
    h.add_column("#", justify="right")
    h.add_column("sequence")
    h.add_column("log P", justify="right")
    h.add_column("len", justify="right")
    h.add_column("score", justify="right")
    for i, hyp in enumerate(d["beam"]["hypotheses"][:10], 1):
        h.add_row(str(i), _seq(hyp["tokens"]), f"{hyp['logprob']:.4f}", str(hyp["length"]), f"{hyp['score']:.4f}")
    fit_table(console, h)

    s = Table(title="Greedy vs beam vs exhaustive")
    s.add_column("method")
    s.add_column("sequence")
    s.add_column("log P", justify="right")
    s.add_column("score", justify="right")
    s.add_column("optimal?")
    g, b, e = d["greedy"], d["beam"]["best"], d["exhaustive"]
    s.add_row("greedy (argmax each step)", _seq(g["tokens"]), f"{g['logprob']:.4f}", f"{g['score']:.4f}",
              _yes(d["greedy_is_optimal"]))
    s.add_row(f"beam, k={k}", _seq(b["tokens"]), f"{b['logprob']:.4f}", f"{b['score']:.4f}",
              _yes(d["beam"]["found_optimum"]))
    s.add_row(f"exhaustive ({e['sequences_scored']:,} sequences)", _seq(e["tokens"]), f"{e['logprob']:.4f}",
              f"{e['score']:.4f}", "by definition")
    fit_table(console, s)
    console.print(f"Probabilities: greedy {fmt(math.exp(g['logprob']))}, beam {fmt(math.exp(b['logprob']))}, "
                  f"exhaustive {fmt(math.exp(e['logprob']))}.")
    console.print("Lesson: greedy commits to the locally best token and can walk into a low-probability "
                  "continuation; beam search keeps k alternatives (cost ~k·|V| per step instead of |V|^len) but is "
                  "still a heuristic. Length normalization (alpha > 0) stops short sequences from always winning.")


def _yes(ok: bool) -> str:
    return "[green]yes[/]" if ok else "[red]no[/]"
