"""
The record of a meeting (docs/decisions/0022): who attended, declarations of interest, each item's
minutes and its lettered decisions. Written by the board's officers (boards.permissions.can_edit).

Every change locks the meeting's row first, so that changes to one meeting's record run one at a time.
A cancelled meeting has no record; minutes and decisions wait until the meeting is recorded as held.
Once a later meeting has approved a meeting's minutes as a correct record, its whole record is locked
(attendance, declarations, minutes and decisions: the minutes are all of them), and every change is
refused with the reason.
"""

import copy
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import dateformat, timezone

from core import audit
from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit

from .. import permissions
from ..models import (
    VOTING_ROLES,
    AgendaItem,
    AgendaPublication,
    Attendance,
    Decision,
    Declaration,
    Meeting,
    MeetingStatus,
    Membership,
    Organisation,
)
from .packs import pack_request

# The statuses a member's own attendance can take (substitutes are present; others are in attendance).
MEMBER_STATUSES = (Attendance.Status.PRESENT, Attendance.Status.APOLOGIES, Attendance.Status.ABSENT)
DECISION_FIELDS = ("text", "outcome", "effect", "minutes_of")
HELD_FIRST = "Record the meeting as held first."


# Reading the record ---------------------------------------------------------------------------------


def day_of(meeting: Meeting) -> str:
    """The meeting's day as the record writes it: 15 June 2022."""
    return dateformat.format(timezone.localtime(meeting.starts_at), "j F Y")


def minutes_approval(meeting: Meeting) -> Decision | None:
    """The decision (of a later meeting) that approved this meeting's minutes as a correct record."""
    return (
        Decision.objects.filter(
            minutes_of=meeting, effect=Decision.Effect.MINUTES, outcome=Decision.Outcome.APPROVED
        )
        .select_related("agenda_item__meeting")
        .first()
    )


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
    """Voting members present, and substitutes present for voting members, against the board's quorum."""
    counted = Q(status=Attendance.Status.PRESENT) & (
        Q(membership__role__in=VOTING_ROLES) | Q(substitute_for__role__in=VOTING_ROLES)
    )
    counts = meeting.attendance.aggregate(present=Count("pk", filter=counted), recorded=Count("pk"))
    return Quorum(present=counts["present"], needed=meeting.board.quorum, recorded=counts["recorded"] > 0)


# The checks every change makes -----------------------------------------------------------------------


def _locked(*meetings: Meeting | None) -> Meeting:
    """
    Lock the meetings' rows, in the order of their ids (two officers locking the same two never wait on
    each other), and return the first, read again under the lock.
    """
    ids = sorted({meeting.pk for meeting in meetings if meeting is not None})
    locking = Meeting.objects.select_for_update(of=("self",)).select_related("board")
    rows = {row.pk: row for row in locking.filter(pk__in=ids).order_by("pk")}
    return rows[meetings[0].pk]


def _require_edit(by, meeting: Meeting) -> None:
    if not permissions.can_edit(by, meeting.board_id):
        raise PermissionDenied("Only the board's officers can record a meeting's proceedings.")


def _require_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("The meeting was cancelled: it has no attendance, minutes or decisions.")


def _require_held(meeting: Meeting) -> None:
    _require_not_cancelled(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(HELD_FIRST)


def _require_open_record(meeting: Meeting, what: str) -> None:
    """Refused once a later meeting approved this one's minutes: `what` ("its minutes") is locked."""
    approval = minutes_approval(meeting)
    if approval is not None:
        raise ValidationError(
            f"The minutes of this meeting were approved as a correct record at the meeting on "
            f"{day_of(approval.meeting)}, so {what} can no longer change."
        )


def _audit(by, action: str, meeting: Meeting, target, changes: dict) -> None:
    audit.audit_record(actor=by, action=action, scope=meeting, target=target, changes=changes)


# Attendance -------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, by, statuses: dict[int, str]) -> Meeting:
    """
    Record members' attendance: {membership id: "present", "apologies" or "absent"}. A member left out
    stays as recorded. A member with a substitute cannot also be present. Errors are keyed
    "member-<id>", as the attendance form names its fields.
    """
    meeting = _locked(meeting)
    _require_edit(by, meeting)
    _require_not_cancelled(meeting)
    _require_open_record(meeting, "its attendance")
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
        _audit(by, AuditEntry.Action.CREATED, meeting, row, {"status": [None, label]})
    elif row.status != status:
        before = row.get_status_display()
        row.status = status
        row.save(update_fields=["status"])
        _audit(by, AuditEntry.Action.UPDATED, meeting, row, {"status": [before, label]})
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
    meeting = _locked(meeting)
    _require_edit(by, meeting)
    _require_not_cancelled(meeting)
    _require_open_record(meeting, "its attendance")
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
    _audit(
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
    meeting = _locked(meeting)
    _require_edit(by, meeting)
    _require_not_cancelled(meeting)
    _require_open_record(meeting, "its attendance")
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
    _audit(by, AuditEntry.Action.CREATED, meeting, row, changes)
    return row


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by) -> None:
    """Remove a line of the attendance: a substitute, someone in attendance, or a member's own line."""
    meeting = _locked(attendance.meeting)
    _require_edit(by, meeting)
    _require_not_cancelled(meeting)
    _require_open_record(meeting, "its attendance")
    row = Attendance.objects.filter(pk=attendance.pk).select_related("membership", "substitute_for").first()
    if row is None:
        return  # Removed already (the same form sent twice, or another officer).
    changes = {"person": [row.person, None], "status": [row.get_status_display(), None]}
    if row.substitute_for_id:
        changes["substitute for"] = [row.substitute_for.name, None]
    _audit(by, AuditEntry.Action.DELETED, meeting, row, changes)
    row.delete()


# Declarations of interest ----------------------------------------------------------------------------


@transaction.atomic
def declaration_add(
    *, item: AgendaItem, by, membership: Membership, interest: str, description: str, action: str
) -> Declaration:
    """Record a member's declaration of interest in an item, and what they did about it."""
    meeting = _locked(item.meeting)
    _require_edit(by, meeting)
    _require_not_cancelled(meeting)
    _require_open_record(meeting, "its declarations of interest")
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
    _audit(
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
    meeting = _locked(declaration.item.meeting)
    _require_edit(by, meeting)
    _require_not_cancelled(meeting)
    _require_open_record(meeting, "its declarations of interest")
    declaration = Declaration.objects.filter(pk=declaration.pk).select_related("membership").first()
    if declaration is None:
        return
    _audit(
        by,
        AuditEntry.Action.DELETED,
        meeting,
        declaration,
        {"member": [declaration.membership.name, None], "description": [declaration.description, None]},
    )
    declaration.delete()


# Minutes ---------------------------------------------------------------------------------------------


@transaction.atomic
def item_minutes_update(*, item: AgendaItem, by, minutes: str, version: int | None = None) -> AgendaItem:
    """
    Write an item's minutes (Markdown). `version` is the one the form was loaded from
    (core.versions.EditConflict). Refused before the meeting is held, and once its minutes are approved.
    The next meeting's published packs print the draft minutes: they are asked for again.
    """
    meeting = _locked(item.meeting)
    _require_edit(by, meeting)
    _require_held(meeting)
    _require_open_record(meeting, "its minutes")
    item = AgendaItem.objects.filter(pk=item.pk).first()
    if item is None:
        raise ValidationError("Someone else removed this item from the agenda while you were writing.")
    changes = apply_edit(
        item, fields={"minutes": minutes.strip()}, version=version, noun="minute", allowed=("minutes",)
    )
    if changes:
        item.save(update_fields=["minutes", "version", "updated_at"])
        _audit(by, AuditEntry.Action.UPDATED, meeting, item, changes)
        _refresh_packs_printing(meeting, by=by)
    return item


def _refresh_packs_printing(meeting: Meeting, *, by) -> None:
    """
    Ask again for the packs that print this meeting's draft minutes: the agendas of the board's meetings
    after it, up to its next held one (boards.documents.previous_draft_minutes), once published.
    """
    later = Meeting.objects.filter(board_id=meeting.board_id, starts_at__gt=meeting.starts_at)
    next_held = later.filter(status=MeetingStatus.HELD).order_by("starts_at").values("starts_at")[:1]
    if next_held:
        later = later.filter(starts_at__lte=next_held[0]["starts_at"])
    for publication in AgendaPublication.objects.filter(meeting__in=later, number=0):
        pack_request(publication=publication, by=by)


# Decisions -------------------------------------------------------------------------------------------


def letter_for(index: int) -> str:
    """The letter of the resolution at `index` (from 0): a, b ... z, then aa, ab ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def in_letter_order(decisions) -> list[Decision]:
    """Decisions in the order of their letters (z before aa, which sorting the text would not do)."""
    return sorted(decisions, key=lambda decision: (len(decision.letter), decision.letter))


def _check(decision: Decision, meeting: Meeting) -> None:
    """The rules of a resolution beyond its columns', each message against its field."""
    errors = {}
    if not decision.text:
        errors["text"] = "Enter the resolution, as minuted"
    if decision.outcome not in Decision.Outcome.values:
        errors["outcome"] = "Choose the outcome"
    if decision.effect not in Decision.Effect.values:
        errors["effect"] = "Choose what the decision does"
    elif decision.effect == Decision.Effect.MINUTES:
        error = _minutes_of_error(decision, meeting)
        if error:
            errors["minutes_of"] = error
    elif decision.minutes_of_id is not None:
        errors["minutes_of"] = "Only a decision that approves minutes names a meeting"
    if errors:
        raise ValidationError(errors)


def _minutes_of_error(decision: Decision, meeting: Meeting) -> str | None:
    earlier = decision.minutes_of
    if earlier is None:
        return "Choose the meeting whose minutes it approves"
    if earlier.board_id != meeting.board_id:
        return "Choose a meeting of this board"
    if earlier.pk == meeting.pk or earlier.starts_at >= meeting.starts_at:
        return "Choose an earlier meeting: a meeting approves the minutes of a meeting before it"
    if earlier.status != MeetingStatus.HELD:
        return f"The meeting on {day_of(earlier)} was not held, so it has no minutes to approve"
    if decision.outcome == Decision.Outcome.APPROVED:
        approval = minutes_approval(earlier)
        if approval is not None and approval.pk != decision.pk:
            return (
                f"The minutes of the meeting on {day_of(earlier)} were already approved as a correct record "
                f"at the meeting on {day_of(approval.meeting)}"
            )
    return None


def resting_on(decision: Decision) -> list[str]:
    """
    What other apps recorded because of this decision (a strategy's lifecycle move, a consultation), by
    their models' names: found through their own foreign keys, so that boards imports none of them.
    """
    found = []
    for relation in Decision._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == Decision._meta.app_label:
            continue
        if model._base_manager.filter(**{relation.field.name: decision}).exists():
            found.append(str(model._meta.verbose_name))
    return found


@transaction.atomic
def decision_add(
    *,
    item: AgendaItem,
    by,
    text: str,
    outcome: str,
    effect: str = Decision.Effect.NONE,
    minutes_of: Meeting | None = None,
) -> Decision:
    """
    Record the item's next resolution, lettered in order (a, b, c...). Refused at a meeting not held
    (or cancelled), once the meeting's own minutes are approved, and for an approval of minutes that
    names a later meeting, the same one, or one whose minutes were already approved (the database
    allows one approval of a meeting's minutes as well).
    """
    meeting = _locked(item.meeting, minutes_of)
    _require_edit(by, meeting)
    _require_held(meeting)
    _require_open_record(meeting, "its decisions")
    item = AgendaItem.objects.get(pk=item.pk)
    decision = Decision(
        agenda_item=item,
        text=text.strip(),
        outcome=outcome,
        effect=effect,
        minutes_of=minutes_of,
        recorded_by=by,
        letter=letter_for(item.decisions.count()),
    )
    _check(decision, meeting)
    decision.full_clean()
    save_validated(decision)
    changes = {
        "letter": [None, decision.letter],
        "text": [None, decision.text],
        "outcome": [None, decision.get_outcome_display()],
    }
    if decision.effect:
        changes["effect"] = [None, _effect_text(decision)]
    _audit(by, AuditEntry.Action.CREATED, meeting, decision, changes)
    _refresh_packs_printing(meeting, by=by)  # The draft minutes they print end with the resolutions.
    return decision


def _effect_text(decision: Decision) -> str:
    if decision.effect == Decision.Effect.MINUTES and decision.minutes_of is not None:
        return f"Approves the minutes of the meeting on {day_of(decision.minutes_of)}"
    return decision.get_effect_display()


@transaction.atomic
def decision_update(*, decision: Decision, by, version: int | None = None, **fields) -> Decision:
    """
    Change a resolution's text, outcome or effect; `version` is the one the form was loaded from. Once
    another app has recorded something because of it (a strategy moved on), only its text may change.
    """
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    meeting = _locked(decision.agenda_item.meeting, decision.minutes_of, fields.get("minutes_of"))
    _require_edit(by, meeting)
    _require_held(meeting)
    _require_open_record(meeting, "its decisions")
    decision = Decision.objects.filter(pk=decision.pk).select_related("minutes_of").first()
    if decision is None:
        raise ValidationError("Someone else removed this decision while you were editing it.")
    if "text" in fields:
        fields["text"] = fields["text"].strip()
    candidate = copy.copy(decision)
    for name, value in fields.items():
        setattr(candidate, name, value)
    _check(candidate, meeting)
    moved = [
        name
        for name in ("outcome", "effect", "minutes_of")
        if name in fields and getattr(candidate, name) != getattr(decision, name)
    ]
    records = resting_on(decision) if moved else []
    if records:
        raise ValidationError(
            {
                moved[0]: f"A {' and a '.join(records)} rests on this decision, so its outcome and effect "
                "can no longer change. Its wording can still be corrected."
            }
        )
    before = {"outcome": decision.get_outcome_display(), "effect": _effect_text(decision)}
    changes = apply_edit(decision, fields=fields, version=version, noun="decision", allowed=DECISION_FIELDS)
    if changes:
        save_validated(decision)
        for name in ("outcome", "effect"):
            if name in changes:
                after = decision.get_outcome_display() if name == "outcome" else _effect_text(decision)
                changes[name] = [before[name], after]
        if "minutes_of" in changes:
            changes.pop("minutes_of")
            changes["effect"] = [before["effect"], _effect_text(decision)]
        _audit(by, AuditEntry.Action.UPDATED, meeting, decision, changes)
        _refresh_packs_printing(meeting, by=by)
    return decision


@transaction.atomic
def decision_remove(*, decision: Decision, by) -> None:
    """
    Remove a resolution recorded by mistake; the ones after it move up a letter. Refused once anything
    rests on it (a strategy's move, a consultation), and once the meeting's minutes are approved.
    """
    meeting = _locked(decision.agenda_item.meeting)
    _require_edit(by, meeting)
    _require_held(meeting)
    _require_open_record(meeting, "its decisions")
    decision = Decision.objects.filter(pk=decision.pk).first()
    if decision is None:
        return
    records = resting_on(decision)
    if records:
        raise ValidationError(f"A {' and a '.join(records)} rests on this decision, so it cannot be removed.")
    _audit(
        by,
        AuditEntry.Action.DELETED,
        meeting,
        decision,
        {"letter": [decision.letter, None], "text": [decision.text, None]},
    )
    item_id = decision.agenda_item_id
    decision.delete()
    for index, later in enumerate(in_letter_order(Decision.objects.filter(agenda_item_id=item_id))):
        letter = letter_for(index)
        if later.letter != letter:
            later.letter = letter
            later.save(update_fields=["letter"])
    _refresh_packs_printing(meeting, by=by)
