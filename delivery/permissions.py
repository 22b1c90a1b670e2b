"""
Who may do what with delivery plans, on the board rules (boards/permissions.py): the board's officers
edit their strategies' plans; anyone reads the plan of a public strategy (published, or superseded),
and the board's members and officers read every plan of their board.
"""

from boards import permissions as boards
from core.rules import rule
from strategies.models import Status


@rule("delivery.read")
def can_read(user, strategy) -> bool:
    return strategy.is_public or boards.can_read_private(user, strategy.board_id)


@rule("delivery.edit")
def can_edit(user, strategy) -> bool:
    """Add and change actions and record progress: the board's officers, until the strategy is replaced."""
    return strategy.status != Status.SUPERSEDED and boards.can_edit(user, strategy.board_id)


# The progress report's PDF (delivery/documents.py): the board's officers ask for it; the board's members
# and officers download it and see its versions (a members' panel would otherwise be empty: core's panel
# shows a document only to those who may ask for it or see its versions). Not public: a report reaches
# the public as a paper of a public agenda item, as every board paper does.


@rule("delivery.request_report")
def can_request_report(user, strategy) -> bool:
    return boards.can_edit(user, strategy.board_id)


@rule("delivery.read_report")
def can_read_report(user, strategy) -> bool:
    return boards.can_read_private(user, strategy.board_id)
