"""A cache of parsed card files, one file per content folder, so warm loads skip YAML and validation.

Entries are keyed by the file's path relative to its folder, size and mtime; any edit changes the
size or mtime and so invalidates that entry. The cache also records the dlstudy version and the
registered demo ids and is dropped whole when either changes. It is stored with `marshal` (plain
data only: fast to read, and it cannot construct arbitrary objects or run code).
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any, Generic, TypeVar

from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card, CardInfo

CACHE_FORMAT = 6  # 5: rubric points carry misconception, cues, support; 6: the index keeps follow_ups

T = TypeVar("T", Card, CardInfo)  # what a cache file holds of each card file
C = TypeVar("C", bound="_FileCache[Any]")


class _FileCache(Generic[T]):
    """One cache file of a content folder: per card file (path relative to the folder), its size, mtime
    and what parsing it gave (T rows and the problems). Subclasses encode the rows (get, put)."""

    PREFIX = ""

    def __init__(self, path: Path | None, entries: dict[str, Any], stamp: str):
        self.path = path
        self.entries = entries
        self.stamp = stamp
        self.dirty = False
        self.used: set[str] = set()

    @classmethod
    def open(cls: type[C], root: Path, demo_ids: set[str]) -> C:
        from dlstudy import __version__
        from dlstudy.paths import cache_dir

        stamp = f"{CACHE_FORMAT}:{__version__}:{','.join(sorted(demo_ids))}:{root}"
        if os.environ.get("DLSTUDY_NO_CACHE"):
            return cls(None, {}, stamp)
        path = cache_dir() / f"{cls.PREFIX}{zlib.crc32(str(root).encode()):08x}.marshal"
        entries: dict[str, Any] = {}
        try:
            with open(path, "rb") as fh:
                data = marshal.load(fh)
            if isinstance(data, dict) and data.get("stamp") == stamp and isinstance(data.get("files"), dict):
                entries = data["files"]
        except (OSError, ValueError, EOFError, TypeError):
            entries = {}
        return cls(path, entries, stamp)

    def get(self, rel: str, size: int, mtime: int) -> tuple[list[T], list[Problem]] | None:
        """What the file gave when it had this size and mtime (None: not cached, or changed since)."""
        raise NotImplementedError

    def put(self, rel: str, size: int, mtime: int, result: tuple[list[T], list[Problem]]) -> None:
        raise NotImplementedError

    def save(self) -> None:
        if self.path is None or not (self.dirty or set(self.entries) - self.used):
            return
        entries = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as fh:
                marshal.dump({"stamp": self.stamp, "files": entries}, fh)
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            pass  # a cache that cannot be written only makes the next start slower


class ContentCache(_FileCache[Card]):
    """Full cards: what `show`, quizzes and reviews load."""

    PREFIX = "content-"

    def get(self, rel: str, size: int, mtime: int) -> tuple[list[Card], list[Problem]] | None:
        entry = self.entries.get(rel)
        if not entry or entry[0] != size or entry[1] != mtime:
            return None
        try:
            card_dicts, problem_rows = marshal.loads(entry[2])  # each entry is decoded only when asked for
            cards = [Card.from_dict(c) for c in card_dicts]
            problems = [Problem(*p) for p in problem_rows]
        except (KeyError, TypeError, ValueError, IndexError, EOFError):
            return None
        self.used.add(rel)
        return cards, problems

    def put(self, rel: str, size: int, mtime: int, result: tuple[list[Card], list[Problem]]) -> None:
        if self.path is None:
            return
        cards, problems = result
        self.entries[rel] = (size, mtime, marshal.dumps(([c.to_dict() for c in cards],
                                                         [(p.file, p.line, p.card_id, p.field, p.message)
                                                          for p in problems])))
        self.used.add(rel)
        self.dirty = True

    def mark_all_used_in(self, index: "IndexCache") -> None:
        """Keep the full entries of every file the index still lists (an index-only load touched few)."""
        self.used |= set(index.used) & set(self.entries)


# the CardInfo fields kept in the index file (path, bundled, root and rel are set on load)
CARD_INFO_STORED = ("id", "title", "topic", "level", "n_questions", "demos", "prerequisites", "tags", "zh_title", "line",
                    "question_ids", "follow_ups")


class IndexCache(_FileCache[CardInfo]):
    """The small companion file: per card file, only the CardInfo rows lists need."""

    PREFIX = "index-"

    def get(self, rel: str, size: int, mtime: int) -> tuple[list[CardInfo], list[Problem]] | None:
        entry = self.entries.get(rel)
        if not entry or entry[0] != size or entry[1] != mtime:
            return None
        try:
            infos = [CardInfo(**row) for row in entry[2]]
            problems = [Problem(*p) for p in entry[3]]
        except (TypeError, ValueError, IndexError):
            return None
        self.used.add(rel)
        return infos, problems

    def put(self, rel: str, size: int, mtime: int, result: tuple[list[CardInfo], list[Problem]]) -> None:
        if self.path is None:
            return
        infos, problems = result
        self.entries[rel] = (size, mtime, [{f: getattr(i, f) for f in CARD_INFO_STORED} for i in infos],
                             [(p.file, p.line, p.card_id, p.field, p.message) for p in problems])
        self.used.add(rel)
        self.dirty = True
