"""The current time as an object, injectable for tests: a FixedClock in-process, or DLSTUDY_NOW
(ISO 8601) for a subprocess. Study days start at the rollover hour, local time."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone


class Clock:
    """The real clock (or the moment DLSTUDY_NOW names)."""

    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        env = os.environ.get("DLSTUDY_NOW")
        if env:
            when = datetime.fromisoformat(env)
            return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        return datetime.now(timezone.utc)


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


def local_tz():
    """The local timezone (UTC when DLSTUDY_TZ_UTC is set, for reproducible tests)."""
    if os.environ.get("DLSTUDY_TZ_UTC"):
        return timezone.utc
    return datetime.now().astimezone().tzinfo


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
