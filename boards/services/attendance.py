"""
Who was at a meeting, and what they declared (docs/decisions/0024): members' attendance, substitutes,
others in attendance, the quorum, and declarations of interest per item and member. Written by the
board's officers (boards.permissions.can_edit), under the checks of _record.py.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.constraints import save_validated
from core.models import AuditEntry

from ..models import VOTING_ROLES, AgendaItem, Attendance, Declaration, Meeting, Membership, Organisation
from ._record import audit_change, lock_meetings, require_edit, require_not_cancelled, require_open_record

# The statuses a member's own attendance can take (substitutes are present; others are in attendance).
MEMBER_STATUSES = (Attendance.Status.PRESENT, Attendance.Status.APOLOGIES, Attendance.Status.ABSENT)


def members_at(meeting: Meeting):
    """The board's members at the meeting: those whose term covers its day, and any recorded at it."""
    recorded = Attendance.objects.filter(meeting=meeting, membership__isnull=False).values("membership")
    current = meeting.board.memberships.current(on=timezone.localdate(meeting.starts_at))
    return Membership.objects.filter(Q(pk__in=current.values("pk")) | Q(pk__in=recorded)).select_related(
        "organisation"
    )


@dataclass(frozen=True)
class Quorum:
    present: int
    needed: int
    recorded: bool = True  # Whether any attendance is recorded: before it is, there is no verdict.

    @property
    def quorate(self) -> bool:
        return self.present >= self.needed

    def __str__(self) -> str:
        if not self.recorded:
            members = "voting member" if self.needed == 1 else "voting members"
            return f"No attendance recorded yet: {self.needed} {members} make a quorum"
        return f"{'Quorate' if self.quorate else 'Not quorate'}: {self.present} of {self.needed} needed"


def quorum(meeting: Meeting) -> Quorum:
    """
    Voting members present, and substitutes present for voting members, against the quorum: the one of
    the day for a meeting recorded as held, else the board's.
    """
    counted = Q(status=Attendance.Status.PRESENT) & (
        Q(membership__role__in=VOTING_ROLES) | Q(substitute_for__role__in=VOTING_ROLES)
    )
    counts = meeting.attendance.aggregate(present=Count("pk", filter=counted), recorded=Count("pk"))
    needed = meeting.quorum if meeting.quorum is not None else meeting.board.quorum
    return Quorum(present=counts["present"], needed=needed, recorded=counts["recorded"] > 0)


# Attendance -------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, by, statuses: dict[int, str]) -> Meeting:
    """
    Record members' attendance: {membership id: "present", "apologies" or "absent"}. A member left out
    stays as recorded. A member with a substitute cannot also be present. Errors are keyed
    "member-<id>", as the attendance form names its fields.
    """
    meeting = lock_meetings(meeting)
    require_edit(by, meeting)
    require_not_cancelled(meeting)
    require_open_record(meeting, "its attendance")
    members = {member.pk: member for member in members_at(meeting)}
    rows = {row.membership_id: row for row in meeting.attendance.filter(membership__isnull=False)}
    substituted = set(
        meeting.attendance.filter(substitute_for__isnull=False).values_list("substitute_for", flat=True)
    )
    errors = {}
    for pk, status in statuses.items():
        member = members.get(pk)
        if member is None:
            errors[f"member-{pk}"] = "That person was not a member of the board at the time of this meeting"
        elif status not in MEMBER_STATUSES:
            errors[f"member-{pk}"] = f"Choose present, apologies or absent for {member.name}"
        elif status == Attendance.Status.PRESENT and pk in substituted:
            errors[f"member-{pk}"] = (
                f"{member.name} has a substitute at this meeting: remove the substitute first, or record "
                "apologies"
            )
    if errors:
        raise ValidationError(errors)
    for pk, status in statuses.items():
        _set_member_status(meeting, members[pk], rows.get(pk), status, by=by)
    return meeting


def _set_member_status(meeting: Meeting, member: Membership, row: Attendance | None, status: str, *, by):
    label = Attendance.Status(status).label
    if row is None:
        row = Attendance.objects.create(meeting=meeting, membership=member, status=status)
        audit_change(by, AuditEntry.Action.CREATED, meeting, row, {"status": [None, label]})
    elif row.status != status:
        before = row.get_status_display()
        row.status = status
        row.save(update_fields=["status"])
        audit_change(by, AuditEntry.Action.UPDATED, meeting, row, {"status": [before, label]})
    return row


@transaction.atomic
def substitute_add(
    *, meeting: Meeting, by, substitute_for: Membership, name: str, organisation: Organisation | None = None
) -> Attendance:
    """
    Record a substitute, present in place of a member who is not. The member is recorded as sending
    apologies if nothing was recorded for them; one recorded as present cannot have a substitute.
    The organisation is the member's unless another of the board's is given.
    """
    meeting = lock_meetings(meeting)
    require_edit(by, meeting)
    require_not_cancelled(meeting)
    require_open_record(meeting, "its attendance")
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = "Enter the substitute's name"
    member = members_at(meeting).filter(pk=substitute_for.pk).first()
    own_row = meeting.attendance.filter(membership=substitute_for).first()
    if member is None:
        errors["substitute_for"] = "Choose a member of the board at the time of this meeting"
    elif meeting.attendance.filter(substitute_for=member).exists():
        errors["substitute_for"] = (
            f"{member.name} already has a substitute at this meeting: remove that substitute first"
        )
    elif own_row is not None and own_row.status == Attendance.Status.PRESENT:
        errors["substitute_for"] = (
            f"{member.name} is recorded as present: a substitute stands in for a member who is not there"
        )
    if organisation is not None and not meeting.board.organisations.filter(pk=organisation.pk).exists():
        errors["organisation"] = "Choose one of the board's organisations"
    if errors:
        raise ValidationError(errors)
    if own_row is None:
        _set_member_status(meeting, member, None, Attendance.Status.APOLOGIES, by=by)
    row = Attendance(
        meeting=meeting,
        name=name,
        organisation=organisation or member.organisation,
        status=Attendance.Status.PRESENT,
        substitute_for=member,
    )
    row.full_clean()
    save_validated(row)
    audit_change(
        by,
        AuditEntry.Action.CREATED,
        meeting,
        row,
        {
            "substitute": [None, name],
            "substitute for": [None, member.name],
            "organisation": [None, str(row.organisation)],
        },
    )
    return row


@transaction.atomic
def in_attendance_add(
    *, meeting: Meeting, by, name: str, organisation: Organisation | None = None
) -> Attendance:
    """Record someone in attendance who is not a member: an officer presenting an item, say."""
    meeting = lock_meetings(meeting)
    require_edit(by, meeting)
    require_not_cancelled(meeting)
    require_open_record(meeting, "its attendance")
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = "Enter the name of the person in attendance"
    if organisation is not None and not meeting.board.organisations.filter(pk=organisation.pk).exists():
        errors["organisation"] = "Choose one of the board's organisations"
    if errors:
        raise ValidationError(errors)
    row = Attendance(
        meeting=meeting, name=name, organisation=organisation, status=Attendance.Status.IN_ATTENDANCE
    )
    row.full_clean()
    row.save()
    changes = {"in attendance": [None, name]}
    if organisation is not None:
        changes["organisation"] = [None, str(organisation)]
    audit_change(by, AuditEntry.Action.CREATED, meeting, row, changes)
    return row


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by) -> None:
    """Remove a line of the attendance: a substitute, someone in attendance, or a member's own line."""
    meeting = lock_meetings(attendance.meeting)
    require_edit(by, meeting)
    require_not_cancelled(meeting)
    require_open_record(meeting, "its attendance")
    row = Attendance.objects.filter(pk=attendance.pk).select_related("membership", "substitute_for").first()
    if row is None:
        return  # Removed already (the same form sent twice, or another officer).
    changes = {"person": [row.person, None], "status": [row.get_status_display(), None]}
    if row.substitute_for_id:
        changes["substitute for"] = [row.substitute_for.name, None]
    audit_change(by, AuditEntry.Action.DELETED, meeting, row, changes)
    row.delete()


# Declarations of interest ----------------------------------------------------------------------------


@transaction.atomic
def declaration_add(
    *, item: AgendaItem, by, membership: Membership, interest: str, description: str, action: str
) -> Declaration:
    """Record a member's declaration of interest in an item, and what they did about it."""
    meeting = lock_meetings(item.meeting)
    require_edit(by, meeting)
    require_not_cancelled(meeting)
    require_open_record(meeting, "its declarations of interest")
    description = description.strip()
    errors = {}
    member = members_at(meeting).filter(pk=membership.pk).first()
    if member is None:
        errors["membership"] = "Choose a member of the board at the time of this meeting"
    elif item.declarations.filter(membership=member).exists():
        errors["membership"] = (
            f"{member.name} has already declared an interest in this item: remove that declaration to "
            "record it differently"
        )
    if interest not in Declaration.Interest.values:
        errors["interest"] = "Choose the kind of interest"
    if not description:
        errors["description"] = "Describe the interest"
    if action not in Declaration.Action.values:
        errors["action"] = "Choose what the member did"
    if errors:
        raise ValidationError(errors)
    declaration = Declaration(
        item=item, membership=member, interest=interest, description=description, action=action
    )
    declaration.full_clean()
    save_validated(declaration)
    audit_change(
        by,
        AuditEntry.Action.CREATED,
        meeting,
        declaration,
        {
            "member": [None, member.name],
            "interest": [None, declaration.get_interest_display()],
            "description": [None, description],
            "action": [None, declaration.get_action_display()],
        },
    )
    return declaration


@transaction.atomic
def declaration_remove(*, declaration: Declaration, by) -> None:
    meeting = lock_meetings(declaration.item.meeting)
    require_edit(by, meeting)
    require_not_cancelled(meeting)
    require_open_record(meeting, "its declarations of interest")
    declaration = Declaration.objects.filter(pk=declaration.pk).select_related("membership").first()
    if declaration is None:
        return
    audit_change(
        by,
        AuditEntry.Action.DELETED,
        meeting,
        declaration,
        {"member": [declaration.membership.name, None], "description": [declaration.description, None]},
    )
    declaration.delete()
