"""`dlstudy review`: today's spaced-repetition session (FSRS)."""


from typing import Optional

import typer

from dlstudy.cli import completion
from dlstudy.session.keys import review_help

HELP = f"""Review what is due today, then new questions, scheduled by FSRS.

Learning steps due now come first, then the reviews due today (due from the start of their study
day), then new questions (by default rotating across topics, each card after its prerequisites).
Once a question of a card is shown, the card's other questions wait until tomorrow, except its
follow-ups. Wrong answers count as Again, right ones as Good (press h for Hard or e for Easy before
moving on); open answers are self-rated. Every answer is saved before the next question appears.
With a study plan ('dlstudy plan'), new questions come from its syllabus at its pace, and its last
days serve what raises your recall on the interview day.
{review_help()}

\b
Examples:
  dlstudy review
  dlstudy review --topic training --new 5
  dlstudy review --limit 20
  dlstudy review --more 20        # today's limits are reached: 20 more today
"""
EPILOG = ("Limits, steps and orders: 'dlstudy config' (reviews_per_day also bounds new questions, as in Anki). "
          "Progress: 'dlstudy stats'; the schedule: 'dlstudy schedule'.")


def review(
    ctx: typer.Context,
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic.", autocompletion=completion.topics),
    new: Optional[int] = typer.Option(None, "--new", min=0, max=500,
                                      help="At most this many new questions this session, within today's limits "
                                           "(--more raises them)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, max=10000,
                                        help="At most this many answers this session (due reviews before new ones)."),
    more: int = typer.Option(0, "--more", min=0, max=10000,
                             help="Raise today's review and new limits by this many, for this session (Anki's "
                                  "custom study)."),
    as_json: bool = typer.Option(False, "--json", help="Print the session as JSON on stdout at the end (questions "
                                                       "go to stderr; see 'dlstudy docs json')."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|zh",
                                       help="Card titles in this language where cards have them "
                                            "(default: 'dlstudy config lang', else en)."),
) -> None:
    from dlstudy.session.review import run_review

    app = ctx.obj
    app.lang = app.language(lang)
    deck = app.deck()
    app.check_topic(topic, deck)
    with app.store() as store:
        code = run_review(app, store, deck, topic=topic, new=new, limit=limit, more=more, as_json=as_json)
    if code:
        raise typer.Exit(code)
