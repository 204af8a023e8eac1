"""`dlstudy suspended`: the questions you suspended or flagged."""


import typer

from dlstudy.text import escape

HELP = """List suspended and flagged questions (suspend with '!' and flag with ':f' or ':f NAME' during a review).

\b
Examples:
  dlstudy suspended
  dlstudy suspended --json
  dlstudy unsuspend softmax/shift
"""
EPILOG = "Bring one back with 'dlstudy unsuspend CARD/QID'; clear a flag with 'dlstudy unsuspend --flag CARD/QID'."


def suspended(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    app = ctx.obj
    with app.store(create=False, readonly=True) as store:
        flags = store.flags()
    rows = [{"card": c, "question": q, "suspended": f["suspended"], "flagged": f["flagged"], "flag": f["flag"],
             "note": f["note"]} for (c, q), f in sorted(flags.items()) if f["suspended"] or f["flagged"]]
    if as_json:
        import json

        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    con = app.console
    if not rows:
        con.print("No suspended or flagged questions.")
        return
    for r in rows:
        what = " and ".join(w for w, on in (("suspended", r["suspended"]), (f"flagged '{r['flag']}'", r["flagged"]))
                            if on)
        note = f" — {escape(r['note'])}" if r["note"] else ""
        con.print(f"{escape(r['card'])}/{escape(r['question'])}: {what}{note}")
    con.print("[dim]bring one back: dlstudy unsuspend CARD/QID[/]")
