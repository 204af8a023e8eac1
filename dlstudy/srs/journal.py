"""The recovery journal: answers that are not in the database yet.

An answer is appended here (one JSON line with an id, fsync'ed) as soon as writing it has to wait
for another process's lock, *before* the wait, and removed again once its transaction committed;
it is also appended when the write fails or is interrupted. So an answer shown as "kept" survives
Ctrl-C, SIGTERM, SIGHUP and even SIGKILL while it waits.

The next time the database is opened the journal is replayed. Replay first *claims* the journal: under
a short lock (`pending-answers.lock`, flock) it renames the file to a private name, so answers
appended meanwhile by other processes go to a fresh journal and are never deleted with the replayed
ones. It then writes each entry in its own transaction, a review through the function a live answer
goes through (srs.answer.record_answer; an entry already in the database, by its uid, is
skipped inside that transaction by the database's unique key), and appends the entries it could not
write back to the journal. A claim left behind by a replay that was
killed is picked up by the next one. `add`, `remove` and the claim all hold the lock, briefly.
"""

from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

MAX_JOURNAL_BYTES = 10_000_000
CLAIM_SUFFIX = ".replaying"


def journal_path() -> Path:
    from dlstudy.paths import home_dir

    return home_dir() / "pending-answers.jsonl"


def _claims(path: Path) -> list[Path]:
    """Journals claimed by a replay: pending-answers.jsonl.<pid>-<random>.replaying."""
    try:
        return sorted(path.parent.glob(path.name + ".*" + CLAIM_SUFFIX))
    except OSError:
        return []


def _claim_pid(claim: Path) -> int | None:
    middle = claim.name[len(journal_path().name) + 1: -len(CLAIM_SUFFIX)]
    head = middle.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive flock on the journal's lock file, held for a few file operations only."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.stem + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _append(path: Path, entries: list[dict[str, Any]]) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def add(entry: dict[str, Any]) -> str | None:
    """Append one pending write; its id, or None if even that is impossible (the answer is lost)."""
    path = journal_path()
    entry = {**entry, "id": entry.get("id") or uuid.uuid4().hex}
    try:
        with _locked(path):
            _append(path, [entry])
        return str(entry["id"])
    except (OSError, TypeError, ValueError):
        return None


def remove(entry_id: str) -> None:
    """Drop one entry (its answer is committed now). An entry a replay claimed meanwhile stays in the
    claim: the replay finds it in the database and skips it."""
    path = journal_path()
    try:
        with _locked(path):
            entries = _read(path)
            kept = [e for e in entries if e.get("id") != entry_id]
            if len(kept) == len(entries):
                return
            if kept:
                tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept), encoding="utf-8")
                os.replace(tmp, path)
            else:
                path.unlink()
    except OSError:
        pass  # left in the journal: the next replay skips it (already in the database)


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        if not path.is_file() or path.stat().st_size > MAX_JOURNAL_BYTES:
            return []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            out.append(entry)
    return out


def pending() -> list[dict[str, Any]]:
    """The entries waiting in the journal, and in claims no running replay holds."""
    path = journal_path()
    out = _read(path)
    for claim in _claims(path):
        if not _alive(_claim_pid(claim)):
            out += _read(claim)
    return out


def exists() -> bool:
    path = journal_path()
    return path.exists() or any(not _alive(_claim_pid(c)) for c in _claims(path))


def _claim() -> list[Path]:
    """Rename the journal (and claims of replays that died) to private names of this process."""
    path = journal_path()
    mine = []
    with _locked(path):
        sources = ([path] if path.exists() else []) + [c for c in _claims(path) if not _alive(_claim_pid(c))]
        for source in sources:
            target = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}{CLAIM_SUFFIX}")
            try:
                os.replace(source, target)
            except OSError:
                continue
            mine.append(target)
    return mine


def _replay_one(store: Any, entry: dict[str, Any]) -> None:
    """Write one entry, unless the database has it already (checked inside the write transaction: two
    replays cannot both insert it). A review goes through the live path's function (srs.answer)."""
    kind = entry.get("type")
    if kind == "review":
        from dlstudy.srs.answer import record_answer
        from dlstudy.srs.records import Answer
        from dlstudy.srs.scheduler import make_scheduler
        from dlstudy.srs.settings import Settings

        settings = Settings.from_config(store.get_config())
        record_answer(store, make_scheduler(settings), Answer.from_entry(entry), journal=False, fuzz=settings.fuzz)
    elif kind == "attempt":
        from dlstudy.srs.records import Attempt

        fields = dict(entry["attempt"])
        if not fields.get("uid"):  # journaled before answers had ids: the id its migration would give
            from dlstudy.srs.events import legacy_uid

            fields["uid"] = legacy_uid("attempt", fields["card_id"], fields["question_id"], fields["answered_at"])
        attempt = Attempt(**fields)
        with store.transaction():
            if store.has_attempt(attempt.uid):
                return
            store.add_attempt(attempt)
    else:
        raise ValueError(f"unknown journal entry {kind!r}")


def replay(store: Any) -> tuple[int, int]:
    """Write the journal's answers to the database. Returns (replayed, left in the journal)."""
    try:
        claims = _claim()
    except OSError:
        return 0, len(pending())
    if not claims:
        return 0, 0
    left: list[dict[str, Any]] = []
    done = 0
    for claim in claims:
        for entry in _read(claim):
            try:
                _replay_one(store, entry)
                done += 1
            except Exception:  # noqa: BLE001 - kept for a later try (or for 'dlstudy doctor' to report)
                left.append(entry)
    path = journal_path()
    try:
        if left:
            with _locked(path):
                _append(path, left)
        for claim in claims:
            claim.unlink()
    except OSError:
        pass  # the claims stay; the next replay takes them again (replayed entries are skipped)
    return done, len(left)
