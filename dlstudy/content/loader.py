"""Load card files from the bundled content and user decks into a Deck, collecting every problem."""

from __future__ import annotations

import functools
import gc
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Generic, Iterator, ParamSpec, TypeVar

from dlstudy.content.graph import check_graph
from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card, CardInfo, CardRow, topic_order

CARD_SUFFIXES = (".yaml", ".yml")
# Folders up to this many files get their formulas rendered to Unicode while parsing (~0.4 ms each),
# so the cache holds the text and `show` need not load the renderer; bigger decks render on display.
EAGER_FORMULAS = 2000
MAX_FILE_BYTES = 1_000_000  # a card file: a regular file of at most 1 MB (checked with stat before reading)
MAX_DECK_FILES = 20_000  # card files read from one content folder
MAX_FOLDER_DEPTH = 32  # nested folders in a deck


R = TypeVar("R", bound=CardRow)  # a full Card or a CardInfo row


class _Collection(Generic[R]):
    """What lists, dashboards and completion need of a set of cards, whether full cards (Deck) or light
    rows (CardIndex): every item is a CardRow (id, title, topic, level, tags, demos, prerequisites,
    zh_title, n_questions, question_ids, ...)."""

    cards: list[R]
    problems: list[Problem]
    files: int

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.cards}

    def get(self, card_id: str) -> R | None:
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
        return sum(c.n_questions for c in self.cards)


@dataclass
class Deck(_Collection[Card]):
    """All loaded cards (valid ones only) plus every problem found while loading."""

    cards: list[Card] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _scan(root: Path) -> list[tuple[str, str, int, int]]:
    """(path, path relative to root, size, mtime_ns) of each card file, sorted by path (os.scandir: fast).

    Folders are entered once each (by device and inode), so a symlink loop is walked only once.
    Entries that are not regular files (FIFOs, devices, dangling links) are listed with size -1 and
    reported by parse_file, never opened for reading."""
    if not root.is_dir():
        try:
            st = root.stat()
        except OSError:
            return [(str(root), root.name, -1, 0)]
        return [(str(root), root.name, st.st_size if stat.S_ISREG(st.st_mode) else -1, st.st_mtime_ns)]
    out: list[tuple[str, str, int, int]] = []
    seen: set[tuple[int, int]] = set()

    def walk(folder: str, rel: str, depth: int) -> None:
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen or depth > MAX_FOLDER_DEPTH:
                return
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            sub = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(entry.path, sub, depth + 1)
            elif entry.name.endswith(CARD_SUFFIXES):
                try:
                    st = entry.stat()
                except OSError:
                    out.append((entry.path, sub, -1, 0))
                    continue
                out.append((entry.path, sub, st.st_size if stat.S_ISREG(st.st_mode) else -1, st.st_mtime_ns))
            if len(out) > MAX_DECK_FILES:
                return

    walk(str(root), "", 0)
    return out[:MAX_DECK_FILES]


def parse_file(path: Path, shown: str, demo_ids: set[str] | None, track_lines: bool = False,
               render_formulas: bool = False, deep: bool = False, bundled: bool = False
               ) -> tuple[list[Card], list[Problem]]:
    """Read and validate one file: a single card mapping, or a list of card mappings.

    Parsing without line tracking is about a third faster; a file with problems is parsed again
    with it, so every reported problem carries its real line. `dlstudy check` always tracks lines and
    validates deep (validate.build_card).
    """
    track_lines = track_lines or deep
    import yaml

    from dlstudy.content.yamlio import error_line, error_text, load
    from dlstudy.files import FileRefused, read_regular

    try:
        raw_bytes = read_regular(path, MAX_FILE_BYTES)
    except FileRefused as exc:
        reason = exc.message.replace(str(path), "file")
        return [], [Problem(shown, 1, "", "", f"{reason} (a card file is a regular file of at most "
                                              f"{MAX_FILE_BYTES // 1_000_000} MB)")]
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        return [], [Problem(shown, line, "", "", "file is not valid UTF-8 text (save it as UTF-8)")]
    if not text.strip():
        return [], [Problem(shown, 1, "", "", "file is empty (a card file holds one card mapping)")]
    for tracked in ((True,) if track_lines else (False, True)):
        try:
            data, too_big = load(text, track_lines=tracked)
            if too_big:
                return [], [Problem(shown, 1, "", "", too_big)]
        except yaml.YAMLError as exc:
            return [], [Problem(shown, error_line(exc), "", "", error_text(exc))]
        except (ValueError, RecursionError, OverflowError) as exc:  # pathological documents
            return [], [Problem(shown, 1, "", "", f"YAML could not be read: {exc}")]
        cards, problems = _build(data, shown, demo_ids, deep=deep, bundled=bundled)
        if not problems:
            break
    if render_formulas:
        from dlstudy.content.tex import tex_to_unicode

        for card in cards:
            for f in card.formulas:
                f.text = tex_to_unicode(f.tex)
    return cards, problems


def _build(data: Any, shown: str, demo_ids: set[str] | None, deep: bool = False, bundled: bool = False
           ) -> tuple[list[Card], list[Problem]]:
    problems: list[Problem] = []
    if data is None:
        return [], [Problem(shown, 1, "", "", "file holds no card (only comments or an empty document)")]
    if isinstance(data, list) and not data:
        return [], [Problem(shown, 1, "", "", "file holds an empty list (a card file holds one card mapping)")]
    raws = data if isinstance(data, list) else [data]
    from dlstudy.content.validate import build_card

    cards: list[Card] = []
    for i, raw in enumerate(raws):
        line = data.line_of(i) if hasattr(data, "line_of") else 1
        card = build_card(raw, shown, problems, demo_ids, line=line, deep=deep, bundled=bundled)
        if card is not None:
            cards.append(card)
    return cards, problems


def registered_demo_ids() -> set[str]:
    from dlstudy.demos.registry import demo_ids

    return set(demo_ids())


def _roots(user_dirs: list[Path] | None, include_bundled: bool) -> list[tuple[Path, bool]]:
    from dlstudy.paths import bundled_content_dir

    roots: list[tuple[Path, bool]] = []
    if include_bundled:
        roots.append((bundled_content_dir(), True))
    for d in user_dirs or []:
        roots.append((d, False))
    return roots


def _folders(user_dirs: list[Path] | None, include_bundled: bool, problems: list[Problem]
             ) -> Iterator[tuple[Path, bool, bool, list[tuple[str, str, int, int, str]]]]:
    """Each existing content folder as (root, bundled, eager, files); files are (path, rel, size, mtime, shown).

    A missing folder is reported in problems. eager: pre-render formulas (see EAGER_FORMULAS)."""
    for root, bundled in _roots(user_dirs, include_bundled):
        if not root.exists():
            problems.append(Problem(display_path(root), 0, "", "", "no such file or folder"))
            continue
        root = root.resolve()
        base = display_path(root.parent if root.is_file() else root)
        files = [(path, rel, size, mtime, os.path.join(base, rel) if base != "." else rel)
                 for path, rel, size, mtime in _scan(root)]
        yield root, bundled, len(files) <= EAGER_FORMULAS, files


def _file_problems(file_problems: list[Problem], shown: str) -> Iterator[Problem]:
    """A file's problems under the path shown now (cached ones may have been recorded from elsewhere)."""
    return (p if p.file == shown else replace(p, file=shown) for p in file_problems)


P = ParamSpec("P")
T = TypeVar("T")


def _gc_paused(load: Callable[P, T]) -> Callable[P, T]:
    """Run a bulk load with the cyclic garbage collector paused. Parsed cards are acyclic and all
    kept, so every collection during the load only walks the growing deck again (about a tenth of a
    cold load of 10,000 cards); reference counting still frees everything else at once."""

    @functools.wraps(load)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if not gc.isenabled():
            return load(*args, **kwargs)
        gc.disable()
        try:
            return load(*args, **kwargs)
        finally:
            gc.enable()

    return run


@_gc_paused
def load_deck(user_dirs: list[Path] | None = None, include_bundled: bool = True, use_cache: bool = True,
              track_lines: bool = False, deep: bool = False, known: dict[str, str] | None = None) -> Deck:
    """Load bundled cards then each user deck; invalid cards are reported in deck.problems and skipped.

    deep: validate as `dlstudy check` does (no cache; every problem at its line). known: ids of cards
    loaded elsewhere (id -> where), for duplicates and prerequisites (check PATH reads them from the
    index cache instead of parsing the whole deck)."""
    demo_ids = registered_demo_ids()
    cards: list[Card] = []
    problems: list[Problem] = []
    seen: dict[str, Card] = {}
    if deep:
        use_cache = False
    nfiles = 0
    for root, bundled, eager, files in _folders(user_dirs, include_bundled, problems):
        cache = None
        if use_cache:
            from dlstudy.content.cache import ContentCache

            cache = ContentCache.open(root, demo_ids)
        for path, rel, size, mtime, shown in files:
            nfiles += 1
            result = cache.get(rel, size, mtime) if cache else None
            if result is None:
                result = parse_file(Path(path), shown, demo_ids, track_lines=track_lines, render_formulas=eager,
                                    deep=deep, bundled=bundled)
                if cache:
                    cache.put(rel, size, mtime, result)
            file_cards, file_problems = result
            problems.extend(_file_problems(file_problems, shown))
            for card in file_cards:
                card.path = shown
                card.bundled = bundled
                _add(card, seen, cards, problems, shown, known)
        if cache:
            cache.save()
    return Deck(cards=_finish(cards, problems, set(known or ())), problems=problems, files=nfiles)


def _add(card: R, seen: dict[str, R], out: list[R], problems: list[Problem], shown: str,
         known: dict[str, str] | None = None) -> None:
    if known and card.id in known:
        problems.append(Problem(shown, card.line, card.id, "id", f"duplicate card id (also in {known[card.id]})"))
        return
    if card.id in seen:
        first = seen[card.id]
        problems.append(Problem(shown, card.line, card.id, "id", f"duplicate card id (also in {first.path}:{first.line})"))
        return
    seen[card.id] = card
    out.append(card)


def _finish(cards: list[R], problems: list[Problem], known_ids: set[str] | None = None) -> list[R]:
    graph_problems: list[Problem] = []
    check_graph(cards, graph_problems, known_ids)
    problems.extend(graph_problems)
    cards.sort(key=lambda c: (topic_order(c.topic), c.topic))  # stable: file order within a topic
    return cards


@dataclass
class CardIndex(_Collection[CardInfo]):
    """The deck as CardInfo rows (from the cache's small index files); full cards load on demand."""

    cards: list[CardInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    def card(self, card_id: str) -> Card | None:
        """The full card, from its folder's cache (or parsed again if the cache lacks it)."""
        info = self.get(card_id)
        if info is None:
            return None
        from dlstudy.content.cache import ContentCache

        root = Path(info.root)
        path = root / info.rel if root.is_dir() else root
        st = path.stat()
        cache = ContentCache.open(root, registered_demo_ids())  # entries are decoded lazily: cheap
        result = cache.get(info.rel, st.st_size, st.st_mtime_ns)
        if result is None:
            result = parse_file(path, info.path, registered_demo_ids())
        for card in result[0]:
            if card.id == card_id:
                card.path = info.path
                card.bundled = info.bundled
                return card
        return None


@_gc_paused
def load_index(user_dirs: list[Path] | None = None, include_bundled: bool = True) -> CardIndex:
    """Like load_deck, but reads only the caches' small index files: for lists of many cards."""
    from dlstudy.content.cache import ContentCache, IndexCache

    demo_ids = registered_demo_ids()
    infos: list[CardInfo] = []
    problems: list[Problem] = []
    seen: dict[str, CardInfo] = {}
    nfiles = 0
    for root, bundled, eager, files in _folders(user_dirs, include_bundled, problems):
        index = IndexCache.open(root, demo_ids)
        full = None
        for path, rel, size, mtime, shown in files:
            nfiles += 1
            entry = index.get(rel, size, mtime)
            if entry is None:
                if full is None:
                    full = ContentCache.open(root, demo_ids)
                result = full.get(rel, size, mtime)
                if result is None:
                    result = parse_file(Path(path), shown, demo_ids, render_formulas=eager)
                    full.put(rel, size, mtime, result)
                entry = ([CardInfo.of(c) for c in result[0]], result[1])
                index.put(rel, size, mtime, entry)
            file_infos, file_problems = entry
            problems.extend(_file_problems(file_problems, shown))
            for info in file_infos:
                info.path, info.bundled, info.root, info.rel = shown, bundled, str(root), rel
                _add(info, seen, infos, problems, shown)
        if full is not None:
            full.mark_all_used_in(index)
            full.save()
        index.save()
    return CardIndex(cards=_finish(infos, problems), problems=problems, files=nfiles)
