"""Render the bpe-merges demo."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.bpe_merges import BpeMergesResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 40  # merges shown; the JSON has all of them


def _seg(tokens: Iterable[str]) -> str:
    return escape(" ".join(tokens))


def render(d: BpeMergesResult, console: Console) -> None:
    c = d.corpus
    console.print(f"corpus '{c['name']}': " + ", ".join(f"{w}×{n}" for w, n in zip(c["words"], c["counts"]))
                  + f" ({c['word_occurrences']} word occurrences); base symbols: "
                  + escape(" ".join(d.base_vocab)))
    t = table("merges, most frequent adjacent pair first", "#", "pair", "count", "new symbol", "corpus tokens",
              "tokens/word", "vocab", text=(1, 3))
    t.add(0, "[dim]characters only[/]", "", "", d.tokens[0], f"{d.mean_tokens_per_word[0]:.3f}", d.vocab_size[0])
    for i, ((a, b), m, n) in enumerate(zip(d.merges, d.merged, d.merge_counts), 1):
        if i > MAX_ROWS:
            t.add("…", "", "", "", "", "", "")
            break
        t.add(i, f"{escape(a)} + {escape(b)}", n, escape(m), d.tokens[i], f"{d.mean_tokens_per_word[i]:.3f}",
              d.vocab_size[i])
    fit_table(console, t)
    if d.stopped_early:
        console.print(f"stopped after {d.merges_done} of {d.merges_requested} merges: every word is one symbol.")
    s = table("words: characters → final tokens", "word", "count", "start", f"after {d.merges_done} merges",
              text=(0, 2, 3))
    for w, n in zip(c["words"], c["counts"]):
        start = list(w) + (["</w>"] if d.end_of_word else [])
        s.add(escape(w), n, _seg(start), _seg(d.segmentation[w]))
    fit_table(console, s)
    if d.merges_done:
        steps = list(range(len(d.tokens)))
        stride = max(1, len(steps) // 15)
        shown = steps[::stride] + ([steps[-1]] if steps[-1] % stride else [])
        console.print(bar_chart([f"{i} merges" for i in shown], [d.tokens[i] for i in shown],
                                title="tokens in the corpus"))
    console.print(d.lesson)
