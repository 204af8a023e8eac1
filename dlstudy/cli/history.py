"""`dlstudy history`: past quiz, interview, drill and review sessions."""


import typer

HELP = """List past sessions (quiz, interview, drill, review) with their scores. Sessions left before
the first answer are hidden (--all shows them).

\b
Examples:
  dlstudy history
  dlstudy history --limit 5 --json
  dlstudy history --all
"""
EPILOG = "Full review-log export: 'dlstudy export history FILE --csv'."


def history(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", min=1, max=10000, help="How many sessions, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON (see 'dlstudy docs json')."),
    show_all: bool = typer.Option(False, "--all", help="Also the sessions with no answer (quit at the first prompt)."),
) -> None:
    import json
    from datetime import datetime

    from rich import box

    from dlstudy.kinds.probes import tally
    from dlstudy.render.layout import cells
    from dlstudy.srs import clock

    with ctx.obj.store(create=False, readonly=True) as store:
        rows = store.sessions(limit, with_empty=show_all)
        probed = store.probe_details(limit if not show_all else limit) if rows else []
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
        con.print("No sessions with an answer yet" + ("" if show_all else " ('dlstudy history --all' lists the "
                  "others)") + ". Try [green]dlstudy quiz[/] or [green]dlstudy review[/].")
        return
    narrow = con.width < 100  # dates as 12-07 09:00: dates, ids and modes are never cut
    if narrow:  # one-space gaps and no outer edge: nine columns fit in 60
        table = Table(title="sessions (newest first)", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                      padding=(0, 0))
    else:
        table = Table(title="sessions (newest first)", title_justify="left")
    for col in ("id", "mode", "started"):
        table.add_column(col, no_wrap=True, min_width=max(cells(col), 11 if col == "started" and narrow else 0))
    optional = {"probes": any(r["probes"] for r in out), "your ratings": any(r["overrides"] for r in out)}
    headers = {"answered": "ans", "correct": "right", "your ratings": "yours"} if narrow else {}
    shown = [c for c in ("answered", "correct", "score", "probes", "your ratings", "time") if optional.get(c, True)]
    for col in shown:
        table.add_column(headers.get(col, col), no_wrap=True)
    for r in out:
        when = r["started"].replace("T", " ")
        cells_by = {"answered": str(r["answered"]), "correct": "-" if r["correct"] is None else str(r["correct"]),
                    "score": "-" if r["score"] is None else f"{r['score']:.0%}",
                    "probes": "-" if r["probes"] is None else f"{r['probes']['right']}/{r['probes']['asked']}"
                    + ("" if narrow else " right"),
                    "your ratings": (str(r["overrides"]) if narrow else f"{r['overrides']} override(s)")
                    if r["overrides"] else "-",
                    "time": "-" if r["seconds"] is None else f"{r['seconds']:.0f} s"}
        table.add_row(str(r["id"]), r["mode"], when[5:16] if narrow else when[:16], *(cells_by[c] for c in shown))
    con.print(table)
