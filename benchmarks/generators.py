"""Big synthetic inputs for the benchmarks: a deck of N valid, varied cards, and a review database
with N review logs over realistic schedules (reviews when due, FSRS intervals, ~10% lapses)."""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

TOPICS = ["foundations", "training", "neurons", "cnn", "rnn", "nlp", "beyond"]


def write_deck(root: Path, n: int, seed: int = 0) -> Path:
    """n cards in topic folders; each has 3-5 questions of every kind but predict, and prerequisites."""
    rnd = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        folder = root / topic
        folder.mkdir(exist_ok=True)
        pre = [f"gen-{j}" for j in rnd.sample(range(i), min(i, rnd.randint(0, 2)))] if i else []
        qs = []
        for k in range(rnd.randint(3, 5)):
            kind = ["choice", "numeric", "short", "open"][k % 4]
            q = {"id": f"q{k}", "kind": kind, "prompt": f"Question {k} about concept {i}?",
                 "explanation": "Because of the definition."}
            if kind == "choice":
                q.update(options=["right", "wrong", "also wrong"], answer="right")
            elif kind == "numeric":
                q.update(answer=round(rnd.random() * 10, 3), tolerance={"rel": 0.01})
            elif kind == "short":
                q.update(answer=f"term{i}", aliases=[f"alias{i}"])
            else:
                q.update(model_answer="A model answer.", rubric=[
                    {"point": f"point {p}", "keywords": [f"kw{p}", f"word{p}"]} for p in range(3)])
            qs.append(q)
        card = {"id": f"gen-{i}", "title": f"Generated concept {i}", "topic": topic, "tags": ["generated"],
                "level": "basic", "sources": ["gen"], "prerequisites": pre,
                "summary": "A generated card. It is valid. It is for benchmarks.",
                "key_points": ["one", "two", "three"], "formulas": [{"tex": "\\frac{a}{b}", "label": "ratio"}],
                "pitfalls": ["none"], "questions": qs}
        (folder / f"gen-{i}.yaml").write_text(json.dumps(card, indent=1), encoding="utf-8")  # JSON is YAML
    return root


def deck_questions(root: Path) -> list[tuple[str, str]]:
    """(card id, question id) of every question in a generated deck."""
    out = []
    for path in sorted(root.rglob("*.yaml")):
        card = json.loads(path.read_text(encoding="utf-8"))
        out += [(card["id"], q["id"]) for q in card["questions"]]
    return out


def write_reviews(home: Path, n_logs: int, questions: list[tuple[str, str]], seed: int = 0) -> int:
    """A dlstudy database under home with n_logs review logs spread over the questions, ending now.

    Each question's history follows the FSRS schedule (reviewed when due, plus up to a day's delay),
    with about 10% Again, so due dates, stabilities and lapses look like real use."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from fsrs import Card, Rating, Scheduler

    from dlstudy.srs.scheduler import fsrs_card_id, state_columns
    from dlstudy.srs.store import Store

    rnd = random.Random(seed)
    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(home / "dlstudy.db")
    scheduler = Scheduler(enable_fuzzing=False)
    now = datetime.now(timezone.utc)
    per_q = max(1, -(-n_logs // len(questions)))
    logs, states = [], []
    for card_id, qid in questions:
        if len(logs) >= n_logs:
            break
        # start far enough back for per_q reviews at growing intervals
        when = now - timedelta(days=rnd.uniform(1.5, 3.0) * per_q * 4 + 10)
        card = Card(card_id=fsrs_card_id(card_id, qid), due=when)
        first = when
        count = 0
        while count < per_q and when < now and len(logs) < n_logs:
            rating = Rating.Again if rnd.random() < 0.1 else rnd.choice(
                [Rating.Good, Rating.Good, Rating.Good, Rating.Hard, Rating.Easy])
            card, _ = scheduler.review_card(card, rating, review_datetime=when)
            logs.append((card_id, qid, when.timestamp(), int(rating), rnd.randint(2000, 30000), "{}", None, None,
                         f"{rnd.getrandbits(128):032x}", store.device))
            count += 1
            gap = min(card.due - when, timedelta(days=4))  # keep histories dense enough to reach per_q
            when = when + max(gap, timedelta(minutes=10)) + timedelta(hours=rnd.uniform(0, 20))
        if count:
            cols = state_columns(card)
            states.append((card_id, qid, json.dumps(cols["fsrs"]), cols["due"], cols["state"], cols["stability"],
                           cols["difficulty"], card.last_review.timestamp(), first.timestamp(), count, 0))
    with store.transaction() as conn:
        conn.executemany("INSERT INTO review_log(card_id, question_id, reviewed_at, rating, duration_ms, details, "
                         "state_before, session_id, uid, device) VALUES (?,?,?,?,?,?,?,?,?,?)", logs)
        conn.executemany("INSERT OR REPLACE INTO question_state(card_id, question_id, fsrs, due, state, stability, "
                         "difficulty, last_review, introduced_at, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         states)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return len(logs)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", choices=["deck", "reviews"])
    ap.add_argument("path")
    ap.add_argument("n", type=int)
    args = ap.parse_args()
    if args.what == "deck":
        write_deck(Path(args.path), args.n)
    else:
        deck = Path(args.path) / "deck"
        write_deck(deck, max(args.n // 100, 10))
        print(write_reviews(Path(args.path) / "home", args.n, deck_questions(deck)))
