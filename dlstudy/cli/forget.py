"""`dlstudy forget CARD[/QID]`: put questions back to new; their history stays."""


import typer

from dlstudy.cli import completion

HELP = """Forget a question, or every started question of a card: it is new again (asked as a new question,
scheduled from scratch, its lapses counted again), while every answer stays in your history
('dlstudy info CARD/QID' lists them). 'dlstudy undo' takes it back exactly.

\b
Examples:
  dlstudy forget softmax/overflow-why
  dlstudy forget softmax
"""
EPILOG = "See a question's schedule first: 'dlstudy info CARD/QID'."


def forget(
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
    with app.store(create=False) as store:
        known = store.keys_with_history() if not store.empty else set()
        keys = resolve(target, deck, known)
        started = [k for k in keys if not store.empty and store.state(*k) is not None]
        if not started:
            raise UsageError(f"{escape(names(keys))}: nothing to forget (never answered, or new already)",
                             hint="'dlstudy info CARD/QID' shows a question's schedule")
        reviews = sum(store.query("SELECT count(*) FROM review_log WHERE card_id = ? AND question_id = ?", k)[0][0]
                      for k in started)
        question_action(store, "forget", started, app.clock.now().timestamp())
    app.console.print(f"forgot {escape(names(started))}: new again; {reviews} answer(s) stay in your history "
                      "('dlstudy undo' takes it back)")
