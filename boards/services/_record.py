"""
What the services of a meeting's record share (attendance.py, proceedings.py; docs/decisions/0024): the lock,
the checks every change makes, the audit entry, and the packs to ask for again when draft minutes change.

Every change locks the meeting's row first, so that changes to one meeting's record run one at a time.
A cancelled meeting has no record; minutes and decisions wait until the meeting is recorded as held.
Once a later meeting has approved a meeting's minutes as a correct record, its whole record is locked
(attendance, declarations, minutes and decisions: the minutes are all of them), and every change is
refused with the reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import dateformat, timezone

from core import audit

from .. import permissions
from ..models import AgendaPublication, Decision, Meeting, MeetingStatus
from .packs import pack_request

HELD_FIRST = "Record the meeting as held first."


def day_of(meeting: Meeting) -> str:
    """The meeting's day as the record writes it: 15 June 2022."""
    return dateformat.format(timezone.localtime(meeting.starts_at), "j F Y")


def minutes_approval(meeting: Meeting) -> Decision | None:
    """The decision (of a later meeting) that approved this meeting's minutes as a correct record."""
    return (
        Decision.objects.filter(
            minutes_of=meeting, effect=Decision.Effect.MINUTES, outcome=Decision.Outcome.APPROVED
        )
        .select_related("agenda_item__meeting")
        .first()
    )


def lock_meetings(*meetings: Meeting | None) -> Meeting:
    """
    Lock the meetings' rows, in the order of their ids (two officers locking the same two never wait on
    each other), and return the first, read again under the lock.
    """
    ids = sorted({meeting.pk for meeting in meetings if meeting is not None})
    locking = Meeting.objects.select_for_update(of=("self",)).select_related("board")
    rows = {row.pk: row for row in locking.filter(pk__in=ids).order_by("pk")}
    return rows[meetings[0].pk]


def require_edit(by, meeting: Meeting) -> None:
    if not permissions.can_edit(by, meeting.board_id):
        raise PermissionDenied("Only the board's officers can record a meeting's proceedings.")


def require_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("The meeting was cancelled: it has no attendance, minutes or decisions.")


def require_held(meeting: Meeting) -> None:
    require_not_cancelled(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(HELD_FIRST)


def require_open_record(meeting: Meeting, what: str) -> None:
    """Refused once a later meeting approved this one's minutes: `what` ("its minutes") is locked."""
    approval = minutes_approval(meeting)
    if approval is not None:
        raise ValidationError(
            f"The minutes of this meeting were approved as a correct record at the meeting on "
            f"{day_of(approval.meeting)}, so {what} can no longer change."
        )


def audit_change(by, action: str, meeting: Meeting, target, changes: dict) -> None:
    audit.audit_record(actor=by, action=action, scope=meeting, target=target, changes=changes)


def refresh_packs_printing(meeting: Meeting, *, by) -> None:
    """
    Ask again for the packs that print this meeting's draft minutes: the agendas of the board's meetings
    after it, up to its next held one (boards.documents.previous_draft_minutes), once published.
    """
    later = Meeting.objects.filter(board_id=meeting.board_id, starts_at__gt=meeting.starts_at)
    next_held = later.filter(status=MeetingStatus.HELD).order_by("starts_at").values("starts_at")[:1]
    if next_held:
        later = later.filter(starts_at__lte=next_held[0]["starts_at"])
    for publication in AgendaPublication.objects.filter(meeting__in=later, number=0):
        pack_request(publication=publication, by=by)
