"""Turn benchmarks/results.json into the tables of benchmarks/README.md (between the RESULTS markers)."""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fig(results, name):
    for f in results["figures"]:
        if f["name"] == name:
            return f
    raise KeyError(name)


def ms(x: float) -> str:
    return f"{x * 1000:.0f} ms"


def main() -> None:
    r = json.loads((HERE / "results.json").read_text())
    typer = fig(r, 'python -c "import typer"')["median"]
    torch = fig(r, 'python -c "import torch"')["median"]
    m = r["machine"]
    out = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, Python {m['python']}, {m['platform']}.",
           f"Baselines in the same run: `python -c pass` {ms(fig(r, 'python -c pass')['median'])}, "
           f"`python -c \"import typer\"` {ms(typer)}, `python -c \"import torch\"` {ms(torch)} (medians). "
           "Ratios are the median of per-run ratios to a typer baseline run right after each run.", ""]
    out += ["| figure | median | min | max | × typer (paired) | peak RSS | budget | met |",
            "|---|---|---|---|---|---|---|---|"]

    def ratio(f):
        return f.get("paired_ratio", f["median"] / typer)

    def row(name, f, budget_text, ok):
        out.append(f"| {name} | {ms(f['median'])} | {ms(f['min'])} | {ms(f['max'])} | {ratio(f):.2f}× | "
                   f"{f['rss_mib']:.0f} MiB | {budget_text} | {'yes' if ok else '**no**'} |")

    f = fig(r, "dlstudy --help")
    row("`dlstudy --help`", f, "≤ 1.25× typer", ratio(f) <= 1.25)
    for name in ("dlstudy cards", "dlstudy show xavier-init"):
        f = fig(r, name)
        row(f"`{name}`", f, "≤ 1.6× typer", ratio(f) <= 1.6)
    f = fig(r, "dlstudy (dashboard)")
    row("`dlstudy` (dashboard)", f, "—", True)
    growth_logs = [g for g in r["growth"] if "logs" in g]
    for g in growth_logs:
        if 90_000 <= g["logs"] <= 110_000:
            row(f"first review prompt, {g['logs']:,} logs", g["first_prompt"], "≤ 2× typer",
                ratio(g["first_prompt"]) <= 2)
        if g["logs"] >= 900_000:
            st = g["stats"]
            row(f"`dlstudy stats`, {g['logs']:,} logs", st, "≤ 1.5 s, RSS ≤ 150 MiB",
                st["median"] <= 1.5 and st["rss_mib"] <= 150)
    numpy_demos = [f for f in r["figures"] if f["name"].endswith("(numpy)")]
    torch_demos = [f for f in r["figures"] if f["name"].endswith("(torch)")]
    worst_np = max(numpy_demos, key=lambda f: f["median"])
    worst_t = max(torch_demos, key=lambda f: f["median"])
    row(f"slowest numpy-only demo ({worst_np['name'].split()[2]})", worst_np, "≤ 0.6 s", worst_np["median"] <= 0.6)
    row(f"slowest torch demo ({worst_t['name'].split()[2]})", worst_t, f"≤ import torch + 0.5 s = {ms(torch + 0.5)}",
        worst_t["median"] <= torch + 0.5)
    for g in r["growth"]:
        if g.get("cards") == 10000:
            row("10,000-card user deck: `dlstudy cards` cold", g["cold"], "≤ 4 s", g["cold"]["median"] <= 4)
            row("10,000-card user deck: `dlstudy cards` warm", g["warm"], "≤ 2× typer", ratio(g["warm"]) <= 2)
    out += ["", "All demos (whole process, `dlstudy demo ID` with default parameters):", "",
            "| demo | median | min | max | peak RSS |", "|---|---|---|---|---|"]
    for f in numpy_demos + torch_demos:
        out.append(f"| {f['name'][len('dlstudy demo '):]} | {ms(f['median'])} | {ms(f['min'])} | {ms(f['max'])} | "
                   f"{f['rss_mib']:.0f} MiB |")
    out += ["", "Growth (medians; cards: the user deck sits beside the bundled deck; logs: over the bundled "
            "deck's questions):", "", "| N | cards cold | cards warm | first review prompt | stats | stats RSS |",
            "|---|---|---|---|---|---|"]
    for g in r["growth"]:
        if "cards" in g:
            out.append(f"| {g['cards']:,} cards | {ms(g['cold']['median'])} | {ms(g['warm']['median'])} | | | |")
    for g in growth_logs:
        out.append(f"| {g['logs']:,} logs | | | {ms(g['first_prompt']['median'])} | {ms(g['stats']['median'])} | "
                   f"{g['stats']['rss_mib']:.0f} MiB |")
    readme = HERE / "README.md"
    text = readme.read_text()
    block = "<!-- RESULTS -->\n" + "\n".join(out) + "\n<!-- /RESULTS -->"
    text = re.sub(r"<!-- RESULTS -->.*<!-- /RESULTS -->", lambda _m: block, text, flags=re.S)
    readme.write_text(text)
    print("\n".join(out))


if __name__ == "__main__":
    main()
