"""
Board administrators manage their board (issue 7): its details, its member organisations and its terms
of reference. The people (memberships, officers and administrators) are in board_people.py.

Every service here checks boards.permissions.can_administer before it touches anything, locks the
board's row while it reads then writes, and writes an audit entry scoped to the board, which the
board's history page lists (_board.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core.constraints import save_validated
from core.files import discard, storing
from core.uploads import check_pdf
from core.versions import apply_edit

from ..models import Board, Organisation
from ._board import Action, audit_change, created_changes, lock_board, require_admin

BOARD_FIELDS = ("contact_email", "description", "quorum")


# The board's details ------------------------------------------------------------------------------


@transaction.atomic
def board_update(*, board: Board, by, version: int | None = None, **fields) -> Board:
    """
    Change the board's contact address, description or quorum (its name is fixed). `version` is the
    one the user's form was loaded from: if someone saved since, core.versions.EditConflict.
    """
    require_admin(by, board)
    board = lock_board(board)
    if "quorum" in fields and (fields["quorum"] is None or fields["quorum"] < 1):
        raise ValidationError({"quorum": "The quorum must be at least 1"})
    changes = apply_edit(board, fields=fields, version=version, noun="board's details", allowed=BOARD_FIELDS)
    if changes:
        save_validated(board)
        audit_change(by, Action.UPDATED, board, board, changes)
    return board


# Member organisations -----------------------------------------------------------------------------


@transaction.atomic
def organisation_add(*, board: Board, organisation: Organisation, by) -> Organisation:
    """List an organisation already in the portal as a member of the board (again: nothing happens)."""
    require_admin(by, board)
    board = lock_board(board)
    if not board.organisations.filter(pk=organisation.pk).exists():
        board.organisations.add(organisation)
        audit_change(by, Action.UPDATED, board, board, {"organisations": [None, organisation.name]})
    return organisation


@transaction.atomic
def organisation_create(*, board: Board, by, name: str, kind: str, website: str = "") -> Organisation:
    """Add an organisation the portal does not know yet, and list it as a member of the board."""
    require_admin(by, board)
    board = lock_board(board)
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None:
        raise ValidationError(
            {"name": f"“{existing.name}” is already in the portal: choose it from the list of organisations"}
        )
    organisation = Organisation(name=name, kind=kind, website=website)
    organisation.full_clean()
    save_validated(organisation)
    board.organisations.add(organisation)
    audit_change(
        by, Action.CREATED, board, organisation, created_changes(name=name, kind=kind, website=website)
    )
    audit_change(by, Action.UPDATED, board, board, {"organisations": [None, organisation.name]})
    return organisation


@transaction.atomic
def organisation_remove(*, board: Board, organisation: Organisation, by) -> None:
    """
    Stop listing an organisation as a member of the board. Refused while a current or future
    membership of the board belongs to it: that member's organisation must be on the board.
    """
    require_admin(by, board)
    board = lock_board(board)
    if not board.organisations.filter(pk=organisation.pk).exists():
        return
    today = timezone.localdate()
    seats = list(
        board.memberships.filter(organisation=organisation)
        .exclude(ends_on__lt=today)
        .order_by("name")
        .values_list("name", flat=True)
    )
    if seats:
        who = ", ".join(seats[:3]) + (f" and {len(seats) - 3} more" if len(seats) > 3 else "")
        raise ValidationError(
            f"{organisation.name} cannot be removed: {who} "
            f"{'sits' if len(seats) == 1 else 'sit'} on the board for it. End "
            f"{'their term' if len(seats) == 1 else 'those terms'}, or move "
            f"{'them' if len(seats) == 1 else 'those members'} to another organisation, first."
        )
    board.organisations.remove(organisation)
    audit_change(by, Action.UPDATED, board, board, {"organisations": [organisation.name, None]})


# Terms of reference -------------------------------------------------------------------------------


def terms_of_reference_upload(*, board: Board, by, file: UploadedFile) -> Board:
    """
    Upload the board's terms of reference, or a new version of them: a PDF, checked before it is
    stored (a real PDF, within TERMS_OF_REFERENCE_MAX_BYTES, not encrypted). Earlier files are kept,
    for the history that names them.

    Not one transaction: the file is stored first, and deleted again if writing the row fails, so a
    refused or failed upload leaves nothing behind. A store that cannot be reached is an error on
    `file`, and the board still names its earlier file.
    """
    require_admin(by, board)
    try:
        facts = check_pdf(file, max_bytes=settings.TERMS_OF_REFERENCE_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None  # Shown against the file field.
    field = Board._meta.get_field("terms_of_reference")
    name = field.generate_filename(board, f"{board.slug}-terms-of-reference.pdf")
    with storing("file"):
        stored = field.storage.save(name, file, max_length=field.max_length)
    try:
        with transaction.atomic():
            board = lock_board(board)
            before = board.terms_of_reference.name or None
            board.terms_of_reference = stored
            board.terms_of_reference_updated_at = timezone.now()
            board.save(update_fields=["terms_of_reference", "terms_of_reference_updated_at", "updated_at"])
            uploaded = file.name.rsplit("/", 1)[-1][:200]
            pages = f"{facts.pages} page{'s' if facts.pages != 1 else ''}"
            audit_change(
                by, Action.UPDATED, board, board, {"terms_of_reference": [before, f"{uploaded} ({pages})"]}
            )
    except BaseException:
        discard(field.storage, stored)
        raise
    return board
