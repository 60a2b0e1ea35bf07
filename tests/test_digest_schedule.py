"""When digests are due: local times in IANA zones, weekly days, daylight-saving changes."""

import datetime as dt

import pytest

from bot.digest_schedule import (
    DigestSchedule,
    ScheduleError,
    latest_occurrence,
    parse_day,
    parse_time,
    parse_timezone,
)

UTC = dt.UTC


def at(*parts) -> float:
    return dt.datetime(*parts, tzinfo=UTC).timestamp()


def daily(time_of_day, zone, since=0.0, weekday=None):
    every = "weekly" if weekday is not None else "daily"
    return DigestSchedule(1, 2, time_of_day, every, weekday, zone, since)


def periods_over(schedule, start, hours):
    """The distinct periods seen by a poller looking every 10 minutes for `hours`."""
    seen = []
    for step in range(hours * 6):
        found = latest_occurrence(schedule, start + step * 600)
        if found and (not seen or seen[-1] != found):
            seen.append(found)
    return seen


def test_daily_digest_is_due_at_its_local_time():
    schedule = daily("08:30", "Europe/Paris")
    assert latest_occurrence(schedule, at(2026, 1, 15, 7, 29)) == (
        "2026-01-14",
        at(2026, 1, 14, 7, 30),
    )
    assert latest_occurrence(schedule, at(2026, 1, 15, 7, 30)) == (
        "2026-01-15",
        at(2026, 1, 15, 7, 30),
    )


def test_spring_forward_neither_skips_nor_doubles_a_digest_in_the_missing_hour():
    schedule = daily("02:30", "America/New_York")  # 02:30 does not exist on 2026-03-08
    seen = periods_over(schedule, at(2026, 3, 6, 12), 72)
    assert [p for p, _ in seen] == [
        "2026-03-06",
        "2026-03-07",
        "2026-03-08",
        "2026-03-09",
    ]
    assert dict(seen)["2026-03-08"] == at(2026, 3, 8, 7, 30)  # 03:30 EDT, an hour late, not lost


def test_fall_back_posts_a_digest_in_the_repeated_hour_once():
    schedule = daily("01:30", "Europe/London")  # 01:30 happens twice on 2026-10-25
    seen = periods_over(schedule, at(2026, 10, 24, 12), 48)
    assert [p for p, _ in seen] == ["2026-10-24", "2026-10-25", "2026-10-26"]
    assert dict(seen)["2026-10-25"] == at(2026, 10, 25, 0, 30)  # the first 01:30 (BST)


def test_weekly_digest_only_on_its_day_and_never_before_it_was_set():
    monday = parse_day("weekly", "monday")
    schedule = daily("09:00", "UTC", since=at(2026, 1, 5, 9, 30), weekday=monday)
    assert latest_occurrence(schedule, at(2026, 1, 11, 12)) is None  # only Monday 5th, before set
    assert latest_occurrence(schedule, at(2026, 1, 12, 9, 0)) == ("2026-01-12", at(2026, 1, 12, 9))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: parse_time("25:00"), "HH:MM"),
        (lambda: parse_time("noon"), "HH:MM"),
        (lambda: parse_timezone("Mars/Olympus"), "Unknown time zone"),
        (lambda: parse_day("weekly", None), "needs a day"),
        (lambda: parse_day("weekly", "funday"), "Unknown day"),
    ],
)
def test_bad_schedule_input_is_a_clear_message(call, message):
    with pytest.raises(ScheduleError, match=message):
        call()


def test_times_are_normalised():
    assert parse_time("8:05") == "08:05"
    assert parse_timezone(None) == "UTC"
