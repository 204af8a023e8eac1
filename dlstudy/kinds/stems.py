"""Word stems: the Snowball English stemmer (`snowballstemmer`, pure Python, no data files), so that
"covers", "covering" and "covered" compare equal, and "clipping" matches "clip"."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one normalized word (numbers, symbols and words of one or two letters unchanged)."""
    if not word.isalpha() or len(word) <= 2:
        return word
    return str(_stemmer().stemWord(word))
