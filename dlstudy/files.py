"""Reading and writing files safely.

Writing: every file dlstudy writes for the user goes through `write_target` (or `atomic_write`): it
refuses an existing target unless `force` is given, always refuses a target that is the progress
database, its -wal/-shm/-journal files or anything in the backups folder, writes a temporary file
in the target's folder and renames it into place, so a crash never leaves half a file. Only a
regular file is ever replaced (`replaceable`, checked with lstat on the target a symlink leads to,
once before the work and again just before the rename): a FIFO, a device node or a folder is
refused, even with --force. A new file gets 0666 & ~umask, a replaced one keeps its mode.

Reading: `read_regular` reads only regular files, checks the size with stat() before reading, and
never reads more than the limit (a FIFO, a device such as /dev/zero or a huge sparse file is
refused at once).
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from dlstudy.errors import UsageError


class FileRefused(UsageError):
    """A target that must not be written, or a file that must not be read."""


def _resolve(path: Path) -> Path:
    try:
        return path.expanduser().resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop
        return path.expanduser().absolute()


def protected_paths() -> tuple[list[Path], list[Path]]:
    """(files, folders) that no export or copy may ever replace: the database and the backups."""
    from dlstudy.paths import backups_dir, db_path

    db = _resolve(db_path())
    files = [db] + [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    return files, [_resolve(backups_dir())]


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def replaceable(real: Path, shown: str | Path) -> os.stat_result | None:
    """The one check every writer makes before it replaces a file: the stat of `real` (the target a
    symlink leads to, already resolved) when it is a regular file, None when nothing is there, and
    FileRefused for anything else (a FIFO, a device, a folder, a socket): those are never replaced."""
    try:
        st = os.lstat(real)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileRefused(f"cannot write {shown}: {exc.strerror or exc}") from None
    if stat.S_ISREG(st.st_mode):
        return st
    what = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
    raise FileRefused(f"refusing to replace {shown}: it is {what}, not a regular file",
                      hint="only a regular file can be replaced (even with --force); choose a file name")


def check_target(path: str | Path, force: bool) -> Path:
    """The resolved target, or FileRefused (exit 2) with the reason and what to do."""
    target = Path(path)
    real = _resolve(target)
    files, folders = protected_paths()
    if real in files or any(real == f or f in real.parents for f in folders):
        raise FileRefused(f"refusing to write {target}: it is dlstudy's own progress data",
                          hint="choose another file name (even --force never replaces the database or its backups)")
    if target.is_dir() or real.is_dir():
        raise FileRefused(f"{target} is a folder", hint="give a file name")
    if os.path.lexists(target) and not force:
        raise FileRefused(f"{target} exists already", hint="add --force to replace it, or choose another name")
    replaceable(real, target)
    if not real.parent.is_dir():
        raise FileRefused(f"cannot write {target}: the folder {real.parent} does not exist")
    return real


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path, fsync: bool = True, user_file: bool = False) -> Iterator[Path]:
    """A temporary path in target's folder; renamed onto target when the block ends without error.
    fsync=False skips flushing to disk before the rename (for caches, which may be lost in a crash).
    user_file=True (exports): the target is checked again just before the rename (only a regular file
    is replaced), and the file gets the replaced file's mode, or 0666 & ~umask when it is new
    (internal files keep mkstemp's 0600)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    os.close(fd)
    try:
        yield Path(tmp)
        if fsync:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        if user_file:
            old = replaceable(target, target)  # swapped for a FIFO or a device while we wrote: refused
            os.chmod(tmp, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_target(path: str | Path, write: Callable[[Path], object], force: bool = False) -> Path:
    """Check the target, let `write(tmp_path)` fill a temporary file, rename it into place."""
    target = check_target(path, force)
    try:
        with atomic_path(target, user_file=True) as tmp:
            write(tmp)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return target


def atomic_write_bytes(target: Path, data: bytes, fsync: bool = True) -> None:
    """Replace an internal file (cache, settings) atomically; no target checks."""
    with atomic_path(target, fsync=fsync) as tmp:
        tmp.write_bytes(data)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused otherwise (before reading)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"{path} is not a regular file")
    if st.st_size > limit:
        raise FileRefused(f"{path} is larger than {limit:,} bytes")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after stat() cannot block
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            raise FileRefused(f"{path} is not a regular file")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused(f"{path} is larger than {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)
