"""Render the online-softmax demo."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from dlstudy.render.charts import fit_table, fmt


def render(result, console, params) -> None:
    d = result.to_dict()
    b, diff = d["blocks"], d["max_abs_diff"]
    console.print(f"n = {d['n']} logits in {b['count']} block(s) of {b['size']}, logit scale {fmt(d['logit_scale'])}, "
                  f"{d['dtype']}; largest logit {fmt(d['softmax']['max_logit'])}")
    t = Table(title="Part 1: running max m and running sum l after each block (softmax of one vector)")
    for col in ("block", "positions", "m (running max)", "rescale e^(m_old − m_new)", "l (running sum)"):
        t.add_column(col, justify="right")
    rows = list(range(b["count"]))
    if len(rows) > 16:
        rows = rows[:8] + [None] + rows[-7:]
    for i in rows:
        if i is None:
            t.add_row("…", "", "", "", "")
            continue
        lo, hi = b["bounds"][i]
        first = i == 0
        t.add_row(str(i + 1), f"{lo}–{hi - 1}", fmt(b["running_max"][i]),
                  "—" if first else fmt(b["rescale"][i]), fmt(b["running_sum"][i]))
    fit_table(console, t)
    console.print(f"the running max rose {b['max_changes']} time(s) after the first block; each time the old sum "
                  "was rescaled instead of recomputed.")
    console.print(f"softmax: max |online − direct| = [bold]{fmt(diff['softmax'])}[/], normaliser relative "
                  f"difference {fmt(diff['normaliser_rel'])}, probabilities sum to {d['softmax']['online_sum']:.6f}")
    nv = d["naive"]
    if nv["overflow"]:
        console.print(f"[red]naive exp(x)/Σexp(x) without the max shift overflows[/] (exp(x) = inf for "
                      f"x > {fmt(nv['overflow_logit'])} in {d['dtype']})"
                      + (": the result contains nan." if nv["has_nan"] else "."))
    else:
        console.print(f"naive exp(x)/Σexp(x) stays finite here (every logit below {fmt(nv['overflow_logit'])}); "
                      "raise logit_scale to see it overflow.")

    at = d["attention"]
    console.print(f"\nPart 2: attention softmax(QKᵀ·{fmt(at['score_scale'])})V for {d['n']} queries, d = {d['d']}")
    t = Table(title=f"query {at['trace_query']} across key blocks (its running max rose {at['trace_max_changes']} "
                    "time(s))")
    for col in ("key block", "m", "rescale", "l"):
        t.add_column(col, justify="right")
    trace = at["trace"]
    idx = list(range(len(trace)))
    if len(idx) > 12:
        idx = idx[:6] + [None] + idx[-5:]
    for i in idx:
        if i is None:
            t.add_row("…", "", "", "")
            continue
        step = trace[i]
        t.add_row(str(i + 1), fmt(step["running_max"]), "—" if i == 0 else fmt(step["rescale"]),
                  fmt(step["running_sum"]))
    fit_table(console, t)
    console.print(f"attention: max |online − direct| = [bold]{fmt(diff['attention'])}[/]; the direct way stores "
                  f"{at['direct_score_elements']:,} scores, the blockwise way one {d['n']}×{b['size']} tile "
                  f"({at['online_tile_elements']:,}) plus m, l and o per query.")
    console.print(escape(d["lesson"]))
