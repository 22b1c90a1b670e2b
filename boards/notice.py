"""
Notice of a meeting: five clear working days (Local Government Act 1972, s.100B(3) and 100E).

The agenda and its reports must be open to inspection for at least five clear days before the
meeting, and "clear days" here are working days: the days strictly between the day of publication and
the day of the meeting, counting neither, and leaving out Saturdays, Sundays and bank holidays in
England (the `holidays` package, holidays.UK(subdiv="ENG"), which also knows one-off days such as
the Coronation bank holiday of 8 May 2023).

A meeting on Thursday 16 January 2025 needs its agenda published by the end of Wednesday 8 January:
9, 10, 13, 14 and 15 January are the five clear working days.
"""

import datetime
from functools import cache

import holidays
from django.utils import timezone

NOTICE_DAYS = 5
# Before this much time is left until the deadline, the meeting page warns that it is near.
NEAR = datetime.timedelta(days=3)


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def clear_working_days(published_on: datetime.date, meeting_on: datetime.date) -> int:
    """The working days strictly between the day of publication and the day of the meeting."""
    count, day = 0, published_on + datetime.timedelta(days=1)
    while day < meeting_on:
        count += is_working_day(day)
        day += datetime.timedelta(days=1)
    return count


def last_publication_day(meeting_on: datetime.date) -> datetime.date:
    """The last day on which publishing still leaves NOTICE_DAYS clear working days before the meeting."""
    found, day = 0, meeting_on
    while found < NOTICE_DAYS:
        day -= datetime.timedelta(days=1)
        found += is_working_day(day)
    return day - datetime.timedelta(days=1)


def publication_deadline(starts_at: datetime.datetime) -> datetime.datetime:
    """
    The last moment that gives a meeting starting at `starts_at` its notice: the end of the last
    publication day, in UK time (the meeting's day is its day in the UK, whatever the server's zone).
    """
    day = last_publication_day(timezone.localdate(starts_at))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def deadline_state(deadline: datetime.datetime, *, now: datetime.datetime | None = None) -> str:
    """ "missed" once the deadline has passed, "near" within NEAR of it, else ""."""
    now = now or timezone.now()
    if now > deadline:
        return "missed"
    if deadline - now <= NEAR:
        return "near"
    return ""
