"""Render the grpo-advantage demo."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.grpo_advantage import GrpoAdvantageResult
from dlstudy.render.charts import bar_chart
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 16


def _sum(x: float) -> float:
    """A sum that is zero up to rounding (1e-16) shown as 0."""
    return 0.0 if abs(x) < 1e-9 else x


def render(d: GrpoAdvantageResult, console: Console) -> None:
    source = (f"sampled: each answer correct (reward 1) with probability {num(d.p_correct)}" if d.sampled
              else "rewards as given")
    console.print(f"a group of G = {d.group} answers to one prompt, {source}.")
    t = table(None, "answer", "reward r", "GRPO (r − mean)/(std + eps)", f"value baseline r − {num(d.value)}",
              text=(0,))
    shown = min(d.group, MAX_ROWS)
    for i in range(shown):
        t.add(str(i + 1), d.rewards[i], d.advantages[i], d.value_advantages[i])
    if d.group > shown:
        t.add(f"… {d.group - shown} more", "", "", "")
    t.add("sum", sum(d.rewards), _sum(d.advantage_sum), _sum(d.value_advantage_sum), style="bold")
    fit_table(console, t)
    console.print(f"group mean {num(d.mean)}, {d.std_kind} std {num(d.std)}, eps {num(d.eps)}: the group's advantages "
                  "sum to zero; the value baseline's sum to G·(mean − V) = "
                  f"{num(_sum(d.value_advantage_sum))} and scale with the rewards.")
    z = d.zero_signal
    console.print(f"{int(z['groups']):,} simulated groups of {d.group} at p = {num(d.p_correct)}: "
                  f"[bold]{z['share']:.2%}[/] had all rewards equal (all advantages 0, no signal); "
                  f"p^G + (1 − p)^G = {z['expected']:.2%}.")
    console.print(bar_chart([f"p={num(row['p'])}" for row in d.zero_signal_by_p],
                            [row["expected"] for row in d.zero_signal_by_p],
                            title=f"share of groups of {d.group} without signal, by the prompt's success rate p"))
    console.print(escape(d.lesson))
