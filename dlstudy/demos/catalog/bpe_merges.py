"""bpe-merges: byte-pair-encoding merges learned on a tiny word-count corpus (Sennrich et al., 2016).

Every word starts as its characters (plus an end-of-word marker </w> when end_of_word=true). Each step
counts every adjacent symbol pair over the corpus, weighted by word counts, and merges the most frequent
pair everywhere (left to right, non-overlapping). Ties go to the pair that appears first when the corpus
is read word by word (in the order listed) and left to right: the order `max(pairs, key=pairs.get)`
gives in Sennrich et al.'s reference code. Learning stops early when no pair is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

EOW = "</w>"
CORPORA: dict[str, list[tuple[str, int]]] = {
    # the tokenization card's example
    "bed": [("bed", 4), ("beds", 3), ("bet", 2), ("red", 5)],
    # Sennrich et al. (2016), Figure 1 (use end_of_word=true to match the paper)
    "low": [("low", 5), ("lower", 2), ("newest", 6), ("widest", 3)],
    # the Hugging Face course's BPE example
    "hug": [("hug", 10), ("pug", 5), ("pun", 12), ("bun", 4), ("hugs", 5)],
    # a few English words sharing stems and suffixes
    "english": [("the", 30), ("this", 12), ("that", 10), ("these", 6), ("there", 5), ("then", 4), ("thing", 4),
                ("things", 3), ("thinking", 2), ("walk", 5), ("walked", 4), ("walking", 6), ("talk", 4),
                ("talked", 3), ("talking", 5), ("running", 3), ("runner", 2), ("sing", 3), ("singing", 2)],
}


def _check(values: dict) -> None:
    counts = values["counts"]
    if counts:
        n = len(CORPORA[values["corpus"]])
        if len(counts) != n:
            words = ", ".join(w for w, _ in CORPORA[values["corpus"]])
            raise ParamError(f"parameter 'counts' needs one count per word of corpus '{values['corpus']}' "
                             f"({n} words: {words}), got {len(counts)}")


SPEC = DemoSpec(
    id="bpe-merges",
    title="Byte-pair encoding: merges and tokens per word",
    description="Count adjacent symbol pairs, merge the most frequent, repeat: the corpus shrinks from characters to subwords.",
    topic="rnn",
    cards=("tokenization",),
    params=(
        Param("corpus", "choice", "bed", "built-in word-count corpus: bed (bed×4 beds×3 bet×2 red×5), low (Sennrich "
              "et al.), hug (Hugging Face course), english (19 words)", choices=tuple(CORPORA)),
        Param("counts", "int_list", [], "override the word counts, one per corpus word in order (empty = built-in)",
              min=1, max=10_000, min_len=0, max_len=32),
        Param("merges", "int", 10, "merges to learn (stops early when every word is one symbol)", min=0, max=200),
        Param("end_of_word", "bool", False, "append an end-of-word marker </w> to every word"),
    ),
    check=_check,
    headline=(
        ("merges learned", "merges_done"),
        ("tokens in the corpus", "tokens[-1]"),
        ("mean tokens per word", "mean_tokens_per_word[-1]"),
        ("vocabulary size", "vocab_size[-1]"),
    ),
)


@dataclass
class BpeMergesResult(DemoResult):
    corpus: dict = field(default_factory=dict)  # name, words, counts, word_occurrences
    end_of_word: bool = False
    base_vocab: list = field(default_factory=list)  # sorted starting symbols
    merges: list = field(default_factory=list)  # [a, b] pairs in the order learned
    merged: list = field(default_factory=list)  # the new symbols a + b
    merge_counts: list = field(default_factory=list)  # how often the pair occurred when merged
    merges_requested: int = 0
    merges_done: int = 0
    stopped_early: bool = False
    tokens: list = field(default_factory=list)  # total tokens in the corpus after each merge ([0] = characters)
    mean_tokens_per_word: list = field(default_factory=list)  # tokens / word occurrences, per step
    tokens_per_word: list = field(default_factory=list)  # per step: tokens of each distinct word
    vocab_size: list = field(default_factory=list)  # base symbols + merges so far, per step
    symbols_in_use: list = field(default_factory=list)  # distinct symbols in the segmented corpus, per step
    segmentation: dict = field(default_factory=dict)  # word -> final tokens
    lesson: str = ""


def _pair_counts(segs, counts):
    pairs: dict[tuple[str, str], int] = {}
    for seg, c in zip(segs, counts):
        for a, b in pairwise(seg):
            pairs[(a, b)] = pairs.get((a, b), 0) + c
    return pairs


def _apply(seg, a, b):
    out, i = [], 0
    while i < len(seg):
        if i + 1 < len(seg) and seg[i] == a and seg[i + 1] == b:
            out.append(a + b)
            i += 2
        else:
            out.append(seg[i])
            i += 1
    return out


def run(params: dict[str, Any], rng: Generator) -> BpeMergesResult:
    name = params["corpus"]
    words = [w for w, _ in CORPORA[name]]
    counts = list(params["counts"]) or [c for _, c in CORPORA[name]]
    eow = bool(params["end_of_word"])
    segs = [list(w) + ([EOW] if eow else []) for w in words]
    occurrences = sum(counts)
    base = sorted({s for seg in segs for s in seg})

    merges, merged, merge_counts = [], [], []
    history = [[len(s) for s in segs]]
    in_use = [len(base)]
    for _ in range(int(params["merges"])):
        pairs = _pair_counts(segs, counts)
        if not pairs:
            break
        best = max(pairs, key=pairs.get)  # first maximal pair in reading order
        a, b = best
        merges.append([a, b])
        merged.append(a + b)
        merge_counts.append(pairs[best])
        segs = [_apply(s, a, b) for s in segs]
        history.append([len(s) for s in segs])
        in_use.append(len({t for s in segs for t in s}))

    totals = [sum(n * c for n, c in zip(row, counts)) for row in history]
    return BpeMergesResult(
        corpus={"name": name, "words": words, "counts": counts, "word_occurrences": occurrences},
        end_of_word=eow,
        base_vocab=base,
        merges=merges,
        merged=merged,
        merge_counts=merge_counts,
        merges_requested=int(params["merges"]),
        merges_done=len(merges),
        stopped_early=len(merges) < int(params["merges"]),
        tokens=totals,
        mean_tokens_per_word=[t / occurrences for t in totals],
        tokens_per_word=history,
        vocab_size=[len(base) + i for i in range(len(history))],
        symbols_in_use=in_use,
        segmentation=dict(zip(words, segs)),
        lesson="Each merge adds one symbol to the vocabulary and removes one token from the corpus per occurrence it "
               "merges: frequent words collapse into single tokens first, rare words stay split into known pieces.",
    )
