"""Render the positional-encoding demo."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from dlstudy.demos.catalog.positional_encoding import PositionalEncodingResult
from dlstudy.render.charts import BAR_COLOUR, bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

_SHADES = " ░▒▓█"


def _shade(v: float) -> str:
    """Map a value in [−1, 1] to a shade character (blank = −1, full block = +1)."""
    i = int(round((v + 1) / 2 * (len(_SHADES) - 1)))
    return _SHADES[max(0, min(len(_SHADES) - 1, i))]


def render(d: PositionalEncodingResult, console: Console) -> None:
    n, dm, pe = d.positions, d.d_model, d.table

    step = max(1, -(-dm // max(8, min(64, console.width - 6))))  # at most 64 columns, never wider than the terminal
    cols = list(range(0, dm, step))
    rows = list(range(0, n, max(1, -(-n // 20))))  # at most 20 rows
    console.print(f"heat view of PE (rows: positions, columns: dimensions{'' if step == 1 else f' every {step}th'}; "
                  "blank = −1, █ = +1); fast dimensions on the left, slow ones on the right")
    for p in rows:
        line = Text(f"{p:>4} ")
        line.append("".join(_shade(pe[p][j]) for j in cols), style=BAR_COLOUR)
        console.print(line)

    show = sorted({0, 1, 2, 3, dm - 2, dm - 1} & set(range(dm)))
    t = table("a few values", "pos", *[f"dim {j} ({'sin' if j % 2 == 0 else 'cos'})" for j in show], text=())
    for p in sorted({0, 1, 2, n - 1} & set(range(n))):
        t.add(p, *(pe[p][j] for j in show))
    fit_table(console, t)
    w = d.wavelengths
    console.print(f"wavelengths 2π/ω_i run geometrically from {num(w[0])} (dims 0/1) to {num(w[-1])} "
                  f"(dims {dm - 2}/{dm - 1}), with ω_i = {d.base:g}^(−2i/d).")

    rot = d.rotation
    b = rot["first_block"]
    console.print(
        f"\nrelative position k = {rot['offset']}: each pair (sin, cos) is rotated by the angle kω_i; for the first "
        f"pair R = [[{num(b[0][0])}, {num(b[0][1])}], [{num(b[1][0])}, {num(b[1][1])}]]. "
        f"max |R(k)·PE(p) − PE(p+k)| over all {n} positions = {num(rot['max_error'])}."
    )
    dot = d.dot
    console.print(
        f"PE(p)·PE(p+{dot['offset']}) over all p: spread (max − min) = {num(dot['spread'])}; "
        f"closed form Σ cos(kω_i) = {num(dot['closed_form'])}. |PE(p)|² = d/2 = {num(d.norm_squared)} for every p."
    )
    offs = d.dot_by_offset
    if len(offs) > 1:
        sel = offs[:: max(1, len(offs) // 12)]
        console.print(bar_chart([f"k={o['k']}" for o in sel], [o["dot"] for o in sel],
                                title="PE(0)·PE(k) by offset k: large for near positions, lower (not monotonically) further away"))
    console.print(d.lesson)
