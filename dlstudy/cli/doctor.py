"""`dlstudy doctor`: check the database; rebuild FSRS states from the review log; unsuspend."""


from typing import Optional

import typer

from dlstudy.text import escape

HELP = """Check the progress database and repair what can be repaired.

Without options: integrity check, schema version, counts, questions whose card disappeared.
--rebuild replays the log (every answer and event, the source of truth) and rewrites what differs:
question states, flags, settings; on a healthy database it changes nothing.

\b
Examples:
  dlstudy doctor
  dlstudy doctor --rebuild
  dlstudy doctor --unsuspend softmax/overflow-why
"""
EPILOG = "Backups: 'dlstudy backup', 'dlstudy restore FILE'."


def doctor(
    ctx: typer.Context,
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild question states from the review log."),
    unsuspend: Optional[str] = typer.Option(None, "--unsuspend", metavar="CARD/QUESTION", help="Unsuspend a question."),
    unflag: Optional[str] = typer.Option(None, "--unflag", metavar="CARD/QUESTION", help="Clear a question's flag."),
) -> None:
    from dlstudy.errors import ExitCode, UsageError
    from dlstudy.paths import db_path
    from dlstudy.srs.schema import SCHEMA_VERSION
    from dlstudy.srs.settings import config_problems

    app = ctx.obj
    con = app.console
    if not db_path().exists():
        con.print(f"No database yet at {escape(db_path())} (it is created by the first review or quiz).")
        return
    writes = bool(rebuild or unsuspend or unflag)
    with app.store(readonly=not writes) as store:
        for target, column in ((unsuspend, "suspended"), (unflag, "flagged")):
            if target:
                if "/" not in target:
                    raise UsageError("give CARD/QUESTION, e.g. softmax/overflow-why")
                card_id, qid = target.split("/", 1)
                current = store.flags().get((card_id, qid))
                if not current or not current[column]:
                    raise UsageError(f"{target} is not {column}")
                from dlstudy.srs.actions import question_action

                question_action(store, "unsuspend" if column == "suspended" else "unflag", [(card_id, qid)],
                                app.clock.now().timestamp())
                con.print(f"{escape(target)}: {column} cleared")
        if rebuild:
            from dlstudy.srs.backup import backup_now
            from dlstudy.srs.rebuild import check_rebuildable, rebuild_states

            check_rebuildable(store)  # a damaged database is restored from a backup, not rebuilt
            saved = backup_now(store, reason="before-rebuild")
            n, logs, events, changed = rebuild_states(store)
            con.print(f"rebuilt {n} question state(s) from {logs} review(s) and {events} event(s); "
                      f"{changed} cached value(s) changed; previous database saved as {escape(saved)}")
        ok = store.integrity_ok()
        unusable = store.log_problems()
        left_out = {log_id for log_id, _why in store.log_problems(limit=10**9, scheduling_only=True)}
        settings = config_problems(store.get_config())
        counts = store.counts()
        semantic_status = app.semantic_status(store.get_config())
        replayed, pending = store.replayed
        deck = app.deck()
        have = {(c.id, q.id) for c in deck.cards for q in c.questions}
        orphans = sorted({(s.card_id, s.question_id) for s in store.states()} - have)
    con.print(f"database: {escape(db_path())}")
    con.print(f"integrity: {'ok' if ok else '[red]FAILED[/] (restore a backup: dlstudy restore)'} · "
              f"schema {counts['schema']}/{SCHEMA_VERSION}")
    con.print(f"{counts['review_log']} review(s), {counts['question_state']} question state(s), "
              f"{counts['attempts']} quiz attempt(s), {counts['events']} event(s)")
    con.print(f"semantic evidence for open answers: {escape(semantic_status)}")
    con.print(demo_cache_line())
    if replayed:
        con.print(f"{replayed} answer(s) saved in the recovery journal were written to the database")
    if pending:
        con.print(f"[red]{pending} answer(s) in the recovery journal could not be written yet[/] "
                  "(kept in pending-answers.jsonl in the data folder)")
    if unusable:
        con.print(f"[red]{len(unusable)} review-log row(s) are damaged[/]: {len(left_out)} cannot be used for "
                  "scheduling ('dlstudy doctor --rebuild' leaves them out), the others keep their rating and time "
                  "('dlstudy restore' brings back a backup):")
        for log_id, why in unusable[:10]:
            con.print(f"  review_log id {log_id}: {escape(why)}")
    for key, value, why in settings:
        con.print(f"[red]setting {escape(key)} = {escape(repr(value[:40]))} is not valid[/] ({escape(why)}); the "
                  f"default is used: 'dlstudy config {escape(key)} --reset' fixes it")
    if orphans:
        con.print(f"{len(orphans)} question(s) have history but are no longer in the content (kept): "
                  + escape(", ".join(f"{c}/{q}" for c, q in orphans[:10])))
    if not ok or unusable or pending or settings:
        raise typer.Exit(ExitCode.PROBLEMS)


def demo_cache_line() -> str:
    """Where cached demo results are and how much they take (deleting the folder clears them)."""
    from dlstudy.demos import cache

    entries, size = cache.usage()
    where = escape(cache.root())
    if not cache.enabled():
        return f"demo-result cache: off (DLSTUDY_NO_CACHE is set); {where}"
    return (f"demo-result cache: {entries} result(s), {size / 1024:,.0f} KiB in {where} "
            "(delete the folder to clear it)")
