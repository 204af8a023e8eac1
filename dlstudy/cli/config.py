"""`dlstudy config [KEY [VALUE]]`: show or change review settings."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Show or set review settings ('dlstudy config' explains each).

Steps and the maximum interval are passed to fsrs's scheduler; their defaults are Anki's.

\b
Examples:
  dlstudy config
  dlstudy config new_per_day
  dlstudy config desired_retention 0.85
  dlstudy config learning_steps 1m,10m,1h
  dlstudy config new_order deck
  dlstudy config new_per_day --reset
  dlstudy config probe always
"""


def epilog() -> str:
    """The settings and their defaults (made when the help is shown: it reads the settings module)."""
    from dlstudy.srs.settings import DEFAULTS

    listed = ", ".join(f"{k} ({v or 'FSRS defaults'})" for k, v in DEFAULTS.items())
    return f"Settings (default): {listed}. Settings live in the progress database under DLSTUDY_HOME."


def config(
    ctx: typer.Context,
    key: Optional[str] = typer.Argument(None, help="Setting name.", autocompletion=completion.config_keys),
    value: Optional[str] = typer.Argument(None, help="New value."),
    reset: bool = typer.Option(False, "--reset", help="Back to the default."),
    as_json: bool = typer.Option(False, "--json", help="Print the settings as JSON."),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.srs.settings import CONFIG_HELP, DEFAULTS, validate_config

    if key is not None and key not in DEFAULTS:
        raise UsageError(f"no setting '{key}'", hint=f"settings: {', '.join(DEFAULTS)}")
    if value is not None or reset:
        if key is None:
            raise UsageError("name the setting to change, e.g. 'dlstudy config new_per_day 20'")
        new = DEFAULTS[key] if reset or value is None else validate_config(key, value)
        with ctx.obj.store() as store:
            store.set_config(key, new)
        typer.echo(f"{key} = {shown(key, new)}")
        return
    with ctx.obj.store(create=False, readonly=True) as store:
        current = {**DEFAULTS, **store.get_config()}
    if as_json:
        import json

        typer.echo(json.dumps(current if key is None else {key: current[key]}, indent=2))
        return
    from dlstudy.text import escape

    con = ctx.obj.console
    for k in ([key] if key else list(DEFAULTS)):
        con.print(f"{k} = {escape(shown(k, current[k]))}")
        con.print(f"    [dim]{escape(CONFIG_HELP[k])}[/]")


def shown(key: str, value: str) -> str:
    """A setting's value as `config` prints it: an empty list of steps is none, empty parameters the defaults."""
    if value == "":
        return "(none)" if key.endswith("_steps") else "(default)"
    return value
