"""One demo run for a command (`dlstudy demo ID`, `dlstudy show ID --run`): a status line on a
terminal while torch loads and the demo runs, then its result as JSON or on screen."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlstudy.demos.runner import DemoRun
    from dlstudy.render.progress import Status
    from dlstudy.session.context import AppContext


def run_and_render(app: AppContext, demo_id: str, params: dict[str, Any], seed: int = 0, as_json: bool = False,
                   parsed: bool = False) -> DemoRun:
    """Run a demo and print it (its renderer, or with as_json the result object and `run`). Returns the run."""
    from dlstudy.demos.runner import run_demo
    from dlstudy.render.progress import Status

    with Status(enabled=not as_json) as status:
        load_torch(demo_id, status)
        if status.shown:
            status.update(f"running {demo_id}…")
        run = run_demo(demo_id, params, seed=seed, parsed=parsed)
    if as_json:
        from dlstudy.demos.result import to_json

        data = run.to_dict()
        data.setdefault("run", {"demo": demo_id, "seed": seed, "params": run.params})
        sys.stdout.write(to_json(data) + "\n")
        return run
    from dlstudy.render.demo_run import render_run

    render_run(app.console, run)
    return run


def load_torch(demo_id: str, status: Status) -> None:
    """For a demo that uses torch, import torch first, with "loading torch…" as the status."""
    from dlstudy.demos.runner import import_torch, needs_torch_import

    if needs_torch_import(demo_id):
        status.update("loading torch…")
        import_torch()
