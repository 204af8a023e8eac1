"""The end-of-session summary of a quiz, drill or interview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlstudy.kinds import narrow_name

if TYPE_CHECKING:
    from rich.console import Console


def render_summary(con: Console, data: dict[str, Any]) -> None:
    """data: SessionSummary.to_dict() (dlstudy/quiz/summary.py)."""
    from rich.table import Table

    con.print()
    con.rule("[bold]Summary[/]")
    if not data["answered"]:
        again = {"interview": "quiz --interview"}.get(data["mode"], data["mode"])
        con.print(f"No answers this time ({data['skipped']} skipped). Start again with 'dlstudy {again}'.")
        return
    skipped = f" ({data['skipped']} skipped)" if data["skipped"] else ""
    auto = data.get("auto_graded", data["answered"])
    opened = data.get("open_answered", 0)
    parts = [f"Answered {data['answered']} of {data['asked']}{skipped}"]
    if auto:
        parts.append(f"right {data['correct']} of {auto} graded")
    if opened:
        parts.append(f"{opened} open answer(s) scored by your rating")
    parts.append(f"score {data['score']:.0%}")
    con.print(" · ".join(parts) + f" · {data['seconds']:.0f} s"
              + (" · stopped early (answers so far are saved)" if data["interrupted"] else ""))
    for title, key in (("by topic", "by_topic"), ("by kind", "by_kind")):
        table = Table(title=title, title_justify="left")
        table.add_column(title.split()[-1])
        table.add_column("answered", justify="right")
        table.add_column("score", justify="right")
        for k, v in data[key].items():
            table.add_row(k, str(v["answered"]), f"{v['score']:.0%}")
        con.print(table)
    if data["mode"] == "interview":
        table = Table(title="answers", title_justify="left")
        table.add_column("question", overflow="fold")  # ids wrap whole rather than cut
        table.add_column("kind", no_wrap=True, min_width=4)  # kinds are never cut (numeric reads num when narrow)
        for col in ("time", "self-rating", "score"):
            table.add_column(col)
        short = con.width < 80
        from dlstudy.srs.ratings import Rating

        names = {r.value: r.label for r in Rating} | {None: "-"}
        for a in data["answers"]:
            kind = narrow_name(a["kind"]) if short else a["kind"]
            table.add_row(f"{a['card']}/{a['question']}", kind, f"{a['seconds']:.0f} s",
                          names[a["rating"]], "skipped" if a["skipped"] else f"{a['score']:.0%}")
        con.print(table)
    if data["weakest"]:
        con.print("[bold]Weakest concepts:[/] " + ", ".join(f"{w['card']} ({w['score']:.0%})" for w in data["weakest"]))
        con.print("Review next: " + " · ".join(f"[green]dlstudy show {c}[/]" for c in data["review_next"]))
    con.print(f"[dim]seed {data['seed']} (repeat this quiz with --seed {data['seed']})[/]")
