"""The current time as an object, injectable for tests: a FixedClock in-process, or DLSTUDY_NOW
(ISO 8601) for a subprocess. Study days start at the rollover hour, local time."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone, tzinfo


class Clock:
    """The real clock (or the moment DLSTUDY_NOW names)."""

    def now(self) -> datetime:
        """Timezone-aware UTC now. A DLSTUDY_NOW that is not an ISO 8601 time within the accepted range
        is a usage error naming the variable."""
        env = os.environ.get(NOW_ENV)
        if env:
            return parse_now(env)
        return datetime.now(timezone.utc)


NOW_ENV = "DLSTUDY_NOW"
# The one range of times dlstudy records and accepts in its log (answers, doctor, --rebuild): from the
# Unix epoch to the year 5000, leaving room for FSRS's intervals (up to 100 years) within what
# datetime and every time zone can represent.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(5000, 1, 1, tzinfo=timezone.utc)


_RANGE = (EARLIEST.timestamp(), LATEST.timestamp())


def in_range(t: float) -> bool:
    """Whether a timestamp lies in the accepted range (False for nan and infinities)."""
    return _RANGE[0] <= t < _RANGE[1]


def range_text() -> str:
    return f"accepted: {EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d} UTC"


def check_time(t: float) -> None:
    """StateError unless t can be recorded (the clock is far off)."""
    if not in_range(t):
        from dlstudy.errors import StateError

        raise StateError(f"the clock says {t!r}, a time dlstudy cannot record ({range_text()})",
                         hint=f"check the system clock (and {NOW_ENV}, if set); nothing was saved")


def parse_now(text: str) -> datetime:
    """DLSTUDY_NOW as an aware datetime, or a UsageError naming the variable."""
    from dlstudy.errors import UsageError

    hint = f"give an ISO 8601 time, e.g. {NOW_ENV}=2026-11-22T10:00:00+00:00, or unset it"
    try:
        when = datetime.fromisoformat(text.strip())
        when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        ok = in_range(when.timestamp())
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"{NOW_ENV}={text[:60]!r} is not an ISO 8601 time", hint=hint) from None
    if not ok:
        raise UsageError(f"{NOW_ENV}={text[:60]!r} is outside the times dlstudy accepts ({range_text()})",
                         hint=hint)
    return when


class FixedClock(Clock):
    """A clock that shows one moment until it is set or advanced (tests, simulations)."""

    def __init__(self, when: datetime):
        self.when = when

    def now(self) -> datetime:
        return self.when

    def set(self, when: datetime) -> datetime:
        self.when = when
        return when

    def advance(self, **kwargs) -> datetime:
        self.when = self.when + timedelta(**kwargs)
        return self.when


def local_tz() -> tzinfo:
    """The local timezone (UTC when DLSTUDY_TZ_UTC is set, for reproducible tests, and when the system's
    time zone cannot be used: see tz_problem)."""
    if os.environ.get("DLSTUDY_TZ_UTC"):
        return timezone.utc
    try:
        tz = datetime.now().astimezone().tzinfo
        if tz is None:
            return timezone.utc
        for probe in (EARLIEST, LATEST - timedelta(days=400), datetime.now(timezone.utc)):
            probe.astimezone(tz)  # an offset of 24 h or more fails here, or later, on any date
        return tz
    except (ValueError, OverflowError, OSError):
        return timezone.utc


def tz_problem() -> str | None:
    """Why the local time zone (TZ) cannot be used and UTC is used instead; None when it is fine."""
    if os.environ.get("DLSTUDY_TZ_UTC"):
        return None
    try:
        tz = datetime.now().astimezone().tzinfo
        for probe in (EARLIEST, LATEST - timedelta(days=400)):
            probe.astimezone(tz)
        return None
    except (ValueError, OverflowError, OSError) as exc:
        return f"the time zone TZ={os.environ.get('TZ', '')!r} cannot be used ({exc}); times are shown in UTC"


def study_day(when: datetime, rollover_hour: int) -> str:
    """The study day (YYYY-MM-DD) a moment belongs to: days start at rollover_hour local time."""
    local = when.astimezone(local_tz()) - timedelta(hours=rollover_hour)
    return local.date().isoformat()


def day_start(when: datetime, rollover_hour: int) -> datetime:
    """The moment the study day containing `when` began (UTC)."""
    local = when.astimezone(local_tz())
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(timezone.utc)
