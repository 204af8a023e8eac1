"""`dlstudy flag CARD/QID NAME`: mark a question with a named flag (or --clear it)."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Flag a question with a name (one flag per question, e.g. edit, unclear, interview), or clear its
flag with --clear. `:f NAME` does the same during a review; `schedule --flag NAME` lists the
questions with a flag. A flag name is 1-24 lowercase letters, digits, '-' or '_'.

\b
Examples:
  dlstudy flag softmax/overflow-why unclear
  dlstudy flag softmax/overflow-why --clear
"""
EPILOG = "Flagged questions: 'dlstudy suspended' and 'dlstudy schedule --flag NAME'. Undo with 'dlstudy undo'."


def flag(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="CARD/QID", help="The question.", autocompletion=completion.question_ids),
    name: Optional[str] = typer.Argument(None, metavar="NAME", help="The flag's name (default: edit)."),
    clear: bool = typer.Option(False, "--clear", help="Clear the question's flag."),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.session.targets import name as key_name
    from dlstudy.session.targets import resolve
    from dlstudy.srs.actions import question_action
    from dlstudy.srs.events import DEFAULT_FLAG, valid_flag_name
    from dlstudy.text import clean, escape

    if clear and name is not None:
        raise UsageError("give a flag NAME or --clear, not both")
    flag_name = None if clear else (name or DEFAULT_FLAG)
    if flag_name is not None and not valid_flag_name(flag_name):
        raise UsageError(f"'{clean(flag_name)[:40]}' is not a flag name",
                         hint="1-24 lowercase letters, digits, '-' or '_', e.g. unclear")
    app = ctx.obj
    deck = app.index()
    with app.store() as store:
        [key] = resolve(target, deck, store.keys_with_history(), question=True)
        current = store.flag_rows([key]).get(key)
        if clear:
            if current is None or current.flag is None:
                raise UsageError(f"{key_name(key)} has no flag", hint="see 'dlstudy suspended'")
            question_action(store, "unflag", [key], app.clock.now().timestamp())
        else:
            if current is not None and current.flag == flag_name:
                raise UsageError(f"{key_name(key)} is already flagged '{flag_name}'")
            question_action(store, "flag", [key], app.clock.now().timestamp(), {"name": flag_name, "note": None})
    if clear:
        app.console.print(f"{escape(key_name(key))}: flag cleared")
    else:
        app.console.print(f"flagged {escape(key_name(key))} '{flag_name}'")
