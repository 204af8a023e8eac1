"""Render the kl-asymmetry demo."""

from __future__ import annotations

import math
from collections.abc import Iterable

from rich.console import Console

from dlstudy.demos.catalog.kl_asymmetry import KLAsymmetryResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table

MAX_ROWS = 12


def _v(x: float) -> str:
    if isinstance(x, float) and math.isinf(x):
        return "[bold red]inf[/]" if x > 0 else "[bold red]-inf[/]"
    return num(x)


def _dist(v: Iterable[float]) -> str:
    return "(" + ", ".join(f"{x:.3g}" for x in v) + ")"


def render(d: KLAsymmetryResult, console: Console) -> None:
    n = len(d.p)
    t = table(f"p and q (normalized), {d.units}", "i", "p", "q", "p·log(p/q)", "q·log(q/p)", text=())
    for i in range(min(n, MAX_ROWS)):
        t.add(i, d.p[i], d.q[i], _v(d.terms_pq[i]), _v(d.terms_qp[i]))
    if n > MAX_ROWS:
        t.add("…", "", "", "", "")
    t.add("sum", "1", "1", _v(d.kl_pq), _v(d.kl_qp))
    fit_table(console, t)
    console.print(f"KL(p||q) = {_v(d.kl_pq)} nats, KL(q||p) = {_v(d.kl_qp)} nats: not symmetric.")
    console.print(f"H(p) = {_v(d.entropy_p)}, H(p,q) = {_v(d.cross_entropy_pq)} = H(p) + KL(p||q); "
                  f"H(q) = {_v(d.entropy_q)}, H(q,p) = {_v(d.cross_entropy_qp)}.")
    z = d.zero_support
    if z["q_zero_where_p_positive"]:
        console.print(f"[red]q is 0 where p is not (i = {z['q_zero_where_p_positive']}): p·log(p/0) = inf, so "
                      "KL(p||q) is infinite.[/] A model q that rules out something that happens is infinitely "
                      "surprised.")
    if z["p_zero_where_q_positive"]:
        console.print(f"[red]p is 0 where q is not (i = {z['p_zero_where_q_positive']}): KL(q||p) is infinite.[/]")

    tri = d.triangle
    console.print(
        f"\nNo triangle inequality: a = {_dist(tri['a'])}, b = {_dist(tri['b'])}, c = {_dist(tri['c'])} give "
        f"KL(a||c) = {num(tri['kl_ac'])} > KL(a||b) + KL(b||c) = {num(tri['kl_ab'])} + {num(tri['kl_bc'])} = "
        f"{num(tri['kl_ab_plus_kl_bc'])}.")
    mid = d.triangle_midpoint
    verdict = "also violates it" if mid["violated"] else "does not violate it"
    console.print(f"Your p, their midpoint m = (p+q)/2 and q: KL(p||q) = {_v(mid['kl_ac'])} vs KL(p||m) + KL(m||q) = "
                  f"{_v(mid['kl_ab_plus_kl_bc'])}: this triple {verdict}.")

    mix, fit = d.mixture, d.fit
    f, r = fit["forward"], fit["reverse"]
    cf = fit["forward_closed_form"]
    t = table(f"One Gaussian fitted to {mix['weights'][0]:.2g}·N({num(mix['means'][0])}, 1) + "
              f"{mix['weights'][1]:.2g}·N({num(mix['means'][1])}, 1)", "fit", "mu", "sigma", "KL at the optimum")
    t.add("forward KL(p||q): mass-covering", f["mu"], f["sigma"], f["kl"])
    t.add("  mixture mean / std (closed form)", cf["mu"], cf["sigma"], "")
    t.add(f"reverse KL(q||p): mode-seeking ({fit['reverse_mode']})", r["mu"], r["sigma"], r["kl"])
    fit_table(console, t)
    c = d.curves
    _plot(console, {"mixture p": c["mixture"], "forward fit": c["forward_fit"], "reverse fit": c["reverse_fit"]},
          x=c["x"], title="bimodal mixture and the two single-Gaussian fits", xlabel="x", ylabel="density",
          crop_x=0.01)
    console.print("Lesson: forward KL punishes q for missing any mass of p, so q spreads over both modes; reverse "
                  "KL punishes q for putting mass where p has none, so q hugs one mode. KL is a divergence, "
                  "not a distance: asymmetric and without a triangle inequality.")
