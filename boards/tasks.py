"""Boards' background work: thin wrappers over the services."""

from core.tasks import email_task

from . import emails, packs


@email_task(failed=packs.pack_notice_failed)
def send_pack_notice(notice_id: int) -> str | None:
    """Email one board member that their pack is ready, once, however often this runs (boards.packs)."""
    return packs.pack_notice_send(notice_id)


@email_task(failed=None)
def send_account_invitation(user_id: int, board_id: int) -> bool:
    """
    Email someone the link to set their new account's password. Sent again if delivered twice
    (harmless: both links work); a final failure is logged, and the board's manage page offers to
    send it again while the account has no password.
    """
    return emails.invitation_send(user_id, board_id)
