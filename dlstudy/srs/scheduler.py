"""FSRS scheduling through the fsrs package: settings from config, the outcomes of an answer, retrievability."""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from dlstudy.srs.ratings import is_lapse
from dlstudy.srs.records import NextStates, Scheduled, StateRow

DEFAULTS = {
    "desired_retention": "0.9",
    "new_per_day": "10",
    "reviews_per_day": "200",
    "rollover_hour": "4",
    "fuzz": "true",
    "parameters": "",
    "semantic": "on",
    "probe": "ask",
    "leech_threshold": "6",
}
CONFIG_HELP = {
    "desired_retention": "target probability of recalling a question when it is due (0.7..0.99)",
    "new_per_day": "new questions introduced per study day (0..500)",
    "reviews_per_day": "due reviews per study day (0..10000)",
    "rollover_hour": "local hour at which a new study day starts (0..23)",
    "fuzz": "spread due dates slightly so reviews do not bunch up (true|false)",
    "parameters": "personal FSRS parameters (comma-separated), set by 'dlstudy optimize'; empty = defaults",
    "semantic": "semantic evidence for open answers when the 'semantic' extra is installed (on|off)",
    "probe": "open answers: probe each rubric point as an either/or always, or when you type p (always|ask)",
    "leech_threshold": "lapses that make a question a leech: marked, taught before it is asked, never suspended "
                       "without asking (1..100)",
}


@dataclass
class Settings:
    desired_retention: float = 0.9
    new_per_day: int = 10
    reviews_per_day: int = 200
    rollover_hour: int = 4
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None

    @classmethod
    def from_config(cls, config: dict[str, str]) -> "Settings":
        """The settings from stored config, each value checked by the rules `dlstudy config` applies;
        a stored value that breaks them (another version, an edit, corruption) is replaced by the
        default (config_problems says which, for the warning and for doctor)."""
        merged = valid_config(config)
        params = tuple(float(x) for x in merged["parameters"].split(",")) if merged["parameters"].strip() else None
        return cls(float(merged["desired_retention"]), int(merged["new_per_day"]), int(merged["reviews_per_day"]),
                   int(merged["rollover_hour"]), merged["fuzz"].lower() == "true", params)


def config_problems(config: dict[str, str]) -> list[tuple[str, str, str]]:
    """Stored settings that `dlstudy config` would refuse: (key, stored value, why). Unknown keys (a newer
    version's) are left alone. FSRS's own bounds on `parameters` are checked where the scheduler is
    built (make_scheduler falls back to the defaults), so that no command imports fsrs just to read
    its settings."""
    from dlstudy.errors import UsageError

    out = []
    for key, value in config.items():
        if key not in DEFAULTS:
            continue
        try:
            validate_config(key, value if isinstance(value, str) else str(value), fsrs_bounds=False)
        except UsageError as exc:
            out.append((key, str(value), exc.message))
    return out


def valid_config(config: dict[str, str]) -> dict[str, str]:
    """Every setting, stored values that break the rules replaced by their defaults."""
    bad = {key for key, _value, _why in config_problems(config)}
    return {**DEFAULTS, **{k: str(v) for k, v in config.items() if k in DEFAULTS and k not in bad}}


def problem_text(key: str, value: str, why: str) -> str:
    """The warning for a stored setting that is not valid."""
    return (f"the stored setting {key} = {value[:40]!r} is not valid ({why}); using the default "
            f"{DEFAULTS[key] or '(default parameters)'}; fix it with 'dlstudy config {key} --reset'")


def validate_config(key: str, value: str, fsrs_bounds: bool = True) -> str:
    """Check a config value; returns its normalized text or raises UsageError. fsrs_bounds=False skips
    the check of `parameters` against FSRS's bounds (it needs fsrs imported)."""
    from dlstudy.errors import UsageError

    def number(lo: float, hi: float, integer: bool) -> str:
        try:
            v = int(value) if integer else float(value)
        except (ValueError, OverflowError):
            raise UsageError(f"{key} must be {'a whole number' if integer else 'a number'} between {lo} and {hi}") from None
        if not lo <= v <= hi:
            raise UsageError(f"{key} must be between {lo} and {hi}, got {value}")
        return str(v)

    if key == "desired_retention":
        return number(0.7, 0.99, False)
    if key == "new_per_day":
        return number(0, 500, True)
    if key == "reviews_per_day":
        return number(0, 10000, True)
    if key == "rollover_hour":
        return number(0, 23, True)
    if key == "leech_threshold":
        return number(1, 100, True)
    if key == "fuzz":
        if value.lower() not in ("true", "false"):
            raise UsageError("fuzz must be true or false")
        return value.lower()
    if key == "semantic":
        if value.lower() not in ("on", "off"):
            raise UsageError("semantic must be on or off")
        return value.lower()
    if key == "probe":
        if value.lower() not in ("always", "ask"):
            raise UsageError("probe must be always or ask")
        return value.lower()
    if key == "parameters":
        try:
            vals = [float(x) for x in value.split(",")] if value.strip() else []
        except ValueError:
            raise UsageError("parameters must be comma-separated numbers") from None
        if vals and len(vals) != 21:
            raise UsageError(f"parameters must be 21 numbers (FSRS-6), got {len(vals)}")
        if vals and not fsrs_bounds and not all(math.isfinite(v) for v in vals):
            raise UsageError("parameters must be finite numbers within FSRS's bounds")
        if vals and fsrs_bounds:
            from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

            for i, (v, lo, hi) in enumerate(zip(vals, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS)):
                if not lo <= v <= hi:  # also false for nan
                    raise UsageError(f"parameters[{i}] = {value.split(',')[i].strip()} is outside FSRS's bounds "
                                     f"[{lo}, {hi}]", hint="'dlstudy optimize' fits valid parameters; "
                                                           "'dlstudy config parameters \"\"' restores the defaults")
        return ",".join(repr(v) for v in vals)
    raise UsageError(f"no setting '{key}'", hint=f"settings: {', '.join(DEFAULTS)}")


def fsrs_card_id(card_id: str, question_id: str) -> int:
    return zlib.crc32(f"{card_id}/{question_id}".encode()) + 1


def make_scheduler(settings: Settings):
    from fsrs import Scheduler

    kwargs = {"desired_retention": settings.desired_retention, "enable_fuzzing": settings.fuzz}
    if settings.parameters:
        try:
            return Scheduler(parameters=settings.parameters, **kwargs)
        except (ValueError, TypeError):  # stored parameters FSRS refuses: schedule with the defaults
            pass
    return Scheduler(**kwargs)


def ts(dt: datetime) -> float:
    return dt.timestamp()


def from_ts(t: float) -> datetime:
    return datetime.fromtimestamp(t, tz=timezone.utc)


def next_state(scheduler: Any, current: StateRow | None, card_id: str, question_id: str, rating: int,
               when: datetime, duration_ms: int | None = None) -> Scheduled:
    """The state one rating leads to from `current` (None: a new question), answered at `when`."""
    from fsrs import Card, Rating

    card = Card.from_dict(current.fsrs) if current is not None else \
        Card(card_id=fsrs_card_id(card_id, question_id), due=when)
    new, _log = scheduler.review_card(card, Rating(rating), review_datetime=when, review_duration=duration_ms)
    cols = state_columns(new)
    return Scheduled(cols["fsrs"], cols["due"], cols["state"], cols["stability"], cols["difficulty"],
                     is_lapse(current.state if current is not None else None, rating))


def next_states(scheduler: Any, current: StateRow | None, card_id: str, question_id: str, when: datetime,
                duration_ms: int | None = None) -> NextStates:
    """The four outcomes of answering at `when`, computed once (Anki's SchedulingStates): the previews
    shown at the rating prompt, and the state the rating chosen is written as."""
    return NextStates(current, ts(when), {r: next_state(scheduler, current, card_id, question_id, r, when, duration_ms)
                                          for r in (1, 2, 3, 4)})


def state_columns(card) -> dict:
    d = card.to_dict()
    return {"fsrs": d, "due": card.due.timestamp(), "state": int(card.state), "stability": card.stability,
            "difficulty": card.difficulty}


def retrievability(scheduler, fsrs_state: dict, when: datetime) -> float:
    from fsrs import Card

    return float(scheduler.get_card_retrievability(Card.from_dict(fsrs_state), when))
