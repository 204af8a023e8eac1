"""Render the transposed-conv demo."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from dlstudy.demos.catalog.transposed_conv import TransposedConvResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.fit_table import fit_table

MAX_SHOWN = 32  # side of the overlap map shown; the JSON has all of it


def render(d: TransposedConvResult, console: Console) -> None:
    n, k, s = d.input_size, d.kernel, d.stride
    shape = "×".join(str(v) for v in d.output_shape)
    console.print(f"ConvTranspose{d.dims}: input {n}{'×' + str(n) if d.dims == '2d' else ''}, kernel {k}, "
                  f"stride {s}, padding {d.padding}, output_padding {d.output_padding}, dilation {d.dilation}")
    console.print(f"output size = (n − 1)·s − 2p + d·(k − 1) + output_padding + 1 = {d.formula}  →  "
                  f"[bold]{shape}[/bold]  (uncropped: {d.uncropped_size})")
    o1 = d.overlap_1d
    if d.dims == "2d":
        cell = len(str(d.overlap_max)) + 1
        side = max(1, min(len(o1), MAX_SHOWN, (console.width - 1) // cell))
        t = Table(title=f"kernel taps per output pixel{' (top-left corner)' if side < len(o1) else ''}",
                  show_header=False, box=None, padding=0, pad_edge=False)
        for _ in range(side):
            t.add_column(justify="right", width=cell, no_wrap=True)
        top = d.overlap_max or 1
        for row in d.overlap[:side]:
            t.add_row(*[f"[{'bold red' if v == top else ('dim' if v * 2 < top else 'yellow')}]{v}[/]"
                        for v in row[:side]])
        fit_table(console, t)
    else:
        shown = o1[:MAX_SHOWN]
        console.print(bar_chart([str(i) for i in range(len(shown))], shown, title="kernel taps per output position",
                                width=20))
        if len(o1) > MAX_SHOWN:
            console.print(f"… {len(o1) - MAX_SHOWN} more positions")
    console.print(f"away from the edges the taps per position repeat with period {s}: {d.steady_pattern} "
                  f"({'uneven: checkerboard' if d.checkerboard else 'even: no checkerboard'}"
                  f"{'' if d.dilation > 1 else ('; k is a multiple of s' if d.kernel_multiple_of_stride else '; k is not a multiple of s')}).")
    pre = d.conv_preimages
    if pre:
        console.print(f"an ordinary Conv with the same k, s, p, d maps sizes {pre[0]}..{pre[-1]} all to {n}; "
                      f"output_padding 0..{len(pre) - 1} picks which one the transposed conv produces.")
    console.print(d.lesson)
