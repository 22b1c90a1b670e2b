"""
Who may do what with delivery plans, on the board rules (boards/permissions.py): the board's officers
edit their strategies' plans; anyone reads the plan of a public strategy (published, or superseded),
and the board's members and officers read every plan of their board. Plans that priorities support
(the Integrated Care Strategy, the NHS Joint Forward Plan...) are shared by every board: below.
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


# Plans that priorities support (delivery/alignment.py). A plan is shared by every board: any board's
# officer records one, for their board; that board's officers keep it up to date. A priority's
# alignment is part of its strategy's delivery plan, so it is changed as the plan is (delivery.edit).


@rule("delivery.plan_create")
def can_create_plan(user, board=None) -> bool:
    """Record a plan for `board`; without one, for some board of theirs (the "Add a plan" link)."""
    return boards.can_edit_any(user) if board is None else boards.can_edit(user, board)


@rule("delivery.plan_edit")
def can_edit_plan(user, plan) -> bool:
    """Edit or remove a plan: the officers of the board that recorded it."""
    return boards.can_edit(user, plan.board_id)


@rule("delivery.align")
def can_align(user, priority) -> bool:
    """Change the plans a priority supports: as its strategy's delivery plan (delivery.edit)."""
    return can_edit(user, priority.domain.strategy)


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
