"""Render the online-softmax demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.online_softmax import OnlineSoftmaxResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def _elided(n: int, head: int, tail: int) -> list[int | None]:
    """0..n-1, or the first `head` and the last `tail` with None (a "…" row) between them."""
    rows: list[int | None] = list(range(n))
    return rows if n <= head + tail + 1 else rows[:head] + [None] + rows[-tail:]


def render(d: OnlineSoftmaxResult, console: Console) -> None:
    b, diff = d.blocks, d.max_abs_diff
    console.print(f"n = {d.n} logits in {b['count']} block(s) of {b['size']}, logit scale {num(d.logit_scale)}, "
                  f"{d.dtype}; largest logit {num(d.softmax['max_logit'])}")
    t = table("Part 1: running max m and running sum l after each block (softmax of one vector)", "block",
              "positions", "m (running max)", "rescale e^(m_old − m_new)", "l (running sum)", text=())
    for i in _elided(b["count"], 8, 7):
        if i is None:
            t.add("…", "", "", "", "")
            continue
        lo, hi = b["bounds"][i]
        t.add(i + 1, f"{lo}–{hi - 1}", b["running_max"][i], "—" if i == 0 else b["rescale"][i], b["running_sum"][i])
    fit_table(console, t)
    console.print(f"the running max rose {b['max_changes']} time(s) after the first block; each time the old sum "
                  "was rescaled instead of recomputed.")
    console.print(f"softmax: max |online − direct| = [bold]{num(diff['softmax'])}[/], normaliser relative "
                  f"difference {num(diff['normaliser_rel'])}, probabilities sum to {d.softmax['online_sum']:.6f}")
    nv = d.naive
    if nv["overflow"]:
        console.print(f"[red]naive exp(x)/Σexp(x) without the max shift overflows[/] (exp(x) = inf for "
                      f"x > {num(nv['overflow_logit'])} in {d.dtype})"
                      + (": the result contains nan." if nv["has_nan"] else "."))
    else:
        console.print(f"naive exp(x)/Σexp(x) stays finite here (every logit below {num(nv['overflow_logit'])}); "
                      "raise logit_scale to see it overflow.")

    at = d.attention
    console.print(f"\nPart 2: attention softmax(QKᵀ·{num(at['score_scale'])})V for {d.n} queries, d = {d.d}")
    t = table(f"query {at['trace_query']} across key blocks (its running max rose {at['trace_max_changes']} time(s))",
              "key block", "m", "rescale", "l", text=())
    trace = at["trace"]
    for i in _elided(len(trace), 6, 5):
        if i is None:
            t.add("…", "", "", "")
            continue
        step = trace[i]
        t.add(i + 1, step["running_max"], "—" if i == 0 else step["rescale"], step["running_sum"])
    fit_table(console, t)
    console.print(f"attention: max |online − direct| = [bold]{num(diff['attention'])}[/]; the direct way stores "
                  f"{at['direct_score_elements']:,} scores, the blockwise way one {d.n}×{b['size']} tile "
                  f"({at['online_tile_elements']:,}) plus m, l and o per query.")
    console.print(escape(d.lesson))
