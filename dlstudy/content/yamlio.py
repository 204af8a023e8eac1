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
