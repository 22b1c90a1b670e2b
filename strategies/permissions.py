"""
Who may do what with strategies, on the board rules (boards/permissions.py).

Views scope their lookups with these rules (an object out of reach is a 404), services check them
again (a caller who may not act gets PermissionDenied), and templates ask them by name through
core.rules.
"""

from boards import permissions as boards
from core.rules import rule

from .models import Status


@rule("strategies.read_private")
def can_read_private(user, strategy) -> bool:
    """Read the strategy's drafts, history and revisions: the board's members and officers."""
    return boards.can_read_private(user, strategy.board_id)


@rule("strategies.create")
def can_create(user, board) -> bool:
    return boards.can_edit(user, board)


@rule("strategies.edit")
def can_edit(user, strategy) -> bool:
    """Change the strategy's text and move it through the lifecycle (short of publishing)."""
    return boards.can_edit(user, strategy.board_id)


@rule("strategies.delete")
def can_delete(user, strategy) -> bool:
    """
    Delete a draft made by mistake: the board's officers, while it is a draft. The service also
    refuses a draft that has ever moved or that another strategy replaces (services.strategy_delete).
    """
    return can_edit(user, strategy) and strategy.status == Status.DRAFT


@rule("strategies.publish")
def can_publish(user, strategy) -> bool:
    """Publish the strategy: a board administrator's decision (shared/DOMAIN.md)."""
    return boards.can_administer(user, strategy.board_id)


def can_move(user, strategy, to_status: str) -> bool:
    """Officers move strategies through the lifecycle; only board administrators publish."""
    if to_status == Status.PUBLISHED:
        return can_publish(user, strategy)
    return can_edit(user, strategy)


# The strategy's PDF (strategies/documents.py): residents download the latest version of a
# published strategy; its board's officers also see and download older versions, and ask for it
# to be generated again. Nobody downloads the PDF of a strategy that is not public, whatever is stored.


@rule("strategies.download_pdf")
def can_download_pdf(user, strategy) -> bool:
    return strategy.is_public


@rule("strategies.see_pdf_versions")
def can_see_pdf_versions(user, strategy) -> bool:
    return strategy.is_public and can_edit(user, strategy)


@rule("strategies.request_pdf")
def can_request_pdf(user, strategy) -> bool:
    return strategy.is_public and can_edit(user, strategy)


@rule("strategies.manage_any")
def can_manage_any(user) -> bool:
    """Whether the officers' strategy pages are for this user: anyone who reads some board's drafts."""
    return boards.can_read_private_any(user)
