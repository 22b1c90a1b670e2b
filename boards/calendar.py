"""
Board meetings as iCalendar (RFC 5545), made with the icalendar library: a feed per board that calendar
apps subscribe to, and a file per meeting ("Add to your calendar").

Each meeting is one VEVENT whose UID never changes (meeting-<pk>@<the portal's host>), so a calendar that
imported it once updates it in place; SEQUENCE is Meeting.sequence, which the meeting services bump on
every change a calendar should pick up, and a cancelled meeting stays in the feed with STATUS:CANCELLED
so that calendars take it out. Times are Europe/London with a VTIMEZONE component. Nothing in an event
comes from an agenda item: the feed says when and where, never what is on the agenda, so it holds no
exempt information whoever fetches it.
"""

from datetime import date, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

PRODID = "-//HWB Portal//Board meetings//EN"
LONDON = ZoneInfo("Europe/London")
# A meeting with no end time is shown this long; a calendar event needs an end to take up time.
DEFAULT_LENGTH = timedelta(hours=2)


def uid_host() -> str:
    """The host part of every UID: the portal's public address, the same whichever host was asked."""
    return urlsplit(settings.PUBLIC_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{uid_host()}"


def meeting_event(meeting: Meeting) -> Event:
    """One meeting as a VEVENT. `meeting.board` should be loaded with it."""
    starts = timezone.localtime(meeting.starts_at, LONDON)
    ends = timezone.localtime(meeting.ends_at, LONDON) if meeting.ends_at else starts + DEFAULT_LENGTH
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event = Event()
    event.add("uid", meeting_uid(meeting))
    # Without METHOD, DTSTAMP is when the event was last revised (RFC 5545 3.8.7.2): the meeting's last
    # change, so an unchanged meeting gives the same bytes on every fetch.
    event.add("dtstamp", meeting.updated_at.astimezone(ZoneInfo("UTC")))
    event.add("last-modified", meeting.updated_at.astimezone(ZoneInfo("UTC")))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", f"Cancelled: {meeting.name}" if cancelled else meeting.name)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    location = meeting.venue or ("Online" if meeting.online_url else "")
    if location:
        event.add("location", location)
    url = settings.PUBLIC_URL + meeting.get_absolute_url()
    event.add("url", url)
    event.add("description", _description(meeting, url))
    return event


def _description(meeting: Meeting, url: str) -> str:
    lines = []
    if meeting.status == Meeting.Status.CANCELLED:
        lines.append(f"This meeting has been cancelled. {meeting.cancelled_reason}".strip())
    if meeting.online_url:
        lines.append(f"Join or watch online: {meeting.online_url}")
    lines.append(f"Agenda, papers and minutes: {url}")
    return "\n\n".join(lines)


def calendar_of(meetings, *, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    # The VTIMEZONE for Europe/London, with its rules over the years the meetings span.
    years = [timezone.localtime(m.starts_at, LONDON).year for m in meetings] or [timezone.now().year]
    calendar.add_missing_timezones(
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
    )
    return calendar


def board_calendar(board, meetings) -> bytes:
    return calendar_of(list(meetings), name=f"{board.name}: meetings").to_ical()


def meeting_calendar(meeting: Meeting) -> bytes:
    return calendar_of([meeting], name=meeting.name).to_ical()
