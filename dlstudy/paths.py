"""Where dlstudy keeps things: the data home (DLSTUDY_HOME overrides platformdirs) and content folders."""

from __future__ import annotations

import os
from pathlib import Path

from dlstudy.errors import StateError

APP_NAME = "dlstudy"
HOME_ENV = "DLSTUDY_HOME"
CONTENT_ENV = "DLSTUDY_CONTENT"


def home_dir(create: bool = False) -> Path:
    """The data directory: $DLSTUDY_HOME, else the platform's user data dir. Created lazily."""
    env = os.environ.get(HOME_ENV)
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    if path.exists() and not path.is_dir():
        raise StateError(f"the data folder {path} is not a folder (it is a file)",
                         hint=f"move the file away, or set {HOME_ENV} to a folder")
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(
                f"cannot create the data directory {path}: {exc.strerror or exc}",
                hint=f"set {HOME_ENV} to a writable folder",
            ) from None
        if not os.access(path, os.W_OK):
            raise read_only_error(path / "dlstudy.db")
    return path


def read_only_error(db: Path) -> StateError:
    """What every command that writes says on a data folder it cannot write (a snapshot, a backup disk,
    a read-only mount): one line, and a hint; the commands that only read still work there."""
    return StateError(
        f"the data folder {db.parent} is read-only: this command writes to it",
        hint="commands that only read (stats, history, doctor, suspended, export history, optimize --dry-run) "
             f"work there; set {HOME_ENV} to a writable folder to study or change settings",
    )


def db_path() -> Path:
    return home_dir() / "dlstudy.db"


def cache_dir() -> Path:
    """Parsed-content cache: $DLSTUDY_CACHE_DIR, else <home>/cache."""
    env = os.environ.get("DLSTUDY_CACHE_DIR")
    return Path(env).expanduser() if env else home_dir() / "cache"


def backups_dir() -> Path:
    return home_dir() / "backups"


def _shipped(installed: str, checkout: str) -> Path:
    """A folder shipped with dlstudy: dlstudy/<installed> inside the wheel (pyproject's force-include),
    else <repository>/<checkout> in a source checkout."""
    here = Path(__file__).resolve().parent
    inside = here / installed
    return inside if inside.is_dir() else here.parent / checkout


def bundled_content_dir() -> Path:
    """The cards shipped with dlstudy: inside the wheel, or the repository's content/ in a checkout."""
    return _shipped("_content", "content")


def docs_dir() -> Path:
    """The docs shipped with dlstudy (`dlstudy docs`): inside the wheel, or the repository's docs/."""
    return _shipped("_docs", "docs")


def user_content_dirs(extra: list[str] | None = None) -> list[Path]:
    """User decks: $DLSTUDY_CONTENT (os.pathsep-separated) then each --content DIR."""
    dirs: list[Path] = []
    env = os.environ.get(CONTENT_ENV, "")
    for part in env.split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    for part in extra or []:
        dirs.append(Path(part).expanduser())
    return dirs
