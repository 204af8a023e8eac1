"""`dlstudy rename OLD NEW`: move the history of a renamed question or card to its new id."""


import typer

from dlstudy.cli import completion

HELP = """After renaming a question id (CARD/QID) or a card id in a deck file, move its history (answers,
schedule, flags, events) to the new id, in one transaction: it is asked under the new id with its
schedule instead of as a new question. 'dlstudy check' lists history whose id is no longer in the deck.

\b
Examples:
  dlstudy rename bayes-rule/screening bayes-rule/screening-test
  dlstudy rename bayes bayes-rule          # a whole card
"""
EPILOG = "Undo with 'dlstudy undo'."


def rename(
    ctx: typer.Context,
    old: str = typer.Argument(..., metavar="OLD", help="The old id: CARD/QID or a card.",
                              autocompletion=completion.question_ids),
    new: str = typer.Argument(..., metavar="NEW", help="The new id, of the same form."),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.session.targets import split_target
    from dlstudy.srs.actions import rename as move
    from dlstudy.text import escape, suggestions

    old_card, old_q = split_target(old)
    new_card, new_q = split_target(new, question=old_q is not None)
    if (old_card, old_q) == (new_card, new_q):
        raise UsageError("OLD and NEW are the same id")
    app = ctx.obj
    with app.store(create=False) as store:
        known = store.keys_with_history() if not store.empty else set()
        mine = [k for k in known if (k == (old_card, old_q) if old_q is not None else k[0] == old_card)]
        if not mine:
            close = suggestions(old, sorted({f"{c}/{q}" for c, q in known} if old_q else {c for c, _q in known}))
            raise UsageError(f"no history for '{escape(old)}' to rename",
                             hint=f"did you mean: {', '.join(close)}?" if close else "'dlstudy check' lists the "
                                  "history of ids no longer in the deck")
        taken = sorted(k for k in known if (k == (new_card, new_q) if new_q is not None else k[0] == new_card))
        if taken:
            raise UsageError(f"'{escape(new)}' has history of its own: a rename onto it would mix two histories",
                             hint="rename to an id without history (nothing was changed)")
        if old_q is not None and new_q is not None:
            move(store, (old_card, old_q), (new_card, new_q), app.clock.now().timestamp())
        else:
            move(store, old_card, new_card, app.clock.now().timestamp())
    deck_ids = {c.id for c in app.index(report=False).cards}
    app.console.print(f"renamed {escape(old)} → {escape(new)}: {len(mine)} question(s) with their history "
                      "('dlstudy undo' takes it back)")
    if new_card not in deck_ids:
        app.warn(f"{new_card} is not a card of your deck (yet): its history is kept, not asked")
