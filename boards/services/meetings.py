"""
Meetings: scheduling one, changing when and where it is, and moving its status (scheduled, held,
cancelled with a reason) through MEETING_TRANSITIONS.

Every change a calendar should pick up (its title, time, place or status) adds one to
Meeting.sequence, which the iCalendar feeds publish as SEQUENCE (RFC 5545): a calendar that has the
meeting replaces it with the newer copy.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models import AuditEntry
from core.text import time_of_day
from core.versions import apply_edit

from ..models import Board, Meeting, MeetingStatus
from ..search import meeting_sync
from ._meetings import created_changes, locked, require_edit
from .packs import packs_request_for_meeting

# What an officer edits on a meeting; every one of them is something a calendar shows.
MEETING_FIELDS = ("title", "starts_at", "ends_at", "venue", "online_url")


def _check_when_and_where(
    *, starts_at: datetime.datetime, ends_at: datetime.datetime | None, venue: str, online_url: str
) -> None:
    errors = {}
    if ends_at is not None and starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "The meeting must end after it starts"
    if not venue.strip() and not online_url.strip():
        errors["venue"] = "Enter where the meeting is held, or a link to join it online"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *,
    board: Board,
    by,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    title: str = "",
    venue: str = "",
    online_url: str = "",
) -> Meeting:
    """Schedule a meeting of the board."""
    require_edit(by, board)
    _check_when_and_where(starts_at=starts_at, ends_at=ends_at, venue=venue, online_url=online_url)
    meeting = Meeting(
        board=board, title=title, starts_at=starts_at, ends_at=ends_at, venue=venue, online_url=online_url
    )
    meeting.full_clean()
    meeting.save()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=meeting,
        target=meeting,
        changes=created_changes(
            title=title,
            starts_at=str(starts_at),
            ends_at=str(ends_at) if ends_at else None,
            venue=venue,
            online_url=online_url,
        ),
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, version: int | None = None, **fields) -> Meeting:
    """
    Change a meeting's title, time or place. `version` is the Meeting.version the form was loaded
    from: a save over someone else's newer one is refused (core.versions.EditConflict).
    """
    meeting = locked(meeting)
    require_edit(by, meeting.board)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("The meeting has been held: when and where it was is part of the record.")
    _check_when_and_where(
        starts_at=fields.get("starts_at", meeting.starts_at),
        ends_at=fields.get("ends_at", meeting.ends_at),
        venue=fields.get("venue", meeting.venue),
        online_url=fields.get("online_url", meeting.online_url),
    )
    changes = apply_edit(meeting, fields=fields, version=version, noun="meeting", allowed=MEETING_FIELDS)
    if changes:
        meeting.sequence += 1
        meeting.save(update_fields=[*changes, "version", "sequence", "updated_at"])
        audit.audit_record(
            actor=by, action=AuditEntry.Action.UPDATED, scope=meeting, target=meeting, changes=changes
        )
        packs_request_for_meeting(meeting=meeting, by=by)  # The cover says when and where.
        meeting_sync(meeting)  # Site search says when and where too.
    return meeting


@transaction.atomic
def meeting_transition(*, meeting: Meeting, to_status: str, by, reason: str = "") -> Meeting:
    """
    Cancel a scheduled meeting (with the reason, which the public pages show), reinstate a
    cancelled one, or record that a meeting was held, once it has started. Any other move,
    including a repeat of the one just made, is refused with the reason.
    """
    meeting = locked(meeting)
    require_edit(by, meeting.board)
    if to_status not in MeetingStatus.values:
        raise ValidationError({"to_status": "Choose what happens to the meeting"})
    error = meeting.transition_error(to_status)
    if error:
        raise ValidationError({"to_status": error})
    reason = reason.strip()
    if to_status == MeetingStatus.CANCELLED and not reason:
        raise ValidationError({"reason": "Enter why the meeting is cancelled"})
    if to_status == MeetingStatus.HELD and meeting.starts_at > timezone.now():
        starts = f"{time_of_day(meeting.starts_at)} on {timezone.localtime(meeting.starts_at):%A %-d %B %Y}"
        raise ValidationError(
            {"to_status": f"The meeting starts at {starts}: it can be recorded as held once it has started"}
        )
    changes = {"status": [meeting.status, to_status]}
    if to_status == MeetingStatus.CANCELLED:
        changes["cancelled_reason"] = [meeting.cancelled_reason or None, reason]
    elif meeting.cancelled_reason:
        changes["cancelled_reason"] = [meeting.cancelled_reason, None]
    meeting.status = to_status
    meeting.cancelled_reason = reason if to_status == MeetingStatus.CANCELLED else ""
    if to_status == MeetingStatus.HELD:
        meeting.quorum = meeting.board.quorum  # The quorum of the day, whatever the board decides later.
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancelled_reason", "quorum", "sequence", "updated_at"])
    audit.audit_record(
        actor=by, action=AuditEntry.Action.UPDATED, scope=meeting, target=meeting, changes=changes
    )
    packs_request_for_meeting(meeting=meeting, by=by)  # A cancelled meeting's cover says so.
    return meeting
