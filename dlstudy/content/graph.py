"""Deck-wide checks on the prerequisite graph: unknown ids and cycles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from dlstudy.content.problems import Problem
from dlstudy.text import suggestions

if TYPE_CHECKING:
    from dlstudy.content.schema import CardRow


def _suggest(word: str, choices: set[str]) -> str | None:
    found = suggestions(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def check_graph(cards: Sequence[CardRow], problems: list[Problem], known_ids: set[str] | None = None) -> None:
    """Unknown prerequisites and prerequisite cycles across the whole deck."""
    by_id = {c.id: c for c in cards}
    ids = set(by_id) | (known_ids or set())
    for card in cards:
        for pre in card.prerequisites:
            if pre not in ids:
                hint = _suggest(pre, set(ids))
                extra = f" (did you mean '{hint}'?)" if hint else ""
                problems.append(Problem(card.path, card.line, card.id, "prerequisites", f"unknown card id '{pre}'{extra}"))
    # cycle detection (iterative DFS, colours)
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(by_id, WHITE)
    reported: set[frozenset[str]] = set()
    for start in sorted(by_id):
        if colour[start] != WHITE:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = [start]
        colour[start] = GREY
        while stack:
            node, idx = stack[-1]
            pres = [p for p in by_id[node].prerequisites if p in by_id]
            if idx < len(pres):
                stack[-1] = (node, idx + 1)
                nxt = pres[idx]
                if colour[nxt] == GREY:
                    cycle = path[path.index(nxt):] + [nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        card = by_id[node]
                        problems.append(Problem(card.path, card.line, card.id, "prerequisites",
                                                "prerequisite cycle: " + " -> ".join(cycle)))
                elif colour[nxt] == WHITE:
                    colour[nxt] = GREY
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                colour[node] = BLACK
                stack.pop()
                path.pop()
