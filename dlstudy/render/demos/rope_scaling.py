"""Render the rope-scaling demo."""

from __future__ import annotations

import math

from rich.console import Console
from rich.markup import escape

from dlstudy.demos.catalog.rope_scaling import RopeScalingResult
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def _pairs(d: RopeScalingResult) -> list[int]:
    """A few pairs to show: the fastest, some in between, the first slow one and the slowest."""
    n = len(d.theta)
    picks = {0, 1, n // 4, n // 2, n - 1}
    first_slow = next((i for i, w in enumerate(d.wavelengths) if w > d.trained_length), None)
    if first_slow is not None:
        picks |= {first_slow, max(first_slow - 1, 0)}
    return sorted(i for i in picks if 0 <= i < n)


def _big(x: float) -> str:
    """Bases and lengths in full (40,890 rather than 4.089e+04)."""
    return f"{x:,.0f}" if 1e4 <= abs(x) < 1e15 else num(x)


def render(d: RopeScalingResult, console: Console) -> None:
    L, L2 = d.trained_length, d.target_length
    console.print(f"head dimension {d.dim} ({len(d.theta)} pairs), base {_big(d.base)}: θ_i = base^(−2i/d); trained "
                  f"on {L:,} positions, extended to {L2:,} (s = {num(d.scale)}).")
    console.print(f"relative positions: for random q and k, max |⟨R_m q, R_(m+Δ) k⟩ − ⟨q, R_Δ k⟩| over absolute "
                  f"positions m and offsets Δ up to {L2 - 1:,} = [bold]{num(d.relative_max_abs_diff)}[/] (rounding "
                  f"only); with sinusoidal encodings added to q and k the same check gives "
                  f"{num(d.absolute_max_abs_diff)}: their scores depend on m too.")

    t = table("rotation pairs (angles in radians per position)", "pair i", "θ_i", "wavelength",
              f"turns in {L:,}", "interpolated θ_i/s", "NTK θ_i", text=())
    for i in _pairs(d):
        turns = L * d.theta[i] / (2 * math.pi)
        mark = " (slow)" if d.wavelengths[i] > L else ""
        t.add(f"{i}{mark}", d.theta[i], d.wavelengths[i], turns, d.interpolated_theta[i], d.ntk_theta[i])
    fit_table(console, t)
    u = d.unseen_pairs
    console.print(f"{d.slow_pairs} of {len(d.theta)} pairs have a wavelength longer than {L:,}: they never complete a turn "
                  f"in training. At distance {L2 - 1:,}, the pairs that need an angle beyond L·θ_i: plain RoPE "
                  f"[bold]{u['rope']}[/], position interpolation {u['interpolated']}, NTK-aware scaling (base "
                  f"{_big(d.ntk_base)}) {u['ntk']}.")
    a = d.neighbour_angle
    console.print(f"angle between neighbouring positions in the fastest pair: RoPE {num(a['rope'])}, interpolation "
                  f"{num(a['interpolated'])} (neighbours crowd together), NTK {num(a['ntk'])}.")

    s = table("score of equal all-ones query and key by distance, ⟨R_m 1, R_(m+Δ) 1⟩/d", "distance Δ", "RoPE",
              "interpolated", "NTK-aware", text=())
    for row in d.scores_by_distance:
        dist = int(row["distance"])
        label = f"{dist:,}" + (" (beyond L)" if dist > L else "")
        s.add(label, row["rope"], row["interpolated"], row["ntk"])
    fit_table(console, s)
    console.print(escape(d.lesson))
