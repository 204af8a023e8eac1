"""`dlstudy config [KEY [VALUE]]`: show or change review settings."""


from typing import Optional

import typer

from dlstudy.cli import completion

HELP = """Show or set review settings ('dlstudy config' explains each).

Steps and the maximum interval are passed to fsrs's scheduler; their defaults are Anki's.
sync_dir is this device's own sync folder (not synced). Every other change is an event of your
history: synced to your other devices, undone by 'dlstudy undo'.

\b
Examples:
  dlstudy config
  dlstudy config new_per_day
  dlstudy config desired_retention 0.85
  dlstudy config learning_steps 1m,10m,1h
  dlstudy config new_order deck
  dlstudy config new_per_day --reset
  dlstudy config probe always
  dlstudy config sync_dir ~/Dropbox/dlstudy
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

    if key is not None and key not in DEFAULTS and key not in LOCAL:
        raise UsageError(f"no setting '{key}'", hint=f"settings: {', '.join(list(DEFAULTS) + list(LOCAL))}")
    if value is not None or reset:
        if key is None:
            raise UsageError("name the setting to change, e.g. 'dlstudy config new_per_day 20'")
        if key in LOCAL:  # this device's own (not synced, not an event)
            folder = None if reset else sync_folder(value or "")
            with ctx.obj.store() as store:
                store.set_local(key, folder)
            typer.echo(f"{key} = {folder or '(none)'}")
            return
        new = None if reset else validate_config(key, value or "")
        with ctx.obj.store() as store:
            store.set_config(key, new, now=ctx.obj.clock.now().timestamp())
        typer.echo(f"{key} = {shown(key, new if new is not None else DEFAULTS[key])}")
        return
    with ctx.obj.store(create=False, readonly=True) as store:
        current = {**DEFAULTS, **store.get_config()}
        current["sync_dir"] = (store.local("sync_dir") if not store.empty else None) or ""
    if as_json:
        import json

        typer.echo(json.dumps(current if key is None else {key: current[key]}, indent=2))
        return
    from dlstudy.text import escape

    con = ctx.obj.console
    for k in ([key] if key else list(DEFAULTS) + list(LOCAL)):
        con.print(f"{k} = {escape(shown(k, current[k]))}")
        con.print(f"    [dim]{escape(CONFIG_HELP.get(k) or LOCAL[k])}[/]")


def shown(key: str, value: str) -> str:
    """A setting's value as `config` prints it: an empty list of steps is none, empty parameters the defaults."""
    if value == "":
        return "(none)" if key.endswith("_steps") or key in LOCAL else "(default)"
    return value


# settings of this device alone: kept in the database's own table, never synced
LOCAL = {"sync_dir": "a folder your devices share: review and quiz sync through it at their start and end "
                     "(this device's own setting, not synced; see 'dlstudy sync')"}


def sync_folder(value: str) -> str:
    """The sync folder as an absolute path, checked (it must exist and be writable)."""
    from pathlib import Path

    from dlstudy.srs.sync import check_folder

    if not value.strip():
        from dlstudy.errors import UsageError

        raise UsageError("give a folder, or --reset to stop syncing")
    return str(check_folder(Path(value).expanduser().absolute()))
