"""A demo run on screen: a header line (title, parameters, seed), then the demo's own renderer,
`render(d, console)` in dlstudy/render/demos/<module>.py (the module named like the demo, with '-'
written '_'), which reads the typed result the demo returned. A demo without a renderer is shown by
`render_headline`: its headline figures and its lesson."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dlstudy.text import escape

if TYPE_CHECKING:
    from rich.console import Console

    from dlstudy.demos.runner import DemoRun

#: A demo's renderer: render(result, console), the result being the demo's own result dataclass.
Renderer = Callable[[Any, "Console"], None]


def render_run(con: Console, run: DemoRun) -> None:
    from dlstudy.demos.registry import get_spec

    spec = get_spec(run.demo_id)
    title = spec.title if spec is not None else run.demo_id
    shown = ", ".join(f"{k}={_short(v)}" for k, v in run.params.items())
    con.print(f"[bold]{escape(title)}[/]  [dim]{escape(shown)} · seed {run.seed}[/]")
    render = renderer_for(run.demo_id)
    if render is None:
        render_headline(con, run)
    else:
        render(run.result, con)


def render_headline(con: Console, run: DemoRun) -> None:
    """The demo's headline figures (the table of `dlstudy demo ID --help`'s --json paths, with their
    values), or, without any, its top-level numbers and words; then its `lesson`, if it has one."""
    from dlstudy.demos.registry import get_spec
    from dlstudy.demos.result import lookup
    from dlstudy.render.demos import table
    from dlstudy.render.fit_table import fit_table

    spec = get_spec(run.demo_id)
    data = run.to_dict()
    if spec is not None and spec.headline:
        rows = [(label, lookup(data, path)) for label, path in spec.headline]
    else:
        rows = [(k, v) for k, v in data.items() if k != "lesson" and isinstance(v, (int, float, str))]
    t = table(None, "figure", "value")
    for label, value in rows:
        t.add(escape(label), escape(value) if isinstance(value, str) else value)
    fit_table(con, t)
    if isinstance(data.get("lesson"), str):
        con.print(escape(data["lesson"]))


def _short(v: object) -> str:
    if isinstance(v, list):
        text = ",".join(str(x) for x in v)
        return text if len(text) <= 40 else text[:37] + "..."
    return str(v)


def renderer_for(demo_id: str) -> Renderer | None:
    """The render(result, console) function from dlstudy/render/demos/<module>.py, if there is one."""
    short = demo_id.replace("-", "_")
    try:
        module = importlib.import_module(f"dlstudy.render.demos.{short}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(short):
            return None
        raise
    render: Renderer | None = getattr(module, "render", None)
    return render
