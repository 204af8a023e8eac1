"""`dlstudy optimize`: fit FSRS parameters to your own review history."""


import typer

HELP = """Fit personal FSRS parameters to your review log (fsrs's optimizer, on the CPU).

80% of your questions train the parameters; the other 20% compare the log loss of the default and
the fitted parameters. The fitted ones are saved only if they predict your memory better.

\b
Examples:
  dlstudy optimize
  dlstudy optimize --dry-run     # fit and compare, save nothing
"""
EPILOG = "Undo with 'dlstudy config parameters --reset'."


def optimize(ctx: typer.Context, dry_run: bool = typer.Option(False, "--dry-run", help="Do not save the fitted parameters.")) -> None:
    from dlstudy.srs.optimize import optimize as run

    con = ctx.obj.console
    with ctx.obj.store(create=False, readonly=dry_run) as store:
        if store.empty:
            con.print("No reviews yet. Review for a few weeks first ([green]dlstudy review[/]).")
            return
        result = run(store, verbose=True,
                     on_fit=lambda: con.print("fitting FSRS parameters (fsrs's progress bar follows on stderr)..."))
        if result.parameters is None:
            con.print(not_enough_text(result))
            return
        con.print(f"reviews used: {result.train_reviews} to fit, {result.holdout_reviews} held out")
        con.print(f"log loss on held-out reviews: default {result.default_loss:.4f} · fitted {result.fitted_loss:.4f}")
        if result.improved and not dry_run:
            store.set_config("parameters", ",".join(repr(float(p)) for p in result.parameters),
                             now=ctx.obj.clock.now().timestamp())
            con.print("[green]saved[/]: the fitted parameters schedule your reviews from now on.")
        elif result.improved:
            con.print("better, but not saved (--dry-run).")
        else:
            con.print("The fitted parameters are not better on held-out reviews; keeping the current ones.")


def not_enough_text(result) -> str:
    """Why there is nothing to fit yet, with numbers that add up."""
    from dlstudy.srs.optimize import HOLDOUT_SHARE, MIN_REVIEWS

    train = round((1 - HOLDOUT_SHARE) * 100)
    if result.train_reviews >= MIN_REVIEWS:
        return (f"Not enough history yet: {result.train_reviews} counted reviews can train the parameters, but "
                f"none of the {100 - train}% of questions kept apart to check them has one yet. Review on a few "
                "more days, then try again.")
    return (f"Not enough history yet. A review counts when it comes on a later day than the previous answer to "
            f"its question: you have {result.reviews}. The questions are split {train}/{100 - train}: "
            f"{result.train_reviews} counted reviews train the parameters (the optimizer needs {MIN_REVIEWS}) and "
            f"{result.holdout_reviews} check them. About {result.needed} more counted reviews will do: "
            f"{train}% of them, about {MIN_REVIEWS - result.train_reviews}, land in the training part.")
