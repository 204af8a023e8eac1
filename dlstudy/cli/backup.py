"""`dlstudy backup` and `dlstudy restore`: copies of the progress database."""


from typing import Optional

import typer

from dlstudy.text import clean

BACKUP_HELP = """Back up the progress database now (SQLite online backup), or list backups.

A daily backup is also made automatically before the first answer of the day (the last 7 are kept).

\b
Examples:
  dlstudy backup
  dlstudy backup --list
"""
RESTORE_HELP = """Restore the progress database from a backup (the newest if FILE is omitted).

What it replaces is kept as another backup, so a restore can itself be undone.

\b
Examples:
  dlstudy restore
  dlstudy restore ~/.local/share/dlstudy/backups/dlstudy-20261122-101500-daily.db
"""


def backup(ctx: typer.Context, list_only: bool = typer.Option(False, "--list", help="List the backups.")) -> None:
    from dlstudy.paths import db_path
    from dlstudy.srs.backup import backup_now, list_backups

    if list_only:
        items = list_backups()
        if not items:
            typer.echo("No backups yet.")
        for p in items:
            try:
                size = f"{p.stat().st_size // 1024} KiB"
            except OSError:
                size = "unreadable"
            typer.echo(f"{clean(p)}  ({size})")
        return
    if not db_path().exists():
        typer.echo(f"Nothing to back up yet: no database at {clean(db_path())}.")
        return
    with ctx.obj.store() as store:
        path = backup_now(store)
    typer.echo(f"backed up to {clean(path)}")


def restore(ctx: typer.Context, file: Optional[str] = typer.Argument(None, help="Backup file; default: the newest backup.")) -> None:
    from pathlib import Path

    from dlstudy.errors import UsageError
    from dlstudy.paths import db_path, home_dir
    from dlstudy.srs.backup import list_backups
    from dlstudy.srs.backup import restore as do_restore

    if file is None:
        from dlstudy.errors import StateError
        from dlstudy.srs.backup import check_backup

        items = list_backups()
        if not items:
            raise UsageError("no backups to restore", hint="make one with 'dlstudy backup'")
        source = None
        for candidate in reversed(items):  # the newest backup that is complete and readable
            try:
                check_backup(candidate)
            except StateError as exc:
                ctx.obj.warn(f"skipping {candidate.name}: {exc.message}")
                continue
            source = candidate
            break
        if source is None:
            raise StateError("no usable backup", hint="every backup failed its check (see the warnings)")
    else:
        source = Path(file).expanduser()
        if not source.is_file():
            raise UsageError(f"no such backup file: {source}", hint="list them with 'dlstudy backup --list'")
        if source.resolve() == db_path().resolve():
            raise UsageError(f"{source} is the live database itself", hint="pick a file from 'dlstudy backup --list'")
    from dlstudy import signals

    home_dir(create=True)
    with signals.held():  # a signal waits until the restore is done and said: what is confirmed happened
        kept = do_restore(source, db_path())
        typer.echo(f"restored {clean(source)}" + (f"; the replaced database is kept as {clean(kept)}" if kept else ""))
