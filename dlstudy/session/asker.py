"""Asking one question in the terminal: prompt, keys (? s q d c ...), grading, feedback, rating.

Reads lines from stdin, so answers can be piped in. EOF (Ctrl-D) raises EOFError; Ctrl-C raises
KeyboardInterrupt; the session runners turn both into a clean stop with a summary.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from dlstudy.content.schema import Card, Question
from dlstudy.quiz.grading import (
    LETTERS,
    AnswerError,
    Grade,
    grade_choice,
    grade_numeric,
    grade_open,
    grade_predict,
    grade_short,
    option_text,
    shuffled_options,
)
from dlstudy.srs.ratings import Rating
from dlstudy.text import clean, escape, shorten


class Quit(Exception):
    """The user typed q."""


@dataclass
class Outcome:
    """What happened with one question."""

    action: str  # answered | skipped | quit | undo | bury | suspend | flag
    grade: Grade | None = None
    answer: str | None = None
    rating: int | None = None
    duration_ms: int = 0
    details: dict[str, Any] = field(default_factory=dict)


MAX_LINE = 4_000  # characters in one typed or piped answer line; longer lines are refused, not read whole


class LineTooLong(Exception):
    """The line was longer than MAX_LINE (the rest of it has been read and dropped)."""


def _read_piped() -> str:
    line = sys.stdin.readline(MAX_LINE + 1)
    if line == "":
        raise EOFError
    if len(line) > MAX_LINE and not line.endswith("\n"):
        while True:  # drop the rest of the line in bounded chunks: work proportional to the input
            rest = sys.stdin.readline(1 << 16)
            if rest == "" or rest.endswith("\n"):
                break
        raise LineTooLong
    return line.rstrip("\r\n")


def read_line(con, prompt: str) -> str:
    """One line of input. On a terminal, input() gives line editing (readline); piped answers are echoed
    (sanitized, and shortened when long). Lines over MAX_LINE characters are refused and asked again."""
    while True:
        con.print(prompt, end="")
        sys.stdout.flush()
        try:
            if sys.stdin.isatty() and con.file is sys.stdout:
                try:
                    import readline  # noqa: F401 - enables line editing and history for input()
                except ImportError:
                    pass
                line = input("").rstrip("\r\n")
                if len(line) > MAX_LINE:
                    raise LineTooLong
                return clean(line)
            try:
                line = _read_piped()
            except EOFError:
                con.print()
                raise
            con.print(escape(shorten(line, 200)), markup=True, highlight=False)  # echo piped answers
            return clean(line)
        except LineTooLong:
            con.print(f"\n[yellow]that line is longer than {MAX_LINE:,} characters; answer in fewer words[/]")


def warm_torch() -> threading.Thread | None:
    """Start importing torch in a background thread so that a demo shows at once when asked for.
    Returns the thread (None when torch is imported already or warm-ups are off)."""
    import os

    if os.environ.get("DLSTUDY_NO_WARMUP") or "torch" in sys.modules:  # DLSTUDY_NO_WARMUP: to measure it
        return None

    def _load() -> None:
        try:
            import torch  # noqa: F401
        except Exception:  # noqa: BLE001 - the demo will report the real error when run
            pass

    thread = threading.Thread(target=_load, name="torch-warmup", daemon=True)
    thread.start()
    return thread


def card_uses_torch(card: Card) -> bool:
    from dlstudy.demos.registry import get_spec

    return any((s := get_spec(d)) is not None and s.uses_torch for d in card.demos)


class Asker:
    """Asks questions on a console. review=True enables rating changes and the review keys."""

    def __init__(self, con, seed: int = 0, review: bool = False, header_extra=None):
        self._torch_warmup: threading.Thread | None = None  # one warm-up per session
        self.con = con
        self.seed = seed
        self.review = review
        self.header_extra = header_extra  # callable -> str (timer, progress)

    # ----- display -----
    def show_question(self, card: Card, q: Question, number: str, order: list[Any] | None) -> None:
        con = self.con
        extra = self.header_extra() if self.header_extra else ""
        con.rule(f"[bold]{number}[/] · {escape(card.title)} · {q.kind}{(' · ' + extra) if extra else ''}",
                 align="left")
        if q.kind == "predict":
            from dlstudy.demos.registry import get_spec

            spec = get_spec(q.demo)
            cmd = spec.command(q.params) + (f" --seed {q.seed}" if q.seed else "") if spec else q.demo
            con.print(f"[dim]Predict what this demo computes:[/] [green]{escape(cmd)}[/]")
        con.print(escape(q.prompt))
        if order is not None:
            for i, opt in enumerate(order):
                con.print(f"  [bold]{LETTERS[i]})[/] {escape(option_text(opt))}")
        tips = {"choice": "letter(s)", "numeric": "a number or expression, e.g. 2/(300+100)",
                "short": "a word or phrase", "open": "your answer in a few sentences (one line)"}
        kind = q.grades_as()
        if q.kind == "choice" and q.multi:
            tip = "letters of ALL right options, e.g. a,c"
        else:
            tip = tips.get(kind, "")
        keys = "? hint · s skip · q quit" + (" · u undo last · ! suspend · :b bury · :f flag" if self.review else "")
        con.print(f"[dim]({tip}; {keys})[/]")

    def hint(self, card: Card, q: Question, n: int) -> int:
        hints = ([q.hint] if q.hint else []) + list(card.key_points)
        if n < len(hints):
            self.con.print(f"[yellow]hint {n + 1}/{len(hints)}:[/] {escape(hints[n])}")
            return n + 1
        self.con.print("[yellow]no more hints[/]")
        return n

    # ----- one question -----
    def ask(self, card: Card, q: Question, number: str) -> Outcome:
        """Ask until a valid answer or a command; grade; show feedback. Does not save anything."""
        if card_uses_torch(card) and self._torch_warmup is None:
            self._torch_warmup = warm_torch()
        order = None
        if q.grades_as() == "choice":
            order = shuffled_options(q, self.seed)
        self.show_question(card, q, number, order)
        started = time.monotonic()
        hints = 0
        while True:
            text = read_line(self.con, "[bold cyan]> [/]").strip()
            low = text.lower()
            command = low[1:] if low.startswith(":") else low
            is_option = order is not None and len(low) >= 1 and all(ch in LETTERS[: len(order)] + ", " for ch in low)
            if command in ("?", "h", "hint") and (low.startswith(":") or command == "?"):
                hints = self.hint(card, q, hints)
                continue
            if command == "q" or command == "quit":
                return Outcome("quit")
            if command == "s" or command == "skip":
                return Outcome("skipped", duration_ms=int((time.monotonic() - started) * 1000))
            if self.review and not is_option or low.startswith(":"):
                mapped = {"u": "undo", "!": "suspend", "b": "bury", "f": "flag"}.get(command)
                if mapped and (self.review or mapped == "undo"):
                    if not self.review:
                        self.con.print("[yellow]undo works in 'dlstudy review'[/]")
                        continue
                    return Outcome(mapped)
            if not text:
                self.con.print("[yellow]type an answer, '?' for a hint, 's' to skip or 'q' to quit[/]")
                continue
            try:
                grade, value = self._grade(q, text, order)
            except AnswerError as exc:
                self.con.print(f"[yellow]{escape(str(exc))}[/] — try again.")
                continue
            duration = int((time.monotonic() - started) * 1000)
            self.show_feedback(card, q, grade, value)
            return Outcome("answered", grade=grade, answer=text, duration_ms=duration,
                           details={"hints": hints, **grade.details})

    def _grade(self, q: Question, text: str, order) -> tuple[Grade, Any]:
        if q.kind == "choice":
            return grade_choice(q, text, order), None
        if q.kind == "numeric":
            return grade_numeric(q, text), None
        if q.kind == "short":
            return grade_short(q, text), None
        if q.kind == "open":
            return grade_open(q, text), None
        # predict: validate the input shape first, then run the demo live and grade against its value
        if q.format == "numeric":
            from dlstudy.quiz.numexpr import ExprError, parse_number

            try:
                parse_number(text)
            except ExprError as exc:
                raise AnswerError(str(exc)) from None
        else:
            from dlstudy.quiz.grading import parse_letters

            if len(parse_letters(text, len(order))) != 1:
                raise AnswerError("pick one letter")
        run, value = self.run_predict_demo(q)
        return grade_predict(q, text, value, order), run

    def run_predict_demo(self, q: Question):
        from dlstudy.demos.result import lookup
        from dlstudy.demos.runner import run_demo

        self.con.print(f"[dim]running {q.demo} live...[/]")
        run = run_demo(q.demo, q.params, q.seed)
        try:
            value = lookup(run.to_dict(), q.answer_from)
        except KeyError as exc:
            from dlstudy.errors import DlstudyError

            raise DlstudyError(f"card question {q.id}: {exc.args[0]} (run 'dlstudy check')", exit_code=1) from None
        return run, value

    def show_feedback(self, card: Card, q: Question, grade: Grade, run=None) -> None:
        con = self.con
        if q.kind == "predict" and run is not None:
            from dlstudy.render.demo_list import render_run

            render_run(con, run)
            con.print(f"[dim]the demo's {escape(q.answer_from)} = {escape(str(grade.details.get('demo_value')))}[/]")
        if grade.correct is True:
            con.print(f"[bold green]✓ correct[/] {escape(grade.feedback)}")
            if q.kind in ("numeric", "predict", "short"):
                con.print(f"  answer: {escape(grade.expected)}")
        elif grade.correct is False:
            con.print(f"[bold red]✗ not quite[/] — the answer is [bold]{escape(grade.expected)}[/]")
        else:
            con.print(f"[bold]Model answer:[/] {escape(grade.expected)}")
            for item in grade.details.get("rubric", []):
                mark = "[green]✓[/]" if item["hit"] else "[dim]·[/]"
                con.print(f"  {mark} {escape(item['point'])}")
            con.print(f"[dim]{escape(grade.feedback)}[/]")
        con.print(f"[dim]{escape(q.explanation)}[/]")

    def suggested_rating(self, grade: Grade) -> int:
        if grade.correct is None:
            return 3 if grade.score >= 0.75 else 2 if grade.score >= 0.4 else 1
        return 3 if grade.correct else 1

    def after(self, card: Card, q: Question, outcome: Outcome) -> str:
        """The post-answer menu: rating (open / review), d demo, c card, u redo, q quit.

        Sets outcome.rating; returns 'next', 'quit' or 'redo'."""
        grade = outcome.grade
        rating = self.suggested_rating(grade)
        outcome.rating = rating
        open_q = grade.correct is None
        parts = []
        if open_q:
            parts.append(f"rate yourself 1 again · 2 hard · 3 good · 4 easy \\[enter = {rating} {Rating(rating).label}]")
        elif self.review and grade.correct:
            parts.append("\\[enter] good · h hard · e easy")
        else:
            parts.append("\\[enter] next")
        if card.demos:
            parts.append("d demo")
        parts.append("c card")
        if self.review:
            parts.append("u answer again")
        parts.append("q quit")
        while True:
            text = read_line(self.con, "[dim]" + " · ".join(parts) + "[/] ").strip().lower()
            if text == "":
                return "next"
            if open_q and text in ("1", "2", "3", "4"):
                outcome.rating = int(text)
                return "next"
            if open_q and text in ("again", "hard", "good", "easy"):
                outcome.rating = Rating.parse(text)
                return "next"
            if self.review and grade.correct and text in ("h", "hard", "e", "easy", "g", "good"):
                outcome.rating = {"h": 2, "hard": 2, "e": 4, "easy": 4, "g": 3, "good": 3}[text]
                return "next"
            if text == "d" and card.demos:
                self.show_demo(card)
                continue
            if text == "c":
                from dlstudy.render.cards import render_card

                render_card(self.con, card)
                continue
            if text == "u" and self.review:
                return "redo"
            if text == "q":
                return "quit"
            self.con.print("[yellow]not a choice here[/]")

    def show_demo(self, card: Card) -> None:
        from dlstudy.demos.runner import run_demo
        from dlstudy.render.demo_list import render_run

        for demo_id in card.demos:
            started = time.monotonic()
            run = run_demo(demo_id, {}, 0)
            render_run(self.con, run)
            self.con.print(f"[dim]{demo_id}: {time.monotonic() - started:.2f} s from keypress to output[/]")
