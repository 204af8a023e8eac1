"""The current time, injectable for tests: set_now() in-process or DLSTUDY_NOW (ISO 8601) in a subprocess."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

_override: datetime | None = None


def set_now(when: datetime | None) -> None:
    """Freeze the clock (tests). None restores the real clock."""
    global _override
    _override = when


def advance(**kwargs) -> datetime:
    global _override
    _override = now() + timedelta(**kwargs)
    return _override


def now() -> datetime:
    """Timezone-aware UTC now."""
    if _override is not None:
        return _override
    env = os.environ.get("DLSTUDY_NOW")
    if env:
        when = datetime.fromisoformat(env)
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


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
