"""`dlstudy suspend CARD[/QID]`: take a question, or every question of a card, out of your reviews."""


import typer

from dlstudy.cli import completion

HELP = """Suspend a question, or every question of a card: it is not asked until you unsuspend it (its
schedule and history are kept). An event of your history: 'dlstudy undo' takes it back.

\b
Examples:
  dlstudy suspend softmax/overflow-why
  dlstudy suspend softmax            # every question of the card
"""
EPILOG = "List them with 'dlstudy suspended'; bring one back with 'dlstudy unsuspend CARD/QID'."


def suspend(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="CARD[/QID]", help="A question (card/qid) or a card.",
                                 autocompletion=completion.question_ids),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.session.targets import names, resolve
    from dlstudy.srs.actions import question_action
    from dlstudy.text import escape

    app = ctx.obj
    deck = app.index()
    with app.store() as store:
        keys = resolve(target, deck, store.keys_with_history())
        already = store.suspended()
        todo = [k for k in keys if k not in already]
        if not todo:
            raise UsageError(f"{names(keys)} {'is' if len(keys) == 1 else 'are'} already suspended",
                             hint="see 'dlstudy suspended'")
        question_action(store, "suspend", todo, app.clock.now().timestamp())
    app.console.print(f"suspended {escape(names(todo))}; 'dlstudy undo' takes it back, "
                      "'dlstudy unsuspend CARD/QID' brings a question back")
