"""`dlstudy drill [DEMO] [-n N]`: fresh hand-computation questions generated from the demos."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Drill the computations an interviewer expects by hand, with fresh random numbers.

Each question's answer comes from running the demo live. Attempts are saved like quiz answers.

\b
Examples:
  dlstudy drill                          # a mix from every drillable demo
  dlstudy drill conv-output-shape -n 5
  dlstudy drill perplexity --seed 7 --json
"""
def _epilog() -> str:
    from dlstudy.quiz.drill import GENERATORS

    return "Drillable demos: " + ", ".join(GENERATORS) + "."


EPILOG = _epilog()


def drill(
    ctx: typer.Context,
    demo_id: Optional[str] = typer.Argument(None, metavar="[DEMO]", help="One demo to drill; omit for a mix.",
                                            autocompletion=completion.demo_ids),
    n: int = typer.Option(5, "-n", "--number", min=1, max=100, help="How many questions."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Seed for the generated numbers."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout (questions go to stderr)."),
) -> None:
    import random

    from dlstudy.errors import UsageError
    from dlstudy.quiz.drill import available, make_question
    from dlstudy.session.quiz import run_session

    choices = available()
    if demo_id is not None and demo_id not in choices:
        raise UsageError(f"no drill for '{demo_id}'", hint=f"drillable demos: {', '.join(choices)}")
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    r = random.Random(seed)
    app = ctx.obj
    deck = app.deck()
    from dlstudy.demos.registry import get_spec

    items = []
    for i in range(n):
        d = demo_id if demo_id else r.choice(choices)
        question, _spec = make_question(d, r, i + 1)
        card_ids = get_spec(d).cards
        card = next((deck.get(c) for c in card_ids if deck.get(c) is not None), None)
        if card is None:
            from dlstudy.content.schema import Card

            card = Card(id=card_ids[0], title=get_spec(d).title, topic=get_spec(d).topic, summary="", key_points=[],
                        questions=[])
        from dataclasses import replace

        items.append((replace(card, demos=[d]), question))
    code = run_session(app, items, seed, "drill", as_json=as_json)
    if code:
        raise typer.Exit(code)
