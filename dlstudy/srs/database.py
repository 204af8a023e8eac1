"""The connection to the progress database: WAL, one committed transaction per answer, schema version
with forward migrations (srs/schema.py), waiting for another process's lock with the answer journaled
first (srs/journal.py).

A command that only reads opens the store with `readonly=True`: on a data folder it cannot write
(a snapshot, a backup disk) the database is then opened read-only and everything that reads works;
a write says that the data folder is read-only.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from dlstudy.errors import StateError
from dlstudy.srs.schema import MIGRATIONS, READABLE_FROM, SCHEMA_VERSION
from dlstudy.srs.sqlite_errors import explain_sqlite_error, is_locked, read_only_error

D = TypeVar("D", bound="Database")
LOCK_WAIT_S = 30.0  # how long a command without a waiting notice waits for another writer
LOCK_POLL_MS = 1000  # each attempt to take the write lock waits this long (then the notice shows)


def _writable(path: Path) -> bool:
    """Whether the database (or, before it exists, its folder) and its folder can be written: False on a
    read-only file system, also for root."""
    folder = path.parent
    if not folder.exists():
        return True  # created on the first write (home_dir says so if it cannot be)
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


class Database:
    """A connection to the progress database: opening, migrating, transactions, waiting for the lock.

    The tables' concerns are mixins on it (review_store, attempt_store, flag_store, settings_store,
    summary_store); `dlstudy.srs.store.Store` is all of them. Use `with Store.open() as store:` or close()."""

    def __init__(self, conn: sqlite3.Connection | None, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._depth = 0
        self.writes = 0  # transactions this process committed (what was read before may be stale)
        # Called once when a write has to wait for another process's lock; with it set, the store keeps
        # waiting until the lock is free (the learner can press Ctrl-C). Without it, it gives up after
        # LOCK_WAIT_S with a clear error.
        self.wait_notice: Callable[[], None] | None = None
        self.lock_wait_s = LOCK_WAIT_S
        self.replayed = (0, 0)  # answers written from the recovery journal on open: (replayed, still pending)
        self.readonly = False  # opened read-only: a write raises read_only_error
        # the journal id of the answer being written, when it was journaled because the write had to wait
        self.journaled: str | None = None
        self.device = ""  # this database's device id (the local table; read when opened)

    # ----- opening and migrating -----
    @classmethod
    def open(cls: type[D], path: Path | None = None, create: bool = True, readonly: bool = False) -> D:
        """Open (and migrate) the database. With create=False a missing file gives an empty store.

        readonly=True (commands that only read): on a data folder that cannot be written the database is
        opened read-only (no migration, no journal replay); elsewhere as usual. readonly=False (commands
        that write): a read-only data folder is refused with one line."""
        from dlstudy.paths import db_path, home_dir

        path = Path(path) if path else db_path()
        if not path.exists():
            if not create or readonly:
                return cls(None, path)
            home_dir(create=True) if path.parent == db_path().parent else path.parent.mkdir(parents=True, exist_ok=True)
        if not _writable(path):
            if readonly:
                return cls._open_readonly(path)
            raise read_only_error(path)
        try:
            conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, path) from None
        conn.text_factory = _decode_text
        store = cls(conn, path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_S * 1000)}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise StateError(
                    f"the database {path} was written by a newer dlstudy (schema {version}, this one knows "
                    f"{SCHEMA_VERSION})", hint="upgrade dlstudy; the database was not changed")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                if version > 0:
                    from dlstudy.srs.backup import backup_now

                    backup_now(store, reason=f"before-migration-{version}-to-{SCHEMA_VERSION}")
                store._migrate(version)  # refuses a foreign database before anything is written to it
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA busy_timeout = {LOCK_POLL_MS}")
            store.device = store._read_device(create=True)
        except sqlite3.Error as exc:
            conn.close()
            raise explain_sqlite_error(exc, path) from None
        except StateError:
            conn.close()
            raise
        from dlstudy.srs import journal

        if path == db_path() and journal.exists():
            store.replayed = journal.replay(store)
        return store

    @classmethod
    def _open_readonly(cls: type[D], path: Path) -> D:
        """The database opened for reading only, on a folder that cannot be written. A write-ahead log
        needs its -shm file; when that cannot be made, the file is read as it is (immutable)."""
        uri = path.absolute().as_uri() + "?mode=ro"
        conn = None
        try:
            for suffix in ("", "&immutable=1"):
                try:
                    conn = sqlite3.connect(uri + suffix, uri=True, isolation_level=None)
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    break
                except sqlite3.Error as exc:
                    if conn is not None:
                        conn.close()
                        conn = None
                    if suffix or "unable to open" not in str(exc).lower():
                        raise
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, path) from None
        assert conn is not None
        conn.text_factory = _decode_text
        if version > SCHEMA_VERSION:
            conn.close()
            raise StateError(f"the database {path} was written by a newer dlstudy (schema {version}, this one "
                             f"knows {SCHEMA_VERSION})", hint="upgrade dlstudy; the database was not changed")
        if version < READABLE_FROM:
            conn.close()
            if version == 0:
                raise StateError(f"{path} is not a dlstudy database (or an empty one)",
                                 hint="set DLSTUDY_HOME to another folder; it was not changed")
            raise StateError(f"the database {path} was written by an older dlstudy and needs an upgrade first",
                             hint="the upgrade needs a writable data folder: run any command there once")
        store = cls(conn, path)
        store.readonly = True
        try:
            store.device = store._read_device(create=False)
        except sqlite3.Error as exc:
            conn.close()
            raise explain_sqlite_error(exc, path) from None
        from dlstudy.paths import db_path
        from dlstudy.srs import journal

        if path == db_path():
            store.replayed = (0, len(journal.pending()))
        return store

    def _migrate(self, version: int) -> None:
        """Apply forward migrations, each in its own write transaction. The version is read again under the
        write lock, so two processes opening a new database at once do not both create it."""
        for target in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current > target:
                    continue  # another process got there first
                if current == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise StateError(f"{self.path} is an SQLite database but not a dlstudy one",
                                     hint="move it away or set DLSTUDY_HOME to another folder; it was not changed")
                step = MIGRATIONS[target]
                if callable(step):  # a migration that computes (ids for the rows already there)
                    step(conn)
                else:
                    for statement in step.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target + 1}")

    def _read_device(self, create: bool) -> str:
        """This database's device id, made once (the migration to schema 4 makes it; create=True makes one
        if it went missing). The empty string on a read-only database without one."""
        assert self.conn is not None
        row = self.conn.execute("SELECT value FROM local WHERE key = 'device'").fetchone()
        if row is not None and isinstance(row[0], str) and row[0]:
            return str(row[0])
        if not create:
            return ""
        from dlstudy.srs.events import new_device_id

        with self.transaction() as conn:
            row = conn.execute("SELECT value FROM local WHERE key = 'device'").fetchone()
            if row is not None and row[0]:
                return str(row[0])
            device = new_device_id()
            conn.execute("INSERT OR REPLACE INTO local(key, value) VALUES ('device', ?)", (device,))
            return device

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self: D) -> D:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @property
    def empty(self) -> bool:
        return self.conn is None

    @contextmanager
    def transaction(self, journal_entry: dict[str, Any] | None = None) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: one durable unit of work (e.g. one answer).

        journal_entry: the answer this transaction writes, as a recovery-journal entry. If the write has
        to wait for another process's lock, the entry is journaled *before* the wait (its id in
        self.journaled) and removed once the transaction committed, so that a signal, a closed terminal
        or even SIGKILL while waiting loses nothing."""
        if self.readonly:
            raise read_only_error(self.path)
        if self.conn is None:
            raise StateError("internal: the database is not open for writing")
        if self._depth:  # nested: part of the enclosing transaction
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.journaled = None
        self._begin(journal_entry)
        self._depth = 1
        try:
            yield self.conn
        except BaseException as exc:
            self._depth = 0
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if isinstance(exc, sqlite3.Error):
                raise explain_sqlite_error(exc, self.path) from None
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise explain_sqlite_error(exc, self.path) from None
        self.writes += 1
        if self.journaled is not None:  # written now: no longer pending
            from dlstudy.srs import journal

            journal.remove(self.journaled)
            self.journaled = None

    def _begin(self, journal_entry: dict[str, Any] | None = None) -> None:
        """BEGIN IMMEDIATE, waiting while another process holds the write lock: up to LOCK_WAIT_S, or
        for as long as it takes when a wait_notice is set (an interactive session: the answer is kept,
        journaled before the wait). A signal may stop the wait (dlstudy.signals.allowed)."""
        import time

        from dlstudy import signals

        assert self.conn is not None
        started = time.monotonic()
        noticed = False
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                if not is_locked(exc):
                    raise explain_sqlite_error(exc, self.path) from None
                if journal_entry is not None and self.journaled is None:
                    from dlstudy.srs import journal

                    self.journaled = journal.add(journal_entry)  # kept before we wait
                with signals.allowed():  # waiting: Ctrl-C, SIGTERM and SIGHUP stop here at once
                    if self.wait_notice is None:
                        if time.monotonic() - started >= self.lock_wait_s:
                            raise explain_sqlite_error(exc, self.path) from None
                    elif not noticed:
                        noticed = True
                        self.wait_notice()

    def stop_waiting(self, seconds: float = 2.0) -> None:
        """After Ctrl-C: later writes (a session summary) wait only briefly for a lock, then give up."""
        self.wait_notice = None
        self.lock_wait_s = seconds

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.conn is None:
            return []
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, self.path) from None


def _decode_text(raw: bytes) -> str:
    """Text columns decoded leniently: a row with invalid UTF-8 (written by an older version or another
    tool) is read with U+FFFD in place of the bad bytes instead of failing every query that touches it."""
    return str(raw, "utf-8", "replace")
