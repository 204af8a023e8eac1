"""The demo lab (`dlstudy demo ID -i`): change parameters and re-run in the same process (torch stays
imported), with a table of the demo's headline figures, previous → now, after every change.

Commands, one a line (typed or piped): `key=value ...` change parameters · `s` a new seed · `r` reset
to the starting parameters · `?` the parameters with their bounds · `q` quit. Ctrl-D ends with exit 0,
Ctrl-C with 130.
"""

from __future__ import annotations

import random
import time
from typing import Any

from dlstudy.errors import DlstudyError, ExitCode
from dlstudy.text import escape

HELP_LINE = "[dim]lab: key=value … change · s new seed · r reset · ? parameters · q quit[/]"


def headline_values(spec, data: dict) -> list[tuple[str, Any]]:
    """(label, value) of each headline figure present in a result."""
    from dlstudy.demos.result import lookup

    out = []
    for label, path in spec.headline:
        try:
            out.append((label, lookup(data, path)))
        except KeyError:
            out.append((label, None))
    return out


def _shown(value) -> str:
    from dlstudy.text import fmt

    return "—" if value is None else fmt(value)


class Lab:
    def __init__(self, con, demo_id: str, params: dict, seed: int = 0, verbose: bool = False,
                 back_on_enter: bool = False):
        from dlstudy.demos.registry import spec_of

        self.con = con
        self.verbose = verbose
        self.back_on_enter = back_on_enter  # opened from a quiz or review: Enter goes back to it
        self.spec = spec_of(demo_id)  # the lab opens a demo the card or the command names
        self.start_params = dict(params)
        self.start_seed = seed
        self.params = dict(params)
        self.seed = seed
        self.previous: list[tuple[str, Any]] | None = None
        self.previous_params: dict | None = None

    def run_once(self) -> None:
        from dlstudy.demos.runner import run_demo
        from dlstudy.render.demo_run import render_run

        started = time.monotonic()
        run = run_demo(self.spec.id, self.params, seed=self.seed, parsed=True)
        render_run(self.con, run)
        now = headline_values(self.spec, run.to_dict())
        if self.previous is not None:
            self.compare(self.previous, now)
        if self.verbose:
            self.con.print(f"[dim]re-run in {time.monotonic() - started:.2f} s[/]")
        self.previous, self.previous_params = now, dict(self.params)

    def compare(self, before: list, now: list) -> None:
        from rich.table import Table

        table = Table(title="what changed", title_justify="left")
        table.add_column("figure")
        table.add_column("previous", justify="right")
        table.add_column("now", justify="right")
        for (label, old), (_label, new) in zip(before, now):
            changed = _shown(old) != _shown(new)
            style = "bold yellow" if changed else ""
            table.add_row(escape(label), _shown(old), f"[{style}]{_shown(new)}[/]" if style else _shown(new))
        previous = self.previous_params or {}  # compare() follows a first run, which set them
        changes = [f"{k}: {self._param_text(previous.get(k))} → {self._param_text(v)}"
                   for k, v in self.params.items() if previous.get(k) != v]
        if changes:
            table.caption = escape("; ".join(changes))
        self.con.print(table)

    @staticmethod
    def _param_text(v) -> str:
        if isinstance(v, (list, tuple)):
            return ",".join(str(x) for x in v)
        return str(v)

    def apply(self, line: str) -> bool:
        """One lab command; False to stop."""
        from dlstudy.demos.params import parse_params

        text = line.strip()
        if text in ("q", "quit", "exit") or (text == "" and self.back_on_enter):
            return False
        if text == "":
            self.con.print(HELP_LINE)
            return True
        if text in ("?", "h", "help"):
            from dlstudy.render.demo_help import render_demo_help

            render_demo_help(self.con, self.spec)
            return True
        if text == "s":
            self.seed = random.SystemRandom().randrange(1_000_000)
            self.con.print(f"[dim]seed {self.seed}[/]")
        elif text == "r":
            self.params, self.seed = dict(self.start_params), self.start_seed
            self.con.print("[dim]back to the starting parameters[/]")
        else:
            given: dict[str, str] = {}
            for word in text.split():
                if "=" not in word:
                    self.con.print(f"[yellow]expected key=value (or s, r, ?, q), got '{escape(word[:40])}'[/]")
                    return True
                key, _, value = word.partition("=")
                given[key.strip().replace("-", "_")] = value
            try:  # the current values with the changes, validated together (cross-parameter checks too)
                self.params = parse_params(self.spec, {**self.params, **given})
            except DlstudyError as exc:
                self.con.print(f"[yellow]{escape(exc.message)}[/] — nothing changed.")
                return True
        self.run_once()
        return True

    def run(self) -> int:
        from dlstudy.session.input import read_line

        self.run_once()
        self.con.print(HELP_LINE + (" [dim]· Enter back to the questions[/]" if self.back_on_enter else ""))
        try:
            while self.apply(read_line(self.con, "[bold cyan]lab> [/]")):
                pass
        except EOFError:
            return ExitCode.OK
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM or SIGHUP
            from dlstudy import signals

            try:
                self.con.print()
            except OSError:  # the terminal is gone
                pass
            return signals.exit_code(exc)
        return ExitCode.OK
