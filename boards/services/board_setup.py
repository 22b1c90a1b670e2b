"""
A new board in minutes (issue 9): a site administrator creates a board in the portal, with its first
administrators, and a board's administrators give it a logo (docs/decisions/0033-a-new-board.md).

Creating a board is one transaction: the board, its administrators' accounts and roles, and their
audit entries, or nothing. A new administrator's email with the link to set a password is queued only
after the commit (board_people._account). A logo is checked (core.images) and stored on the default
storage before the transaction, and deleted again if the transaction fails, so a refused board leaves
no file behind; a replaced or removed logo is deleted once the change has committed.
"""

import hashlib
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify

from core.constraints import save_validated
from core.images import ImageFacts, check_image

from .. import permissions
from ..models import Board, BoardRole
from ..signals import board_look_changed
from ._board import Action, audit_change, created_changes, lock_board, require_admin
from .board_people import _account

# Board fields a site administrator sets when creating a board.
CREATE_FIELDS = ("name", "slug", "area", "area_code", "colour", "contact_email")
# Upper-tier council areas, whose councils have a Health and Wellbeing Board: unitary authorities
# (E06), metropolitan districts (E08), London boroughs (E09) and counties (E10).
HWB_AREA_CODE_TYPES = ("E06", "E08", "E09", "E10")
MAX_ADMINISTRATORS = 10


def _require_site_admin(by) -> None:
    if not permissions.can_create_board(by):
        raise PermissionDenied("Only site administrators can create a board.")


# Creating a board ---------------------------------------------------------------------------------


def board_create(
    *,
    by,
    name: str,
    area: str,
    area_code: str,
    colour: str,
    administrators: Sequence[dict],
    slug: str = "",
    contact_email: str = "",
    logo: UploadedFile | None = None,
) -> Board:
    """
    Create a board with its first administrators ({"name", "email"} each: an account with that address
    is used, else one is made and emailed a link to set its password once the board exists). Every
    problem found before anything is written is raised at once, each against its field; an
    administrator's is against "administrators-<n>-email" (or -name), n counting from 0.
    """
    _require_site_admin(by)
    name = " ".join(name.split())
    fields = {
        "name": name,
        "slug": (slug.strip().lower() or slugify(name))[:80],
        "area": " ".join(area.split()),
        "area_code": area_code.strip().upper(),
        "colour": colour.strip().lower(),
        "contact_email": contact_email.strip(),
    }
    board = Board(**fields)
    errors = _board_errors(board)
    people = _checked_administrators(administrators, errors)
    facts = None
    if logo is not None:
        try:
            facts = _check_logo(logo)
        except ValidationError as error:
            errors.setdefault("logo", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)

    stored = _store_logo(board, logo, facts) if logo is not None else None
    try:
        with transaction.atomic():
            if stored:
                board.logo, board.logo_version = stored
            save_validated(board)
            changes = created_changes(**fields)
            if stored:
                changes["logo"] = [None, _logo_words(logo, facts)]
            audit_change(by, Action.CREATED, board, board, changes)
            for index, person in enumerate(people):
                _grant_administrator(board, by, index, person)
    except BaseException:
        if stored:
            board.logo.storage.delete(stored[0])
        raise
    return board


def _board_errors(board: Board) -> dict[str, list[str]]:
    """The new board's problems by field: the model's rules, a name or address taken, the area's code."""
    errors: dict[str, list[str]] = {}
    try:
        board.full_clean(exclude=["description", "quorum", "version", "logo", "logo_version"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors[field] = list(messages)
    taken = Board.objects.filter(name__iexact=board.name).first()
    if board.name and taken is not None:
        errors["name"] = [f"There is a board called “{taken.name}” already: choose another name"]
    if not board.slug:
        errors["slug"] = ["Enter the board's web address: lower case letters, numbers and hyphens"]
    elif Board.objects.filter(slug=board.slug).exists():
        errors["slug"] = [f"The web address /boards/{board.slug}/ is another board's: choose another"]
    elif "slug" in errors:
        errors["slug"] = ["Enter the web address with lower case letters, numbers and hyphens only"]
    if not board.area_code:
        errors["area_code"] = ["Enter the area's ONS code, like E06000034"]
    elif "area_code" not in errors and not board.area_code.startswith(HWB_AREA_CODE_TYPES):
        errors["area_code"] = [
            f"{board.area_code} is not an upper-tier council area: a health and wellbeing board's area "
            "code starts E06, E08, E09 or E10, like E06000034"
        ]
    return errors


def _checked_administrators(administrators: Sequence[dict], errors: dict) -> list[dict]:
    people, seen = [], {}
    for index, person in enumerate(administrators):
        name, email = " ".join((person.get("name") or "").split()), (person.get("email") or "").strip()
        if not (name or email):
            continue
        key = f"administrators-{index}"
        if not email:
            errors[f"{key}-email"] = ["Enter the administrator's email address"]
        elif email.lower() in seen:
            errors[f"{key}-email"] = [
                f"You have entered {email} for administrator {seen[email.lower()] + 1} already"
            ]
        if email:
            seen.setdefault(email.lower(), index)
        people.append({"index": index, "name": name, "email": email})
    if not people:
        errors["administrators-0-email"] = [
            "Enter the name and email address of the board's first administrator"
        ]
    elif len(people) > MAX_ADMINISTRATORS:
        errors["administrators"] = [f"Enter at most {MAX_ADMINISTRATORS} administrators: add more later"]
    return people


def _grant_administrator(board: Board, by, index: int, person: dict) -> BoardRole:
    key = f"administrators-{person['index']}"
    try:
        user, _made = _account(board=board, email=person["email"], name=person["name"], by=by, field="email")
    except ValidationError as error:
        raise ValidationError(
            {f"{key}-{field}": messages for field, messages in error.message_dict.items()}
        ) from None
    board_role = BoardRole.objects.create(user=user, board=board, role=BoardRole.Role.ADMINISTRATOR)
    audit_change(
        by,
        Action.CREATED,
        board,
        board_role,
        {"user": [None, user.email or user.get_username()], "role": [None, board_role.role]},
    )
    return board_role


# The logo -----------------------------------------------------------------------------------------


def _check_logo(logo: UploadedFile) -> ImageFacts:
    return check_image(
        logo, max_bytes=settings.BOARD_LOGO_MAX_BYTES, max_pixels=settings.BOARD_LOGO_MAX_PIXELS
    )


def _store_logo(board: Board, logo: UploadedFile, facts: ImageFacts) -> tuple[str, str]:
    """Store a checked logo under a name of our making; (storage name, version)."""
    digest = hashlib.sha256()
    logo.seek(0)
    for chunk in logo.chunks():
        digest.update(chunk)
    logo.seek(0)
    version = digest.hexdigest()[:16]
    field = Board._meta.get_field("logo")
    name = field.generate_filename(board, f"{board.slug}-{version}.{facts.extension}")
    return field.storage.save(name, logo, max_length=field.max_length), version


def _logo_words(logo: UploadedFile, facts: ImageFacts) -> str:
    uploaded = (logo.name or "logo").rsplit("/", 1)[-1][:200]
    size = f", {facts.width} by {facts.height} pixels" if facts.width else ""
    return f"{uploaded} ({facts.extension.upper()}{size})"


def _forget_after_commit(name: str) -> None:
    storage = Board._meta.get_field("logo").storage
    transaction.on_commit(partial(storage.delete, name), robust=True)


def _look_changed_after_commit(board: Board) -> None:
    """Once committed, the apps that cache the board's public pages forget them (boards.signals)."""
    transaction.on_commit(partial(board_look_changed.send_robust, sender=Board, board=board), robust=True)


def board_logo_set(*, board: Board, by, file: UploadedFile) -> Board:
    """
    Give the board a logo, or a new one: a PNG, JPEG, WebP or safe SVG (core.images), shown in the
    header of its pages and on its PDFs. Stored before the row is written, deleted if writing fails;
    the logo it replaces is deleted once the change has committed.
    """
    require_admin(by, board)
    try:
        facts = _check_logo(file)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from None
    name, version = _store_logo(board, file, facts)
    try:
        with transaction.atomic():
            board = lock_board(board)
            before = board.logo.name or None
            board.logo, board.logo_version = name, version
            board.save(update_fields=["logo", "logo_version", "updated_at"])
            audit_change(by, Action.UPDATED, board, board, {"logo": [before, _logo_words(file, facts)]})
            if before and before != name:
                _forget_after_commit(before)
            _look_changed_after_commit(board)
    except BaseException:
        Board._meta.get_field("logo").storage.delete(name)
        raise
    return board


@transaction.atomic
def board_logo_remove(*, board: Board, by) -> Board:
    """Take the board's logo away: its pages and PDFs show its name alone again."""
    require_admin(by, board)
    board = lock_board(board)
    before = board.logo.name
    if not before:
        return board
    board.logo, board.logo_version = "", ""
    board.save(update_fields=["logo", "logo_version", "updated_at"])
    audit_change(by, Action.UPDATED, board, board, {"logo": [before, None]})
    _forget_after_commit(before)
    _look_changed_after_commit(board)
    return board
