"""Options shared by every command (--content, --no-color) and the cards they select."""

from dataclasses import dataclass, field


@dataclass
class GlobalOptions:
    content: list[str] = field(default_factory=list)
    no_color: bool = False


options = GlobalOptions()
_deck = None
_index = None
_reported = False


def reset() -> None:
    global _deck, _index, _reported
    options.content = []
    options.no_color = False
    _deck = None
    _index = None
    _reported = False


def _report(problems) -> None:
    """Broken user cards are reported once on stderr (and skipped); `dlstudy check` lists them all."""
    global _reported
    if _reported or not problems:
        return
    _reported = True
    from dlstudy.render.console import warn

    shown = problems[:5]
    for p in shown:
        warn(str(p))
    more = len(problems) - len(shown)
    warn(f"{len(problems)} content problem(s){f' ({more} more not shown)' if more else ''}; "
         "cards that could not be read are skipped. Run 'dlstudy check' for the full list.")


def _dirs():
    from dlstudy.paths import user_content_dirs

    return user_content_dirs(options.content)


def deck(report: bool = True):
    """Every card, fully loaded (bundled + user decks)."""
    global _deck
    if _deck is None:
        from dlstudy.content.loader import load_deck

        _deck = load_deck(_dirs())
    if report:
        _report(_deck.problems)
    return _deck


def index(report: bool = True):
    """The cards as light rows (id, title, topic, ...): fast even for 10,000 cards."""
    global _index
    if _index is None:
        from dlstudy.content.loader import load_index

        _index = load_index(_dirs())
    if report:
        _report(_index.problems)
    return _index


def find_card(card_id: str):
    """The card with this id, or a UsageError with 'did you mean' suggestions (exit 2)."""
    from dlstudy.errors import UsageError

    if _deck is not None:
        card = _deck.get(card_id)
        ids = _deck.ids
    else:
        idx = index()
        card = idx.card(card_id) if idx.get(card_id) is not None else None
        ids = idx.ids
    if card is None:
        import difflib

        close = difflib.get_close_matches(card_id, ids, n=3, cutoff=0.5)
        close += [i for i in ids if card_id and card_id in i and i not in close][:3]
        hint = f"did you mean: {', '.join(close[:4])}?" if close else "list the cards with 'dlstudy cards'"
        raise UsageError(f"no card with id '{card_id}'", hint=hint)
    return card
