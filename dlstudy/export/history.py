"""The review log (and quiz attempts) as CSV or JSON."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone

COLUMNS = ["source", "time", "card", "question", "rating", "correct", "duration_ms", "answer"]


def rows(store) -> list[dict]:
    out = []
    for _id, card, qid, at, rating, duration, details in store.review_logs():
        d = json.loads(details) if details else {}
        out.append({"source": "review", "time": datetime.fromtimestamp(at, timezone.utc).isoformat(), "card": card,
                    "question": qid, "rating": rating, "correct": d.get("correct"), "duration_ms": duration,
                    "answer": d.get("answer")})
    for card, qid, at, rating, correct, duration, answer, mode in store.query(
            "SELECT a.card_id, a.question_id, a.answered_at, a.rating, a.correct, a.duration_ms, a.answer, s.mode "
            "FROM attempts a JOIN sessions s ON s.id = a.session_id ORDER BY a.answered_at, a.id"):
        out.append({"source": mode, "time": datetime.fromtimestamp(at, timezone.utc).isoformat(), "card": card,
                    "question": qid, "rating": rating, "correct": None if correct is None else bool(correct),
                    "duration_ms": duration, "answer": answer})
    out.sort(key=lambda r: r["time"])
    return out


def write(store, path: str, fmt: str) -> int:
    data = rows(store)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if fmt == "json":
            json.dump(data, fh, indent=2, ensure_ascii=False)
        else:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(data)
    return len(data)
