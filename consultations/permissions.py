"""
Who may do what with consultations, on the board rules (boards/permissions.py).

anyone          reads an open or closed consultation's public pages, and answers an open one
board member    also sees the consultations being set up and the monitoring figures (aggregates only)
officer         sets up the consultation and its survey, opens and closes it, reads individual responses
                and enters offline ones
Individual responses and respondents' personal data are never public.
"""

from boards import permissions as boards
from core.rules import rule


@rule("consultations.read_private")
def can_read_private(user, consultation) -> bool:
    """See the consultation before it opens, and its monitoring figures: the board's members and officers."""
    return boards.can_read_private(user, consultation.board_id)


@rule("consultations.create")
def can_create(user, strategy) -> bool:
    return boards.can_edit(user, strategy.board_id)


@rule("consultations.edit")
def can_edit(user, consultation) -> bool:
    """Set up the consultation and its survey, schedule, open and close it."""
    return boards.can_edit(user, consultation.board_id)


@rule("consultations.read_responses")
def can_read_responses(user, consultation) -> bool:
    """Read individual responses, and enter offline ones: the board's officers."""
    return boards.can_edit(user, consultation.board_id)


@rule("consultations.manage_any")
def can_manage_any(user) -> bool:
    """Whether the officers' consultation pages are for this user."""
    return boards.can_read_private_any(user)


# The consultation report's PDF (consultations/documents.py): anyone downloads the latest version once the
# report is published; the board's officers also see older versions and ask for it again. Nobody downloads
# the PDF of a report that is not (or no longer) published, whatever is stored.


@rule("consultations.download_report_pdf")
def can_download_report_pdf(user, consultation) -> bool:
    return consultation.report_is_published


@rule("consultations.see_report_pdf_versions")
def can_see_report_pdf_versions(user, consultation) -> bool:
    return consultation.report_is_published and can_edit(user, consultation)


@rule("consultations.request_report_pdf")
def can_request_report_pdf(user, consultation) -> bool:
    return consultation.report_is_published and can_edit(user, consultation)
