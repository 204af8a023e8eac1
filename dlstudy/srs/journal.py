"""The recovery journal: answers that could not be written to the database yet.

When the database stays locked by another process and the learner presses Ctrl-C while dlstudy
waits (or something fails between grading and saving), the answer is appended here as one JSON
line, fsync'ed, instead of being dropped. The next time the database is opened the journal is
replayed, each entry in its own transaction; entries already in the database (same question and
time) are skipped, entries that cannot be replayed stay in the journal and are reported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

MAX_JOURNAL_BYTES = 10_000_000


def journal_path() -> Path:
    from dlstudy.paths import home_dir

    return home_dir() / "pending-answers.jsonl"


def add(entry: dict) -> bool:
    """Append one pending write; False if even that is impossible (the caller says the answer is lost)."""
    path = journal_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return True
    except (OSError, TypeError, ValueError):
        return False


def pending() -> list[dict]:
    path = journal_path()
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


def _replay_one(store, entry: dict) -> None:
    kind = entry.get("type")
    if kind == "review":
        card_id, qid, at = entry["card"], entry["question"], float(entry["at"])
        if store.has_review(card_id, qid, at):
            return
        from dlstudy.srs.scheduler import Settings, from_ts, make_scheduler, review

        scheduler = make_scheduler(Settings.from_config(store.get_config()))
        with store.transaction():
            before = store.state(card_id, qid)
            after = review(scheduler, before.fsrs if before else None, card_id, qid, int(entry["rating"]),
                           from_ts(at), entry.get("duration_ms"))
            store.record_review(card_id, qid, at, int(entry["rating"]), int(entry.get("duration_ms") or 0),
                                dict(entry.get("details") or {}), before, after, entry.get("session_id"),
                                suggested=entry.get("suggested"), overridden=bool(entry.get("overridden")))
    elif kind == "attempt":
        from dlstudy.srs.store import Attempt

        attempt = Attempt(**entry["attempt"])
        if store.has_attempt(attempt.card_id, attempt.question_id, attempt.answered_at):
            return
        store.add_attempt(attempt)
    else:
        raise ValueError(f"unknown journal entry {kind!r}")


def replay(store) -> tuple[int, int]:
    """Write the journal's answers to the database. Returns (replayed, left in the journal)."""
    entries = pending()
    if not entries:
        return 0, 0
    left = []
    done = 0
    for entry in entries:
        try:
            _replay_one(store, entry)
            done += 1
        except Exception:  # noqa: BLE001 - kept for a later try (or for 'dlstudy doctor' to report)
            left.append(entry)
    path = journal_path()
    try:
        if left:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in left), encoding="utf-8")
            os.replace(tmp, path)
        else:
            path.unlink()
    except OSError:
        pass
    return done, len(left)
