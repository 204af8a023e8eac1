"""`dlstudy history`: past quiz, interview, drill and review sessions."""


import typer

HELP = """List past sessions (quiz, interview, drill, review) with their scores.

\b
Examples:
  dlstudy history
  dlstudy history --limit 5 --json
"""
EPILOG = "Full review-log export: 'dlstudy export history FILE --csv'."


def history(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", min=1, max=10000, help="How many sessions, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON (see 'dlstudy docs json')."),
) -> None:
    import json
    from datetime import datetime

    from dlstudy.kinds.probes import tally
    from dlstudy.srs import clock

    with ctx.obj.store(create=False, readonly=True) as store:
        rows = store.sessions(limit)
        probed = store.probe_details(limit)
    probes: dict[int, list[int]] = {}
    for sid, details in probed:
        try:
            d = json.loads(details)
        except ValueError:  # a damaged row: the others still count
            continue
        asked, right = tally(d) if isinstance(d, dict) else (0, 0)
        if asked:
            count = probes.setdefault(sid, [0, 0])
            count[0] += asked
            count[1] += right
    out = []
    for sid, mode, started, ended, summary, answered, correct, reviews, overrides in rows:
        s = json.loads(summary) if summary else {}
        out.append({"id": sid, "mode": mode,
                    "started": datetime.fromtimestamp(started, clock.local_tz()).isoformat(timespec="seconds"),
                    "seconds": round(ended - started, 1) if ended else None,
                    "answered": reviews if mode == "review" else answered,
                    "correct": correct if mode != "review" else None,
                    "score": s.get("score"), "overrides": overrides,
                    "probes": {"asked": probes[sid][0], "right": probes[sid][1]} if sid in probes else None,
                    "finished": ended is not None})
    if as_json:
        typer.echo(json.dumps(out, indent=2))
        return
    from rich.table import Table

    con = ctx.obj.console
    if not out:
        con.print("No sessions yet. Try [green]dlstudy quiz[/] or [green]dlstudy review[/].")
        return
    table = Table(title="sessions (newest first)", title_justify="left")
    for col in ("id", "mode", "started", "answered", "correct", "score", "probes", "your ratings", "time"):
        table.add_column(col)
    for r in out:
        table.add_row(str(r["id"]), r["mode"], r["started"].replace("T", " ")[:16], str(r["answered"]),
                      "-" if r["correct"] is None else str(r["correct"]),
                      "-" if r["score"] is None else f"{r['score']:.0%}",
                      "-" if r["probes"] is None else f"{r['probes']['right']}/{r['probes']['asked']} right",
                      f"{r['overrides']} override(s)" if r["overrides"] else "-",
                      "-" if r["seconds"] is None else f"{r['seconds']:.0f} s")
    con.print(table)
