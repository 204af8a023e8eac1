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


def epilog() -> str:
    """The help's last line (computed when the help is shown: finding the drillable demos reads every spec)."""
    from dlstudy.quiz.drill import drillable

    return "Drillable demos: " + ", ".join(drillable()) + "."


def drill(
    ctx: typer.Context,
    demo_id: Optional[str] = typer.Argument(None, metavar="[DEMO]", help="One demo to drill; omit for a mix.",
                                            autocompletion=completion.demo_ids),
    n: int = typer.Option(5, "-n", "--number", min=1, max=100, help="How many questions."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Seed for the generated numbers."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout (questions go to stderr)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|zh",
                                       help="Card titles in this language where cards have them "
                                            "(default: 'dlstudy config lang', else en)."),
) -> None:
    import random
    from dataclasses import replace

    from dlstudy.content.schema import Card
    from dlstudy.demos.registry import get_spec
    from dlstudy.errors import UsageError
    from dlstudy.quiz.drill import drillable, make_question
    from dlstudy.session.quiz import run_session

    if demo_id is not None:
        spec = get_spec(demo_id)
        if spec is None or spec.drill is None:
            raise UsageError(f"no drill for '{demo_id}'", hint=f"drillable demos: {', '.join(drillable())}")
        choices = [demo_id]
    else:
        choices = drillable()
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    r = random.Random(seed)
    app = ctx.obj
    app.lang = app.language(lang)
    deck = app.deck()
    items = []
    for i in range(n):
        d = demo_id if demo_id else r.choice(choices)
        question, spec = make_question(d, r, i + 1)
        card = next((deck.get(c) for c in spec.cards if deck.get(c) is not None), None)
        if card is None:
            card = Card(id=spec.cards[0], title=spec.title, topic=spec.topic, summary="", key_points=[], questions=[])
        items.append((replace(card, demos=[d]), question))
    code = run_session(app, items, seed, "drill", as_json=as_json)
    if code:
        raise typer.Exit(code)
