"""Render the kl-asymmetry demo."""

from __future__ import annotations

import math

from rich.table import Table

from dlstudy.render.charts import fit_table, fmt
from dlstudy.render.charts import plot as _plot

MAX_ROWS = 12



def _v(x) -> str:
    if isinstance(x, float) and math.isinf(x):
        return "[bold red]inf[/]" if x > 0 else "[bold red]-inf[/]"
    return fmt(x)


def _dist(v) -> str:
    return "(" + ", ".join(f"{x:.3g}" for x in v) + ")"


def render(result, console, params) -> None:
    d = result.to_dict()
    n = len(d["p"])
    t = Table(title=f"p and q (normalized), {d['units']}")
    t.add_column("i", justify="right")
    t.add_column("p", justify="right")
    t.add_column("q", justify="right")
    t.add_column("p·log(p/q)", justify="right")
    t.add_column("q·log(q/p)", justify="right")
    for i in range(min(n, MAX_ROWS)):
        t.add_row(str(i), fmt(d["p"][i]), fmt(d["q"][i]), _v(d["terms_pq"][i]), _v(d["terms_qp"][i]))
    if n > MAX_ROWS:
        t.add_row("…", "", "", "", "")
    t.add_row("sum", "1", "1", _v(d["kl_pq"]), _v(d["kl_qp"]))
    fit_table(console, t)
    console.print(f"KL(p||q) = {_v(d['kl_pq'])} nats, KL(q||p) = {_v(d['kl_qp'])} nats: not symmetric.")
    console.print(f"H(p) = {_v(d['entropy_p'])}, H(p,q) = {_v(d['cross_entropy_pq'])} = H(p) + KL(p||q); "
                  f"H(q) = {_v(d['entropy_q'])}, H(q,p) = {_v(d['cross_entropy_qp'])}.")
    z = d["zero_support"]
    if z["q_zero_where_p_positive"]:
        console.print(f"[red]q is 0 where p is not (i = {z['q_zero_where_p_positive']}): p·log(p/0) = inf, so "
                      "KL(p||q) is infinite.[/] A model q that rules out something that happens is infinitely "
                      "surprised.")
    if z["p_zero_where_q_positive"]:
        console.print(f"[red]p is 0 where q is not (i = {z['p_zero_where_q_positive']}): KL(q||p) is infinite.[/]")

    tri = d["triangle"]
    console.print(
        f"\nNo triangle inequality: a = {_dist(tri['a'])}, b = {_dist(tri['b'])}, c = {_dist(tri['c'])} give "
        f"KL(a||c) = {fmt(tri['kl_ac'])} > KL(a||b) + KL(b||c) = {fmt(tri['kl_ab'])} + {fmt(tri['kl_bc'])} = "
        f"{fmt(tri['kl_ab_plus_kl_bc'])}.")
    mid = d["triangle_midpoint"]
    verdict = "also violates it" if mid["violated"] else "does not violate it"
    console.print(f"Your p, their midpoint m = (p+q)/2 and q: KL(p||q) = {_v(mid['kl_ac'])} vs KL(p||m) + KL(m||q) = "
                  f"{_v(mid['kl_ab_plus_kl_bc'])}: this triple {verdict}.")

    mix, fit = d["mixture"], d["fit"]
    f, r = fit["forward"], fit["reverse"]
    cf = fit["forward_closed_form"]
    t = Table(title=f"One Gaussian fitted to {mix['weights'][0]:.2g}·N({fmt(mix['means'][0])}, 1) + "
                    f"{mix['weights'][1]:.2g}·N({fmt(mix['means'][1])}, 1)")
    t.add_column("fit")
    t.add_column("mu", justify="right")
    t.add_column("sigma", justify="right")
    t.add_column("KL at the optimum", justify="right")
    t.add_row("forward KL(p||q): mass-covering", fmt(f["mu"]), fmt(f["sigma"]), fmt(f["kl"]))
    t.add_row("  mixture mean / std (closed form)", fmt(cf["mu"]), fmt(cf["sigma"]), "")
    t.add_row(f"reverse KL(q||p): mode-seeking ({fit['reverse_mode']})", fmt(r["mu"]), fmt(r["sigma"]), fmt(r["kl"]))
    fit_table(console, t)
    c = d["curves"]
    _plot(console, {"mixture p": c["mixture"], "forward fit": c["forward_fit"], "reverse fit": c["reverse_fit"]},
          x=c["x"], title="bimodal mixture and the two single-Gaussian fits", xlabel="x", ylabel="density",
          crop_x=0.01)
    console.print("Lesson: forward KL punishes q for missing any mass of p, so q spreads over both modes; reverse "
                  "KL punishes q for putting mass where p has none, so q hugs one mode. KL is a divergence, "
                  "not a distance: asymmetric and without a triangle inequality.")
