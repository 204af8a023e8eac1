"""Render the sampling-decoding demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.sampling_decoding import SamplingDecodingResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 20  # tokens shown; the JSON has all of them


def render(d: SamplingDecodingResult, console: Console) -> None:
    k, p = d.top_k, d.top_p
    kept_k, kept_p = set(k["kept"]), set(p["kept"])
    both = d.temperature != 1.0
    t = table(f"{d.vocab} tokens, temperature T = {num(d.temperature)}, top-k k = {k['k']}, top-p p = {num(p['p'])}",
              "rank", "token", "logit", *(["p (T = 1)"] if both else []), f"p (T = {num(d.temperature)})",
              "cumulative", "top-k", "top-p", text=())
    for r, i in enumerate(d.ranking[:MAX_ROWS]):
        t.add(r + 1, i, d.logits[i], *([f"{d.probs_t1[i]:.4f}"] if both else []), f"{d.probs[i]:.4f}",
              f"{p['cumulative'][r]:.4f}", f"[green]{k['probs'][i]:.4f}[/]" if i in kept_k else "[dim]–[/]",
              f"[green]{p['probs'][i]:.4f}[/]" if i in kept_p else "[dim]–[/]")
    if d.vocab > MAX_ROWS:
        t.add("…", *[""] * (len(t.columns) - 1))
    fit_table(console, t)
    console.print(f"entropy: {d.entropy_t1:.4f} nats at T = 1, [bold]{d.entropy:.4f}[/bold] at T = "
                  f"{num(d.temperature)} (uniform: ln V = {d.max_entropy:.4f}); greedy picks token "
                  f"{d.top_token['index']} (p = {d.top_token['prob']:.4f}).")
    console.print(f"top-k keeps {k['count']} token{'s' if k['count'] != 1 else ''} holding {k['mass']:.4f} of the mass; "
                  f"top-p keeps the {p['count']} most probable token{'s' if p['count'] != 1 else ''}, the smallest set "
                  f"with mass ≥ {num(p['p'])} ({p['mass']:.4f}); both renormalize what they keep.")
    if d.samples["full"]:
        for name, label in (("full", "full distribution"), ("top_k", "top-k"), ("top_p", "top-p")):
            console.print(f"  samples from {label}: {' '.join(str(v) for v in d.samples[name])}")
    console.print(d.lesson)
