"""Render the continuous-batching demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.continuous_batching import ContinuousBatchingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_BARS = 12


def render(d: ContinuousBatchingResult, console: Console) -> None:
    console.print(f"{d.requests:,} queued requests, output lengths uniform in {d.min_len:,}..{d.max_len:,} tokens "
                  f"(mean {num(d.mean_length)}), {d.tokens:,} tokens in all; {d.batch} slot{'s' if d.batch > 1 else ''}, one "
                  "token per busy "
                  "slot per decode step.")
    t = table(None, "", "decode steps", "tokens per step", "padding share", "mean finish step")
    for name, s in (("static batching", d.static), ("continuous batching", d.continuous)):
        t.add(name, f"{int(s['steps']):,}", s["tokens_per_step"], f"{s['padding_share']:.1%}",
              f"{s['mean_finish_step']:,.0f}")
    fit_table(console, t)
    console.print(f"continuous batching: [bold]{num(d.throughput_ratio)}×[/] the tokens per step, out of at most "
                  f"{d.batch} per step.")
    shown = d.first_batch[:MAX_BARS]
    hidden = min(d.batch, d.requests) - len(shown)
    title = (f"first static batch: output length of each slot's request; the batch runs {d.first_batch_steps:,} "
             "steps, each slot idling after its request ends" + (f" ({hidden} more slots not shown)" if hidden else ""))
    console.print(bar_chart([f"slot {i + 1}" for i in range(len(shown))], shown, title=title))
    limit = ""
    if d.min_len == 1 and d.batch > 1:
        limit = f"; for outputs from 1 to a large maximum it tends to (B − 1)/(2B) = {(d.batch - 1) / (2 * d.batch):.1%}"
    console.print(escape(f"expected static padding for uniform lengths and full batches: 1 − E[length]/E[longest of "
                         f"{d.batch}] = {d.expected_static_padding:.1%}{limit}."))
    console.print(escape(d.lesson))
