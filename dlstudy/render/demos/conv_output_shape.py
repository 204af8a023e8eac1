"""Render the conv-output-shape demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.conv_output_shape import ConvOutputShapeResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import table
from dlstudy.render.fit_table import fit_table


def render(d: ConvOutputShapeResult, console: Console) -> None:
    inp, lay, f, tc = d.input, d.layer, d.formula, d.torch
    k, p, s, dil = lay["kernel"], lay["padding"], lay["stride"], lay["dilation"]
    span = f"d(f−1)+1 = {lay['effective_kernel']}" if dil > 1 else f"f = {k}"

    t = table(f"Conv2d({lay['in_channels']}→{lay['out_channels']}, kernel {k}×{k}, padding {p}, stride {s}, "
              f"dilation {dil}) on a {inp['height']}×{inp['width']} input", "dimension", "⌊(n + 2p − span)/s⌋ + 1",
              "formula", "torch")
    for dim in ("height", "width"):
        t.add(dim, f"⌊({inp[dim]} + {2 * p} − {lay['effective_kernel']})/{s}⌋ + 1", str(f[dim]), str(tc[dim]))
    t.add("channels", "c_out", str(lay["out_channels"]), str(tc["channels"]))
    fit_table(console, t)
    console.print(f"kernel span: {span}; formula and torch agree: {'yes' if d.match else 'NO'}")

    pd = d.params_detail
    console.print(
        f"\nparameters: c_out·c_in·f·f + c_out = {lay['out_channels']}·{lay['in_channels']}·{k}·{k} + "
        f"{lay['out_channels']} = {pd['weights']} + {pd['biases']} = {d.params_count} "
        f"(torch counts {pd['torch_numel']}); the input size does not enter."
    )

    same = d.same_padding
    if same["symmetric"]:
        console.print(f"'same' padding at stride 1: {same['note']} "
                      f"(torch padding='same' gives {same['torch_same_height']}×{same['torch_same_width']}).")
    else:
        console.print(f"'same' padding: {same['note']}; torch padding='same' pads one side more and gives "
                      f"{same['torch_same_height']}×{same['torch_same_width']}.")

    sweep = d.padding_sweep
    if len(sweep) > 1:
        console.print(bar_chart([f"p={r['padding']}" for r in sweep], [r["height"] for r in sweep],
                                title=f"output height vs padding (n={inp['height']}, f={k}, s={s})"))
    console.print(d.lesson)
