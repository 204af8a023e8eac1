"""`dlstudy unbury [CARD[/QID]]`: bring buried questions back today."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Bring buried questions back today: every buried question, or those of one card or question.
(`:b` in a review buries a question until the next study day.)

\b
Examples:
  dlstudy unbury
  dlstudy unbury softmax
  dlstudy unbury softmax/overflow-why
"""
EPILOG = "Undo it with 'dlstudy undo'."


def unbury(
    ctx: typer.Context,
    target: Optional[str] = typer.Argument(None, metavar="[CARD[/QID]]", help="A question or a card (default: all).",
                                           autocompletion=completion.question_ids),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.session.targets import names, resolve
    from dlstudy.srs.actions import question_action
    from dlstudy.text import escape

    app = ctx.obj
    now = app.clock.now().timestamp()
    deck = app.index() if target is not None else None
    with app.store(create=False) as store:
        buried = {k for k, f in store.flag_rows().items() if f.buried_until is not None and f.buried_until > now} \
            if not store.empty else set()
        keys = resolve(target, deck, store.keys_with_history() if not store.empty else set()) \
            if target is not None else sorted(buried)
        todo = [k for k in keys if k in buried]
        if not todo:
            raise UsageError("nothing is buried" + (f" in {escape(target)}" if target else ""),
                             hint="a review buries a question with ':b' until the next study day")
        question_action(store, "unbury", todo, now)
    app.console.print(f"unburied {escape(names(todo))}: back in today's reviews")
