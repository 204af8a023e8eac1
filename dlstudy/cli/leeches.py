"""`dlstudy leeches`: the questions you keep forgetting."""


import typer

HELP = """List the leeches: questions whose lapses (forgetting them once learned) reached the leech
threshold (`dlstudy config leech_threshold`, default 6). A leech is marked, never suspended for you:
its next showing in a review teaches before it asks (the card's key points and pitfalls, its demo,
its prerequisites with your mastery of them). Suspend one yourself with 'dlstudy suspend CARD/QID'.

\b
Examples:
  dlstudy leeches
  dlstudy leeches --json
"""
EPILOG = "One question in full: 'dlstudy info CARD/QID'. Start one again: 'dlstudy forget CARD/QID'."


def leeches(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON (see 'dlstudy docs json')."),
) -> None:
    from dlstudy.srs.leech import leeches as find
    from dlstudy.srs.leech import threshold
    from dlstudy.srs.ratings import Rating
    from dlstudy.srs.scheduler import from_ts
    from dlstudy.text import escape

    app = ctx.obj
    with app.store(create=False, readonly=True) as store:
        limit = threshold(store.get_config()) if not store.empty else 6
        found = find(store, limit) if not store.empty else []
    if as_json:
        import json

        from dlstudy.srs.info import iso

        typer.echo(json.dumps([{"card": x.card, "question": x.question, "lapses": x.lapses,
                                "last_answers": [{"at": iso(at), "rating": Rating(r).label} for at, r in x.last_answers],
                                "suspended": x.suspended} for x in found], indent=2, ensure_ascii=False))
        return
    con = app.console
    if not found:
        con.print(f"No leeches: no question has {limit} lapses or more (leech_threshold {limit}).")
        return
    con.print(f"{len(found)} leech(es): {limit} lapses or more (leech_threshold {limit}), most lapses first")
    from dlstudy.srs import clock

    for x in found:
        last = " ".join(Rating(r).label for _at, r in x.last_answers)
        when = from_ts(x.last_answers[-1][0]).astimezone(clock.local_tz()).strftime("%Y-%m-%d") if x.last_answers else "-"
        con.print(f"  {escape(x.card)}/{escape(x.question)}: {x.lapses} lapses · last answers {last} ({when})"
                  + (" · [yellow]suspended[/]" if x.suspended else ""))
    con.print("[dim]each is taught before it is asked in 'dlstudy review'; 'dlstudy info CARD/QID' shows one in full[/]")
