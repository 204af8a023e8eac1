"""`dlstudy sync DIR`: merge this device's history with the other devices' through a shared folder."""


from typing import Optional

import typer

HELP = """Sync your history with your other devices through a folder they all see (Syncthing, Dropbox, a
USB stick, a git checkout). This device writes all its answers and actions to its own file in DIR
(dlstudy-<device>.jsonl, written atomically; never another device's file), reads the other devices'
files, adds what it lacks and replays the questions they touch. Nothing is ever lost, syncing twice
changes nothing, and the order in which devices sync does not matter.

With 'dlstudy config sync_dir DIR', review and quiz sync at their start and end by themselves.
A device file that cannot be used (truncated, corrupted, from a newer version, not a regular file,
too large) is reported in one line and skipped.

\b
Examples:
  dlstudy sync ~/Dropbox/dlstudy
  dlstudy sync                       # the folder of 'dlstudy config sync_dir'
  dlstudy sync --status
  dlstudy sync --status --json
"""
EPILOG = "Set-up for a synced folder and for git: README, 'Two devices'."


def sync(
    ctx: typer.Context,
    folder: Optional[str] = typer.Argument(None, metavar="[DIR]", help="The shared folder (default: config sync_dir)."),
    status: bool = typer.Option(False, "--status", help="Devices seen, when each last wrote, records sent and received."),
    as_json: bool = typer.Option(False, "--json", help="With --status: print it as JSON (see 'dlstudy docs json')."),
) -> None:
    from pathlib import Path

    from dlstudy.errors import ExitCode, UsageError
    from dlstudy.text import escape

    app = ctx.obj
    if as_json and not status:
        raise UsageError("--json goes with --status")
    if status:
        from dlstudy.srs.sync import status as sync_status

        with app.store(create=False, readonly=True) as store:
            data = sync_status(store) if not store.empty else {"device": None, "sync_dir": None, "last_dir": None,
                                                                "last_sync": None, "last_sent": None, "sent": 0,
                                                                "devices": []}
        if as_json:
            import json

            typer.echo(json.dumps(data, indent=2))
            return
        from dlstudy.render.sync import render_status

        render_status(app.console, data)
        return
    from dlstudy.srs.sync import sync as run

    with app.store() as store:
        where = folder if folder is not None else store.local("sync_dir")
        if where is None:
            raise UsageError("give the shared folder: dlstudy sync DIR",
                             hint="or set it once: dlstudy config sync_dir DIR (then review and quiz sync by themselves)")
        report = run(store, Path(where).expanduser(), app.clock.now().timestamp())
    for line in report.skipped:
        app.warn(line)
    app.console.print(f"synced with {escape(report.folder)}: {escape(report.summary())}"
                      + (f"; {report.devices} other device(s)" if report.devices else "; no other device yet"))
    if report.skipped:
        raise typer.Exit(ExitCode.PROBLEMS)
