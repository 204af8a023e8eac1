"""bpe-merges against a separately written BPE in the style of Sennrich et al.'s reference code: words as
space-separated symbol strings, pairs counted in reading order, the first most frequent pair merged with a
whole-symbol regular expression."""

import re
from itertools import pairwise

import pytest

from dlstudy.demos.catalog.bpe_merges import CORPORA
from dlstudy.demos.params import ParamError
from tests.demos import result_dict


def _reference_bpe(word_counts, merges, end_of_word):
    vocab = [(" ".join(list(w) + (["</w>"] if end_of_word else [])), c) for w, c in word_counts]
    learned, totals = [], [sum(len(s.split()) * c for s, c in vocab)]
    for _ in range(merges):
        order, counts = [], {}
        for s, c in vocab:
            syms = s.split()
            for pair in pairwise(syms):
                if pair not in counts:
                    order.append(pair)
                    counts[pair] = 0
                counts[pair] += c
        if not order:
            break
        best = order[0]
        for pair in order:  # first pair (in reading order) with the highest count
            if counts[pair] > counts[best]:
                best = pair
        pattern = re.compile(r"(?<!\S)" + re.escape(best[0] + " " + best[1]) + r"(?!\S)")
        vocab = [(pattern.sub(best[0] + best[1], s), c) for s, c in vocab]
        learned.append((best, counts[best]))
        totals.append(sum(len(s.split()) * c for s, c in vocab))
    return learned, totals, {w: s.split() for (w, _), (s, _) in zip(word_counts, vocab)}


@pytest.mark.parametrize("corpus", sorted(CORPORA))
@pytest.mark.parametrize("end_of_word", [False, True])
@pytest.mark.parametrize("merges", [0, 1, 5, 200])
def test_matches_reference_bpe(corpus, end_of_word, merges):
    r = result_dict("bpe-merges", {"corpus": corpus, "merges": merges, "end_of_word": end_of_word})
    learned, totals, seg = _reference_bpe(CORPORA[corpus], merges, end_of_word)
    assert [tuple(m) for m in r["merges"]] == [p for p, _ in learned]
    assert r["merge_counts"] == [c for _, c in learned]
    assert r["merged"] == [a + b for (a, b), _ in learned]
    assert r["tokens"] == totals
    assert r["segmentation"] == seg
    assert r["merges_done"] == len(learned) and r["stopped_early"] == (len(learned) < merges)
    occ = sum(c for _, c in CORPORA[corpus])
    assert r["mean_tokens_per_word"] == pytest.approx([t / occ for t in totals])
    words = [w for w, _ in CORPORA[corpus]]
    assert r["tokens_per_word"][-1] == [len(seg[w]) for w in words]
    assert r["vocab_size"][-1] == len(r["base_vocab"]) + len(learned)
    if merges == 200:  # learning only stops when every word is a single symbol
        assert r["tokens"][-1] == occ


def test_count_override_matches_reference():
    counts = [1, 9, 9, 1]
    r = result_dict("bpe-merges", {"corpus": "bed", "counts": counts, "merges": 8})
    words = [w for w, _ in CORPORA["bed"]]
    learned, totals, _ = _reference_bpe(list(zip(words, counts)), 8, False)
    assert [tuple(m) for m in r["merges"]] == [p for p, _ in learned] and r["tokens"] == totals
    assert r["corpus"]["counts"] == counts


def test_hand_computed_first_merges():
    # bed×4 beds×3 bet×2 red×5: 3·4 + 4·3 + 3·2 + 3·5 = 45 characters; e d occurs 4 + 3 + 5 = 12 times
    r = result_dict("bpe-merges", {"corpus": "bed", "merges": 1})
    assert r["tokens"] == [45, 45 - 12] and r["merges"] == [["e", "d"]]
    # Sennrich et al.'s example: e s (newest 6 + widest 3 = 9) ties s t (9) and comes first in reading order
    r = result_dict("bpe-merges", {"corpus": "low", "merges": 3, "end_of_word": True})
    assert r["merged"] == ["es", "est", "est</w>"]


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_each_merge_removes_one_token_per_occurrence(corpus):
    # no built-in word repeats a symbol three times in a row, so pair occurrences never overlap
    r = result_dict("bpe-merges", {"corpus": corpus, "merges": 200, "end_of_word": True})
    for i, n in enumerate(r["merge_counts"], start=1):
        assert r["tokens"][i - 1] - r["tokens"][i] == n


def test_refusals_and_determinism():
    with pytest.raises(ParamError, match="one count per word"):
        result_dict("bpe-merges", {"corpus": "hug", "counts": [1, 2]})
    assert result_dict("bpe-merges", {}, seed=0) == result_dict("bpe-merges", {}, seed=9)
