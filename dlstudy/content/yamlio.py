"""Safe YAML parsing that remembers line numbers (C loader when available).

Only `yaml.safe_load`-equivalent construction is used: tags such as !!python/object are rejected.
"""

from __future__ import annotations

from typing import Any, Iterator

import yaml

try:  # the C loader is several times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the libyaml build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


from dlstudy.content.lines import LineDict, LineList


class _LineLoader(_BaseLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
            ) from None
        data[key] = loader.construct_object(value_node, deep=True)
        if isinstance(key, str):
            data.key_lines[key] = key_node.start_mark.line + 1


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


MAX_NODES = 100_000  # values in one YAML document, counting every use of an alias (bounds alias bombs)


def size_problem(data: Any, limit: int = MAX_NODES) -> str | None:
    """Why a parsed document is too large, or None. Aliases make a small file a huge tree (a
    'billion laughs' bomb); every value is counted each time it is reached, and the walk stops at the
    limit, so the check itself is bounded."""
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            return (f"the document has more than {limit:,} values (counting each use of a YAML alias); "
                    "a card needs far fewer")
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely, keeping line numbers. Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass


class _Plain(_BaseLoader):
    pass


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _Standard(Exception):
    """The document tags a collection explicitly (!!omap, !!set, ...): construct it the standard way."""


def load(text: str, track_lines: bool = False, limit: int = MAX_NODES) -> tuple[Any, str | None]:
    """Parse one YAML document safely: (data, None), or (None, why it is too large) when it has more
    than `limit` values counting each use of an alias (size_problem). Raises yaml.YAMLError.

    The same values as yaml.load with the safe loader (load_yaml's LineDict/LineList with
    track_lines), about twice as fast: libyaml composes the nodes and this walk builds plain strings,
    mappings and sequences itself, leaving every other tag (numbers, booleans, null, dates) and every
    unknown tag to the safe constructor. A document that may use an alias (its text has an '&', so
    an anchor can be defined) or that tags a collection is built by the standard loader, so anchors,
    merge keys through aliases, recursive documents and !!omap behave exactly as there; without
    anchors no node is reached twice, so the walk counts every value once."""
    loader = (_LineLoader if track_lines else _Plain)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if "&" not in text:
            try:
                data, count = _build(loader, node, track_lines)
            except _Standard:
                pass
            else:
                return (None, size_problem(data, limit)) if count > limit else (data, None)
        data = loader.construct_document(node)
        return data, size_problem(data, limit)
    finally:
        loader.dispose()


def _build(loader: Any, node: yaml.Node, lines: bool) -> tuple[Any, int]:
    """The value of a node and how many values it holds (itself included)."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return (node.value if node.tag == _STR else loader.construct_object(node, deep=True)), 1
    if kind is yaml.MappingNode and node.tag == _MAP:
        loader.flatten_mapping(node)  # merge keys ('<<') written inline
        data: dict[Any, Any] = LineDict() if lines else {}
        key_lines: dict[str, int] = {}
        count = 1
        for key_node, value_node in node.value:
            if key_node.__class__ is yaml.ScalarNode and key_node.tag == _STR:
                key, n_key = key_node.value, 1
            else:
                key, n_key = _build(loader, key_node, lines)
                try:
                    hash(key)
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found an unhashable key",
                        key_node.start_mark) from None
            if value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:
                data[key] = value_node.value
                count += n_key + 1
            else:
                data[key], n_value = _build(loader, value_node, lines)
                count += n_key + n_value
            if lines and isinstance(key, str):
                key_lines[key] = key_node.start_mark.line + 1
        if isinstance(data, LineDict):
            data.line, data.key_lines = node.start_mark.line + 1, key_lines
        return data, count
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        items: list[Any] = LineList() if lines else []
        count = 1
        for child in node.value:
            if child.__class__ is yaml.ScalarNode and child.tag == _STR:
                items.append(child.value)
                count += 1
            else:
                value, n = _build(loader, child, lines)
                items.append(value)
                count += n
        if isinstance(items, LineList):
            items.line = node.start_mark.line + 1
            items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items, count
    raise _Standard  # an explicitly tagged collection: the safe constructor's job


def error_line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else 1


def error_text(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(getattr(exc, "problem", "")):
        tag = str(exc.problem).split("tag", 1)[-1].strip(" '")
        return f"YAML tag '{tag}' is not allowed: cards are plain data and never run code"
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        text = f"{context}, {problem}" if context else str(problem)
    else:
        text = str(exc).splitlines()[0]
    return f"YAML syntax error: {text}"
