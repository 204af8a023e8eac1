"""Render the sampling-decoding demo."""

from __future__ import annotations

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt

MAX_ROWS = 20  # tokens shown; the JSON has all of them


def render(result, console, params) -> None:
    d = result.to_dict()
    k, p = d["top_k"], d["top_p"]
    kept_k, kept_p = set(k["kept"]), set(p["kept"])
    t = Table(title=f"{d['vocab']} tokens, temperature T = {fmt(d['temperature'])}, top-k k = {k['k']}, "
                    f"top-p p = {fmt(p['p'])}")
    t.add_column("rank", justify="right")
    t.add_column("token", justify="right")
    t.add_column("logit", justify="right")
    both = d["temperature"] != 1.0
    if both:
        t.add_column("p (T = 1)", justify="right")
    t.add_column(f"p (T = {fmt(d['temperature'])})", justify="right")
    t.add_column("cumulative", justify="right")
    t.add_column("top-k", justify="right")
    t.add_column("top-p", justify="right")
    logits = params["logits"]
    for r, i in enumerate(d["ranking"][:MAX_ROWS]):
        t.add_row(str(r + 1), str(i), fmt(logits[i]), *([f"{d['probs_t1'][i]:.4f}"] if both else []),
                  f"{d['probs'][i]:.4f}", f"{p['cumulative'][r]:.4f}",
                  f"[green]{k['probs'][i]:.4f}[/]" if i in kept_k else "[dim]–[/]",
                  f"[green]{p['probs'][i]:.4f}[/]" if i in kept_p else "[dim]–[/]")
    if d["vocab"] > MAX_ROWS:
        t.add_row(*["…"] + [""] * (len(t.columns) - 1))
    fit_table(console, t)
    console.print(f"entropy: {d['entropy_t1']:.4f} nats at T = 1, [bold]{d['entropy']:.4f}[/bold] at T = "
                  f"{fmt(d['temperature'])} (uniform: ln V = {d['max_entropy']:.4f}); greedy picks token "
                  f"{d['top_token']['index']} (p = {d['top_token']['prob']:.4f}).")
    console.print(f"top-k keeps {k['count']} token{'s' if k['count'] != 1 else ''} holding {k['mass']:.4f} of the mass; "
                  f"top-p keeps the {p['count']} most probable token{'s' if p['count'] != 1 else ''}, the smallest set "
                  f"with mass ≥ {fmt(p['p'])} ({p['mass']:.4f}); both renormalize what they keep.")
    if d["samples"]["full"]:
        for name, label in (("full", "full distribution"), ("top_k", "top-k"), ("top_p", "top-p")):
            console.print(f"  samples from {label}: {' '.join(str(v) for v in d['samples'][name])}")
    console.print(d["lesson"])
