"""Render the positional-encoding demo."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from dlstudy.render.charts import BAR_COLOUR, bar_chart, fit_table, fmt

_SHADES = " ░▒▓█"


def _shade(v: float) -> str:
    """Map a value in [−1, 1] to a shade character (blank = −1, full block = +1)."""
    i = int(round((v + 1) / 2 * (len(_SHADES) - 1)))
    return _SHADES[max(0, min(len(_SHADES) - 1, i))]


def render(result, console, params) -> None:
    r = result.to_dict()
    n, d, table = r["positions"], r["d_model"], r["table"]

    step = max(1, -(-d // max(8, min(64, console.width - 6))))  # at most 64 columns, never wider than the terminal
    cols = list(range(0, d, step))
    rows = list(range(0, n, max(1, -(-n // 20))))  # at most 20 rows
    console.print(f"heat view of PE (rows: positions, columns: dimensions{'' if step == 1 else f' every {step}th'}; "
                  "blank = −1, █ = +1); fast dimensions on the left, slow ones on the right")
    for p in rows:
        line = Text(f"{p:>4} ")
        line.append("".join(_shade(table[p][j]) for j in cols), style=BAR_COLOUR)
        console.print(line)

    t = Table(title="a few values")
    t.add_column("pos", justify="right")
    show = sorted({0, 1, 2, 3, d - 2, d - 1} & set(range(d)))
    for j in show:
        kind = "sin" if j % 2 == 0 else "cos"
        t.add_column(f"dim {j} ({kind})", justify="right")
    for p in sorted({0, 1, 2, n - 1} & set(range(n))):
        t.add_row(str(p), *(fmt(table[p][j]) for j in show))
    fit_table(console, t)
    w = r["wavelengths"]
    console.print(f"wavelengths 2π/ω_i run geometrically from {fmt(w[0])} (dims 0/1) to {fmt(w[-1])} "
                  f"(dims {d - 2}/{d - 1}), with ω_i = {r['base']:g}^(−2i/d).")

    rot = r["rotation"]
    b = rot["first_block"]
    console.print(
        f"\nrelative position k = {rot['offset']}: each pair (sin, cos) is rotated by the angle kω_i; for the first "
        f"pair R = [[{fmt(b[0][0])}, {fmt(b[0][1])}], [{fmt(b[1][0])}, {fmt(b[1][1])}]]. "
        f"max |R(k)·PE(p) − PE(p+k)| over all {n} positions = {fmt(rot['max_error'])}."
    )
    dot = r["dot"]
    console.print(
        f"PE(p)·PE(p+{dot['offset']}) over all p: spread (max − min) = {fmt(dot['spread'])}; "
        f"closed form Σ cos(kω_i) = {fmt(dot['closed_form'])}. |PE(p)|² = d/2 = {fmt(r['norm_squared'])} for every p."
    )
    offs = r["dot_by_offset"]
    if len(offs) > 1:
        sel = offs[:: max(1, len(offs) // 12)]
        console.print(bar_chart([f"k={o['k']}" for o in sel], [o["dot"] for o in sel],
                                title="PE(0)·PE(k) by offset k: large for near positions, lower (not monotonically) further away"))
    console.print(r["lesson"])
