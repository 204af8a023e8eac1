"""Render the bpe-merges demo."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from dlstudy.render.charts import bar_chart, fit_table

MAX_ROWS = 40  # merges shown; the JSON has all of them


def _seg(tokens) -> str:
    return escape(" ".join(tokens))


def render(result, console, params) -> None:
    d = result.to_dict()
    c = d["corpus"]
    console.print(f"corpus '{c['name']}': " + ", ".join(f"{w}×{n}" for w, n in zip(c["words"], c["counts"]))
                  + f" ({c['word_occurrences']} word occurrences); base symbols: "
                  + escape(" ".join(d["base_vocab"])))
    t = Table(title="merges, most frequent adjacent pair first")
    t.add_column("#", justify="right")
    t.add_column("pair")
    t.add_column("count", justify="right")
    t.add_column("new symbol")
    t.add_column("corpus tokens", justify="right")
    t.add_column("tokens/word", justify="right")
    t.add_column("vocab", justify="right")
    t.add_row("0", "[dim]characters only[/]", "", "", str(d["tokens"][0]), f"{d['mean_tokens_per_word'][0]:.3f}",
              str(d["vocab_size"][0]))
    for i, ((a, b), m, n) in enumerate(zip(d["merges"], d["merged"], d["merge_counts"]), 1):
        if i > MAX_ROWS:
            t.add_row("…", "", "", "", "", "", "")
            break
        t.add_row(str(i), f"{escape(a)} + {escape(b)}", str(n), escape(m), str(d["tokens"][i]),
                  f"{d['mean_tokens_per_word'][i]:.3f}", str(d["vocab_size"][i]))
    fit_table(console, t)
    if d["stopped_early"]:
        console.print(f"stopped after {d['merges_done']} of {d['merges_requested']} merges: every word is one symbol.")
    s = Table(title="words: characters → final tokens")
    s.add_column("word")
    s.add_column("count", justify="right")
    s.add_column("start")
    s.add_column(f"after {d['merges_done']} merges")
    for _j, (w, n) in enumerate(zip(c["words"], c["counts"])):
        start = list(w) + (["</w>"] if d["end_of_word"] else [])
        s.add_row(escape(w), str(n), _seg(start), _seg(d["segmentation"][w]))
    fit_table(console, s)
    if d["merges_done"]:
        steps = list(range(len(d["tokens"])))
        stride = max(1, len(steps) // 15)
        shown = steps[::stride] + ([steps[-1]] if steps[-1] % stride else [])
        console.print(bar_chart([f"{i} merges" for i in shown], [d["tokens"][i] for i in shown],
                                title="tokens in the corpus"))
    console.print(d["lesson"])
