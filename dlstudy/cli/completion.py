"""Shell-completion values: card ids, demo ids, topics (typer's completion for bash, zsh and fish)."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dlstudy.session.context import AppContext


def _context() -> "AppContext":
    """Completion runs without the main callback: a context of its own (DLSTUDY_CONTENT still applies)."""
    from dlstudy.session.context import AppContext

    return AppContext()



def card_ids(incomplete: str) -> list[str]:
    return [c for c in _context().index(report=False).ids if c.startswith(incomplete)]


def question_ids(incomplete: str) -> list[str]:
    """CARD/QID ids (and card ids, to complete a question's card first)."""
    index = _context().index(report=False)
    if "/" not in incomplete:
        return [c + "/" for c in index.ids if c.startswith(incomplete)]
    return [f"{c.id}/{q}" for c in index.cards for q in c.question_ids if f"{c.id}/{q}".startswith(incomplete)]


def demo_ids(incomplete: str) -> list[str]:
    from dlstudy.demos.registry import demo_ids as ids

    return [d for d in ids() if d.startswith(incomplete)]


def topics(incomplete: str) -> list[str]:
    return [t for t in _context().index(report=False).topics() if t.startswith(incomplete)]


def kinds(incomplete: str) -> list[str]:
    from dlstudy.content.schema import QUESTION_KINDS

    return [k for k in QUESTION_KINDS if k.startswith(incomplete)]


def config_keys(incomplete: str) -> list[str]:
    from dlstudy.srs.settings import DEFAULTS

    return [k for k in list(DEFAULTS) + ["sync_dir"] if k.startswith(incomplete)]
