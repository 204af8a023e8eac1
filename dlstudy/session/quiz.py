"""Interactive quiz, drill and mock-interview sessions: ask the selected questions, save every
attempt as it happens (one transaction each), print the summary."""

from __future__ import annotations

import random
import time

from dlstudy import signals
from dlstudy.content.schema import Card, Question
from dlstudy.errors import ExitCode
from dlstudy.quiz.selection import follow_up
from dlstudy.quiz.summary import OPEN_SCORE, AttemptRecord, SessionSummary
from dlstudy.render.summary import render_summary
from dlstudy.session.asker import Asker
from dlstudy.session.review import WAITING
from dlstudy.srs.backup import ensure_daily_backup
from dlstudy.srs.clock import Clock
from dlstudy.srs.ratings import Rating
from dlstudy.srs.store import Attempt
from dlstudy.text import escape


class QuizRunner:
    """Runs a quiz or an interview on a console, saving each attempt in its own transaction."""

    def __init__(self, con, store, items: list[tuple[Card, Question]], seed: int, mode: str = "quiz",
                 minutes: float | None = None, clock: Clock | None = None, semantic=None, verbose: bool = False,
                 probes: str = "ask", lang: str = "en"):
        self.con = con
        self.clock = clock or Clock()
        self.store = store
        self.items = items
        self.mode = mode
        self.minutes = minutes
        self.summary = SessionSummary(mode=mode, seed=seed)
        self.started = time.monotonic()
        self.asker = Asker(con, seed=seed, review=False, header_extra=self._timer if mode == "interview" else None,
                           semantic=semantic, verbose=verbose, probes="interview" if mode == "interview" else probes,
                           lang=lang)
        self.rnd = random.Random(seed)
        self.kept_in_journal = 0  # answers interrupted while being saved, kept in the recovery journal

    def _timer(self) -> str:
        elapsed = time.monotonic() - self.started
        text = f"⏱ {int(elapsed // 60)}:{int(elapsed % 60):02d} elapsed"
        if self.minutes:
            left = max(self.minutes * 60 - elapsed, 0)
            text += f" · {int(left // 60)}:{int(left % 60):02d} left"
        return text

    def _out_of_time(self) -> bool:
        return self.minutes is not None and time.monotonic() - self.started >= self.minutes * 60

    def run(self) -> SessionSummary:
        self.store.wait_notice = lambda: self.con.print(WAITING)
        ensure_daily_backup(self.store, warn=lambda m: self.con.print(f"[yellow]warning:[/] {escape(m)}"))
        self.summary.session_id = self.store.start_session(self.mode, self.clock.now().timestamp(),
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

    def _save(self, attempt: Attempt, record: AttemptRecord) -> int | None:
        """Save one attempt and count it in the summary, as one step no signal cuts in half; an attempt
        interrupted while it waits for the lock is kept in the recovery journal."""
        with signals.held():
            try:
                attempt_id = self.store.save_attempt(attempt)
            except BaseException:
                self.kept_in_journal += self.store.journaled is not None
                raise
            self.summary.attempts.append(record)
        return attempt_id

    def _finish(self) -> None:
        self.summary.seconds = time.monotonic() - self.started
        try:
            self.store.end_session(self.summary.session_id, self.clock.now().timestamp(), self.summary.to_dict())
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
                fq = follow_up(card, asked, self.rnd, last=q)
                if fq is not None:
                    self.con.print("[magenta]Follow-up from the interviewer:[/]")
                    if not self._ask(card, fq, f"Q{i}/{total} follow-up", asked):
                        return

    def _ask(self, card: Card, q: Question, number: str, asked: set) -> bool:
        """Ask one question and save it; False when the user quits."""

        asked.add((card.id, q.id))
        outcome = self.asker.ask(card, q, number)
        if outcome.action == "quit":
            return False
        if outcome.action == "skipped":
            self._save(Attempt(self.summary.session_id, card.id, q.id, q.kind, self.clock.now().timestamp(),
                               outcome.duration_ms, details={"skipped": True}),
                       AttemptRecord(card.id, q.id, card.topic, q.kind, None, 0.0, None, outcome.duration_ms / 1000,
                                     skipped=True))
            return True
        grade = outcome.grade
        assert grade is not None  # answered
        suggested = grade.suggested
        record = AttemptRecord(card.id, q.id, card.topic, q.kind, grade.correct,
                               grade.score if grade.correct is not None else OPEN_SCORE[suggested], suggested,
                               outcome.duration_ms / 1000, suggested=suggested)
        details = dict(outcome.details)
        attempt_id = self._save(Attempt(
            self.summary.session_id, card.id, q.id, q.kind, self.clock.now().timestamp(), outcome.duration_ms,
            answer=outcome.answer, correct=grade.correct, score=grade.score, rating=suggested,
            details=details, suggested_rating=suggested), record)
        step = self.asker.after(card, q, outcome)
        rating = outcome.rating
        assert rating is not None  # after() always sets it
        record.points = q.plugin.points(q.spec, outcome.details) or None
        record.suggested = grade.suggested  # probes may have moved the pre-selection
        if rating != suggested or grade.suggested != suggested or outcome.details != details:
            # the learner's rating wins, in the score too; an override and the probes are recorded
            self.store.update_attempt(attempt_id, rating=rating, suggested=grade.suggested,
                                      overridden=outcome.overridden, details=outcome.details)
            record.rating = rating
            record.overridden = outcome.overridden
            if grade.correct is None:
                record.score = OPEN_SCORE[rating]
            elif outcome.overridden:
                record.score = OPEN_SCORE[rating]
                record.correct = rating >= Rating.GOOD
        self.con.print(f"[dim]saved: {Rating(rating).label}"
                       + (" (your rating; the grader suggested " + Rating(grade.suggested).label + ")" if record.overridden
                          else "") + "[/]")
        return step != "quit"


def run_session(app, items: list[tuple[Card, Question]], seed: int, mode: str, as_json: bool = False,
                minutes: float | None = None, intro: str | None = None, probe: bool = False) -> int:
    """Ask the items (quiz, drill or interview), save every attempt, print the summary (JSON on stdout
    with --json, the questions then going to stderr). probe=True asks the probes of every open answer.
    Returns the exit code: 0, or 130 after Ctrl-C."""
    import json
    import sys

    con = app.err_console if as_json else app.console
    if intro:
        con.print(intro)
    code = int(ExitCode.OK)
    with app.store() as store:
        runner = QuizRunner(con, store, items, seed, mode=mode, minutes=minutes, clock=app.clock,
                            semantic=app.semantic_provider(store.get_config()), verbose=app.verbose,
                            probes=app.probes(store.get_config(), always=probe),
                            lang=app.lang or app.language(None, store.get_config()))
        try:
            summary = runner.run()
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM or SIGHUP: every saved answer is summarised
            summary = runner.summary
            code = signals.exit_code(exc)
        data = summary.to_dict()
    with signals.held():  # a second signal does not cut the summary short
        try:
            if runner.kept_in_journal:
                app.warn(f"{runner.kept_in_journal} answer(s) could not be saved yet and are kept in the recovery "
                         "journal; the next dlstudy command writes them to the database")
            if as_json:
                sys.stdout.write(json.dumps(data, indent=2) + "\n")
                sys.stdout.flush()
            else:
                render_summary(con, data)
        except OSError:  # the terminal is gone (SIGHUP): the answers are saved, nobody reads the summary
            if not code:
                raise
    return code
