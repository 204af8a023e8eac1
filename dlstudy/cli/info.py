"""`dlstudy info CARD/QID`: one question's schedule, history and forgetting curve."""


import typer

from dlstudy.cli import completion

HELP = """Everything about one question: its state, due date, interval, FSRS stability and difficulty,
predicted recall now, answers and lapses, whether it is a leech; every answer it got (time, rating,
the grader's suggestion, your override, the interval after it, your answer); its other actions
(suspend, forget, ...); and its forgetting curve for the coming four weeks against your desired
retention.

\b
Examples:
  dlstudy info bayes-rule/screening-test
  dlstudy info bayes-rule/screening-test --json
"""
EPILOG = "Every question's schedule: 'dlstudy schedule'. A card's questions: 'dlstudy show CARD'."


def info(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="CARD/QID", help="The question.", autocompletion=completion.question_ids),
    as_json: bool = typer.Option(False, "--json", help="Print it as JSON (see 'dlstudy docs json')."),
) -> None:
    import sys

    from dlstudy.session.targets import deck_keys, resolve
    from dlstudy.srs.info import QuestionInfo, question_info

    app = ctx.obj
    deck = app.index()
    topics = deck_keys(deck)
    with app.store(create=False, readonly=True) as store:
        known = store.keys_with_history() if not store.empty else set()
        [key] = resolve(target, deck, known, question=True)
        if store.empty:
            data = QuestionInfo(key[0], key[1], topics.get(key), key in topics).to_dict()
        else:
            data = question_info(store, key, topics.get(key), key in topics, app.clock.now()).to_dict()
    if as_json:
        import json

        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from dlstudy.render.info import render_info

    render_info(app.console, data, colour=app.colour(sys.stdout), width=app.width(sys.stdout))
