"""Render the beam-search demo."""

from __future__ import annotations

import math
from collections.abc import Iterable

from rich.console import Console

from dlstudy.demos.catalog.beam_search import BeamSearchResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_CANDIDATES = 12  # rows per step shown; the JSON has them all


def _seq(tokens: Iterable[str]) -> str:
    return " ".join(tokens)


def _yes(ok: bool) -> str:
    return "[green]yes[/]" if ok else "[red]no[/]"


def render(d: BeamSearchResult, console: Console) -> None:
    m = d.model
    toks = m["tokens"]
    t = table(f"Bigram model ({m['kind']}): P(next | prev), {len(toks)} tokens", "prev", *toks)
    t.add("<start>", *[f"{p:.3f}" for p in m["start"]])
    for prev, row in m["transitions"].items():
        t.add(prev, *[f"{p:.3f}" for p in row])
    fit_table(console, t)

    k = d.beam_size
    for step in d.steps:
        n = len(step["candidates"])
        st = table(f"step {step['step']}: {step['expanded']} hypothes{'is' if step['expanded'] == 1 else 'es'} "
                   f"× {len(toks)} tokens = {n} candidates, keep {min(k, n)}", "candidate", "log P", "", text=(0, 2))
        for c in step["candidates"][:MAX_CANDIDATES]:
            if c["kept"]:
                mark = "[green]kept, complete[/]" if c["complete"] else "[green]kept[/]"
            else:
                mark = "[dim]dropped[/]"
            st.add(_seq(c["tokens"]), f"{c['logprob']:.4f}", mark)
        if n > MAX_CANDIDATES:
            st.add(f"… {n - MAX_CANDIDATES} more (all dropped)" if k <= MAX_CANDIDATES else "…", "", "")
        fit_table(console, st)

    h = table(f"Final hypotheses of beam k={k}, ranked by {d.scoring}", "#", "sequence", "log P", "len", "score",
              text=(1,))
    for i, hyp in enumerate(d.beam["hypotheses"][:10], 1):
        h.add(i, _seq(hyp["tokens"]), f"{hyp['logprob']:.4f}", str(hyp["length"]), f"{hyp['score']:.4f}")
    fit_table(console, h)

    s = table("Greedy vs beam vs exhaustive", "method", "sequence", "log P", "score", "optimal?", text=(0, 1, 4))
    g, b, e = d.greedy, d.beam["best"], d.exhaustive
    s.add("greedy (argmax each step)", _seq(g["tokens"]), f"{g['logprob']:.4f}", f"{g['score']:.4f}",
          _yes(d.greedy_is_optimal))
    s.add(f"beam, k={k}", _seq(b["tokens"]), f"{b['logprob']:.4f}", f"{b['score']:.4f}", _yes(d.beam["found_optimum"]))
    s.add(f"exhaustive ({e['sequences_scored']:,} sequences)", _seq(e["tokens"]), f"{e['logprob']:.4f}",
          f"{e['score']:.4f}", "by definition")
    fit_table(console, s)
    console.print(f"Probabilities: greedy {num(math.exp(g['logprob']))}, beam {num(math.exp(b['logprob']))}, "
                  f"exhaustive {num(math.exp(e['logprob']))}.")
    console.print("Lesson: greedy commits to the locally best token and can walk into a low-probability "
                  "continuation; beam search keeps k alternatives (cost ~k·|V| per step instead of |V|^len) but is "
                  "still a heuristic. Length normalization (alpha > 0) stops short sequences from always winning.")
