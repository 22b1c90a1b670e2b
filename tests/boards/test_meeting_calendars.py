"""
The iCalendar feeds (boards/calendar.py): one per board and one per meeting, parsed back with the
icalendar library and checked property by property, and against RFC 5545's line rules by hand (no second
iCalendar parser is installed). No feed holds exempt information, whoever asks for it.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from boards.models import Meeting
from tests.factories import AgendaItemFactory, AgendaPublicationFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PUBLIC_URL = "https://hwb.example.org"


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.PUBLIC_URL = PUBLIC_URL


@pytest.fixture
def meetings(board, other_board):
    """A summer meeting (BST) with an exempt item, a cancelled winter one (GMT), another board's."""
    summer = MeetingFactory(
        board=board,
        status=Meeting.Status.SCHEDULED,
        starts_at=datetime.datetime(2030, 6, 18, 14, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 6, 18, 16, 30, tzinfo=LONDON),
        venue="Council Chamber, Civic Offices, Grays",
        sequence=3,
    )
    agenda = AgendaPublicationFactory(meeting=summer, published_at=timezone.now())
    exempt = AgendaItemFactory(
        meeting=summer, number=1, title="Care home contract", exempt_paragraph=3, publication=agenda
    )
    PaperFactory(item=exempt, title="Contract report")
    winter = MeetingFactory(
        board=board,
        title="Extraordinary meeting",
        status=Meeting.Status.CANCELLED,
        cancelled_reason="Not quorate.",
        starts_at=datetime.datetime(2030, 12, 3, 10, 0, tzinfo=LONDON),
        venue="",
        online_url="https://meet.example.org/hwb",
    )
    elsewhere = MeetingFactory(board=other_board)
    return {"summer": summer, "winter": winter, "elsewhere": elsewhere}


def board_feed(client, board) -> bytes:
    response = client.get(reverse("boards:board_calendar", args=[board.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def meeting_feed(client, meeting) -> bytes:
    response = client.get(reverse("boards:meeting_calendar", args=[meeting.board.slug, meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def parse(body: bytes) -> Calendar:
    calendar = Calendar.from_ical(body)
    calendar.validate()
    problems = [(component.name, component.errors) for component in calendar.walk() if component.errors]
    assert not problems, problems
    return calendar


def check_lines(body: bytes) -> None:
    """RFC 5545 section 3.1: CRLF line ends, no line over 75 octets, every BEGIN ended in order."""
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    open_components = []
    for line in lines:
        if line.startswith(b"BEGIN:"):
            open_components.append(line[6:])
        elif line.startswith(b"END:"):
            assert open_components.pop() == line[4:]
    assert open_components == []


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


class TestBoardFeed:
    def test_one_event_per_meeting_of_the_board(self, meetings, board, resident_client):
        calendar = parse(board_feed(resident_client, board))

        assert set(events_by_uid(calendar)) == {
            f"meeting-{meetings['summer'].pk}@hwb.example.org",
            f"meeting-{meetings['winter'].pk}@hwb.example.org",
        }
        assert str(calendar["X-WR-CALNAME"]) == f"{board.name}: meetings"
        assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]

    def test_every_property_of_a_scheduled_meeting(self, meetings, board, resident_client):
        summer = meetings["summer"]

        event = events_by_uid(parse(board_feed(resident_client, board)))[
            f"meeting-{summer.pk}@hwb.example.org"
        ]

        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event.start == datetime.datetime(2030, 6, 18, 14, 0, tzinfo=LONDON)
        assert event.start.utcoffset() == datetime.timedelta(hours=1)  # British Summer Time.
        assert event["DTEND"].params["TZID"] == "Europe/London"
        assert event.end == datetime.datetime(2030, 6, 18, 16, 30, tzinfo=LONDON)
        assert event["SEQUENCE"] == 3
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["LOCATION"]) == "Council Chamber, Civic Offices, Grays"
        assert str(event["URL"]) == PUBLIC_URL + summer.get_absolute_url()
        assert str(event["SUMMARY"]) == board.name
        assert event["DTSTAMP"].dt == summer.updated_at.replace(microsecond=0)
        assert event["DTSTAMP"].dt.tzinfo is not None and event[
            "DTSTAMP"
        ].dt.utcoffset() == datetime.timedelta(0)

    def test_a_cancelled_meeting_stays_in_the_feed_cancelled(self, meetings, board, resident_client):
        winter = meetings["winter"]

        event = events_by_uid(parse(board_feed(resident_client, board)))[
            f"meeting-{winter.pk}@hwb.example.org"
        ]

        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["SUMMARY"]) == "Cancelled: Extraordinary meeting"
        assert "Not quorate." in str(event["DESCRIPTION"])
        assert event.start.utcoffset() == datetime.timedelta(0)  # Greenwich Mean Time.
        # No end time given: two hours are shown.
        assert event.end == datetime.datetime(2030, 12, 3, 12, 0, tzinfo=LONDON)
        assert str(event["LOCATION"]) == "Online"
        assert "https://meet.example.org/hwb" in str(event["DESCRIPTION"])

    def test_has_the_london_timezone_definition(self, meetings, board, resident_client):
        calendar = parse(board_feed(resident_client, board))

        (vtimezone,) = calendar.walk("VTIMEZONE")
        assert str(vtimezone["TZID"]) == "Europe/London"
        assert {str(c["TZNAME"]) for c in vtimezone.walk() if c.name in ("STANDARD", "DAYLIGHT")} == {
            "GMT",
            "BST",
        }
        assert calendar.get_missing_tzids() == set()

    def test_follows_the_line_rules(self, meetings, board, resident_client):
        check_lines(board_feed(resident_client, board))

    def test_uids_are_stable_and_sequence_follows_the_meeting(self, meetings, board, resident_client):
        summer = meetings["summer"]
        before = events_by_uid(parse(board_feed(resident_client, board)))

        summer.venue = "Thameside Theatre, Grays"
        summer.sequence += 1
        summer.save()
        after = events_by_uid(parse(board_feed(resident_client, board)))

        uid = f"meeting-{summer.pk}@hwb.example.org"
        assert set(before) == set(after)
        assert after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
        assert str(after[uid]["LOCATION"]) == "Thameside Theatre, Grays"

    def test_the_same_bytes_until_something_changes(self, meetings, board, resident_client):
        url = reverse("boards:board_calendar", args=[board.slug])
        first = resident_client.get(url)

        again = resident_client.get(url, headers={"If-None-Match": first["ETag"]})
        meetings["summer"].venue = "Thameside Theatre, Grays"
        meetings["summer"].save()
        changed = resident_client.get(url, headers={"If-None-Match": first["ETag"]})

        assert again.status_code == 304 and again["ETag"] == first["ETag"]
        assert changed.status_code == 200 and changed["ETag"] != first["ETag"]

    @pytest.mark.parametrize(
        "client_name", ["resident_client", "other_officer_client", "board_member_client", "officer_client"]
    )
    def test_no_exempt_information_for_anyone(self, meetings, board, client_name, request):
        client = request.getfixturevalue(client_name)

        body = board_feed(client, board)

        assert b"Care home contract" not in body and b"Contract report" not in body
        assert b"Schedule 12A" not in body
        assert body == board_feed(request.getfixturevalue("resident_client"), board)

    def test_an_unknown_board_is_not_found(self, resident_client):
        assert resident_client.get(reverse("boards:board_calendar", args=["nowhere"])).status_code == 404


class TestMeetingFeed:
    def test_the_one_meeting_with_its_timezone(self, meetings, resident_client):
        summer = meetings["summer"]

        body = meeting_feed(resident_client, summer)
        calendar = parse(body)

        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"meeting-{summer.pk}@hwb.example.org"
        assert event.start == datetime.datetime(2030, 6, 18, 14, 0, tzinfo=LONDON)
        assert str(event["URL"]) == PUBLIC_URL + summer.get_absolute_url()
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
        check_lines(body)
        assert b"Care home contract" not in body

    def test_the_same_uid_as_in_the_boards_feed(self, meetings, board, resident_client):
        winter = meetings["winter"]

        (event,) = parse(meeting_feed(resident_client, winter)).walk("VEVENT")

        assert str(event["UID"]) in events_by_uid(parse(board_feed(resident_client, board)))
        assert str(event["STATUS"]) == "CANCELLED"

    def test_a_meeting_of_another_board_is_not_found(self, meetings, board, resident_client):
        url = reverse("boards:meeting_calendar", args=[board.slug, meetings["elsewhere"].pk])

        assert resident_client.get(url).status_code == 404
