"""beam-search: greedy vs beam vs exhaustive decoding on a toy bigram language model.

The model has vocab tokens: vocab - 1 words ("a", "b", ...) and the end token "</s>". A sequence is
complete when it emits "</s>" or reaches max_len tokens. Its log-probability is
log P(t1) + Σ log P(t_i | t_{i-1}) (natural log) and its score is logprob / len^alpha, where len
counts every token including "</s>" (alpha = length_penalty; 0 = plain log-probability).

Beam search: at each step every alive hypothesis is extended by every token (k·|V| candidates);
the k best by log-probability are kept; kept candidates that are complete leave the beam and join
the final list, which is ranked by score. Exhaustive search scores every complete sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

END = "</s>"
MAX_SEQUENCES = 2_000_000


def _check(values: dict) -> None:
    v, k, n = values["vocab"], values["beam_size"], values["max_len"]
    if k > v:
        raise ParamError(f"parameter 'beam_size' must be at most vocab ({v}), got {k} (allowed: 1..vocab)")
    if v**n > MAX_SEQUENCES:
        raise ParamError(f"parameters 'vocab' and 'max_len': vocab**max_len = {v}**{n} = {v**n:,} is too many "
                         f"sequences for the exhaustive search (at most {MAX_SEQUENCES:,}); lower vocab or max_len")


SPEC = DemoSpec(
    id="beam-search",
    title="Greedy vs beam vs exhaustive decoding",
    description="Beam search keeps the k best of k·|V| candidates per step; greedy can miss the best sequence.",
    topic="nlp",
    cards=("beam-search",),
    params=(
        Param("beam_size", "int", 2, "hypotheses kept per step, k (at most vocab)", min=1, max=12),
        Param("max_len", "int", 4, "longest sequence, in tokens (including </s>)", min=1, max=8),
        Param("vocab", "int", 5, "tokens including the end token </s>", min=3, max=12),
        Param("length_penalty", "float", 0.75, "alpha in score = logprob / len^alpha (0 = raw log-probability)",
              min=0.0, max=5.0),
        Param("model", "choice", "trap", "trap: greedy misses the best sequence; random: a bigram model drawn "
              "with the seed", choices=("trap", "random")),
    ),
    headline=(
        ("greedy log-probability", "greedy.logprob"),
        ("beam's best log-probability", "beam.best.logprob"),
        ("beam finds the best sequence", "beam.found_optimum"),
        ("greedy finds the best sequence", "greedy_is_optimal"),
    ),
    check=_check,
)


@dataclass
class BeamSearchResult(DemoResult):
    beam_size: int
    max_len: int
    vocab: int
    length_penalty: float
    model: dict = field(default_factory=dict)  # tokens, end_token, start, transitions (rows sum to 1)
    greedy: dict = field(default_factory=dict)
    beam: dict = field(default_factory=dict)
    exhaustive: dict = field(default_factory=dict)
    greedy_is_optimal: bool = False
    steps: list = field(default_factory=list)
    scoring: str = ""


def _token_names(vocab: int) -> list[str]:
    return [chr(ord("a") + i) for i in range(vocab - 1)] + [END]


def _trap(vocab: int):
    """Greedy takes "a" (0.45) but then must stop at 0.4; "b" (0.35) is followed by </s> with 0.9."""
    import numpy as np

    words = vocab - 1
    eos = vocab - 1
    start = np.full(vocab, 0.20 / (vocab - 2))  # the rest shared by the other words and </s>
    start[0], start[1] = 0.45, 0.35
    trans = np.empty((words, vocab))
    for prev in range(words):
        p_end = {0: 0.4, 1: 0.9}.get(prev, 0.5)
        trans[prev, :] = (1.0 - p_end) / words
        trans[prev, eos] = p_end
    return start, trans


def _random(vocab: int, rng):
    import numpy as np

    start = 0.97 * rng.dirichlet(np.full(vocab, 0.5)) + 0.03 / vocab
    trans = 0.97 * rng.dirichlet(np.full(vocab, 0.5), size=vocab - 1) + 0.03 / vocab
    return start, trans


def _score(logprob: float, length: int, alpha: float) -> float:
    return logprob / length**alpha


def _greedy(log_start, log_trans, eos: int, max_len: int):
    import numpy as np

    seq: list[int] = []
    lp = 0.0
    while len(seq) < max_len:
        dist = log_start if not seq else log_trans[seq[-1]]
        tok = int(np.argmax(dist))
        seq.append(tok)
        lp += float(dist[tok])
        if tok == eos:
            break
    return seq, lp


def _beam(log_start, log_trans, eos: int, max_len: int, k: int, names: list[str]):
    alive: list[tuple[list[int], float]] = [([], 0.0)]
    finished: list[tuple[list[int], float]] = []
    steps = []
    for t in range(1, max_len + 1):
        cands = []
        for seq, lp in alive:
            dist = log_start if not seq else log_trans[seq[-1]]
            for tok in range(len(names)):
                cands.append((seq + [tok], lp + float(dist[tok])))
        order = sorted(range(len(cands)), key=lambda i: -cands[i][1])  # stable: ties keep expansion order
        keep = set(order[:k])
        alive = []
        for i in order[:k]:
            seq, lp = cands[i]
            (finished if seq[-1] == eos or len(seq) == max_len else alive).append((seq, lp))
        steps.append({
            "step": t,
            "expanded": len(cands) // len(names),
            "candidates": [{"tokens": [names[x] for x in cands[i][0]], "logprob": cands[i][1], "kept": i in keep,
                            "complete": cands[i][0][-1] == eos or len(cands[i][0]) == max_len} for i in order],
            "kept": [[names[x] for x in cands[i][0]] for i in order[:k]],
        })
        if not alive:
            break
    return finished, steps


def _exhaustive(log_start, log_trans, eos: int, max_len: int, alpha: float):
    """Score every complete sequence: words^(L-1) followed by </s> for L = 1..max_len, and words^max_len."""
    import numpy as np

    words = eos
    best: tuple[float, float | None, list[int] | None] = (-np.inf, None, None)  # score, logprob, tokens
    count = 0

    def decode(index: int, length: int) -> list[int]:
        digits = []
        for _ in range(length):
            index, r = divmod(index, words)
            digits.append(r)
        return digits[::-1]

    # prefixes of words only: lp[i] for prefix number i (base-`words` digits), last[i] its last token
    lp = np.array([0.0])
    last = None
    for length in range(1, max_len + 1):
        # complete by emitting </s> now (sequence length = length)
        end_lp = log_start[eos] + lp if last is None else lp + log_trans[last, eos]
        scores = end_lp / length**alpha
        count += scores.size
        i = int(np.argmax(scores))
        if scores[i] > best[0]:
            best = (float(scores[i]), float(end_lp[i]), decode(i, length - 1) + [eos])
        # extend by one word
        step = log_start[:words][None, :] if last is None else log_trans[last][:, :words]
        lp = (lp[:, None] + step).reshape(-1)
        last = np.tile(np.arange(words), lp.size // words)
        if length == max_len:  # word sequences that hit max_len are complete too
            scores = lp / length**alpha
            count += scores.size
            i = int(np.argmax(scores))
            if scores[i] > best[0]:
                best = (float(scores[i]), float(lp[i]), decode(i, length))
    return best, count


def run(params: dict[str, Any], rng: Generator) -> BeamSearchResult:
    import numpy as np

    k, max_len, vocab = int(params["beam_size"]), int(params["max_len"]), int(params["vocab"])
    alpha = float(params["length_penalty"])
    names = _token_names(vocab)
    eos = vocab - 1
    start, trans = _trap(vocab) if params["model"] == "trap" else _random(vocab, rng)
    log_start, log_trans = np.log(start), np.log(trans)

    g_seq, g_lp = _greedy(log_start, log_trans, eos, max_len)
    finished, steps = _beam(log_start, log_trans, eos, max_len, k, names)
    hyps = sorted(({"tokens": [names[t] for t in s], "logprob": lp, "length": len(s),
                    "score": _score(lp, len(s), alpha)} for s, lp in finished), key=lambda h: -h["score"])
    (e_score, e_lp, e_seq), count = _exhaustive(log_start, log_trans, eos, max_len, alpha)
    exhaustive = {"tokens": [names[t] for t in e_seq], "logprob": e_lp, "length": len(e_seq), "score": e_score,
                  "sequences_scored": count}
    best = hyps[0]
    found = best["tokens"] == exhaustive["tokens"] or abs(best["score"] - e_score) <= 1e-12
    g_score = _score(g_lp, len(g_seq), alpha)
    greedy = {"tokens": [names[t] for t in g_seq], "logprob": g_lp, "length": len(g_seq), "score": g_score}
    greedy_opt = greedy["tokens"] == exhaustive["tokens"] or abs(g_score - e_score) <= 1e-12
    model = {
        "kind": params["model"],
        "tokens": names,
        "end_token": END,
        "start": start,
        "transitions": {names[i]: trans[i] for i in range(vocab - 1)},
        "note": "start[j] = P(first token = tokens[j]); transitions[prev][j] = P(next = tokens[j] | prev); "
                "</s> ends a sequence; natural logs",
    }
    return BeamSearchResult(
        beam_size=k, max_len=max_len, vocab=vocab, length_penalty=alpha, model=model, greedy=greedy,
        beam={"hypotheses": hyps, "best": best, "found_optimum": bool(found), "finished": len(hyps)},
        exhaustive=exhaustive, greedy_is_optimal=bool(greedy_opt), steps=steps,
        scoring=f"score = logprob / len^{alpha:g}, len counts every token including {END}",
    )
