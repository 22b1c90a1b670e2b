"""
The people of a board (issue 7): its memberships (who sits on it, for whom, for how long) and who signs
in to work on it (officers and administrators). Board administrators only (_board.py: the check, the
lock, the audit entry); two administrators acting at once on one board take turns, so neither can
demote the other into a board with no administrator.

People without a portal account get one when an administrator names them by email: it has no usable
password, and a link to set one is emailed (boards.tasks) once the change has committed.
"""

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.formats import date_format

from core.constraints import save_validated
from core.versions import apply_edit

from ..models import Board, BoardRole, Membership, Organisation
from ._board import Action, audit_change, created_changes, lock_board, require_admin

logger = logging.getLogger(__name__)

MEMBERSHIP_FIELDS = (
    "name",
    "job_title",
    "organisation",
    "role",
    "on_behalf_of",
    "starts_on",
    "ends_on",
    "user",
)
# What each role may do, in the words the pages use.
ROLE_POWERS = {
    BoardRole.Role.OFFICER: "Edits strategies, consultations and meetings",
    BoardRole.Role.ADMINISTRATOR: (
        "Edits strategies, consultations and meetings; publishes; manages the board"
    ),
}


def _day(value) -> str:
    return date_format(value, "j F Y")


# Portal accounts ----------------------------------------------------------------------------------


def _account(*, board: Board, email: str, name: str, by, field: str) -> tuple:
    """
    The active portal account that uses `email`, or a new one (no usable password; a link to set
    one is emailed after the commit). (user, made). Errors are raised against `field`.
    """
    user_model = get_user_model()
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {field: "Enter an email address in the correct format, like name@example.gov.uk"}
        ) from None
    found = list(user_model.objects.filter(email__iexact=email).order_by("pk")[:2])
    if len(found) > 1:
        raise ValidationError(
            {field: "More than one portal account uses this address. Ask a site administrator which to use"}
        )
    if found:
        user = found[0]
        if not user.is_active:
            raise ValidationError(
                {field: "The portal account for this address has been closed. Ask a site administrator"}
            )
        return user, False
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            {"name": "Enter the person's name: no portal account uses this address yet, so one will be made"}
        )
    if len(email) > user_model._meta.get_field("username").max_length:
        raise ValidationError({field: "The email address must be 150 characters or fewer"})
    if user_model.objects.filter(username__iexact=email).exists():
        raise ValidationError(
            {field: "A portal account has this address as its username. Ask a site administrator"}
        )
    first, _, last = name.partition(" ")
    user = user_model(username=email, email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    audit_change(by, Action.CREATED, board, user, {"email": [None, email]})
    _invite_after_commit(user, board)
    return user, True


def _invite_after_commit(user, board: Board) -> None:
    transaction.on_commit(partial(_enqueue_invitation, user.pk, board.pk), robust=True)


def _enqueue_invitation(user_id: int, board_id: int) -> None:
    """
    Hand the email to the broker. The change has committed, so a broker that does not answer must not
    turn it into an error page: it is logged, and the manage page offers to send the link again for
    anyone who has not set a password yet.
    """
    from ..tasks import send_account_invitation

    try:
        send_account_invitation.delay(user_id, board_id)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue the invitation of user %s to board %s", user_id, board_id)


def awaiting_password(user) -> bool:
    """An account made here that has never been used: no password set, never signed in."""
    return user.is_active and not user.has_usable_password() and user.last_login is None


@transaction.atomic
def invitation_resend(*, board: Board, user, by) -> None:
    """
    Email again the link to set a password, to someone who has a role or a seat on the board and has
    not set one yet. Recorded in the board's history: who sent whom a way in.
    """
    require_admin(by, board)
    board = lock_board(board)
    linked = board.roles.filter(user=user).exists() or board.memberships.filter(user=user).exists()
    if not linked:
        raise ValidationError("This person has no role or seat on the board.")
    if not awaiting_password(user):
        raise ValidationError(f"{user.get_full_name() or user.email} has set a password already.")
    audit_change(
        by, Action.UPDATED, board, user, {"set_password_link": [None, f"Emailed again to {user.email}"]}
    )
    _invite_after_commit(user, board)


# Memberships --------------------------------------------------------------------------------------


def _check_membership(board: Board, values: dict, *, organisation_changed: bool) -> None:
    """The rules a form cannot see: the organisation is the board's, the term ends after it starts."""
    errors = {}
    organisation = values.get("organisation")
    if organisation_changed and organisation is not None:
        if not board.organisations.filter(pk=organisation.pk).exists():
            errors["organisation"] = "Choose one of the board's organisations"
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = f"The end of the term must be on or after its start, {_day(starts_on)}"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_create(
    *,
    board: Board,
    by,
    name: str,
    organisation: Organisation,
    role: str,
    starts_on,
    job_title: str = "",
    on_behalf_of: str = "",
    ends_on=None,
    account_email: str = "",
) -> Membership:
    """
    Give someone a seat on the board. With `account_email`, link their portal account (made, with an
    email to set a password, if no account uses the address): members with one read drafts and packs.
    """
    require_admin(by, board)
    board = lock_board(board)
    fields = {
        "name": " ".join(name.split()),
        "job_title": job_title,
        "organisation": organisation,
        "role": role,
        "on_behalf_of": on_behalf_of,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    _check_membership(board, fields, organisation_changed=True)
    membership = Membership(board=board, **fields)
    membership.full_clean(exclude=["user"])
    if account_email:
        membership.user = _account(
            board=board, email=account_email, name=fields["name"], by=by, field="account_email"
        )[0]
    save_validated(membership)
    audit_change(by, Action.CREATED, board, membership, created_changes(**fields, user=membership.user))
    return membership


def _locked_membership(membership: Membership) -> tuple[Board, Membership]:
    board = lock_board(membership.board)
    return board, Membership.objects.select_for_update().select_related("organisation").get(
        pk=membership.pk, board=board
    )


@transaction.atomic
def membership_update(
    *, membership: Membership, by, version: int | None = None, account_email: str | None = None, **fields
) -> Membership:
    """
    Change a seat's details. `account_email`: None leaves the portal account as it is, "" unlinks it,
    an address links that account (made if need be, as membership_create does). `version` is the one
    the user's form was loaded from: if someone saved since, core.versions.EditConflict.
    """
    require_admin(by, membership.board)
    board, membership = _locked_membership(membership)
    values = {name: fields.get(name, getattr(membership, name)) for name in MEMBERSHIP_FIELDS}
    changed = "organisation" in fields and fields["organisation"].pk != membership.organisation_id
    _check_membership(board, values, organisation_changed=changed)
    if account_email is not None:
        current = membership.user.email if membership.user else ""
        if account_email.strip().lower() != current.lower():
            fields["user"] = (
                _account(board=board, email=account_email, name=values["name"], by=by, field="account_email")[
                    0
                ]
                if account_email
                else None
            )
    changes = apply_edit(
        membership, fields=fields, version=version, noun="membership", allowed=MEMBERSHIP_FIELDS
    )
    if changes:
        save_validated(membership)
        audit_change(by, Action.UPDATED, board, membership, changes)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by, ends_on, version: int | None = None) -> Membership:
    """End a member's term on `ends_on` (the last day of it)."""
    require_admin(by, membership.board)
    board, membership = _locked_membership(membership)
    if ends_on < membership.starts_on:
        raise ValidationError(
            {"ends_on": f"The term cannot end before it starts, on {_day(membership.starts_on)}"}
        )
    changes = apply_edit(
        membership, fields={"ends_on": ends_on}, version=version, noun="membership", allowed=("ends_on",)
    )
    if changes:
        save_validated(membership)
        audit_change(by, Action.UPDATED, board, membership, changes)
    return membership


# Officers and administrators ----------------------------------------------------------------------


def role_words(role: str) -> str:
    """The role in a sentence: "an officer", "an administrator"."""
    return "an officer" if role == BoardRole.Role.OFFICER else "an administrator"


def _check_role(role: str) -> None:
    if role not in BoardRole.Role.values:
        raise ValidationError({"role": "Choose officer or board administrator"})


@transaction.atomic
def board_role_grant(*, board: Board, by, email: str, role: str, name: str = "") -> BoardRole:
    """
    Let someone sign in to work on the board, as an officer or an administrator. An address no
    account uses gets a new account, and an email with a link to set its password.
    """
    require_admin(by, board)
    board = lock_board(board)
    _check_role(role)
    user, made = _account(board=board, email=email, name=name, by=by, field="email")
    if not made:
        held = board.roles.filter(user=user).first()
        if held is not None:
            raise ValidationError(
                {
                    "email": f"{user.get_full_name() or user.email} is already {role_words(held.role)} of "
                    "this board. Change their role in the list of people who sign in"
                }
            )
    board_role = BoardRole.objects.create(user=user, board=board, role=role)
    audit_change(
        by,
        Action.CREATED,
        board,
        board_role,
        {"user": [None, user.email or user.get_username()], "role": [None, role]},
    )
    return board_role


def _locked_role(board_role: BoardRole) -> tuple[Board, BoardRole]:
    board = lock_board(board_role.board)
    found = (
        BoardRole.objects.select_for_update()
        .select_related("user")
        .filter(pk=board_role.pk, board=board)
        .first()
    )
    if found is None:
        raise ValidationError("That person no longer has a role on this board: it was removed meanwhile.")
    return board, found


def _refuse_leaving_no_administrator(board: Board, board_role: BoardRole, by) -> None:
    """A board keeps at least one administrator whose account is open, or nobody could manage it."""
    if board_role.role != BoardRole.Role.ADMINISTRATOR:
        return
    others = board.roles.filter(role=BoardRole.Role.ADMINISTRATOR, user__is_active=True).exclude(
        pk=board_role.pk
    )
    if others.exists():
        return
    if board_role.user_id == by.pk:
        raise ValidationError(
            "You are the board's only administrator, so you cannot stop being one. Make someone else "
            "an administrator first."
        )
    who = board_role.user.get_full_name() or board_role.user.get_username()
    raise ValidationError(
        f"{who} is the board's only administrator. Make someone else an administrator first."
    )


@transaction.atomic
def board_role_change(*, board_role: BoardRole, by, role: str) -> BoardRole:
    """Make an officer an administrator, or an administrator an officer (never the last one)."""
    require_admin(by, board_role.board)
    _check_role(role)
    board, board_role = _locked_role(board_role)
    if board_role.role == role:
        return board_role
    if role != BoardRole.Role.ADMINISTRATOR:
        _refuse_leaving_no_administrator(board, board_role, by)
    before = board_role.role
    board_role.role = role
    board_role.save(update_fields=["role"])
    audit_change(by, Action.UPDATED, board, board_role, {"role": [before, role]})
    return board_role


@transaction.atomic
def board_role_remove(*, board_role: BoardRole, by) -> None:
    """Stop someone signing in to work on the board (their account stays, with any other roles)."""
    require_admin(by, board_role.board)
    board, board_role = _locked_role(board_role)
    _refuse_leaving_no_administrator(board, board_role, by)
    user = board_role.user
    audit_change(
        by,
        Action.DELETED,
        board,
        board_role,
        {"user": [user.email or user.get_username(), None], "role": [board_role.role, None]},
    )
    board_role.delete()
