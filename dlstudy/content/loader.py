"""Load card files from the bundled content and user decks into a Deck, collecting every problem."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card, topic_order
from dlstudy.content.validate import build_card, check_graph

CARD_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 1_000_000


@dataclass
class Deck:
    """All loaded cards (valid ones only) plus every problem found while loading."""

    cards: list[Card] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.cards}

    def get(self, card_id: str) -> Card | None:
        return self._by_id.get(card_id)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.cards]

    def topics(self) -> list[str]:
        seen: dict[str, None] = {}
        for card in self.cards:
            seen.setdefault(card.topic, None)
        return list(seen)

    def question_count(self) -> int:
        return sum(len(c.questions) for c in self.cards)


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def card_files(root: Path) -> list[Path]:
    """YAML files under root (or root itself if it is a file), sorted, skipping hidden/underscore names."""
    return [Path(p) for p, _rel, _size, _mtime in _scan(root)]


def _scan(root: Path) -> list[tuple[str, str, int, int]]:
    """(path, path relative to root, size, mtime_ns) of each card file, sorted by path (os.scandir: fast)."""
    if root.is_file():
        st = root.stat()
        return [(str(root), root.name, st.st_size, st.st_mtime_ns)]
    out: list[tuple[str, str, int, int]] = []

    def walk(folder: str, rel: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            sub = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_dir():
                walk(entry.path, sub)
            elif entry.name.endswith(CARD_SUFFIXES):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                out.append((entry.path, sub, st.st_size, st.st_mtime_ns))

    walk(str(root), "")
    return out


def parse_file(path: Path, shown: str, demo_ids: set[str] | None) -> tuple[list[Card], list[Problem]]:
    """Read and validate one file: a single card mapping, or a list of card mappings."""
    from dlstudy.content.yamlio import error_line, error_text, load_yaml

    import yaml

    problems: list[Problem] = []
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        return [], [Problem(shown, 1, "", "", f"cannot read file: {exc.strerror or exc}")]
    if len(raw_bytes) > MAX_FILE_BYTES:
        return [], [Problem(shown, 1, "", "", f"file is larger than {MAX_FILE_BYTES // 1000} kB")]
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        return [], [Problem(shown, line, "", "", "file is not valid UTF-8 text (save it as UTF-8)")]
    if not text.strip():
        return [], [Problem(shown, 1, "", "", "file is empty (a card file holds one card mapping)")]
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        return [], [Problem(shown, error_line(exc), "", "", error_text(exc))]
    except (ValueError, RecursionError, OverflowError) as exc:  # pathological documents
        return [], [Problem(shown, 1, "", "", f"YAML could not be read: {exc}")]
    if data is None:
        return [], [Problem(shown, 1, "", "", "file holds no card (only comments or an empty document)")]
    if isinstance(data, list) and not data:
        return [], [Problem(shown, 1, "", "", "file holds an empty list (a card file holds one card mapping)")]
    raws = data if isinstance(data, list) else [data]
    cards = []
    for i, raw in enumerate(raws):
        line = data.line_of(i) if isinstance(data, list) and hasattr(data, "line_of") else 1
        card = build_card(raw, shown, problems, demo_ids, line=line)
        if card is not None:
            cards.append(card)
    return cards, problems


def registered_demo_ids() -> set[str]:
    from dlstudy.demos.registry import demo_ids

    return set(demo_ids())


def load_deck(user_dirs: list[Path] | None = None, include_bundled: bool = True, use_cache: bool = True) -> Deck:
    """Load bundled cards then each user deck; invalid cards are reported in deck.problems and skipped."""
    from dlstudy.paths import bundled_content_dir

    demo_ids = registered_demo_ids()
    roots: list[tuple[Path, bool]] = []
    if include_bundled:
        roots.append((bundled_content_dir(), True))
    for d in user_dirs or []:
        roots.append((d, False))
    cards: list[Card] = []
    problems: list[Problem] = []
    seen: dict[str, Card] = {}
    nfiles = 0
    for root, bundled in roots:
        if not root.exists():
            problems.append(Problem(display_path(root), 0, "", "", "no such file or folder"))
            continue
        root = root.resolve()
        cache = None
        if use_cache:
            from dlstudy.content.cache import ContentCache

            cache = ContentCache.open(root, demo_ids)
        base = display_path(root.parent if root.is_file() else root)
        for path, rel, size, mtime in _scan(root):
            nfiles += 1
            shown = os.path.join(base, rel) if base != "." else rel
            result = cache.get(rel, size, mtime) if cache else None
            if result is None:
                result = parse_file(Path(path), shown, demo_ids)
                if cache:
                    cache.put(rel, size, mtime, result)
            file_cards, file_problems = result
            problems.extend(p if p.file == shown else replace(p, file=shown) for p in file_problems)
            for card in file_cards:
                card.path = shown
                card.bundled = bundled
                if card.id in seen:
                    first = seen[card.id]
                    problems.append(Problem(shown, card.line, card.id, "id",
                                            f"duplicate card id (also in {first.path}:{first.line})"))
                    continue
                seen[card.id] = card
                cards.append(card)
        if cache:
            cache.save()
    graph_problems: list[Problem] = []
    check_graph(cards, graph_problems)
    problems.extend(graph_problems)
    cards.sort(key=lambda c: (topic_order(c.topic), c.topic))  # stable: file order within a topic
    return Deck(cards=cards, problems=problems, files=nfiles)
