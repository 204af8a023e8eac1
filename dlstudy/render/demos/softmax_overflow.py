"""Render the softmax-overflow demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.softmax_overflow import SoftmaxOverflowResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 16


def _styled(v: float | str) -> str:
    """The value (a number, or the text a demo gives in its place), in bold red when it is inf or nan."""
    text = num(v)
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return f"[bold red]{text}[/]"
    return text


def render(d: SoftmaxOverflowResult, console: Console) -> None:
    dtype = d.dtype
    n = len(d.logits)
    t = table(f"softmax of {n} logit{'s' if n != 1 else ''} in {dtype}", "logit", "naive exp(x)", "naive exp/sum",
              "stable (shift by max)", "log-softmax", "torch.softmax", text=())
    columns = (d.naive_exp, d.naive, d.stable, d.log_softmax, d.torch)
    for i in range(min(n, MAX_ROWS)):
        t.add(num(d.logits_in_dtype[i]), *(_styled(col[i]) for col in columns))
    if n > MAX_ROWS:
        t.add("…", "", "", "", "", "")
    t.add("Σ exp", _styled(d.naive_sum), "", _styled(d.stable_sum), f"lse = {num(d.logsumexp)}", "")
    fit_table(console, t)
    if d.logits_in_dtype != d.logits:
        console.print(f"[dim]The logits were rounded/saturated when cast to {dtype}.[/]")
    for w in d.warnings:
        console.print(f"numpy warned [yellow]{w['numpy']}[/]: {w['meaning']}.")
    console.print(
        f"exp overflows in {dtype} above x = ln(max) = {num(d.overflow_threshold)} (largest {dtype} logit with a "
        f"finite exp: {d.largest_finite_exp_logit!r}); exp underflows to 0 below about "
        f"{num(d.underflow_threshold)}.")
    console.print(f"Stable softmax subtracts m = max(x) = {num(d.shift)}: every exponent is ≤ 0, the largest term "
                  f"is exactly 1, so the sum is between 1 and n. Max |stable - torch| = "
                  f"{num(d.max_abs_diff_stable_vs_torch)}.")
    u = d.underflow
    shown = ", ".join(num(v) for v in u["logits"][:6]) + (", …" if len(u["logits"]) > 6 else "")
    console.print(f"\nUnderflow case (same spread, all very negative: {shown}): naive exp gives "
                  f"{', '.join(num(v) for v in u['naive_exp'][:6])} so the sum is {num(u['naive_sum'])} and "
                  f"0/0 = {num(u['naive'][0])}; the stable version still gives "
                  f"{', '.join(num(v) for v in u['stable'][:6])}.")
    labels = [num(v) for v in d.logits_in_dtype[:MAX_ROWS]]
    console.print(bar_chart(labels, [v if not isinstance(v, str) else float(v) for v in d.stable[:MAX_ROWS]],
                            title="stable softmax probabilities by logit"))
    for line in d.lesson:
        console.print(f"Lesson: {line}")
