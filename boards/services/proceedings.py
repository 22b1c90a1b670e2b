"""
The written record of a meeting (docs/decisions/0024): each item's minutes and its lettered decisions.
Written by the board's officers (boards.permissions.can_edit), under the checks of _record.py: minutes
and decisions wait until the meeting is held, and lock once a later meeting approves the minutes.
Attendance and declarations of interest are in attendance.py.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction

from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit

from ..models import AgendaItem, Decision, Meeting, MeetingStatus
from ..search import meeting_sync
from ._record import (
    audit_change,
    day_of,
    lock_meetings,
    minutes_approval,
    refresh_packs_printing,
    require_edit,
    require_held,
    require_open_record,
)

DECISION_FIELDS = ("text", "outcome", "effect", "minutes_of")


# Minutes ---------------------------------------------------------------------------------------------


@transaction.atomic
def item_minutes_update(*, item: AgendaItem, by, minutes: str, version: int | None = None) -> AgendaItem:
    """
    Write an item's minutes (Markdown). `version` is the one the form was loaded from
    (core.versions.EditConflict). Refused before the meeting is held, and once its minutes are approved.
    The next meeting's published packs print the draft minutes: they are asked for again.
    """
    meeting = lock_meetings(item.meeting)
    require_edit(by, meeting)
    require_held(meeting)
    require_open_record(meeting, "its minutes")
    item = AgendaItem.objects.filter(pk=item.pk).first()
    if item is None:
        raise ValidationError("Someone else removed this item from the agenda while you were writing.")
    changes = apply_edit(
        item, fields={"minutes": minutes.strip()}, version=version, noun="minute", allowed=("minutes",)
    )
    if changes:
        item.save(update_fields=["minutes", "version", "updated_at"])
        audit_change(by, AuditEntry.Action.UPDATED, meeting, item, changes)
        refresh_packs_printing(meeting, by=by)
        meeting_sync(meeting)  # Minutes and decisions of public items are found by site search.
    return item


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
    meeting = lock_meetings(item.meeting, minutes_of)
    require_edit(by, meeting)
    require_held(meeting)
    require_open_record(meeting, "its decisions")
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
    audit_change(by, AuditEntry.Action.CREATED, meeting, decision, changes)
    refresh_packs_printing(meeting, by=by)  # The draft minutes they print end with the resolutions.
    meeting_sync(meeting)
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
    meeting = lock_meetings(decision.agenda_item.meeting, decision.minutes_of, fields.get("minutes_of"))
    require_edit(by, meeting)
    require_held(meeting)
    require_open_record(meeting, "its decisions")
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
        audit_change(by, AuditEntry.Action.UPDATED, meeting, decision, changes)
        refresh_packs_printing(meeting, by=by)
        meeting_sync(meeting)  # Minutes and decisions of public items are found by site search.
    return decision


@transaction.atomic
def decision_remove(*, decision: Decision, by) -> None:
    """
    Remove a resolution recorded by mistake; the ones after it move up a letter. Refused once anything
    rests on it (a strategy's move, a consultation), and once the meeting's minutes are approved.
    """
    meeting = lock_meetings(decision.agenda_item.meeting)
    require_edit(by, meeting)
    require_held(meeting)
    require_open_record(meeting, "its decisions")
    decision = Decision.objects.filter(pk=decision.pk).first()
    if decision is None:
        return
    records = resting_on(decision)
    if records:
        raise ValidationError(f"A {' and a '.join(records)} rests on this decision, so it cannot be removed.")
    audit_change(
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
    refresh_packs_printing(meeting, by=by)
    meeting_sync(meeting)
