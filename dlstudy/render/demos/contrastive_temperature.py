"""Render the contrastive-temperature demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from dlstudy.demos.catalog.contrastive_temperature import ContrastiveTemperatureResult
from dlstudy.render.charts import BAR_COLOUR, bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

_SHADES = " ░▒▓█"
MAX_HEAT = 16


def _shade(v: float) -> str:
    """A cosine in [−1, 1] as a shade: blank at −1, full block at +1."""
    i = int(round((v + 1) / 2 * (len(_SHADES) - 1)))
    return _SHADES[max(0, min(len(_SHADES) - 1, i))]


def render(d: ContrastiveTemperatureResult, console: Console) -> None:
    n = d.batch
    console.print(f"{n} image–text pairs in {d.dim} dimensions (noise {num(d.noise)}): mean cosine "
                  f"{num(d.mean_positive_cosine)} within a pair, {num(d.mean_negative_cosine)} between non-pairs.")
    shown = min(n, MAX_HEAT)
    console.print(f"cosines, images (rows) × captions (columns){'' if shown == n else f', first {shown}'}; "
                  "blank = −1, █ = +1:")
    for i in range(shown):
        line = Text("  ")
        line.append("".join(_shade(v) * 2 for v in d.similarity[i][:shown]), style=BAR_COLOUR)
        console.print(line)

    t = table("symmetric InfoNCE by temperature τ", "τ", "loss", "image → text", "text → image",
              "P(right caption)", "hardest negative's share", "accuracy", text=())
    for j, tau in enumerate(d.temperatures):
        t.add(num(tau), d.losses[j], d.losses_image_to_text[j], d.losses_text_to_image[j], d.positive_prob[j],
              d.hardest_negative_share[j], d.accuracy[j])
    fit_table(console, t)
    same = "the same at every τ" if d.accuracy_constant else "not the same at every τ (ties)"
    console.print(f"retrieval accuracy: image → text {d.accuracy_image_to_text:.1%}, text → image "
                  f"{d.accuracy_text_to_image:.1%}, [bold]{same}[/]. Chance loss ln N = {num(d.chance_loss)}; a "
                  f"share of 1/(N − 1) = {num(1 / (n - 1))} on the hardest negative means no focus on it.")
    console.print(bar_chart([f"τ={num(tau)}" for tau in d.temperatures], d.losses,
                            title="symmetric loss by temperature"))
    console.print(escape(d.lesson))
