"""Render the speculative-decoding demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.speculative_decoding import SpeculativeDecodingResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 16


def render(d: SpeculativeDecodingResult, console: Console) -> None:
    shown = min(d.vocab, MAX_ROWS)
    t = table(f"one position, {d.vocab} tokens", "token", "target p", "draft q", "P(accept | drafted)",
              "residual", "output share", text=(0,))
    for i in range(shown):
        acc = d.accept_prob[i]
        t.add(str(i), d.target[i], d.draft[i], "never drafted" if acc is None else acc, d.residual[i], d.empirical[i])
    if d.vocab > shown:
        t.add(f"… {d.vocab - shown} more", "", "", "", "", "")
    fit_table(console, t)
    alpha = d.acceptance_rate
    console.print(f"acceptance rate α = Σ min(p, q) = [bold]{num(alpha)}[/] = 1 − TV(p, q) with TV(p, q) = "
                  f"{num(d.tv_target_draft)}.")
    console.print(f"{d.trials:,} simulated target passes with k = {d.k} drafts each emitted {d.emitted:,} tokens: "
                  f"[bold]{num(d.tokens_per_step)}[/] per pass ({num(d.accepted_per_step)} accepted drafts + 1 "
                  f"resampled or bonus token); expected (1 − α^(k+1))/(1 − α) = {num(d.expected_tokens_per_step)}.")
    wrong = d.resample_from_p
    if wrong["tv"] > 1e-12:
        effect = f"at TV {num(wrong['tv'])} from p, skewed toward the tokens the draft over-rates (q > p)"
    else:
        effect = "which happens to equal p for these two distributions"
    console.print(f"output shares vs p: TV = [bold]{num(d.tv_distance)}[/] (sampling noise only). Resampling "
                  f"rejections from p instead of the residual would give min(p, q) + (1 − α)·p, {effect}.")
    cap = "no limit (α = 1)" if alpha >= 1 else f"the limit 1/(1 − α) = {num(1 / (1 - alpha))}"
    console.print(bar_chart([f"k={int(r['k'])}" for r in d.by_k], [r["expected_tokens"] for r in d.by_k],
                            title=f"expected tokens per target pass by draft length k (towards {cap})"))
    console.print(f"with a draft step costing {num(d.draft_cost)} of a target pass, k = {d.k} gives a wall-clock "
                  f"speed-up of {num(d.speedup)}× over plain decoding; best listed k = "
                  f"{int(max(d.by_k, key=lambda r: r['speedup'])['k'])}.")
    console.print(escape(d.lesson))
