"""Render the softmax-overflow demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table, fmt

MAX_ROWS = 16


def _num(v) -> str:
    if isinstance(v, str):
        return v
    return fmt(v)


def _styled(v) -> str:
    text = _num(v)
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return f"[bold red]{text}[/]"
    return text


def render(result, console, params) -> None:
    d = result.to_dict()
    dtype = d["dtype"]
    n = len(d["logits"])
    t = Table(title=f"softmax of {n} logit{'s' if n != 1 else ''} in {dtype}")
    t.add_column("logit", justify="right")
    t.add_column("naive exp(x)", justify="right")
    t.add_column("naive exp/sum", justify="right")
    t.add_column("stable (shift by max)", justify="right")
    t.add_column("log-softmax", justify="right")
    t.add_column("torch.softmax", justify="right")
    for i in range(min(n, MAX_ROWS)):
        t.add_row(_num(d["logits_in_dtype"][i]), _styled(d["naive_exp"][i]), _styled(d["naive"][i]),
                  _styled(d["stable"][i]), _styled(d["log_softmax"][i]), _styled(d["torch"][i]))
    if n > MAX_ROWS:
        t.add_row("…", "", "", "", "", "")
    t.add_row("Σ exp", _styled(d["naive_sum"]), "", _styled(d["stable_sum"]), f"lse = {_num(d['logsumexp'])}", "")
    fit_table(console, t)
    if d["logits_in_dtype"] != d["logits"]:
        console.print(f"[dim]The logits were rounded/saturated when cast to {dtype}.[/]")
    for w in d["warnings"]:
        console.print(f"numpy warned [yellow]{w['numpy']}[/]: {w['meaning']}.")
    console.print(
        f"exp overflows in {dtype} above x = ln(max) = {fmt(d['overflow_threshold'])} (largest {dtype} logit with a "
        f"finite exp: {d['largest_finite_exp_logit']!r}); exp underflows to 0 below about "
        f"{fmt(d['underflow_threshold'])}.")
    console.print(f"Stable softmax subtracts m = max(x) = {_num(d['shift'])}: every exponent is ≤ 0, the largest term "
                  f"is exactly 1, so the sum is between 1 and n. Max |stable - torch| = "
                  f"{_num(d['max_abs_diff_stable_vs_torch'])}.")
    u = d["underflow"]
    shown = ", ".join(_num(v) for v in u["logits"][:6]) + (", …" if len(u["logits"]) > 6 else "")
    console.print(f"\nUnderflow case (same spread, all very negative: {shown}): naive exp gives "
                  f"{', '.join(_num(v) for v in u['naive_exp'][:6])} so the sum is {_num(u['naive_sum'])} and "
                  f"0/0 = {_num(u['naive'][0])}; the stable version still gives "
                  f"{', '.join(_num(v) for v in u['stable'][:6])}.")
    labels = [_num(v) for v in d["logits_in_dtype"][:MAX_ROWS]]
    console.print(bar_chart(labels, [v if not isinstance(v, str) else float(v) for v in d["stable"][:MAX_ROWS]],
                            title="stable softmax probabilities by logit"))
    for line in d["lesson"]:
        console.print(f"Lesson: {line}")
