"""Render the one-hot-cosine demo."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from dlstudy.demos.catalog.one_hot_cosine import OneHotCosineResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def _matrix(title: str, words: list[str], C: list[list[float]]) -> Table:
    t = table(title, "", *[w[:6] for w in words])
    for w, row in zip(words, C):
        t.add(w, *[f"{v:.2f}" for v in row])
    return t


def render(d: OneHotCosineResult, console: Console) -> None:
    words = d.words
    oh, de = d.one_hot, d.dense
    fit_table(console, _matrix(f"One-hot (dim {oh['dim']} = vocabulary size): cosine similarity", words, oh["cosine"]))
    console.print(f"{oh['orthogonal_pairs']} of {oh['pairs']} pairs have cosine exactly 0; every pair is at "
                  f"Euclidean distance {num(oh['euclidean_offdiag'][0])} = √2. No word is closer to any other.")
    fit_table(console, _matrix(f"Dense {de['kind']} (dim {de['dim']}): cosine similarity", words, de["cosine"]))
    console.print(f"off-diagonal cosines range from {num(de['min_offdiag_cosine'])} to {num(de['max_offdiag_cosine'])} "
                  f"({de['distinct_values_offdiag']} distinct values).")
    if de.get("expected_mean_abs_random") is not None:
        console.print(f"mean |cos| = {num(de['mean_abs_offdiag_cosine'])}, about √(2/(π·dim)) = "
                      f"{num(de['expected_mean_abs_random'])}: random directions are graded but meaningless, "
                      "and nearly orthogonal in high dimension.")
    console.print("nearest word: " + ", ".join(f"{w} → {v}" for w, v in de["most_similar"].items()))
    a = d.analogy
    console.print(f"\n{a['query']}: one-hot → {a['one_hot']['nearest']} (cosine {num(a['one_hot']['cosine'])} with "
                  f"{a['one_hot']['tied_words']} tied words); dense → {a['dense']['nearest']} "
                  f"(cosine {num(a['dense']['cosine'])}).")
    console.print("One-hot vectors are mutually orthogonal, so they carry no notion of similarity; dense embeddings "
                  "put related words at small angles, which is what makes similarity and analogies work.")
