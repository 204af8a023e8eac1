"""`dlstudy review`: today's spaced-repetition session (FSRS)."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Review what is due today, then new questions, scheduled by FSRS.

Wrong answers count as Again, right ones as Good (press h for Hard or e for Easy before moving
on); open answers are self-rated. Every answer is saved before the next question appears.
Keys at the question: ? hint · s skip · q quit · u undo the last answer · ! suspend ·
:b bury until tomorrow · :f flag for editing. After an answer: d demo · c card · u answer again.

\b
Examples:
  dlstudy review
  dlstudy review --topic training --new 5
  dlstudy review --limit 20
"""
EPILOG = "Settings (retention, limits, day rollover): 'dlstudy config'. Progress: 'dlstudy stats'."


def review(
    ctx: typer.Context,
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic.", autocompletion=completion.topics),
    new: Optional[int] = typer.Option(None, "--new", min=0, max=500, help="New questions this session (overrides the daily limit)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, max=10000, help="At most this many answers this session."),
) -> None:
    from dlstudy.session.review import run_review

    app = ctx.obj
    deck = app.deck()
    app.check_topic(topic, deck)
    with app.store() as store:
        code = run_review(app, store, deck, topic=topic, new=new, limit=limit)
    if code:
        raise typer.Exit(code)
