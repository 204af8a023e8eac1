"""`dlstudy demo [ID] [key=value ...]`: list the demos, or run one live."""


from typing import TYPE_CHECKING, List, Optional

import typer

from dlstudy.cli import completion

if TYPE_CHECKING:
    from dlstudy.session.context import AppContext

HELP = """List the live demos, or run one with your own parameters.

\b
Examples:
  dlstudy demo                                  # the list, by topic
  dlstudy demo softmax-overflow logits=1000,1001,1002 dtype=float32
  dlstudy demo xavier-variance depth=30 activation=tanh --seed 1
  dlstudy demo beam-search beam_size=2 --json
  dlstudy demo kl-asymmetry --help              # a demo's parameters, defaults and bounds
  dlstudy demo xavier-variance -i               # the lab: change depth=50, see what changed
"""
EPILOG = "Lists are comma-separated (logits=1,2,3). Same --seed, same result. --json is strict JSON."


def demo(
    ctx: typer.Context,
    demo_id: Optional[str] = typer.Argument(None, metavar="[ID]", help="The demo to run; omit to list them.",
                                            autocompletion=completion.demo_ids),
    params: Optional[List[str]] = typer.Argument(None, metavar="[KEY=VALUE]...", help="Parameters."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same result)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result object as JSON (see 'dlstudy docs json')."),
    show_help: bool = typer.Option(False, "--help", "-h", help="Show this message, or a demo's parameters."),
    lab: bool = typer.Option(False, "-i", "--lab", help="The demo lab: change parameters and re-run, with a "
                             "table of what changed (key=value, s new seed, r reset, ? parameters, q quit)."),
) -> None:
    from dlstudy.demos.registry import get_spec

    if demo_id is None:
        if show_help:
            typer.echo(ctx.get_help())
            return
        list_demos(ctx.obj, as_json)
        return
    spec = get_spec(demo_id)
    if spec is None:
        from dlstudy.demos.registry import demo_ids
        from dlstudy.session.context import unknown

        raise unknown("demo", demo_id, demo_ids(), listing="list the demos with 'dlstudy demo'")
    if show_help:
        from dlstudy.render.demo_help import render_demo_help

        render_demo_help(ctx.obj.console, spec)
        return
    from dlstudy.demos.params import parse_assignments

    values = parse_assignments(spec, list(params or []))
    if lab:
        from dlstudy.errors import UsageError
        from dlstudy.session.lab import Lab

        if as_json:
            raise UsageError("--lab is interactive; use --json without it")
        from dlstudy.render.progress import Status
        from dlstudy.session.demo import load_torch

        with Status() as status:
            load_torch(demo_id, status)
        code = Lab(ctx.obj.console, demo_id, values, seed, verbose=ctx.obj.verbose).run()
        if code:
            raise typer.Exit(code)
        return
    from dlstudy.session.demo import run_and_render

    run_and_render(ctx.obj, demo_id, values, seed=seed, as_json=as_json, parsed=True)


def list_demos(app: "AppContext", as_json: bool) -> None:
    from dlstudy.demos.registry import all_specs

    specs = all_specs()
    if as_json:
        import json

        typer.echo(json.dumps([
            {"id": s.id, "title": s.title, "description": s.description, "topic": s.topic, "cards": list(s.cards),
             "uses_torch": s.uses_torch,
             "params": [{"name": p.name, "type": p.type, "default": p.default, "bounds": p.bounds_text(),
                         "help": p.help} for p in s.params]}
            for s in specs], indent=2, ensure_ascii=False))
        return
    import sys

    from dlstudy.render.demo_list import demos_text

    sys.stdout.write(demos_text(specs, colour=app.colour(sys.stdout), width=app.width(sys.stdout)))
