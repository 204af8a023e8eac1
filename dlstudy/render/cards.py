"""A card as terminal text. Plain string building (no rich import), so `dlstudy show` starts fast;
colour is ANSI, only on a terminal, never with NO_COLOR, TERM=dumb or --no-color."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from dlstudy.content.schema import Card, topic_title
from dlstudy.render.table import paint as _paint
from dlstudy.text import clean

if TYPE_CHECKING:
    from rich.console import Console


def card_text(card: Card, colour: bool, lang: str = "en", progress: dict | None = None, width: int = 100,
              tex: bool = False) -> str:
    """The card as lines of at most `width` cells (at most 120: long lines read badly); formulas in
    Unicode, their TeX source too with tex=True; TeX written inside prose is shown like the formulas."""
    from dlstudy.content.tex import inline_tex, tex_to_unicode
    from dlstudy.demos.registry import get_spec
    from dlstudy.render.layout import wrap as wrap_cells

    width = max(20, min(width, 120))

    def paint(text: str, style: str) -> str:
        return _paint(text, style, colour)

    def wrap(text: str, first: str = "", rest: str | None = None) -> list[str]:
        text = inline_tex(clean(text))  # card text is data: never a control sequence on screen
        return wrap_cells(text, width, first, rest)

    title = card.zh.get("title", card.title) if lang == "zh" else card.title
    summary = card.zh.get("summary", card.summary) if lang == "zh" else card.summary
    lines = [paint(clean(title), "bold") + "  " + paint(f"[{clean(card.id)}]", "cyan")]
    meta = f"topic: {topic_title(card.topic)} · level: {card.level}"
    if card.tags:
        meta += " · tags: " + ", ".join(card.tags)
    lines += [paint(m, "dim") for m in wrap(meta)]
    lines.append("")
    lines += wrap(summary)
    if card.key_points:
        lines += ["", paint("Key points", "bold")]
        for kp in card.key_points:
            lines += wrap(kp, "  • ", "    ")
    if card.formulas:
        lines += ["", paint("Formulas", "bold")]
        for f in card.formulas:
            label = f"{f.label}: " if f.label else ""
            lines += [paint(x, "bold yellow") if i else "  " + label + paint(x[2 + len(label):], "bold yellow")
                      for i, x in enumerate(wrap(f.text or tex_to_unicode(f.tex), "  " + label, "      "))]
            if tex:
                lines += [paint(x, "dim") for x in wrap_cells(clean(f.tex), width, "     TeX: ", "          ")]
    if card.pitfalls:
        lines += ["", paint("Pitfalls", "bold") + paint(" (what interviewers probe)", "dim")]
        for p in card.pitfalls:
            lines += wrap(p, "  ✗ ", "    ")
    if card.prerequisites:
        lines += [""] + wrap("Prerequisites: " + ", ".join(card.prerequisites))
    if card.demos:
        lines += ["", paint("Live demos", "bold")]
        for demo_id in card.demos:
            spec = get_spec(demo_id)
            desc = f" — {spec.description}" if spec else ""
            wrapped = wrap(f"dlstudy demo {demo_id}{desc}", "  ", "    ")
            wrapped[0] = wrapped[0].replace(f"dlstudy demo {demo_id}", paint(f"dlstudy demo {demo_id}", "green"), 1)
            lines += wrapped
    kinds = Counter(q.kind for q in card.questions)
    kinds_text = ", ".join(f"{n} {k}" for k, n in kinds.items())
    lines += [""] + wrap(f"Questions: {len(card.questions)} ({kinds_text}) — practise with "
                         f"dlstudy quiz --card {card.id}")
    if progress:
        lines += wrap("Your progress: " + progress.get("text", ""))
        if progress.get("questions"):
            lines += question_table(progress["questions"], colour, width).rstrip("\n").split("\n")
    if card.sources:
        lines += [paint(line, "dim") for line in wrap(f"sources: notes {', '.join(card.sources)}")]
    for ref in card.references:
        lines += [paint(line, "dim") for line in wrap("reference: " + ref.text())]
    return "\n".join(lines) + "\n"


def question_table(rows: list[dict], colour: bool, width: int) -> str:
    """Each question's figures in one compact table (`dlstudy info CARD/QID` has one in full)."""
    from dlstudy.render.table import Column, render_table

    def num(v: float | None, fmt: str) -> str:
        return "-" if v is None else format(v, fmt)

    def days(v: float | None) -> str:
        if v is None:
            return "-"
        return f"{v * 1440:.0f} min" if v < 1 / 24 else f"{v * 24:.0f} h" if v < 1 else f"{v:.0f} d"

    columns = [Column("question", "cyan"), Column("state"), Column("due"), Column("interval", align="right"),
               Column("S", align="right"), Column("D", align="right"), Column("recall", align="right"),
               Column("reps", align="right"), Column("lapses", align="right"), Column("", "yellow", flexible=True)]
    body = [[r["question"], r["state"], r["due"], days(r["interval"]), num(r["stability"], ".1f"),
             num(r["difficulty"], ".1f"), num(r["recall"], ".0%"), str(r["reps"]), str(r["lapses"]), r["marks"]]
            for r in rows]
    return render_table(columns, body, colour=colour, width=width)


def render_card(con: Console, card: Card, lang: str = "en", progress: dict | None = None) -> None:
    """Print a card on a rich console (the quiz's `c` key)."""
    from rich.text import Text

    con.print(Text.from_ansi(card_text(card, colour=not con.no_color and con.is_terminal, lang=lang,
                                       progress=progress, width=con.width)), soft_wrap=True)
