"""
The meeting feeds read by a second, independent parser: vobject, the one CalDAV servers and clients such as
Radicale use, as a calendar client would read them (issue 7: "validate in a calendar client's parser").
"""

import vobject
from django.urls import reverse

from tests.boards.test_meeting_calendars import _public_url, meetings  # noqa: F401  Fixtures.


def test_the_boards_feed_reads_in_vobject_with_the_london_times(meetings, board, resident_client):  # noqa: F811
    body = resident_client.get(reverse("boards:board_calendar", args=[board.slug])).content.decode()

    calendar = vobject.readOne(body, validate=True)

    events = {event.summary.value: event for event in calendar.vevent_list}
    assert len(events) == 2
    summer = next(event for name, event in events.items() if "Extraordinary" not in name)
    assert summer.dtstart.value.tzinfo is not None
    assert summer.dtstart.value.utcoffset().total_seconds() == 3600  # British Summer Time.
    assert summer.dtstart.value.hour == 14
    assert int(summer.sequence.value) == meetings["summer"].sequence
    cancelled = next(event for name, event in events.items() if "Extraordinary" in name)
    assert cancelled.status.value == "CANCELLED"
    assert cancelled.dtstart.value.utcoffset().total_seconds() == 0  # Greenwich Mean Time.
    assert calendar.vtimezone.tzid.value == "Europe/London"


def test_one_meetings_feed_reads_in_vobject(meetings, resident_client):  # noqa: F811
    meeting = meetings["summer"]
    body = resident_client.get(
        reverse("boards:meeting_calendar", args=[meeting.board.slug, meeting.pk])
    ).content

    calendar = vobject.readOne(body.decode(), validate=True)

    assert calendar.vevent.url.value.startswith("https://hwb.example.org/")
    assert "Care home contract" not in body.decode()  # Exempt: in no feed.
