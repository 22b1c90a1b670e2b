"""What the meeting and agenda services share: the rule check, the lock, when an agenda may change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from .. import permissions
from ..models import Meeting, MeetingStatus


class StaleOrder(ValidationError):
    """The list the user reordered is not the list as it now stands."""


STALE_ORDER = (
    "The list has changed since you opened this page (someone added, removed or moved an item). "
    "Reload the page and try again."
)


def require_edit(user, board) -> None:
    """Services check the rules too: whoever may not change the board's meetings gets PermissionDenied."""
    if not permissions.can_edit(user, board):
        raise PermissionDenied("Only the board's officers can change its meetings.")


def locked(meeting: Meeting) -> Meeting:
    """
    Lock the meeting's row: every change to a meeting, its agenda and its papers takes it, so item
    numbers and publications are worked out one change at a time.
    """
    return Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)


def require_agenda_open(meeting: Meeting) -> None:
    """The agenda (its items and papers) changes only while the meeting is scheduled."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("The meeting has been held: its agenda and papers can no longer change.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("The meeting is cancelled: reinstate it before changing its agenda.")


def next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def created_changes(**fields) -> dict:
    """An audit entry's changes for a new object: the fields it was created with."""
    return {name: [None, value] for name, value in fields.items() if value not in (None, "")}


def reorder_check(current: list[int], *, order: list[int], seen: list[int] | None) -> None:
    """Refuse an order that is not a rearrangement of `current`, or made from a list that is not `current`."""
    stale = seen is not None and list(seen) != current
    if stale or len(order) != len(set(order)) or set(order) != set(current):
        raise StaleOrder(STALE_ORDER)
