"""`dlstudy config [KEY [VALUE]]`: show or change review settings."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Show or set review settings.

Settings: desired_retention (0.7..0.99, default 0.9), new_per_day (default 10),
reviews_per_day (default 200), rollover_hour (local hour a study day starts, default 4),
fuzz (true|false), parameters (FSRS-6 weights, set by 'dlstudy optimize'),
probe (always|ask, default ask: probe open answers point by point always, or on p).

\b
Examples:
  dlstudy config
  dlstudy config new_per_day
  dlstudy config desired_retention 0.85
  dlstudy config new_per_day --reset
  dlstudy config probe always
"""
EPILOG = "Settings live in the progress database under DLSTUDY_HOME."


def config(
    ctx: typer.Context,
    key: Optional[str] = typer.Argument(None, help="Setting name.", autocompletion=completion.config_keys),
    value: Optional[str] = typer.Argument(None, help="New value."),
    reset: bool = typer.Option(False, "--reset", help="Back to the default."),
    as_json: bool = typer.Option(False, "--json", help="Print the settings as JSON."),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.srs.scheduler import CONFIG_HELP, DEFAULTS, validate_config

    if key is not None and key not in DEFAULTS:
        raise UsageError(f"no setting '{key}'", hint=f"settings: {', '.join(DEFAULTS)}")
    if value is not None or reset:
        if key is None:
            raise UsageError("name the setting to change, e.g. 'dlstudy config new_per_day 20'")
        new = DEFAULTS[key] if reset else validate_config(key, value)
        with ctx.obj.store() as store:
            store.set_config(key, new)
        typer.echo(f"{key} = {new or '(default)'}")
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
        shown = current[k] if current[k] != "" else "(default)"
        con.print(f"{k} = {escape(shown)}")
        con.print(f"    [dim]{escape(CONFIG_HELP[k])}[/]")
