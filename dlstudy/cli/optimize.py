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
        con.print("fitting FSRS parameters (a progress bar follows on stderr)...")
        result = run(store, verbose=True)
        if result.parameters is None:
            con.print(f"Not enough history yet: {result.train_reviews} usable reviews for training, the optimizer "
                      f"needs 512. About {result.needed} more reviews (on different days) will do.")
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
