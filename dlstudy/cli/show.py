"""`dlstudy show ID`: one card, rendered; --run also runs its demos."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Show a concept card: summary, key points, formulas, pitfalls, prerequisites, demos.

\b
Examples:
  dlstudy show xavier-init
  dlstudy show softmax --run       # the card, then its live demo
  dlstudy show kl-divergence --json
  dlstudy show attention --tex     # formulas with their TeX source
"""
EPILOG = "Unknown ids get 'did you mean' suggestions; 'dlstudy cards --search WORD' finds ids."


def show(
    ctx: typer.Context,
    card_id: str = typer.Argument(..., metavar="ID", help="The card id, e.g. xavier-init.",
                                 autocompletion=completion.card_ids),
    run: bool = typer.Option(False, "--run", help="Run the card's demos after the card."),
    as_json: bool = typer.Option(False, "--json", help="Print the card as JSON (see 'dlstudy docs json')."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|zh",
                                       help="Title and summary in this language where the card has them "
                                            "(default: 'dlstudy config lang', else en)."),
    tex: bool = typer.Option(False, "--tex", help="Also print each formula's TeX source (to copy into notes)."),
) -> None:
    app = ctx.obj
    lang = app.language(lang)
    card = app.find_card(card_id)
    if as_json:
        import json

        typer.echo(json.dumps(card.to_dict(), indent=2, ensure_ascii=False))
        return
    import sys

    from dlstudy.errors import StateError
    from dlstudy.render.cards import card_text
    from dlstudy.srs.mastery import card_progress

    try:
        progress = card_progress(card, app.clock.now())
        if progress is not None:
            app.report_settings(progress.get("settings_problems", []))
    except StateError as exc:  # a damaged database must not hide the card; say so and go on
        app.warn(f"progress not shown: {exc.message}")
        progress = None
    sys.stdout.write(card_text(card, colour=app.colour(sys.stdout), lang=lang, progress=progress,
                               width=app.width(sys.stdout), tex=tex))
    if run:
        from dlstudy.session.demo import run_and_render

        for demo_id in card.demos:
            app.console.rule(f"demo: {demo_id}")
            run_and_render(app, demo_id, {}, seed=0, as_json=False)
