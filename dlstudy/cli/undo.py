"""`dlstudy undo`: undo your last action, one step at a time."""


import typer

HELP = """Undo the last action on this device, of any kind: an answer, a suspension, a bury, a flag, a
forget, a reschedule, a rename or a settings change, also after the session that made it ended. Run it
again to go one more step back. It says what it undid. (`u` in a review does the same.)

The undo is itself recorded, so that another device merging your history knows it too.

\b
Examples:
  dlstudy undo
"""
EPILOG = "Quiz answers are practice and are not undone. What a question went through: 'dlstudy info CARD/QID'."


def undo(ctx: typer.Context) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.srs.actions import undo as take_back
    from dlstudy.text import escape

    app = ctx.obj
    with app.store(create=False) as store:
        done = None if store.empty else take_back(store, app.clock.now().timestamp())
    if done is None:
        raise UsageError("nothing to undo", hint="undo takes back this device's answers and actions, one at a time")
    app.console.print(f"undone: {escape(done.what)}")
