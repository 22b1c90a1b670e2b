"""
What the services that manage a board share (board_admin.py, board_people.py; docs/decisions/0025):
the permission check, the lock on the board's row, the audit entry scoped to the board.
"""

from django.core.exceptions import PermissionDenied

from core import audit
from core.models import AuditEntry

from .. import permissions
from ..models import Board

Action = AuditEntry.Action


def require_admin(by, board: Board) -> None:
    if not permissions.can_administer(by, board):
        raise PermissionDenied("Only the board's administrators can manage the board.")


def lock_board(board: Board) -> Board:
    """The board's row, locked: changes to one board's set-up run one at a time."""
    return Board.objects.select_for_update().get(pk=board.pk)


def audit_change(by, action: str, board: Board, target, changes: dict | None = None) -> None:
    audit.audit_record(actor=by, action=action, scope=board, target=target, changes=changes)


def created_changes(**fields) -> dict:
    """An audit entry's changes for something new: the fields it was made with, as text."""
    return {
        name: [None, value if isinstance(value, (str, int)) else str(value)]
        for name, value in fields.items()
        if value not in ("", None)
    }
