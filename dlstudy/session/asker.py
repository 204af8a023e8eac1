"""Asking one question in the terminal: prompt, keys (? s q d c ...), grading, feedback, rating.

Reads lines from stdin, so answers can be piped in. EOF (Ctrl-D) raises EOFError; Ctrl-C raises
KeyboardInterrupt; the session runners turn both into a clean stop with a summary.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from dlstudy.content.schema import Card, Question
from dlstudy.kinds.base import LETTERS, AnswerError, Grade
from dlstudy.kinds.choice import option_text, shuffled
from dlstudy.kinds.plugin import GradeEnv, Line
from dlstudy.kinds.probes import BEFORE, BLIND, PROBES, Probe, ProbeResult
from dlstudy.session.input import read_line
from dlstudy.session.keys import (
    AGAIN,
    CARD,
    DEMO,
    HINT,
    PROBE,
    PROBE_KEY,
    QUIT,
    REVIEW_COMMANDS,
    SKIP,
    Command,
    after_keys,
    question_keys,
)
from dlstudy.srs.events import valid_flag_name as flag_name_ok
from dlstudy.srs.ratings import Rating
from dlstudy.text import clean, escape


class Quit(Exception):
    """The user typed q."""


Action = Literal["answered", "skipped", "quit", Command]  # Command: undo | suspend | bury | flag


@dataclass
class Outcome:
    """What happened with one question."""

    action: Action
    grade: Grade | None = None
    answer: str | None = None
    rating: int | None = None
    duration_ms: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    stop: bool = False  # answered, then q at a probe: save the answer and end the session

    @property
    def suggested(self) -> int | None:
        return self.grade.suggested if self.grade is not None else None

    @property
    def overridden(self) -> bool:
        """The learner chose another rating than the grader suggested (recorded with the answer)."""
        return self.grade is not None and self.rating is not None and self.rating != self.grade.suggested


def prose(text: str) -> str:
    """Card prose for a rich console: TeX inside it shown as the formulas are, control characters
    removed, markup escaped."""
    from dlstudy.content.tex import inline_tex

    return escape(inline_tex(clean(text)))


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


STYLES = {"": "{}", "bold": "[bold]{}[/]", "dim": "[dim]{}[/]", "right": "[bold green]{}[/]", "wrong": "[bold red]{}[/]",
          "warn": "[yellow]{}[/]", "mark": "[cyan]{}[/]", "contradicted": "[red]{}[/]", "command": "[green]{}[/]"}


def markup_line(line: Line) -> str:
    """A line of feedback from a kind as rich markup: card prose with its TeX shown as formulas, every
    text escaped."""
    return "".join(STYLES[span.style].format(prose(span.text) if span.prose else escape(span.text)) for span in line)


RATING_KEYS = {"a": Rating.AGAIN, "again": Rating.AGAIN, "h": Rating.HARD, "hard": Rating.HARD, "g": Rating.GOOD,
               "good": Rating.GOOD, "e": Rating.EASY, "easy": Rating.EASY}


class Asker:
    """Asks questions on a console. review=True enables the review keys (undo, suspend, bury, flag).

    The grader only suggests: after every answer the learner confirms or changes the rating (1-4 or
    again/hard/good/easy; Enter keeps the suggestion), and for open answers marks the rubric points
    they covered. `semantic` is a callable returning the semantic model or None (kinds/semantic.py).

    `probes`: when the kind offers probes (either/or questions on each rubric point, kinds/probes.py),
    "ask" offers them at the rating prompt (`p`), "always" asks them after the answer, and "interview"
    asks them after the answer as the interviewer's follow-ups."""

    def __init__(self, con, seed: int = 0, review: bool = False, header_extra=None, semantic=None,
                 verbose: bool = False, probes: str = "ask", lang: str = "en"):
        self._torch_warmup: threading.Thread | None = None  # one warm-up per session
        self.con = con
        self.seed = seed
        self.review = review
        self.header_extra = header_extra  # callable -> str (timer, progress)
        self.semantic = semantic
        self.verbose = verbose  # keypress-to-output times of demos (DLSTUDY_VERBOSE)
        self._shown = 0  # options are shuffled afresh every time a question is shown
        self.probes = probes
        self.lang = lang  # card titles (and the card view, c) in this language where cards have them

    # ----- display -----
    def show_question(self, card: Card, q: Question, number: str, order: list[Any] | None) -> None:
        con = self.con
        plugin = q.plugin
        extra = self.header_extra() if self.header_extra else ""
        con.print()
        con.rule(self.header(card, q, number, extra), align="left")
        preamble = plugin.preamble(q.spec)
        if preamble:
            con.print(markup_line(preamble))
        con.print(prose(plugin.prompt_text(q.spec, q.prompt)))
        if order is not None:
            for i, opt in enumerate(order):
                self.show_option(LETTERS[i], option_text(opt))
        tip = plugin.tip(q.spec)
        keys = question_keys(self.review)
        con.print(f"[dim]({tip}; {keys})[/]")

    def header(self, card: Card, q: Question, number: str, extra: str) -> str:
        """The question's rule line: number, card title, kind and the timer. Only the title is shortened to
        fit the width (never the number, the kind or the timer); on a narrow screen the kind is abbreviated."""
        from dlstudy.content.schema import card_title
        from dlstudy.render.layout import cells, fit

        title = clean(card_title(card, self.lang))
        parts = [clean(number), clean(extra)] if extra else [clean(number)]
        kind: str = q.kind
        room = self.con.width - 8 - sum(cells(p) for p in parts) - 3 * len(parts) - cells(kind)
        if room < 16:
            kind = q.plugin.narrow_name
            room = self.con.width - 8 - sum(cells(p) for p in parts) - 3 * len(parts) - cells(kind)
        shown = fit(title, max(room, 6))
        tail = f" · {escape(parts[1])}" if extra else ""
        return f"[bold]{escape(parts[0])}[/] · {escape(shown)} · {kind}{tail}"

    def show_option(self, letter: str, text: str) -> None:
        """An option, wrapped under its own text (a long option never runs back to column 0)."""
        from dlstudy.content.tex import inline_tex
        from dlstudy.render.layout import wrap

        lines = wrap(inline_tex(clean(text)), max(self.con.width, 20), first=f"  {letter}) ")
        self.con.print(f"  [bold]{letter})[/] {escape(lines[0][len(letter) + 4:])}")
        for line in lines[1:]:
            self.con.print(escape(line))

    def hint(self, card: Card, q: Question, n: int) -> int:
        hints = ([q.hint] if q.hint else []) + list(card.key_points)
        if n < len(hints):
            self.con.print(f"[yellow]hint {n + 1}/{len(hints)}:[/] {prose(hints[n])}")
            return n + 1
        self.con.print("[yellow]no more hints[/]")
        return n

    def order_for(self, q: Question) -> list[Any] | None:
        options = q.plugin.options(q.spec)
        if not options:
            return None
        self._shown += 1
        return shuffled(options, f"{self.seed}:{self._shown}", q.id)

    # ----- one question -----
    def ask(self, card: Card, q: Question, number: str) -> Outcome:
        """Ask until a valid answer or a command; grade; show feedback. Does not save anything."""
        if card_uses_torch(card) and self._torch_warmup is None:
            self._torch_warmup = warm_torch()
        if q.plugin.self_rated and self.semantic is not None:
            self.semantic(start=True)  # load the model in the background while the learner types
        order = self.order_for(q)
        self.show_question(card, q, number, order)
        started = time.monotonic()
        hints = 0
        while True:
            text = read_line(self.con, "[bold cyan]> [/]").strip()
            low = text.lower()
            command = low[1:] if low.startswith(":") else low
            is_option = order is not None and len(low) >= 1 and all(ch in LETTERS[: len(order)] + ", " for ch in low)
            if command in (HINT, "h", "hint") and (low.startswith(":") or command == HINT):
                hints = self.hint(card, q, hints)
                continue
            if command in (QUIT, "quit"):
                return Outcome("quit")
            if command in (SKIP, "skip"):
                self.show_answer(card, q)
                return Outcome("skipped", duration_ms=int((time.monotonic() - started) * 1000))
            if self.review and not is_option or low.startswith(":"):
                head, _, name = command.partition(" ")  # ':f NAME' flags with a name
                mapped = REVIEW_COMMANDS.get(command if not name else head)
                if mapped and name and not (mapped == "flag" and low.startswith(":")):
                    mapped = None
                if mapped and (self.review or mapped == "undo"):
                    if not self.review:
                        self.con.print("[yellow]undo works in 'dlstudy review'[/]")
                        continue
                    if mapped == "flag" and name and not flag_name_ok(name.strip()):
                        self.con.print("[yellow]a flag name is 1-24 lowercase letters, digits, '-' or '_' "
                                       "(e.g. ':f unclear')[/]")
                        continue
                    return Outcome(mapped, details={"flag": name.strip()} if name else {})
            if command == DEMO and low.startswith(":") and self.review and card.demos:  # the demo before answering
                self.show_demo(card)
                continue
            if not text:
                self.con.print(f"[yellow]type an answer, '{HINT}' for a hint, '{SKIP}' to skip or '{QUIT}' to quit[/]")
                continue
            env = GradeEnv(order=order, prompt=q.prompt, run_demo=self._run_demo,
                           semantic=(lambda: self.semantic(start=False, wait=1.5)) if self.semantic is not None
                           else None)
            try:
                grade = q.plugin.grade(q.spec, text, env)
            except AnswerError as exc:
                self.con.print(f"[yellow]{escape(str(exc))}[/] — try again.")
                continue
            duration = int((time.monotonic() - started) * 1000)
            stop = False
            if self.probes in ("always", "interview"):  # before the model answer, as an interviewer would
                probes = q.plugin.probes(q.spec, self._probe_seed(card, q), grade)
                stop = bool(probes) and self.ask_probes(q, grade, grade.details, probes, blind=True) == "quit"
            self.show_feedback(card, q, grade, env.run)
            if env.run is not None:  # a live demo run (predict): later check/export reuse it
                from dlstudy.export.anki import remember_run

                remember_run(q, env.run)
            return Outcome("answered", grade=grade, answer=text, duration_ms=duration,
                           details={"hints": hints, **grade.details}, stop=stop)

    def _probe_seed(self, card: Card, q: Question) -> str:
        return f"{self.seed}:{card.id}/{q.id}"

    def _run_demo(self, demo: str, params: dict[str, Any], seed: int) -> Any:
        from dlstudy.demos.runner import run_demo

        self.con.print(f"[dim]running {escape(demo)} live...[/]")
        return run_demo(demo, params, seed)

    def show_answer(self, card: Card, q: Question) -> None:
        """After a skip: the answer (for predict questions, the command that computes it)."""
        shown = q.plugin.skip_answer(q.spec)
        self.con.print(f"[dim]skipped — the answer:[/] {prose(shown.text) if shown.prose else escape(shown.text)}")
        self.con.print(f"[dim]{prose(q.explanation)}[/]")

    def show_feedback(self, card: Card, q: Question, grade: Grade, run: Any = None) -> None:
        con = self.con
        if run is not None:
            from dlstudy.render.demo_run import render_run

            render_run(con, run)
        for line in q.plugin.feedback(q.spec, grade):
            con.print(markup_line(line))
        con.print(f"[dim]{prose(q.explanation)}[/]")

    # ----- after the answer -----
    def after(self, card: Card, q: Question, outcome: Outcome, intervals: dict[int, str] | None = None) -> str:
        """The rating prompt and post-answer keys. Sets outcome.rating; returns 'next', 'quit' or 'redo'.

        Auto-graded: the grader's verdict is pre-selected; any rating 1-4 (or again/hard/good/easy,
        a/h/g/e) overrides it. Open: type the numbers of the points you covered (Enter keeps the
        grader's marks; 0 for none), or a rating by name; `p` asks the probes (asked at once with
        probes "always" or "interview"), and the points answered right then make the pre-selection.
        Then: d demo, c card, r answer again (review), q quit."""
        grade = outcome.grade
        assert grade is not None  # the rating prompt follows an answer
        outcome.rating = grade.suggested
        if outcome.stop:
            return "quit"
        open_q = q.plugin.self_rated
        rubric = grade.details.get("rubric", [])
        probes = q.plugin.probes(q.spec, self._probe_seed(card, q), grade)
        others = after_keys(bool(card.demos), self.review)
        while True:
            asked = PROBES in outcome.details
            keys = ([PROBE_KEY] if probes and not asked else []) + others
            text = read_line(self.con, "[dim]" + self._choice(q, outcome, intervals) + " · " + " · ".join(keys)
                             + "[/]\n[bold cyan]>> [/]")
            low = text.strip().lower()
            if low == "":
                return "next"
            if low in RATING_KEYS or (not open_q and low in ("1", "2", "3", "4")):
                outcome.rating = int(RATING_KEYS.get(low) or int(low))
                return "next"
            if open_q and re.fullmatch(r"[\d\s,]+", low):
                picked = {int(x) for x in re.findall(r"\d+", low)}
                if picked - set(range(0, len(rubric) + 1)):
                    self.con.print(f"[yellow]points are numbered 1 to {len(rubric)}[/]")
                    continue
                covered = len(picked - {0})
                outcome.rating = q.plugin.points_rating(q.spec, covered)
                outcome.details["covered"] = sorted(picked - {0})
                self.con.print(f"[dim]{covered} of {len(rubric)} points → {Rating(outcome.rating).label}[/]")
                return "next"
            if low == PROBE and probes:
                if asked:
                    self.con.print("[yellow]the probes are answered already[/]")
                elif self.ask_probes(q, grade, outcome.details, probes, blind=False) == "quit":
                    outcome.rating = grade.suggested
                    return "quit"
                outcome.rating = grade.suggested
                continue
            if low == DEMO and card.demos:
                self.show_demo(card)
                continue
            if low == CARD:
                from dlstudy.render.cards import render_card

                render_card(self.con, card, lang=self.lang)
                continue
            if low == AGAIN and self.review:
                return "redo"
            if low == QUIT:
                return "quit"
            self.con.print("[yellow]not a choice here[/]")

    def _choice(self, q: Question, outcome: Outcome, intervals: dict[int, str] | None) -> str:
        """What Enter does and what else may be typed at the rating prompt."""
        grade = outcome.grade
        assert grade is not None
        suggested = grade.suggested
        if q.plugin.self_rated:
            counted = [i for i, p in enumerate(q.plugin.points(q.spec, outcome.details), 1) if p["counted"]]
            choice = (f"points you covered (e.g. 1 3), Enter = {' '.join(map(str, counted)) or 'none'} → "
                      f"{Rating(suggested).label}; or a rating: again/hard/good/easy")
        else:
            verdict = "right" if grade.correct else "wrong"
            choice = f"grader: {verdict} → \\[enter] {Rating(suggested).label} · 1 again 2 hard 3 good 4 easy"
        if intervals:
            choice += "  [dim](" + " · ".join(f"{Rating(r).label} {t}" for r, t in sorted(intervals.items())) + ")[/]"
        return choice

    def ask_probes(self, q: Question, grade: Grade, details: dict[str, Any], probes: list[Probe], blind: bool) -> str:
        """Ask each probe (a or b, or the statement's words; s stops, q or the end of the input quits),
        record the results in details and make the pre-selection (grade.suggested) follow the points that
        now count. blind: asked before the model answer and the rubric were shown (recorded, since after
        them the right statement is on screen). Returns 'done' or 'quit'."""
        con = self.con
        if self.probes == "interview":
            con.print("[magenta]The interviewer follows up on each point: which statement is right?[/]")
        else:
            con.print("[bold]Probes:[/] [dim]for each point, which statement is right? "
                      "(a or b, or the statement's words; s stop probing · q quit)[/]")
        found: list[ProbeResult] = []
        step = "done"
        for n, probe in enumerate(probes, 1):
            con.print(f"[bold]{n}/{len(probes)}[/]")
            for i, statement in enumerate(probe.options):
                con.print(f"  [bold]{LETTERS[i]})[/] {prose(statement)}")
            while True:
                try:
                    text = read_line(con, "[bold cyan]probe> [/]").strip()
                except EOFError:  # the end of the input: the answer is kept, the session ends
                    text = "q"
                command = text.lower().lstrip(":")
                if command in (QUIT, "quit", SKIP, "stop", "skip"):
                    step = "quit" if command in (QUIT, "quit") else "stopped"
                    break
                try:
                    right = probe.judge(text)
                except AnswerError as exc:
                    con.print(f"[yellow]{escape(str(exc))}[/] — try again.")
                    continue
                found.append(ProbeResult(probe.point, probe.misconception, text, right))
                con.print("[bold green]✓ right[/]" if right else
                          f"[bold red]✗[/] the right statement: {prose(probe.statement)}")
                break
            if step != "done":
                break
        if found:
            details[BEFORE] = grade.suggested
            details[PROBES] = [r.to_dict() for r in found]
            details[BLIND] = blind
            points = q.plugin.points(q.spec, details)
            counted = sum(1 for p in points if p["counted"])
            grade.suggested = q.plugin.points_rating(q.spec, counted)  # the pre-selection now
            n_right = sum(r.right for r in found)
            con.print(f"[dim]probes: {n_right} of {len(found)} right · {counted} of {len(points)} points count → "
                      f"{Rating(grade.suggested).label}[/]")
        return "quit" if step == "quit" else "done"

    def show_demo(self, card: Card) -> None:
        """`d`: the card's demo in the lab (change parameters, see what changes; Enter comes back, `n`
        opens the card's next demo when it has several)."""
        from dlstudy.demos.params import parse_params
        from dlstudy.demos.registry import spec_of
        from dlstudy.session.lab import Lab

        demos = list(card.demos)
        shown = 0
        while True:
            demo_id = demos[shown]
            started = time.monotonic()
            lab = Lab(self.con, demo_id, parse_params(spec_of(demo_id), {}), 0, verbose=self.verbose,
                      back_on_enter=True)
            lab.run_once()
            if self.verbose:
                self.con.print(f"[dim]{demo_id}: {time.monotonic() - started:.2f} s from keypress to output[/]")
            following = demos[(shown + 1) % len(demos)] if len(demos) > 1 else None
            self.con.print("[dim]lab: key=value … change · s new seed · r reset · ? parameters · "
                           + (f"n next demo ({escape(following)}) · " if following else "")
                           + "Enter back to the questions[/]")
            while True:
                line = read_line(self.con, "[bold cyan]lab> [/]")
                if following and line.strip().lower() == "n":
                    shown = (shown + 1) % len(demos)
                    break
                if not lab.apply(line):
                    return
