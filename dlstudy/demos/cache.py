"""Demo results cached under the data folder, so `check`, `export anki` and later runs need not
re-run demos (numpy, torch) for predict questions.

One plain JSON file per demo run: `<cache_dir>/demo-results/v<FORMAT>-<version>/<key>.json`. The key
hashes the cache format, the dlstudy version, the demo id, its parameters as written on the card
(canonical JSON), the seed, and the size and mtime of the demo's catalog module (so that editing a
demo in a checkout re-runs it). An entry holds the result (`DemoRun.to_dict()`, non-finite floats
written as `{"$float": "nan"}` so the file stays strict JSON) and optional `texts`: renderings of the
run made by higher layers (the Anki export stores its plain-text rendering as "anki"); this layer
stores them as given and never renders.

Entries are read with json.loads, never executed. One that cannot be read, is not valid JSON, has
another format, version or demo, or is larger than MAX_ENTRY_BYTES counts as missing and is written
again by the next run. Writes are atomic (temporary file in the same folder, then rename) and their
failures are ignored: the cache only makes later runs faster. DLSTUDY_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_ENTRY_BYTES = 1_000_000
FOLDER = "demo-results"
_FLOAT = "$float"


@dataclass
class Entry:
    result: dict[str, Any]
    texts: dict[str, str] = field(default_factory=dict)


def enabled() -> bool:
    return not os.environ.get("DLSTUDY_NO_CACHE")


def root() -> Path:
    from dlstudy.paths import cache_dir

    return cache_dir() / FOLDER


def folder() -> Path:
    """This version's folder (older versions' folders are removed when this one is created)."""
    from dlstudy import __version__

    return root() / ("v%d-%s" % (FORMAT, re.sub(r"[^A-Za-z0-9._-]", "_", __version__)))


def _canonical(params: Any) -> str:
    return json.dumps(params or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr)


def _source_stamp(demo_id: str) -> str:
    from dlstudy.demos.registry import module_file

    path = module_file(demo_id)
    try:
        st = os.stat(path) if path is not None else None
    except OSError:
        st = None
    return f"{st.st_size}:{st.st_mtime_ns}" if st else ""


def key(demo_id: str, params: dict | None, seed: int) -> str:
    """The entry's name: a hash of everything the result depends on."""
    from dlstudy import __version__

    text = "\n".join((str(FORMAT), __version__, demo_id, _canonical(params), str(seed), _source_stamp(demo_id)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _path(demo_id: str, params: dict | None, seed: int) -> Path:
    return folder() / f"{key(demo_id, params, seed)}.json"


def _tag(obj: Any) -> Any:
    """Non-finite floats as {"$float": "nan" | "inf" | "-inf"} (strict JSON keeps them exact)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return {_FLOAT: "nan" if math.isnan(obj) else ("inf" if obj > 0 else "-inf")}
    if isinstance(obj, dict):
        return {k: _tag(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_tag(v) for v in obj]
    return obj


def _untag(obj: Any) -> Any:
    if isinstance(obj, dict):
        if len(obj) == 1 and _FLOAT in obj:
            return float(obj[_FLOAT])
        return {k: _untag(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_untag(v) for v in obj]
    return obj


def load(demo_id: str, params: dict | None, seed: int) -> Entry | None:
    """The cached entry, or None (missing, unreadable, corrupt, oversized, or another version's)."""
    if not enabled():
        return None
    from dlstudy import __version__
    from dlstudy.files import FileRefused, read_regular

    try:
        raw = read_regular(_path(demo_id, params, seed), MAX_ENTRY_BYTES).decode("utf-8")
        data = json.loads(raw)
    except (FileRefused, OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != __version__ \
            or data.get("demo") != demo_id or data.get("seed") != seed or data.get("params") != _canonical(params):
        return None
    result, texts = data.get("result"), data.get("texts", {})
    if not isinstance(result, dict) or not isinstance(texts, dict) \
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
        return None
    if _FLOAT in raw:
        result = _untag(result)
    return Entry(result=result, texts=texts)


def store(demo_id: str, params: dict | None, seed: int, result: dict, texts: dict[str, str] | None = None) -> bool:
    """Write the entry (texts=None keeps the texts already stored for the same run). False when it was
    not written: the cache is off, the entry is over MAX_ENTRY_BYTES, or the folder is not writable."""
    if not enabled():
        return False
    from dlstudy import __version__

    if texts is None:
        old = load(demo_id, params, seed)
        texts = old.texts if old is not None else {}
    data = {"format": FORMAT, "version": __version__, "demo": demo_id, "params": _canonical(params), "seed": seed,
            "result": result, "texts": dict(texts)}
    try:
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        except ValueError:  # NaN or infinity somewhere in the result
            data["result"] = _tag(result)
            text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_ENTRY_BYTES:
        return False
    from dlstudy.files import atomic_write_bytes

    try:
        _make_folder()
        atomic_write_bytes(_path(demo_id, params, seed), encoded, fsync=False)
    except OSError:
        return False
    return True


def _make_folder() -> None:
    here = folder()
    if here.is_dir():
        return
    here.mkdir(parents=True, exist_ok=True)
    import shutil

    for other in here.parent.iterdir():  # results of other versions are never read again
        if other != here and other.is_dir() and other.name.startswith("v"):
            shutil.rmtree(other, ignore_errors=True)


def cached_result(demo_id: str, params: dict | None, seed: int) -> tuple[dict, bool]:
    """(result dict, True if it came from the cache). A miss runs the demo and stores its result;
    a demo that cannot run raises its DlstudyError (nothing is stored)."""
    entry = load(demo_id, params, seed)
    if entry is not None:
        return entry.result, True
    from dlstudy.demos.runner import run_demo

    result = run_demo(demo_id, params, seed).to_dict()
    store(demo_id, params, seed, result)
    return result, False


def usage() -> tuple[int, int]:
    """(entries, bytes) in the cache, all versions."""
    files = size = 0
    try:
        for path in root().rglob("*.json"):
            try:
                size += path.stat().st_size
                files += 1
            except OSError:
                continue
    except OSError:
        pass
    return files, size
