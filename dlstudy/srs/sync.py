"""Two devices, one history: sync through any folder both devices see (Syncthing, Dropbox, a USB stick,
a git checkout).

Each device writes all its own records (answers, quiz answers, events; and the rows from before
schema 4) to its own file, `DIR/dlstudy-<device>.jsonl`, and never writes another device's file. It
reads the others' files and adds the records it lacks, then replays the questions they touch (every
question, when a rename or a scheduling setting arrives): srs/replay.py. The merge is a union: nothing is
lost, syncing twice changes nothing, the order in which devices sync does not matter, answers to one
question on two devices are both kept and replayed in time order, an undo takes back only its own
device's records, settings and flags are latest-wins.

A device file: a header line, one JSON object per record, a footer with the record count and the
SHA-256 of every byte before it. It is read in full and checked (size, line length, record count,
checksum, every record's fields and bounds) before anything is applied; a file that fails (truncated,
corrupted, from a newer version, claiming this device's id, not a regular file, too large, or with
records dated more than a day after this device's clock, which would push this device's own actions
after them) is reported in one line and skipped, and nothing of it reaches the database.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from dlstudy.errors import StateError, UsageError
from dlstudy.srs.clock import in_range
from dlstudy.srs.events import (
    DEVICE_RE,
    FLAG_NAME_RE,
    KINDS,
    LEGACY_DEVICE,
    MAX_ID,
    QUESTION_KINDS,
    UID_RE,
    Event,
    Renames,
)

FORMAT = 1  # the device file's format; a newer one is skipped with a line
MAX_FILE_BYTES = 256 * 2**20  # a device file
MAX_RECORDS = 1_000_000  # records in one device file
MAX_LINE = 64 * 1024  # bytes of one line (a record with its answer text and details)
MAX_FILES = 100  # device files read from one folder
FILE_RE = re.compile(r"dlstudy-([0-9a-f]{16})\.jsonl")
MAX_TEXT = 20_000  # characters of an answer or a setting's value
MAX_TARGETS = 10_000  # records one undo names
MAX_AHEAD = 86_400.0  # seconds a received record may be dated after this device's clock


def file_name(device: str) -> str:
    return f"dlstudy-{device}.jsonl"


class Skipped(Exception):
    """A device file that is not read (why, in one line)."""


@dataclass
class Report:
    """What one sync did.

    Attributes:
        received: records added from other devices; updated: answers changed since (a higher revision);
        sent: records in this device's file (0 when it did not need writing); devices: other devices' files
        read or unchanged; skipped: one line per file skipped; replayed: questions replayed (-1: all).
    """

    folder: str
    received: int = 0
    updated: int = 0
    sent: int = 0
    wrote: bool = False
    devices: int = 0
    skipped: list[str] = field(default_factory=list)
    replayed: int = 0

    def summary(self) -> str:
        what = f"{self.received} record(s) received, " + (f"{self.sent} sent" if self.wrote else "nothing new to send")
        if self.updated:
            what += f", {self.updated} updated"
        return what


# ----------------------------------------------------------------------------------------- checking records

def _text(value: Any, limit: int = MAX_ID, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or (not value and not empty):
        raise ValueError("a text field is missing or too long")
    return value


ID_RE = re.compile(r"[^\s/\x00-\x1f\x7f]{1,%d}" % MAX_ID)  # a card or question id: no space, slash or control


def _id(value: Any) -> str:
    if not isinstance(value, str) or not ID_RE.fullmatch(value):
        raise ValueError(f"{str(value)[:40]!r} is not a card or question id")
    return value


def _time(value: Any) -> float:
    if type(value) is not float and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError("a time is missing or out of range")
    if not in_range(value):  # False for nan and infinities too
        raise ValueError("a time is missing or out of range")
    return float(value)


def _int(value: Any, lo: int, hi: int, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{value!r} is not a whole number in {lo}..{hi}")
    return value


def _uid(value: Any) -> str:
    if not isinstance(value, str) or not UID_RE.fullmatch(value):
        raise ValueError("a record id is missing or malformed")
    return value


def _event_data(kind: str, data: Any, question: str | None) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError("an event's data is not an object")
    if "group" in data:
        _uid(data["group"])
    if kind == "bury":
        _time(data.get("until"))
    elif kind == "reschedule":
        _time(data.get("due"))
    elif kind == "flag":
        if not isinstance(data.get("name"), str) or not FLAG_NAME_RE.fullmatch(data["name"]):
            raise ValueError("a flag's name is malformed")
        if data.get("note") is not None:
            _text(data["note"], 500, empty=True)
    elif kind == "rename":
        _id(data.get("to_card"))
        if question is not None:
            _id(data.get("to_question"))
    elif kind == "config":
        _text(data.get("key"), 64)
        if data.get("value") is not None:
            _text(data["value"], MAX_TEXT, empty=True)
    elif kind == "undo":
        targets = data.get("targets")
        if not isinstance(targets, list) or not targets or len(targets) > MAX_TARGETS:
            raise ValueError("an undo names no records, or too many")
        for target in targets:
            _uid(target)
    return data


def check_record(raw: Any, device: str) -> dict[str, Any]:
    """A record of a device file, checked field by field (ValueError says what is wrong)."""
    if not isinstance(raw, dict):
        raise ValueError("a line is not a JSON object")
    kind = raw.get("t")
    rec = {"t": kind, "uid": _uid(raw.get("uid")), "device": raw.get("device"), "at": _time(raw.get("at"))}
    if rec["device"] not in (device, LEGACY_DEVICE):
        raise ValueError("a record of another device")
    if kind == "event":
        event_kind = raw.get("kind")
        if event_kind not in KINDS:
            raise ValueError(f"unknown event kind {str(event_kind)[:20]!r}")
        card = None if raw.get("card") is None else _id(raw.get("card"))
        question = None if raw.get("question") is None else _id(raw.get("question"))
        if event_kind in QUESTION_KINDS and (card is None or question is None):
            raise ValueError(f"a {event_kind} event without its question")
        if event_kind == "rename" and card is None:
            raise ValueError("a rename without its id")
        rec.update(kind=event_kind, card=card, question=question,
                   data=_event_data(event_kind, raw.get("data"), question))
        return rec
    if kind not in ("review", "attempt"):
        raise ValueError(f"unknown record type {str(kind)[:20]!r}")
    details = raw.get("details")
    if details is not None and not isinstance(details, dict):
        raise ValueError("details is not an object")
    rec.update(card=_id(raw.get("card")), question=_id(raw.get("question")),
               rating=_int(raw.get("rating"), 1, 4, optional=kind == "attempt"),
               duration_ms=_int(raw.get("duration_ms"), 0, 10**9, optional=True),
               details=details or {}, suggested=_int(raw.get("suggested"), 1, 4, optional=True),
               overridden=bool(raw.get("overridden")), rev=_int(raw.get("rev", 0), 0, 10**9),
               session=_int(raw.get("session"), 0, 2**62, optional=True),
               mode=_text(raw.get("mode") or "review", 20))
    if kind == "attempt":
        score = raw.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                                  or not math.isfinite(score)):
            raise ValueError("a score is not a number")
        correct = raw.get("correct")
        if correct is not None and not isinstance(correct, bool):
            raise ValueError("correct is not true, false or null")
        answer = raw.get("answer")
        rec.update(kind=_text(raw.get("kind"), 20), answer=None if answer is None else _text(answer, MAX_TEXT, True),
                   correct=correct, score=score)
    return rec


def read_device_file(path: Path, me: str) -> tuple[str, float, list[dict[str, Any]], str]:
    """(device, written, records, sha256 of the whole file) of a device file, checked in full; Skipped with
    the reason otherwise. Nothing is applied here."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise Skipped(f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise Skipped("is not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise Skipped(f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise Skipped(f"cannot be read ({exc.strerror or exc})") from None
    digest = hashlib.sha256()
    whole = hashlib.sha256()
    records: list[dict[str, Any]] = []
    device = ""
    written = 0.0
    footer: dict[str, Any] | None = None
    total = 0
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise Skipped("is not a regular file")
        number = 0
        while True:
            line = fh.readline(MAX_LINE + 1)
            if not line:
                break
            number += 1
            total += len(line)
            whole.update(line)
            if total > MAX_FILE_BYTES:
                raise Skipped(f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
            if len(line) > MAX_LINE:
                raise Skipped(f"line {number} is longer than {MAX_LINE:,} bytes")
            if footer is not None:
                raise Skipped(f"has data after its end (line {number}): corrupted")
            if not line.endswith(b"\n"):
                raise Skipped(f"ends in the middle of line {number}: truncated")
            try:
                obj = json.loads(line)
            except ValueError:
                raise Skipped(f"line {number} is not JSON: corrupted") from None
            if number == 1:
                if not isinstance(obj, dict) or "dlstudy_sync" not in obj:
                    raise Skipped("is not a dlstudy sync file (no header)")
                version = obj.get("dlstudy_sync")
                if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
                    raise Skipped(f"was written by a newer dlstudy (format {version}, this one reads {FORMAT}): "
                                  "upgrade dlstudy on this device")
                if version != FORMAT:
                    raise Skipped("has a header this dlstudy does not know")
                claimed = obj.get("device")
                device = claimed if isinstance(claimed, str) else ""
                if not DEVICE_RE.fullmatch(device):
                    raise Skipped("has no valid device id")
                if device == me:
                    raise Skipped("claims this device's id (was this database copied to another device? each device "
                                  "needs a database of its own: start the other one empty and sync)")
                try:
                    written = _time(obj.get("written"))
                except ValueError:
                    raise Skipped("has no valid time in its header") from None
                digest.update(line)
                continue
            if isinstance(obj, dict) and "end" in obj and "t" not in obj:
                footer = obj
                continue
            digest.update(line)
            if len(records) >= MAX_RECORDS:
                raise Skipped(f"holds more than {MAX_RECORDS:,} records")
            try:
                records.append(check_record(obj, device))
            except ValueError as exc:
                raise Skipped(f"line {number}: {exc}: corrupted") from None
    if number == 0:
        raise Skipped("is empty")
    if footer is None:
        raise Skipped("has no end line: truncated (still being written, or cut short)")
    if footer.get("end") != len(records) or footer.get("sha256") != digest.hexdigest():
        raise Skipped("does not match its checksum: corrupted")
    return device, written, records, whole.hexdigest()


# ----------------------------------------------------------------------------------------- this device's file

def own_records(store: Any) -> Iterable[dict[str, Any]]:
    """Every record this device made (and the rows from before schema 4), as device-file records."""
    mine = (store.device, LEGACY_DEVICE)
    modes = {int(i): m for i, m in store.query("SELECT id, mode FROM sessions")}
    for (uid, device, at, card, question, rating, duration, details, suggested, overridden, rev,
         session) in store.query(
            "SELECT uid, device, reviewed_at, coalesce(asked_card, card_id), coalesce(asked_question, question_id), "
            "rating, duration_ms, details, suggested_rating, overridden, rev, session_id FROM review_log "
            "WHERE device IN (?, ?) ORDER BY reviewed_at, uid", mine):
        yield {"t": "review", "uid": uid, "device": device, "at": at, "card": card, "question": question,
               "rating": rating, "duration_ms": duration if isinstance(duration, int) else None,
               "details": _json_object(details), "suggested": suggested, "overridden": bool(overridden),
               "rev": rev or 0, "session": session, "mode": modes.get(session, "review") if session else "review"}
    for (uid, device, at, card, question, kind, answer, correct, score, rating, duration, details, suggested,
         overridden, rev, session) in store.query(
            "SELECT uid, device, answered_at, card_id, question_id, kind, answer, correct, score, rating, duration_ms, "
            "details, suggested_rating, overridden, rev, session_id FROM attempts WHERE device IN (?, ?) "
            "ORDER BY answered_at, uid", mine):
        yield {"t": "attempt", "uid": uid, "device": device, "at": at, "card": card, "question": question,
               "kind": kind, "answer": answer, "correct": None if correct is None else bool(correct), "score": score,
               "rating": rating, "duration_ms": duration if isinstance(duration, int) else None,
               "details": _json_object(details), "suggested": suggested, "overridden": bool(overridden),
               "rev": rev or 0, "session": session, "mode": modes.get(session, "quiz")}
    for e in store.event_rows("WHERE device IN (?, ?) ORDER BY at, uid", mine):
        yield {"t": "event", "uid": e.uid, "device": e.device, "at": e.at, "kind": e.kind, "card": e.card,
               "question": e.question, "data": e.data}


def _json_object(text: Any) -> dict[str, Any]:
    try:
        value = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def own_signature(store: Any) -> str:
    """What this device's file would hold, in a few numbers: it is rewritten only when they change."""
    mine = (store.device, LEGACY_DEVICE)
    parts = store.query("SELECT count(*), max(id), total(rev) FROM review_log WHERE device IN (?, ?)", mine)
    parts += store.query("SELECT count(*), max(id), total(rev) FROM attempts WHERE device IN (?, ?)", mine)
    parts += store.query("SELECT count(*), max(seq), 0 FROM events WHERE device IN (?, ?)", mine)
    return json.dumps([list(p) for p in parts] + [store.device])


def write_own_file(store: Any, folder: Path, now: float) -> tuple[int, dict[str, Any]]:
    """Write this device's file atomically (a temporary file in the folder, renamed). Returns (records, what
    was written: size, mtime_ns, sha256)."""
    from dlstudy.files import atomic_path

    target = folder / file_name(store.device)
    digest = hashlib.sha256()
    whole = hashlib.sha256()
    n = 0
    with atomic_path(target, user_file=True) as tmp:  # another device reads it: the usual mode, not 0600
        with open(tmp, "wb") as fh:
            def put(obj: dict[str, Any], counted: bool = True) -> None:
                line = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                if len(line) > MAX_LINE:
                    raise StateError("a record is too long for the sync file", hint="nothing was written")
                if counted:
                    digest.update(line)
                whole.update(line)
                fh.write(line)

            put({"dlstudy_sync": FORMAT, "device": store.device, "written": now})
            for record in own_records(store):
                put(record)
                n += 1
            if n > MAX_RECORDS:
                raise StateError(f"this device has more than {MAX_RECORDS:,} records: too many for one sync file")
            put({"end": n, "sha256": digest.hexdigest()}, counted=False)
    st = os.stat(target)
    return n, {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": whole.hexdigest()}


# ----------------------------------------------------------------------------------------- merging

def _session_for(store: Any, cache: dict[tuple[str, int | None, str], int], spans: dict[int, list[float]],
                 device: str, session: int | None, mode: str, at: float) -> int:
    """A local session standing for another device's session (so that `history` lists it); `spans` collects
    the times of its records (written once, by _session_spans)."""
    assert store.conn is not None
    key = (device, session, mode)
    if key not in cache:
        cur = store.conn.execute("INSERT INTO sessions(mode, started_at, ended_at, meta) VALUES (?, ?, ?, ?)",
                                 (mode, at, at, json.dumps({"device": device, "session": session})))
        cache[key] = int(cur.lastrowid or 0)
    span = spans.setdefault(cache[key], [at, at])
    span[0], span[1] = min(span[0], at), max(span[1], at)
    return cache[key]


def _session_spans(store: Any, spans: dict[int, list[float]]) -> None:
    assert store.conn is not None
    store.conn.executemany("UPDATE sessions SET started_at = min(started_at, ?), ended_at = max(ended_at, ?) "
                           "WHERE id = ?", [(lo, hi, sid) for sid, (lo, hi) in spans.items()])


def _json(details: dict[str, Any]) -> str:
    """A record's details as the log stores them (json.dumps; most answers have none)."""
    return json.dumps(details, ensure_ascii=False) if details else "{}"


def _sessions(store: Any) -> dict[tuple[str, int | None, str], int]:
    out = {}
    for sid, mode, meta in store.query("SELECT id, mode, meta FROM sessions WHERE meta LIKE '%\"device\"%'"):
        m = _json_object(meta)
        if isinstance(m.get("device"), str):
            out[(m["device"], m.get("session"), mode)] = int(sid)
    return out


@dataclass
class Merged:
    """What a merge added: records per device, answers updated, questions replayed (-1: all)."""

    added: dict[str, int] = field(default_factory=dict)
    updated: int = 0
    replayed: int = 0

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _scope(store: Any, new_events: list[Event]) -> tuple[bool, bool]:
    """(replay everything, the settings changed): a rename, a scheduling setting, or an undo of one, moves
    records or reschedules answers anywhere in the log."""
    from dlstudy.srs.replay import SCHEDULING_KEYS

    full = config = False
    targets = {t for e in new_events if e.kind == "undo" for t in e.data.get("targets", [])}
    undone_kinds = [e for e in store.events_by_uid(targets) if e.kind in ("rename", "config")]
    for e in new_events + undone_kinds:
        if e.kind == "rename":
            full = True
        elif e.kind == "config":
            config = True
            full = full or e.data.get("key") in SCHEDULING_KEYS
    return full, config


def merge(store: Any, files: list[tuple[str, list[dict[str, Any]]]]) -> Merged:
    """Add the records the database lacks, in one transaction, and replay what they touch: the questions
    of new answers and events, or everything when a rename or a scheduling setting arrived."""
    from dlstudy.srs.replay import SettingsTimeline, rebuild, recompute

    out = Merged()
    with store.transaction() as conn:
        event_uids = {u for (u,) in store.query("SELECT uid FROM events")}
        new_events = list({r["uid"]: Event(r["uid"], r["device"], r["at"], r["kind"], r["card"], r["question"], r["data"])
                           for _dev, records in files for r in records
                           if r["t"] == "event" and r["uid"] not in event_uids}.values())
        full, config_changed = _scope(store, new_events)
        store.add_events(new_events)
        settings_times = [e.at for e in new_events if e.kind == "config"]
        if settings_times:  # this device's next answers are scheduled under them: stamped after them
            store.raise_floor(max(settings_times))
        for e in new_events:
            out.added[e.device] = out.added.get(e.device, 0) + 1
        tombstones = store.undone()
        renames = Renames([e for e in store.event_rows("WHERE kind = 'rename'")
                           if not tombstones.covers(e.uid, e.device)])
        touched: set[tuple[str, str]] = set()
        moves = []
        for e in new_events:
            if e.kind in QUESTION_KINDS and e.card is not None and e.question is not None:
                key = renames.final(e.card, e.question, e.order)
                touched.add(key)
                if key != (e.card, e.question):
                    moves.append((e.uid, key))
        store.move_records([], moves)
        reviews = {u: (d, r or 0) for u, d, r in store.query("SELECT uid, device, rev FROM review_log")}
        attempts = {u: (d, r or 0) for u, d, r in store.query("SELECT uid, device, rev FROM attempts")}
        sessions = _sessions(store)
        spans: dict[int, list[float]] = {}
        review_rows = []
        for device, records in files:
            for r in records:
                if r["t"] == "event" or tombstones.covers(r["uid"], r["device"]):
                    continue
                if r["t"] == "review":
                    key = renames.final(r["card"], r["question"], (r["at"], 1, r["uid"]))
                    known = reviews.get(r["uid"])
                    if known is None:
                        sid = _session_for(store, sessions, spans, r["device"], r["session"], r["mode"], r["at"])
                        asked = (r["card"], r["question"]) if key != (r["card"], r["question"]) else (None, None)
                        review_rows.append((key[0], key[1], r["at"], r["rating"], r["duration_ms"],
                                            _json(r["details"]), sid, r["suggested"],
                                            int(r["overridden"]), r["uid"], r["device"], r["rev"], asked[0], asked[1]))
                        reviews[r["uid"]] = (r["device"], r["rev"])
                        out.added[device] = out.added.get(device, 0) + 1
                        touched.add(key)
                    elif r["rev"] > known[1] and known[0] == r["device"]:  # changed since (overridden): its owner's
                        conn.execute("UPDATE review_log SET rating = ?, duration_ms = ?, details = ?, "
                                     "suggested_rating = ?, overridden = ?, rev = ? WHERE uid = ?",
                                     (r["rating"], r["duration_ms"], json.dumps(r["details"], ensure_ascii=False),
                                      r["suggested"], int(r["overridden"]), r["rev"], r["uid"]))
                        reviews[r["uid"]] = (r["device"], r["rev"])
                        touched.add(key)
                        out.updated += 1
                    continue
                known = attempts.get(r["uid"])
                values = (r["card"], r["question"], r["kind"], r["at"], r["answer"],
                          None if r["correct"] is None else int(r["correct"]), r["score"], r["rating"],
                          r["duration_ms"], json.dumps(r["details"], ensure_ascii=False), r["suggested"],
                          int(r["overridden"]), r["rev"])
                if known is None:
                    sid = _session_for(store, sessions, spans, r["device"], r["session"], r["mode"], r["at"])
                    conn.execute("INSERT INTO attempts(card_id, question_id, kind, answered_at, answer, correct, score, "
                                 "rating, duration_ms, details, suggested_rating, overridden, rev, session_id, uid, "
                                 "device) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values + (sid, r["uid"], r["device"]))
                    out.added[device] = out.added.get(device, 0) + 1
                elif r["rev"] > known[1] and known[0] == r["device"]:
                    conn.execute("UPDATE attempts SET card_id = ?, question_id = ?, kind = ?, answered_at = ?, answer = ?, "
                                 "correct = ?, score = ?, rating = ?, duration_ms = ?, details = ?, suggested_rating = ?, "
                                 "overridden = ?, rev = ? WHERE uid = ?", values + (r["uid"],))
                    out.updated += 1
                attempts[r["uid"]] = (r["device"], r["rev"])
        _session_spans(store, spans)
        if review_rows:
            conn.executemany(
                "INSERT INTO review_log(card_id, question_id, reviewed_at, rating, duration_ms, details, session_id, "
                "suggested_rating, overridden, uid, device, rev, asked_card, asked_question) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(uid) DO NOTHING", review_rows)
        # the undos that arrived take back their own device's records here too
        targets = {t for e in new_events if e.kind == "undo" for t in e.data.get("targets", [])}
        if targets:
            touched.update(store.drop_undone(tombstones, targets))
            for e in store.events_by_uid(targets):
                if e.kind in QUESTION_KINDS and e.key is not None:
                    touched.add(renames.final(e.card or "", e.question or "", e.order))
        if full:
            rebuild(store)
            out.replayed = -1
            return out
        if config_changed:
            timeline = SettingsTimeline(e for e in store.event_rows("WHERE kind = 'config'")
                                        if not tombstones.covers(e.uid, e.device))
            store.replace_config(timeline.final())
        recompute(store, touched)
        out.replayed = len(touched)
    return out


# ----------------------------------------------------------------------------------------- one sync

def check_folder(folder: Path) -> Path:
    """The sync folder, or a one-line error: missing, not a folder, or not writable."""
    try:
        is_dir = folder.is_dir()
        exists = folder.exists()
    except OSError:
        is_dir = exists = False
    if not exists:
        raise UsageError(f"the sync folder {folder} does not exist", hint="create it, or give another folder")
    if not is_dir:
        raise UsageError(f"{folder} is not a folder", hint="give the folder both devices see")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StateError(f"the sync folder {folder} is read-only: this device cannot write its file there",
                         hint="nothing was changed; check the folder's permissions or mount")
    return folder


def sync(store: Any, folder: Path, now: float) -> Report:
    """Read the other devices' files, merge what they add, write this device's file (when it changed).
    The cycle collector pauses meanwhile: the records and states made here hold no cycles, and its passes
    over hundreds of thousands of young objects cost about a tenth of a large sync."""
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        return _sync(store, folder, now)
    finally:
        if paused:
            gc.enable()


def _sync(store: Any, folder: Path, now: float) -> Report:
    folder = check_folder(folder)
    report = Report(str(folder))
    me = store.device
    peers = {d: (f, s, m, dg) for d, f, s, m, dg in store.query("SELECT device, file, size, mtime_ns, digest FROM sync_peers")}
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        raise StateError(f"cannot read the sync folder {folder}: {exc.strerror or exc}") from None
    candidates = [n for n in names if FILE_RE.fullmatch(n)]
    if len(candidates) > MAX_FILES:
        report.skipped.append(f"{len(candidates) - MAX_FILES} device file(s) beyond the first {MAX_FILES}: skipped")
        candidates = candidates[:MAX_FILES]
    files: list[tuple[str, list[dict[str, Any]]]] = []
    seen: list[tuple[str, str, int, int, str, float, int]] = []
    own_name = file_name(me)
    for name in candidates:
        path = folder / name
        named = FILE_RE.fullmatch(name)
        assert named is not None
        if name == own_name:
            written = store.local("sync_file")
            try:
                st = os.lstat(path)
                current = [st.st_size, st.st_mtime_ns]
            except OSError:
                continue
            if written is None or json.loads(written)[:2] != current:
                try:
                    _dev, _w, _r, digest = read_device_file(path, "")
                except Skipped:
                    digest = ""
                if written is None or json.loads(written)[2] != digest:
                    report.skipped.append(f"{name}: claims this device's id but this device did not write it (was "
                                          "the database copied to another device?): not read, and replaced by this "
                                          "device's own file")
                    store.set_local("sync_file", None)
            continue
        try:
            st = os.lstat(path)
        except OSError:
            continue
        known = peers.get(named.group(1))
        if known is not None and known[0] == name and known[1] == st.st_size and known[2] == st.st_mtime_ns:
            report.devices += 1
            continue  # unchanged since the last sync
        try:
            device, written_at, records, digest = read_device_file(path, me)
        except Skipped as exc:
            report.skipped.append(f"{name} {exc}: skipped")
            continue
        if device != named.group(1):
            report.skipped.append(f"{name} holds the records of device {device}, not of the device its name says: "
                                  "skipped")
            continue
        latest = max((r["at"] for r in records), default=now)
        if latest > now + MAX_AHEAD:  # merged, it would date this device's next actions after it
            report.skipped.append(f"{name} has records dated {(latest - now) / 86_400:,.1f} days after this device's "
                                  "clock (is one of the two clocks wrong?): skipped")
            continue
        report.devices += 1
        files.append((device, records))
        seen.append((device, name, st.st_size, st.st_mtime_ns, digest, written_at, len(records)))
    merged = merge(store, files) if files else Merged()
    report.received, report.updated, report.replayed = merged.total, merged.updated, merged.replayed
    with store.transaction() as conn:
        for device, name, size, mtime, digest, written_at, count in seen:
            conn.execute("INSERT INTO sync_peers(device, file, size, mtime_ns, digest, written, records, received, seen) "
                         "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(device) DO UPDATE SET file = excluded.file, "
                         "size = excluded.size, mtime_ns = excluded.mtime_ns, digest = excluded.digest, "
                         "written = excluded.written, records = excluded.records, seen = excluded.seen, "
                         "received = received + excluded.received",
                         (device, name, size, mtime, digest, written_at, count, merged.added.get(device, 0), now))
    signature = own_signature(store)
    own_path = folder / own_name
    written = store.local("sync_file")
    unchanged = False
    if written is not None and store.local("sync_signature") == signature:
        try:
            st = os.lstat(own_path)
            unchanged = json.loads(written)[:2] == [st.st_size, st.st_mtime_ns]
        except OSError:
            unchanged = False
    if not unchanged:
        try:
            n, info = write_own_file(store, folder, now)
        except UsageError as exc:  # our own file's name taken by a folder, a FIFO, ...: refused
            raise StateError(f"cannot write this device's file in {folder}: {exc.message}",
                             hint="what was received is kept; nothing else was changed") from None
        except OSError as exc:
            raise StateError(f"cannot write this device's file in {folder}: {exc.strerror or exc}",
                             hint="what was received is kept; nothing else was changed") from None
        report.sent, report.wrote = n, True
        with store.transaction():
            store.set_local("sync_file", json.dumps([info["size"], info["mtime_ns"], info["sha256"]]))
            store.set_local("sync_signature", signature)
            store.set_local("sync_sent", str(n))
            store.set_local("sync_written", repr(now))
    with store.transaction():
        store.set_local("sync_last", repr(now))
        store.set_local("sync_last_dir", str(folder))
    return report


def status(store: Any) -> dict[str, Any]:
    """`sync --status`: this device, the folder, the last sync, what was sent, and every device seen."""
    from dlstudy.srs.info import iso

    def when(text: str | None) -> str | None:
        try:
            return iso(float(text)) if text is not None else None
        except ValueError:
            return None

    sent = store.local("sync_sent")
    devices = [{"device": d, "file": f, "last_written": iso(w) if w is not None else None, "records": n,
                "received": r, "last_read": iso(s) if s is not None else None}
               for d, f, w, n, r, s in store.query(
                   "SELECT device, file, written, records, received, seen FROM sync_peers ORDER BY device")]
    return {"device": store.device, "sync_dir": store.local("sync_dir"), "last_dir": store.local("sync_last_dir"),
            "last_sync": when(store.local("sync_last")), "last_sent": when(store.local("sync_written")),
            "sent": int(sent) if sent and sent.isdigit() else 0, "devices": devices}
