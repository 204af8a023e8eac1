"""A JSON cache of parsed card files keyed by path, size and mtime, so warm loads skip YAML parsing.

Any edit changes the file's size or mtime and so invalidates its entry; the cache also records the
dlstudy version and the registered demo ids, and is dropped whole when either changes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card

CACHE_FORMAT = 1


class ContentCache:
    def __init__(self, path: Path | None, entries: dict, stamp: str):
        self.path = path
        self.entries = entries
        self.stamp = stamp
        self.dirty = False
        self.used: set[str] = set()

    @classmethod
    def open(cls) -> "ContentCache":
        from dlstudy import __version__
        from dlstudy.content.loader import registered_demo_ids
        from dlstudy.paths import cache_dir

        stamp = f"{CACHE_FORMAT}:{__version__}:{','.join(sorted(registered_demo_ids()))}"
        if os.environ.get("DLSTUDY_NO_CACHE"):
            return cls(None, {}, stamp)
        path = cache_dir() / "content.json"
        entries: dict = {}
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("stamp") == stamp:
                entries = data.get("files", {})
        except (OSError, ValueError, AttributeError):
            entries = {}
        return cls(path, entries, stamp)

    @staticmethod
    def _key(path: Path) -> tuple[str, list[int]] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return str(path.resolve()), [st.st_size, st.st_mtime_ns]

    def get(self, path: Path) -> tuple[list[Card], list[Problem]] | None:
        key = self._key(path)
        if key is None:
            return None
        name, sig = key
        entry = self.entries.get(name)
        if not entry or entry.get("sig") != sig:
            return None
        self.used.add(name)
        try:
            cards = [Card.from_dict(c) for c in entry["cards"]]
            problems = [Problem(**p) for p in entry["problems"]]
        except (KeyError, TypeError, ValueError):
            return None
        return cards, problems

    def put(self, path: Path, result: tuple[list[Card], list[Problem]]) -> None:
        key = self._key(path)
        if key is None or self.path is None:
            return
        name, sig = key
        cards, problems = result
        self.entries[name] = {
            "sig": sig,
            "cards": [c.to_dict() for c in cards],
            "problems": [{"file": p.file, "line": p.line, "card_id": p.card_id, "field": p.field, "message": p.message}
                         for p in problems],
        }
        self.used.add(name)
        self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        entries = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"stamp": self.stamp, "files": entries}, fh, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written is only slower
