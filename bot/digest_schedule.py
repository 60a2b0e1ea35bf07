"""When a digest is due: a local time of day, daily or on one weekday, in an IANA time zone.

Why periods are named by local dates: a digest is posted at most once per period, and the
period's name is the unique key in the store (`digest_posts`), so two shard processes or a
restart can never post it twice. Local times that a daylight-saving change skips (02:30 on the
spring-forward night) are taken at the same offset as before the change, so they fall an hour
later in wall-clock time and are not skipped; a time that happens twice (fall-back) is taken at
its first occurrence, and the period's name (the date) is the same for both, so it is not
doubled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import InputError

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY = ("daily", "weekly")
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")


class ScheduleError(InputError):
    """Bad schedule input, told to the admin as is."""


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    guild_id: int
    channel_id: int
    time_of_day: str  # "HH:MM", local
    every: str  # "daily" | "weekly"
    weekday: int | None  # 0 = Monday; weekly only
    timezone: str  # IANA name
    since: float  # unix seconds when it was set: nothing before that is due

    @property
    def period_seconds(self) -> float:
        return 7 * 86400.0 if self.every == "weekly" else 86400.0

    def describe(self) -> str:
        when = "every day" if self.every == "daily" else f"every {DAYS[self.weekday].title()}"
        return f"{when} at {self.time_of_day} ({self.timezone}) in <#{self.channel_id}>"


def parse_time(raw: str) -> str:
    match = _TIME.match(raw or "")
    if not match:
        raise ScheduleError("Give the time as HH:MM on a 24-hour clock, e.g. 08:30 or 18:00.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_timezone(raw: str | None) -> str:
    name = (raw or "UTC").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"Unknown time zone {name[:40]!r}: use an IANA name such as Europe/Paris or "
            "America/New_York."
        ) from None
    return name


def parse_day(every: str, raw: str | None) -> int | None:
    if every not in EVERY:
        raise ScheduleError("Choose daily or weekly.")
    if every == "daily":
        return None
    if not raw:
        raise ScheduleError("A weekly digest needs a day, e.g. day: monday.")
    name = raw.strip().lower()
    for index, day in enumerate(DAYS):
        if day.startswith(name) and len(name) >= 2:
            return index
    raise ScheduleError(f"Unknown day {raw[:20]!r}: use monday … sunday.")


def timezone_names(typed: str, limit: int) -> list[str]:
    """IANA names containing what was typed, shortest first (for autocomplete)."""
    typed = typed.strip().lower().replace(" ", "_")
    names = sorted(
        (n for n in available_timezones() if typed in n.lower()), key=lambda n: (len(n), n)
    )
    return names[:limit]


def latest_occurrence(schedule: DigestSchedule, now: float) -> tuple[str, float] | None:
    """(period name, unix time) of the latest scheduled moment at or before `now` and after
    the schedule was set, or None."""
    zone = ZoneInfo(schedule.timezone)
    hour, minute = (int(p) for p in schedule.time_of_day.split(":"))
    today = dt.datetime.fromtimestamp(now, zone).date()
    for back in range(0, 9):
        day = today - dt.timedelta(days=back)
        if schedule.weekday is not None and day.weekday() != schedule.weekday:
            continue
        moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone).timestamp()
        if moment <= now:
            return (day.isoformat(), moment) if moment > schedule.since else None
    return None
