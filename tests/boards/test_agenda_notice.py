"""Five clear working days' notice (Local Government Act 1972 s.100B): boards/notice.py."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from boards import notice

LONDON = ZoneInfo("Europe/London")


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class TestWorkingDays:
    @pytest.mark.parametrize(
        ("date", "working"),
        [
            ("2025-01-08", True),  # A Wednesday.
            ("2025-01-11", False),  # Saturday.
            ("2025-01-12", False),  # Sunday.
            ("2024-12-25", False),  # Christmas Day.
            ("2024-12-26", False),  # Boxing Day.
            ("2024-12-27", True),
            ("2025-04-18", False),  # Good Friday.
            ("2025-04-21", False),  # Easter Monday.
            ("2023-05-08", False),  # The Coronation: a one-off bank holiday.
            ("2021-12-28", False),  # Christmas Day fell on a Saturday: the substitute day.
        ],
    )
    def test_knows_weekends_and_bank_holidays_in_england(self, date, working):
        assert notice.is_working_day(day(date)) is working

    def test_st_andrews_day_is_not_a_holiday_in_england(self):
        assert notice.is_working_day(day("2023-11-30"))  # A Scottish bank holiday, a Thursday.

    def test_counts_only_the_days_strictly_between(self):
        # Wednesday 8 to Thursday 16 January 2025: 9, 10, 13, 14, 15.
        assert notice.clear_working_days(day("2025-01-08"), day("2025-01-16")) == 5
        assert notice.clear_working_days(day("2025-01-09"), day("2025-01-16")) == 4
        assert notice.clear_working_days(day("2025-01-15"), day("2025-01-16")) == 0
        assert notice.clear_working_days(day("2025-01-16"), day("2025-01-16")) == 0


class TestLastPublicationDay:
    @pytest.mark.parametrize(
        ("meeting", "last"),
        [
            # An ordinary week: Thursday's meeting, the Wednesday of the week before.
            ("2025-01-16", "2025-01-08"),
            # A Monday meeting: 6 to 10 January are the five days, so the Sunday before them is the
            # last day (a weekend day is a day of publication like any other, only not a clear day).
            ("2025-01-13", "2025-01-05"),
            # Christmas: 25, 26 December and 1 January are not working days.
            ("2025-01-07", "2024-12-29"),
            # Easter: Good Friday 18 and Easter Monday 21 April 2025.
            ("2025-04-24", "2025-04-14"),
            # The Coronation bank holiday, Monday 8 May 2023.
            ("2023-05-11", "2023-05-02"),
        ],
    )
    def test_leaves_five_clear_working_days(self, meeting, last):
        meeting_on, last_on = day(meeting), day(last)

        assert notice.last_publication_day(meeting_on) == last_on
        assert notice.clear_working_days(last_on, meeting_on) == 5
        assert notice.clear_working_days(last_on + datetime.timedelta(days=1), meeting_on) == 4

    def test_holds_for_every_day_of_two_years(self):
        start = day("2024-01-01")
        for offset in range(730):
            meeting_on = start + datetime.timedelta(days=offset)
            last_on = notice.last_publication_day(meeting_on)

            assert notice.clear_working_days(last_on, meeting_on) >= 5, meeting_on
            assert notice.clear_working_days(last_on + datetime.timedelta(days=1), meeting_on) < 5, meeting_on


class TestDeadline:
    def test_is_the_end_of_the_last_day_in_uk_time(self):
        starts_at = datetime.datetime(2025, 1, 16, 14, 0, tzinfo=LONDON)

        deadline = notice.publication_deadline(starts_at)

        assert deadline == datetime.datetime(2025, 1, 8, 23, 59, 59, 999999, tzinfo=LONDON)

    def test_takes_the_meetings_day_in_the_uk_not_in_utc(self):
        # 00:30 on Thursday 26 June 2025 in London is 23:30 on Wednesday in UTC (summer time).
        starts_at = datetime.datetime(2025, 6, 25, 23, 30, tzinfo=datetime.UTC)

        deadline = notice.publication_deadline(starts_at)

        assert deadline.astimezone(LONDON).date() == day("2025-06-18")

    def test_across_the_clocks_going_back(self):
        # Clocks went back on Sunday 26 October 2025; the deadline is still 23:59 London time.
        starts_at = datetime.datetime(2025, 10, 30, 10, 0, tzinfo=LONDON)

        deadline = notice.publication_deadline(starts_at).astimezone(LONDON)

        assert (deadline.date(), deadline.hour, deadline.minute) == (day("2025-10-22"), 23, 59)

    def test_says_whether_it_is_near_or_missed(self):
        deadline = datetime.datetime(2025, 1, 8, 23, 59, 59, 999999, tzinfo=LONDON)

        assert notice.deadline_state(deadline, now=deadline - datetime.timedelta(days=10)) == ""
        assert notice.deadline_state(deadline, now=deadline - datetime.timedelta(days=2)) == "near"
        assert notice.deadline_state(deadline, now=deadline) == "near"
        assert notice.deadline_state(deadline, now=deadline + datetime.timedelta(seconds=1)) == "missed"
