"""The review log (and quiz attempts) as CSV or JSON."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone

COLUMNS = ["source", "time", "card", "question", "rating", "suggested_rating", "overridden", "correct",
           "duration_ms", "answer", "probes_asked", "probes_right"]


def _details(text) -> dict:
    try:
        d = json.loads(text) if text else {}
    except ValueError:  # a damaged row: export what can be read
        return {}
    return d if isinstance(d, dict) else {}


def _time(at) -> str | None:
    try:
        return datetime.fromtimestamp(float(at), timezone.utc).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _probes(d: dict) -> dict:
    """The probe results of an answer: counts (both formats) and each probe (JSON only); None without probes."""
    from dlstudy.kinds.probes import PROBES, tally

    asked, right = tally(d)
    if not asked:
        return {"probes_asked": None, "probes_right": None, "probes": None}
    points = {i: item.get("point") for i, item in enumerate(d.get("rubric") or [], 1) if isinstance(item, dict)}
    return {"probes_asked": asked, "probes_right": right,
            "probes": [{"point": points.get(int(p.get("point") or 0)), "misconception": p.get("misconception"),
                        "answer": p.get("answer"), "right": p.get("right")}
                       for p in d.get(PROBES, []) if isinstance(p, dict)]}


def rows(store) -> list[dict]:
    """Every answer; `suggested_rating` is the grader's, `rating` the one recorded (the learner's), and
    `overridden` says the learner chose against the grader; `probes_asked`/`probes_right` count the
    probes answered (and `probes` lists them, for JSON)."""
    out = []
    overrides = store.overrides()
    for log_id, card, qid, at, rating, duration, details in store.review_logs():
        d = _details(details)
        suggested, overridden = overrides.get(("review", log_id), (None, False))
        out.append({"source": "review", "time": _time(at), "card": card, "question": qid, "rating": rating,
                    "suggested_rating": suggested, "overridden": overridden, "correct": d.get("correct"),
                    "duration_ms": duration, "answer": d.get("answer"), **_probes(d)})
    attempt_details = store.attempt_details()
    for attempt_id, card, qid, at, rating, correct, duration, answer, mode in store.attempt_rows():
        suggested, overridden = overrides.get(("attempt", attempt_id), (None, False))
        out.append({"source": mode, "time": _time(at), "card": card, "question": qid, "rating": rating,
                    "suggested_rating": suggested, "overridden": overridden,
                    "correct": None if correct is None else bool(correct), "duration_ms": duration, "answer": answer,
                    **_probes(_details(attempt_details.get(attempt_id)))})
    out.sort(key=lambda r: r["time"] or "")
    return out


def write(store, path, fmt: str) -> int:
    """Write every answer to path (the caller passes a temporary file that is renamed into place)."""
    data = rows(store)
    with open(path, "w", encoding="utf-8", errors="replace", newline="") as fh:
        if fmt == "json":
            json.dump(data, fh, indent=2, ensure_ascii=False)
        else:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")  # `probes` is JSON's
            writer.writeheader()
            writer.writerows(data)
    return len(data)
