"""The review settings (`dlstudy config`): their defaults (Anki's where Anki has one), the rule each
value must follow, and the typed `Settings` the scheduler and the queue read.

A stored value is checked when it is read, by the same rule `dlstudy config` applies when it is set: a
value that breaks it (another version, an edit, corruption) is replaced by its default, and
`config_problems` says which (a warning, and `dlstudy doctor`). No import of fsrs here: reading the
settings must stay cheap for the dashboard.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta

PLAN_KEY = "plan"  # the config key the study plan is stored under (JSON; srs/plan.py)
DEFAULTS = {
    "desired_retention": "0.9",
    "new_per_day": "10",
    "reviews_per_day": "200",
    "rollover_hour": "4",
    "learning_steps": "1m,10m",
    "relearning_steps": "10m",
    "maximum_interval": "36500",
    "new_order": "breadth",
    "review_order": "due",
    "bury_siblings": "on",
    "fuzz": "true",
    "parameters": "",
    "semantic": "on",
    "probe": "ask",
    "leech_threshold": "6",
    "lang": "en",
}
CONFIG_HELP = {
    "desired_retention": "target probability of recalling a question when it is due (0.7..0.99)",
    "new_per_day": "new questions introduced per study day (0..500)",
    "reviews_per_day": "questions answered per study day, reviews and new ones together (0..10000; Anki's rule: "
                       "the review limit also bounds new questions); learning steps are never held back",
    "rollover_hour": "local hour at which a new study day starts (0..23)",
    "learning_steps": "the steps of a new question before it is reviewed in days, e.g. 1m,10m (Anki's default; "
                      "units s m h d, at most 10 steps of 1s..365d; empty: straight to review)",
    "relearning_steps": "the steps of a forgotten review, e.g. 10m (Anki's default; same units; empty: no steps)",
    "maximum_interval": "the longest interval in days (1..36500; Anki's default 36500, 100 years)",
    "new_order": "breadth: new questions rotate across topics, each card after its prerequisites; "
                 "deck: topic by topic in deck order (breadth|deck)",
    "review_order": "due: the longest overdue first; retrievability: the lowest predicted recall first, "
                    "to dig out of a backlog (due|retrievability)",
    "bury_siblings": "once a question of a card is shown, its other questions wait until the next study day; "
                     "follow-ups still come straight after their question (on|off)",
    "fuzz": "spread due dates slightly (Anki's fuzz, the same for a question at the same review) (true|false)",
    "parameters": "personal FSRS parameters (comma-separated), set by 'dlstudy optimize'; empty = defaults",
    "semantic": "semantic evidence for open answers when the 'semantic' extra is installed (on|off)",
    "probe": "open answers: probe each rubric point as an either/or always, or when you type p (always|ask)",
    "leech_threshold": "lapses that make a question a leech: marked, taught before it is asked, never suspended "
                       "without asking (1..100)",
    "lang": "the language of card titles and summaries where a card has them; --lang overrides it (en|zh)",
}
CHOICES = {"new_order": ("breadth", "deck"), "review_order": ("due", "retrievability"), "bury_siblings": ("on", "off"),
           "fuzz": ("true", "false"), "semantic": ("on", "off"), "probe": ("always", "ask"),
           "lang": ("en", "zh")}
MAX_STEPS = 10
STEP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_STEP = timedelta(days=365)


@dataclass(frozen=True)
class Settings:
    """The review settings, typed.

    Attributes:
        learning_steps, relearning_steps: fsrs's (re)learning steps; maximum_interval: in days.
        new_order: "breadth" or "deck"; review_order: "due" or "retrievability".
        bury_siblings: a card's other questions wait for the next study day once one is shown.
        fuzz: Anki's deterministic fuzz on review intervals (srs/fuzz.py).
    """

    desired_retention: float = 0.9
    new_per_day: int = 10
    reviews_per_day: int = 200
    rollover_hour: int = 4
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    new_order: str = "breadth"
    review_order: str = "due"
    bury_siblings: bool = True

    @classmethod
    def from_config(cls, config: dict[str, str]) -> "Settings":
        """The settings from stored config, each value checked by the rules `dlstudy config` applies;
        a stored value that breaks them (another version, an edit, corruption) is replaced by the
        default (config_problems says which, for the warning and for doctor)."""
        c = valid_config(config)
        params = tuple(float(x) for x in c["parameters"].split(",")) if c["parameters"].strip() else None
        return cls(desired_retention=float(c["desired_retention"]), new_per_day=int(c["new_per_day"]),
                   reviews_per_day=int(c["reviews_per_day"]), rollover_hour=int(c["rollover_hour"]),
                   fuzz=c["fuzz"] == "true", parameters=params, learning_steps=parse_steps(c["learning_steps"]),
                   relearning_steps=parse_steps(c["relearning_steps"]), maximum_interval=int(c["maximum_interval"]),
                   new_order=c["new_order"], review_order=c["review_order"], bury_siblings=c["bury_siblings"] == "on")


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """'1m,10m' (or '1m 10m') -> the steps; ValueError when a step is not a whole number with a unit."""
    out = []
    for word in re.split(r"[\s,]+", text.strip()):
        if not word:
            continue
        m = re.fullmatch(r"(\d{1,9})([smhd])", word.lower())
        if not m:
            raise ValueError(word)
        out.append(timedelta(seconds=int(m.group(1)) * STEP_UNITS[m.group(2)]))
    return tuple(out)


def steps_text(steps: tuple[timedelta, ...]) -> str:
    """The steps as `config` shows them: each in its largest whole unit ('1m,10m', '1d')."""
    words = []
    for step in steps:
        seconds = int(step.total_seconds())
        unit = next(u for u in ("d", "h", "m", "s") if seconds % STEP_UNITS[u] == 0)
        words.append(f"{seconds // STEP_UNITS[unit]}{unit}")
    return ",".join(words)


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
    """Every setting as normalized text, stored values that break the rules replaced by their defaults."""
    bad = {key for key, _value, _why in config_problems(config)}
    out = dict(DEFAULTS)
    for key, value in config.items():
        if key in DEFAULTS and key not in bad:
            out[key] = validate_config(key, str(value), fsrs_bounds=False)
    return out


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
    if key == "maximum_interval":
        return number(1, 36500, True)
    if key in ("learning_steps", "relearning_steps"):
        hint = f"e.g. 'dlstudy config {key} {DEFAULTS[key]}' (Anki's default); units s, m, h, d"
        if len(value) > 200:
            raise UsageError(f"{key} must be at most {MAX_STEPS} steps such as 1m,10m", hint=hint)
        try:
            steps = parse_steps(value)
        except ValueError as exc:
            raise UsageError(f"{key}: '{str(exc)[:20]}' is not a step (a whole number and a unit: 30s, 1m, 2h, 1d)",
                             hint=hint) from None
        if len(steps) > MAX_STEPS:
            raise UsageError(f"{key} must be at most {MAX_STEPS} steps, got {len(steps)}", hint=hint)
        if any(not timedelta(seconds=1) <= s <= MAX_STEP for s in steps):
            raise UsageError(f"{key}: each step must be between 1s and 365d", hint=hint)
        return steps_text(steps)
    if key in CHOICES:
        if value.lower() not in CHOICES[key]:
            raise UsageError(f"{key} must be {' or '.join(CHOICES[key])}")
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
