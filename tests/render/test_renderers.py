"""The renderer contract: every demo's renderer takes its typed result and the console, nothing else,
and reads the result's declared fields (no dict conversion, no parameters on the side)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from dlstudy.demos.registry import all_specs, module_for
from dlstudy.render.demo_run import renderer_for

IDS = [s.id for s in all_specs()]
RENDERERS = Path(__file__).resolve().parents[2] / "dlstudy" / "render" / "demos"


def _result_class(demo_id: str) -> type:
    from dlstudy.demos.result import DemoResult

    module = module_for(demo_id)
    found = [v for v in vars(module).values()
             if isinstance(v, type) and issubclass(v, DemoResult) and v is not DemoResult and v.__module__ == module.__name__]
    assert len(found) == 1, (demo_id, found)
    return found[0]


def _has_renderer(demo_id: str) -> bool:
    """A demo may come without a renderer (render_run then shows its headline figures)."""
    return (RENDERERS / (demo_id.replace("-", "_") + ".py")).is_file()


WITH_RENDERER = [i for i in IDS if _has_renderer(i)]


def test_the_bundled_demos_have_renderers():
    assert len(WITH_RENDERER) >= 39


@pytest.mark.parametrize("demo_id", WITH_RENDERER)
def test_the_renderer_takes_the_typed_result_and_the_console(demo_id):
    render = renderer_for(demo_id)
    assert render is not None, f"dlstudy/render/demos/{demo_id.replace('-', '_')}.py has no render function"
    params = list(inspect.signature(render).parameters.values())
    assert [p.name for p in params] == ["d", "console"], demo_id
    assert params[0].annotation == _result_class(demo_id).__name__ and params[1].annotation == "Console"


@pytest.mark.parametrize("demo_id", WITH_RENDERER)
def test_the_renderer_reads_declared_fields_only(demo_id):
    """`d.name` names a field of the result dataclass (mypy checks the same; this keeps it without mypy)."""
    import dataclasses

    fields = {f.name for f in dataclasses.fields(_result_class(demo_id))}
    source = (RENDERERS / (demo_id.replace("-", "_") + ".py")).read_text(encoding="utf-8")
    used = set(re.findall(r"(?<![\w.])d\.(\w+)", source))
    assert used <= fields, sorted(used - fields)
    assert "to_dict" not in source and "params" not in inspect.signature(renderer_for(demo_id)).parameters


def test_a_demo_without_a_renderer_shows_its_headline_figures_and_lesson(monkeypatch):
    import io

    from rich.console import Console

    from dlstudy.demos.runner import run_demo
    from dlstudy.render import demo_run

    monkeypatch.setattr(demo_run, "renderer_for", lambda demo_id: None)
    con = Console(file=io.StringIO(), width=60, color_system=None)
    demo_run.render_run(con, run_demo("perplexity", {"probs": "0.5,0.25,0.125,0.5"}, seed=0))
    text = con.file.getvalue()
    # 2^-7 is the product of the four probabilities: perplexity (2^-7)^(-1/4) = 2^(7/4) = 3.3636
    assert "perplexity" in text and "3.364" in text and "mean bits per token" in text and "1.75" in text
    assert "effective number of equally likely choices" in text
    assert max(len(line) for line in text.splitlines()) <= 60
