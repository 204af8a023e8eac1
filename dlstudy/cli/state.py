"""Options shared by every command (--content, --no-color) and the deck they select."""


from dataclasses import dataclass, field


@dataclass
class GlobalOptions:
    content: list[str] = field(default_factory=list)
    no_color: bool = False


options = GlobalOptions()
_deck = None


def reset() -> None:
    global _deck
    options.content = []
    options.no_color = False
    _deck = None


def deck(report: bool = True):
    """The loaded deck (bundled + user decks). Broken user cards are reported on stderr and skipped."""
    global _deck
    if _deck is None:
        from dlstudy.content.loader import load_deck
        from dlstudy.paths import user_content_dirs

        _deck = load_deck(user_content_dirs(options.content))
        if report and _deck.problems:
            from dlstudy.render.console import warn

            shown = _deck.problems[:5]
            for p in shown:
                warn(str(p))
            more = len(_deck.problems) - len(shown)
            warn(f"{len(_deck.problems)} content problem(s){f' ({more} more not shown)' if more else ''}; "
                 "cards that could not be read are skipped. Run 'dlstudy check' for the full list.")
    return _deck


def find_card(card_id: str):
    """The card with this id, or a UsageError with 'did you mean' suggestions (exit 2)."""
    from dlstudy.errors import UsageError

    d = deck()
    card = d.get(card_id)
    if card is None:
        import difflib

        close = difflib.get_close_matches(card_id, d.ids, n=3, cutoff=0.5)
        close += [i for i in d.ids if card_id and card_id in i and i not in close][:3]
        hint = f"did you mean: {', '.join(close[:4])}?" if close else "list the cards with 'dlstudy cards'"
        raise UsageError(f"no card with id '{card_id}'", hint=hint)
    return card
