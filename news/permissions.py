"""
Who may do what with a board's news, on the board rules (boards/permissions.py): the board's officers
(and administrators, and site administrators) write, publish, unpublish and delete its updates; anyone
reads a published update once its time has come; nobody else sees a draft or a scheduled update.
"""

from boards import permissions as boards
from core.rules import rule


@rule("news.edit")
def can_edit(user, board_or_item) -> bool:
    """Write, change, unpublish or delete the updates of a board (given the board, or one of its updates)."""
    board_id = getattr(board_or_item, "board_id", None) or boards.board_id(board_or_item)
    return boards.can_edit(user, board_id)


@rule("news.create_any")
def can_create_any(user) -> bool:
    """Whether the user writes some board's updates (the officers' news pages are for them)."""
    return boards.can_edit_any(user)


@rule("news.read")
def can_read(user, item) -> bool:
    return item.is_public or can_edit(user, item)
