"""`dlstudy plan`: a study plan to an interview date (set, show, clear)."""


from datetime import date
from typing import List, Optional

import typer

from dlstudy.cli import completion

HELP = """Plan your study to an interview date: peak on the day.

With --date, sets the plan: the interview date, the syllabus (--topic, repeatable; default every
topic) and the minutes a day you mean to study (--minutes, default 30). New questions are paced so
the whole syllabus is introduced before the last days (a quarter of the days, at most two weeks),
which are for review only; in them, review serves what raises your recall on the day: a question
FSRS predicts you would not recall then is brought forward, one you will still recall is left
alone. Without options, shows the plan again: the forecast per day (reviews, new questions,
minutes at your own pace), the expected recall on the day, and what would fit if it does not.
--minutes or --topic alone change the current plan. After the date the plan ends and ordinary
scheduling resumes.

\b
Examples:
  dlstudy plan --date 2026-12-01 --topic llm --topic nlp --minutes 45
  dlstudy plan
  dlstudy plan --minutes 60
  dlstudy plan --json
  dlstudy plan --clear
"""
EPILOG = "The plan lives in the progress database; 'dlstudy review' and the dashboard follow it."


def plan(
    ctx: typer.Context,
    when: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="The interview date (a new plan)."),
    topics: Optional[List[str]] = typer.Option(None, "--topic", "-t", help="A topic of the syllabus (repeatable; default all).",
                                               autocompletion=completion.topics),
    minutes: Optional[int] = typer.Option(None, "--minutes", min=1, max=600, help="Minutes a day you mean to study (default 30)."),
    clear: bool = typer.Option(False, "--clear", help="Remove the plan: ordinary review scheduling."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON (see 'dlstudy docs json')."),
) -> None:
    from dlstudy.errors import UsageError
    from dlstudy.srs import plan as rules

    app = ctx.obj
    changing = when is not None or topics or minutes is not None
    if clear:
        if changing:
            raise UsageError("--clear cannot be combined with --date, --topic or --minutes")
        with app.store() as store:
            removed = store.delete_config(rules.PLAN_KEY)
        app.console.print("plan removed: review follows ordinary scheduling again." if removed
                          else "no plan to remove.")
        return
    collection = app.index()
    if changing:
        with app.store(create=False, readonly=True) as store:  # checked before anything is created
            config = {} if store.empty else store.get_config()
        spec = _new_spec(app, config, when, topics or [], minutes, collection.topics())
        with app.store() as store:
            store.set_config(rules.PLAN_KEY, spec.to_json())
    _show(app, collection, as_json)


def _today(app, config: dict) -> date:
    from dlstudy.srs import clock
    from dlstudy.srs.scheduler import Settings

    return date.fromisoformat(clock.study_day(app.clock.now(), Settings.from_config(config).rollover_hour))


def _new_spec(app, config: dict, when: Optional[str], topics: List[str], minutes: Optional[int], known: List[str]):
    """The plan to store, every value checked first (nothing is stored, no database created, when one is
    wrong)."""
    from dlstudy.errors import UsageError
    from dlstudy.srs import plan as rules

    today = _today(app, config)
    if when is not None:
        spec = rules.PlanSpec(rules.parse_date(when), today, tuple(dict.fromkeys(topics)),
                              minutes if minutes is not None else rules.DEFAULT_MINUTES)
    else:  # --topic or --minutes alone: change the current plan
        current, problem = rules.stored_plan(config)
        if current is None:
            raise UsageError(problem or "there is no plan to change",
                             hint="set one with 'dlstudy plan --date YYYY-MM-DD [--topic T] [--minutes M]'")
        if current.date < today:
            raise UsageError(f"the plan for {current.date} has ended", hint="set a new one with --date")
        from dataclasses import replace

        spec = replace(current, topics=tuple(dict.fromkeys(topics)) if topics else current.topics,
                       minutes=minutes if minutes is not None else current.minutes)
    rules.check_spec(spec, known, today=today)
    return spec


def _show(app, collection, as_json: bool) -> None:
    from dlstudy.srs.plan_forecast import current

    with app.store(create=False, readonly=True) as store:
        rep, problem = (None, None) if store.empty else current(store, collection, app.clock.now())
    if problem:
        app.warn(problem)
    if as_json:
        import json

        typer.echo(json.dumps(rep.to_dict() if rep else None, indent=2))
        return
    if rep is None:
        app.console.print("No plan. Set one: [green]dlstudy plan --date YYYY-MM-DD[/] [--topic T]... [--minutes M]")
        return
    from dlstudy.render.plan import render_plan

    render_plan(app.console, rep)


def countdown_line(app, collection) -> Optional[str]:
    """The dashboard's plan line ('interview in 12 days · expected recall 0.84 · on track'), or None
    without a plan (or a database)."""
    from dlstudy.paths import db_path

    if not db_path().exists():
        return None
    from dlstudy.srs.plan import PLAN_KEY

    with app.store(create=False, readonly=True) as store:
        if not store.get_config().get(PLAN_KEY):
            return None  # without a plan, nothing more is imported or computed
        from dlstudy.srs.plan_forecast import current

        rep, problem = current(store, collection, app.clock.now(), advise=False)
    from dlstudy.render.plan import countdown
    from dlstudy.text import escape

    if problem:
        return f"[yellow]{escape(problem)}[/]"
    return f"[bold]{escape(countdown(rep))}[/] ([green]dlstudy plan[/])" if rep else None


def stats_entry(store, collection, now) -> Optional[dict]:
    """`stats --json`'s `plan`: the same object as `plan --json`, or None."""
    from dlstudy.srs.plan_forecast import current

    rep, _problem = current(store, collection, now)
    return rep.to_dict() if rep else None
