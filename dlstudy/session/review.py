"""The interactive review loop: ReviewEngine (scheduling, storage) + Asker (terminal)."""

from __future__ import annotations

import time

from dlstudy.errors import ExitCode, StateError
from dlstudy.session.asker import Asker
from dlstudy.srs import clock
from dlstudy.srs.backup import ensure_daily_backup
from dlstudy.srs.ratings import Rating
from dlstudy.srs.review import ReviewEngine
from dlstudy.text import escape

WAITING = ("[yellow]waiting for the database… another dlstudy is writing. Your answer is kept: wait, or press "
           "Ctrl-C to save it in the recovery journal for the next start.[/]")


def run_review(app, store, deck, topic=None, new=None, limit=None) -> int:
    """Returns the exit code (0, or 130 after Ctrl-C)."""
    con = app.console
    store.wait_notice = lambda: con.print(WAITING)
    ensure_daily_backup(store, warn=lambda m: con.print(f"[yellow]warning:[/] {escape(m)}"))
    session_id = store.start_session("review", app.clock.now().timestamp(), {"topic": topic})
    engine = ReviewEngine(store, deck, topic=topic, new_limit=new, limit=limit, session_id=session_id, clock=app.clock)
    missing = _orphans(store, deck)
    if missing:
        con.print(f"[yellow]{len(missing)} question(s) with history are no longer in the content "
                  f"(kept, not asked): {', '.join('/'.join(k) for k in missing[:5])}[/]")
    asker = Asker(con, seed=int(time.time()) % 100000, review=True)
    tally = {1: 0, 2: 0, 3: 0, 4: 0}
    started = time.monotonic()
    code = 0
    try:
        while True:
            items = engine.queue()
            if not items:
                break
            item = items[0]
            progress = f"{engine.done_in_session} done · {len(items)} left today"
            tag = "new" if item.is_new else "review"
            outcome = asker.ask(item.card, item.question, f"{tag} · {progress}")
            if outcome.action == "quit":
                break
            if outcome.action == "skipped":
                engine.skip(item)
                continue
            if outcome.action == "undo":
                back = engine.undo()
                con.print(f"[yellow]undone:[/] {back.card.id}/{back.question.id}" if back else "[yellow]nothing to undo[/]")
                continue
            if outcome.action == "bury":
                until = engine.bury(item)
                con.print(f"[yellow]buried until {until.astimezone(clock.local_tz()):%Y-%m-%d %H:%M}[/]")
                continue
            if outcome.action == "suspend":
                engine.suspend(item)
                con.print("[yellow]suspended (unsuspend with 'dlstudy doctor --unsuspend ID/QID')[/]")
                continue
            if outcome.action == "flag":
                engine.flag(item)
                con.print("[yellow]flagged for editing (listed in 'dlstudy stats')[/]")
                continue
            grade = outcome.grade
            auto = grade.correct is not None
            answered = None
            if auto:  # save at once with Again/Good; a later h/e re-rates atomically
                rating = asker.suggested_rating(grade)
                answered = engine.answer(item, rating, outcome.duration_ms, _details(outcome))
                con.print(f"[dim]✓ recorded {item.card.id}/{item.question.id} as {Rating(rating).label}[/]")
            step = asker.after(item.card, item.question, outcome)
            if step == "redo":
                if answered is not None:
                    engine.undo()
                con.print("[yellow]answer discarded; asking again[/]")
                continue
            if auto and outcome.rating != answered.rating:
                answered = engine.rerate(answered, outcome.rating, outcome.duration_ms, _details(outcome))
                con.print(f"[dim]✓ recorded {item.card.id}/{item.question.id} as {Rating(outcome.rating).label}[/]")
            elif not auto:
                answered = engine.answer(item, outcome.rating, outcome.duration_ms, _details(outcome))
                con.print(f"[dim]✓ recorded {item.card.id}/{item.question.id} as {Rating(outcome.rating).label}[/]")
            if step == "quit":
                break
    except EOFError:
        pass
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    for a in engine.history:
        tally[a.rating] += 1
    n = len(engine.history)
    seconds = time.monotonic() - started
    try:
        left = len(engine.queue())
    except StateError:
        left = 0
    summary = {"answered": n, "ratings": {Rating(k).label: v for k, v in tally.items()}, "left_today": left,
               "seconds": round(seconds, 1)}
    if code:
        store.stop_waiting()
    try:
        store.end_session(session_id, app.clock.now().timestamp(), summary)
    except StateError:  # the answers are saved; the session summary is a convenience
        pass
    con.rule("[bold]Review summary[/]")
    if n:
        passed = n - tally[1]
        con.print(f"{n} answered · {passed} passed ({passed / n:.0%}) · again {tally[1]}, hard {tally[2]}, "
                  f"good {tally[3]}, easy {tally[4]} · {seconds:.0f} s")
    else:
        con.print("Nothing answered.")
    if left:
        con.print(f"{left} question(s) left for today: [green]dlstudy review[/] to continue.")
    else:
        con.print("All done for today. [green]dlstudy stats[/] shows your progress.")
    return code


def _details(outcome) -> dict:
    d = dict(outcome.details)
    if outcome.grade is not None:
        d.update({"correct": outcome.grade.correct, "score": outcome.grade.score, "answer": outcome.answer})
    return {k: v for k, v in d.items() if isinstance(v, (str, int, float, bool, type(None), list, dict))}


def _orphans(store, deck) -> list[tuple[str, str]]:
    have = {(c.id, q.id) for c in deck.cards for q in c.questions}
    return sorted(set(store.state_index()) - have)
