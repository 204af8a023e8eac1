"""`dlstudy quiz`: interview-style practice, graded live; `--interview` for a timed mock interview."""


from typing import List, Optional

import typer

from dlstudy.cli import completion

HELP = """Practise with interview questions, graded live, explained, demo one key away.

Keys at any prompt: ? hint · s skip · q quit. After an answer: d runs the concept's demo,
c shows the card. Ctrl-C or Ctrl-D stops; answers already given are kept and summarised.
Answers can be piped in (one line per prompt), e.g. for scripts.

\b
Examples:
  dlstudy quiz                        # 10 questions from everything
  dlstudy quiz --topic nlp -n 5
  dlstudy quiz --card softmax --kind predict
  dlstudy quiz --interview --minutes 20
  dlstudy quiz --question softmax/shift --question ctc/collapse
  printf 'b\\n\\n' | dlstudy quiz --card entropy -n 1 --seed 3 --json

After each answer the grader's rating is pre-selected: Enter keeps it, 1-4 (or again/hard/good/easy)
overrides it, and the override is recorded. Open answers: type the numbers of the rubric points you
covered (Enter keeps the grader's marks), or p to probe each point as an either/or (a or b); the points
answered right then make the pre-selection. --probe (or 'dlstudy config probe always') asks the probes
after every open answer; a mock interview always does.
"""
EPILOG = "Quiz answers are saved but do not change your review schedule; 'dlstudy review' does that."


def quiz(
    ctx: typer.Context,
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic.", autocompletion=completion.topics),
    card: Optional[str] = typer.Option(None, "--card", "-c", help="Only this card.", autocompletion=completion.card_ids),
    question: Optional[List[str]] = typer.Option(None, "--question", metavar="CARD/QID",
                                                 help="Exactly this question (repeatable), in the order given."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Only this kind: choice, numeric, short, open, predict.",
                                      autocompletion=completion.kinds),
    n: int = typer.Option(10, "-n", "--number", min=1, max=500, help="How many questions."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Seed for question order and option shuffling."),
    interview: bool = typer.Option(False, "--interview", help="Mock interview: open and predict questions, follow-ups, timer."),
    minutes: Optional[float] = typer.Option(None, "--minutes", min=1, max=240, help="Interview length in minutes."),
    probe: bool = typer.Option(False, "--probe", help="After every open answer, probe each rubric point as an "
                               "either/or (as 'dlstudy config probe always' does; otherwise p at the rating prompt)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout (questions go to stderr)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|zh",
                                       help="Card titles in this language where cards have them "
                                            "(default: 'dlstudy config lang', else en)."),
) -> None:
    import random

    from dlstudy.content.schema import QUESTION_KINDS
    from dlstudy.errors import UsageError
    from dlstudy.quiz.selection import select_questions
    from dlstudy.session.quiz import run_session

    app = ctx.obj
    app.lang = app.language(lang)
    deck = app.deck()
    if kind is not None and kind not in QUESTION_KINDS:
        raise UsageError(f"no question kind '{kind}'", hint=f"kinds: {', '.join(QUESTION_KINDS)}")
    if minutes is not None and not interview:
        raise UsageError("--minutes goes with --interview")
    cards = deck.cards
    if card is not None:
        cards = [app.find_card(card)]
    if topic is not None:
        app.check_topic(topic, deck)
        cards = [c for c in cards if c.topic == topic]
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    if interview and n == 10 and minutes:
        n = max(3, int(minutes // 4))
    if question:
        items = [_question(app, ref) for ref in question]
    else:
        items = select_questions(cards, n, seed, kind=kind, interview=interview)
    if not items:
        raise UsageError("no questions match these filters", hint="try without --kind, or another --topic/--card")
    mode = "interview" if interview else "quiz"
    intro = None
    if interview:
        intro = (f"[bold]Mock interview[/]: {len(items)} main questions with follow-ups"
                 + (f", {minutes:g} minute{'s' if minutes != 1 else ''}" if minutes else "") + ". Answer as you would out loud, in one line.")
    _sync(app, as_json, "start")
    code = run_session(app, items, seed, mode, as_json=as_json, minutes=minutes, intro=intro, probe=probe)
    if not code:
        _sync(app, as_json, "end")
    if code:
        raise typer.Exit(code)


def _sync(app, as_json: bool, when: str) -> None:
    """With 'config sync_dir': sync at the start and the end, in one line (on stderr with --json)."""
    from dlstudy.paths import db_path

    if not db_path().exists():
        return
    from dlstudy.errors import DlstudyError
    from dlstudy.session.sync import auto_sync

    try:
        with app.store() as store:
            auto_sync(app, store, app.err_console if as_json else app.console, when)
    except DlstudyError:  # the quiz reports a database it cannot use itself
        pass


def _question(app, ref: str):
    """(card, question) for CARD/QID, or a usage error with suggestions."""
    from dlstudy.errors import UsageError
    from dlstudy.session.context import unknown

    if "/" not in ref:
        raise UsageError(f"--question takes CARD/QID, e.g. softmax/shift (got '{ref}')")
    card_id, qid = ref.split("/", 1)
    card = app.find_card(card_id)
    q = card.question(qid)
    if q is None:
        raise unknown("question", qid, [x.id for x in card.questions], listing=f"see 'dlstudy show {card_id}'")
    return card, q
