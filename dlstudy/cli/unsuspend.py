"""`dlstudy unsuspend CARD/QID`: bring a suspended question back into reviews (or clear a flag)."""


import typer

from dlstudy.text import escape

HELP = """Bring a suspended question back into your reviews, or clear its flag with --flag.

\b
Examples:
  dlstudy unsuspend softmax/shift
  dlstudy unsuspend --flag ctc/collapse
"""
EPILOG = "List them with 'dlstudy suspended'."


def unsuspend(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="CARD/QID", help="The question, e.g. softmax/shift."),
    flag: bool = typer.Option(False, "--flag", help="Clear the question's flag instead."),
) -> None:
    from dlstudy.errors import UsageError

    if "/" not in target:
        raise UsageError("give CARD/QID, e.g. softmax/shift")
    card_id, qid = target.split("/", 1)
    column = "flagged" if flag else "suspended"
    app = ctx.obj
    with app.store(create=False) as store:
        current = store.flags().get((card_id, qid))
        if not current or not current[column]:
            raise UsageError(f"{target} is not {column}", hint="see 'dlstudy suspended'")
        from dlstudy.srs.actions import question_action

        question_action(store, "unflag" if flag else "unsuspend", [(card_id, qid)], app.clock.now().timestamp())
    app.console.print(f"{escape(target)}: {'flag cleared' if flag else 'back in your reviews'}")
