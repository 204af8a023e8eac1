"""Quiz and mock-interview sessions: pick questions, ask them, save every attempt as it happens,
and summarise (by topic and kind, weakest concepts, time, what to review next)."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dlstudy.content.schema import Card, Question

OPEN_SCORE = {1: 0.0, 2: 0.5, 3: 1.0, 4: 1.0}


@dataclass
class AttemptRecord:
    card_id: str
    question_id: str
    topic: str
    kind: str
    correct: bool | None
    score: float
    rating: int | None
    seconds: float
    skipped: bool = False


@dataclass
class SessionSummary:
    mode: str
    seed: int
    attempts: list[AttemptRecord] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    session_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        answered = [a for a in self.attempts if not a.skipped]
        by_topic: dict[str, list[float]] = defaultdict(list)
        by_kind: dict[str, list[float]] = defaultdict(list)
        by_card: dict[str, list[float]] = defaultdict(list)
        for a in answered:
            by_topic[a.topic].append(a.score)
            by_kind[a.kind].append(a.score)
            by_card[a.card_id].append(a.score)

        def agg(d):
            return {k: {"answered": len(v), "score": round(sum(v) / len(v), 4)} for k, v in sorted(d.items())}

        weakest = sorted(by_card.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
        weak = [{"card": k, "score": round(sum(v) / len(v), 4)} for k, v in weakest if sum(v) / len(v) < 1.0][:5]
        total = sum(a.score for a in answered)
        return {
            "mode": self.mode,
            "seed": self.seed,
            "session_id": self.session_id,
            "asked": len(self.attempts),
            "answered": len(answered),
            "skipped": sum(1 for a in self.attempts if a.skipped),
            "correct": sum(1 for a in answered if a.correct),
            "score": round(total / len(answered), 4) if answered else None,
            "by_topic": agg(by_topic),
            "by_kind": agg(by_kind),
            "weakest": weak,
            "seconds": round(self.seconds, 1),
            "interrupted": self.interrupted,
            "review_next": [w["card"] for w in weak[:3]],
            "answers": [{"card": a.card_id, "question": a.question_id, "kind": a.kind, "correct": a.correct,
                         "score": a.score, "rating": a.rating, "seconds": round(a.seconds, 1), "skipped": a.skipped}
                        for a in self.attempts],
        }


def select_questions(cards: list[Card], n: int, seed: int, kind: str | None = None,
                     interview: bool = False) -> list[tuple[Card, Question]]:
    """N questions drawn at random (seeded) from the cards; interview mode favours open and predict."""
    rnd = random.Random(seed)
    pool = [(c, q) for c in cards for q in c.questions if kind is None or q.kind == kind]
    if interview:
        main = [(c, q) for c, q in pool if q.kind in ("open", "predict")]
        rnd.shuffle(main)
        # one main question per card; follow-ups come from the same card during the interview
        seen: set[str] = set()
        out = []
        for c, q in main:
            if c.id not in seen:
                seen.add(c.id)
                out.append((c, q))
        return out[:n]
    rnd.shuffle(pool)
    return pool[:n]


def follow_up(card: Card, asked: set[tuple[str, str]], rnd: random.Random) -> Question | None:
    rest = [q for q in card.questions if (card.id, q.id) not in asked]
    if not rest:
        return None
    rest.sort(key=lambda q: (q.kind not in ("open", "predict"), q.id))
    return rest[0] if rnd.random() < 0.5 else rnd.choice(rest)


class QuizRunner:
    """Runs a quiz or an interview on a console, saving each attempt in its own transaction."""

    def __init__(self, con, store, items: list[tuple[Card, Question]], seed: int, mode: str = "quiz",
                 minutes: float | None = None):
        from dlstudy.quiz.ui import Asker

        self.con = con
        self.store = store
        self.items = items
        self.mode = mode
        self.minutes = minutes
        self.summary = SessionSummary(mode=mode, seed=seed)
        self.started = time.monotonic()
        self.asker = Asker(con, seed=seed, review=False, header_extra=self._timer if mode == "interview" else None)
        self.rnd = random.Random(seed)

    def _timer(self) -> str:
        elapsed = time.monotonic() - self.started
        text = f"⏱ {int(elapsed // 60)}:{int(elapsed % 60):02d}"
        if self.minutes:
            left = max(self.minutes * 60 - elapsed, 0)
            text += f" / {int(left // 60)}:{int(left % 60):02d} left"
        return text

    def _out_of_time(self) -> bool:
        return bool(self.minutes) and time.monotonic() - self.started >= self.minutes * 60

    def run(self) -> SessionSummary:
        from dlstudy.srs import clock
        from dlstudy.srs.backup import ensure_daily_backup

        from dlstudy.text import escape

        from dlstudy.srs.review_session import WAITING

        self.store.wait_notice = lambda: self.con.print(WAITING)
        ensure_daily_backup(self.store, warn=lambda m: self.con.print(f"[yellow]warning:[/] {escape(m)}"))
        self.summary.session_id = self.store.start_session(self.mode, clock.now().timestamp(),
                                                          {"seed": self.summary.seed, "planned": len(self.items)})
        try:
            self._loop()
        except EOFError:
            self.summary.interrupted = True
        except KeyboardInterrupt:
            self.summary.interrupted = True
            self.store.stop_waiting()
            self._finish()
            raise
        self._finish()
        return self.summary

    def _finish(self) -> None:
        from dlstudy.srs import clock

        self.summary.seconds = time.monotonic() - self.started
        try:
            self.store.end_session(self.summary.session_id, clock.now().timestamp(), self.summary.to_dict())
        except Exception:  # noqa: BLE001 - the attempts are saved already; the summary is a convenience
            pass

    def _loop(self) -> None:
        asked: set[tuple[str, str]] = set()
        total = len(self.items)
        for i, (card, q) in enumerate(self.items, 1):
            if self._out_of_time():
                self.con.print("[bold]Time is up.[/]")
                break
            if not self._ask(card, q, f"Q{i}/{total}", asked):
                return
            if self.mode == "interview" and not self._out_of_time():
                fq = follow_up(card, asked, self.rnd)
                if fq is not None:
                    self.con.print("[magenta]Follow-up from the interviewer:[/]")
                    if not self._ask(card, fq, f"Q{i}/{total} follow-up", asked):
                        return

    def _ask(self, card: Card, q: Question, number: str, asked: set) -> bool:
        """Ask one question and save it; False when the user quits."""
        from dlstudy.srs import clock
        from dlstudy.srs.store import Attempt

        asked.add((card.id, q.id))
        outcome = self.asker.ask(card, q, number)
        if outcome.action == "quit":
            return False
        if outcome.action == "skipped":
            self.summary.attempts.append(AttemptRecord(card.id, q.id, card.topic, q.kind, None, 0.0, None,
                                                       outcome.duration_ms / 1000, skipped=True))
            self.store.save_attempt(Attempt(self.summary.session_id, card.id, q.id, q.kind, clock.now().timestamp(),
                                            outcome.duration_ms, details={"skipped": True}))
            return True
        grade = outcome.grade
        suggested = self.asker.suggested_rating(grade)
        attempt_id = self.store.save_attempt(Attempt(
            self.summary.session_id, card.id, q.id, q.kind, clock.now().timestamp(), outcome.duration_ms,
            answer=outcome.answer, correct=grade.correct, score=grade.score, rating=suggested,
            details=outcome.details))
        record = AttemptRecord(card.id, q.id, card.topic, q.kind, grade.correct,
                               grade.score if grade.correct is not None else OPEN_SCORE[suggested], suggested,
                               outcome.duration_ms / 1000)
        self.summary.attempts.append(record)
        self.con.print("[dim]saved[/]")
        step = self.asker.after(card, q, outcome)
        if outcome.rating != suggested:
            self.store.update_attempt_rating(attempt_id, outcome.rating)
            record.rating = outcome.rating
            if grade.correct is None:
                record.score = OPEN_SCORE[outcome.rating]
        return step != "quit"


def render_summary(con, data: dict) -> None:
    from rich.table import Table

    con.rule("[bold]Summary[/]")
    if not data["answered"]:
        con.print(f"No answers this time ({data['skipped']} skipped). Start again with 'dlstudy {data['mode']}'.")
        return
    con.print(f"Answered {data['answered']} of {data['asked']} · correct {data['correct']} · "
              f"score {data['score']:.0%} · {data['seconds']:.0f} s"
              + (" · stopped early (answers so far are saved)" if data["interrupted"] else ""))
    for title, key in (("by topic", "by_topic"), ("by kind", "by_kind")):
        table = Table(title=title, title_justify="left")
        table.add_column(title.split()[-1])
        table.add_column("answered", justify="right")
        table.add_column("score", justify="right")
        for k, v in data[key].items():
            table.add_row(k, str(v["answered"]), f"{v['score']:.0%}")
        con.print(table)
    if data["mode"] == "interview":
        table = Table(title="answers", title_justify="left")
        for col in ("question", "kind", "time", "self-rating", "score"):
            table.add_column(col)
        names = {1: "again", 2: "hard", 3: "good", 4: "easy", None: "-"}
        for a in data["answers"]:
            table.add_row(f"{a['card']}/{a['question']}", a["kind"], f"{a['seconds']:.0f} s",
                          names[a["rating"]], "skipped" if a["skipped"] else f"{a['score']:.0%}")
        con.print(table)
    if data["weakest"]:
        con.print("[bold]Weakest concepts:[/] " + ", ".join(f"{w['card']} ({w['score']:.0%})" for w in data["weakest"]))
        con.print("Review next: " + " · ".join(f"[green]dlstudy show {c}[/]" for c in data["review_next"]))
    con.print(f"[dim]seed {data['seed']} (repeat this quiz with --seed {data['seed']})[/]")


def run_session(items: list[tuple[Card, Question]], seed: int, mode: str, as_json: bool = False,
                minutes: float | None = None, intro: str | None = None) -> int:
    """Ask the items (quiz, drill or interview), save every attempt, print the summary (JSON on stdout
    with --json, the questions then going to stderr). Returns the exit code: 0, or 130 after Ctrl-C."""
    import json
    import sys

    from dlstudy.render.console import console, err_console
    from dlstudy.srs.store import Store

    con = err_console() if as_json else console()
    if intro:
        con.print(intro)
    interrupted = False
    with Store.open() as store:
        runner = QuizRunner(con, store, items, seed, mode=mode, minutes=minutes)
        try:
            summary = runner.run()
        except KeyboardInterrupt:
            summary = runner.summary
            interrupted = True
        data = summary.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        render_summary(con, data)
    return 130 if interrupted else 0
