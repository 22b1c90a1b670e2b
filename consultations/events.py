"""
Engagement events of a consultation (docs/decisions/0015-offline-responses-and-events.md): drop-ins,
workshops, presentations at partnership meetings, and the comments captured there, each linked to the
priorities of the consulted text it speaks to. Free text never goes into the audit trail (offline.py).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core import audit
from core.models import AuditEntry

from .models import COMMENT_MAX, Comment, Consultation, Event
from .offline import EVENT_FIELDS, _require_entry, _require_events

# Engagement events ---------------------------------------------------------------------------------


def _event_changes(before: dict, event: Event) -> dict:
    after = audit.snapshot_fields(event, EVENT_FIELDS)
    return audit.diff_fields(before, after)


@transaction.atomic
def event_create(
    *,
    consultation: Consultation,
    by,
    title: str,
    held_on: datetime.date,
    kind: str = Event.Kind.DROP_IN,
    place: str = "",
    organisation: str = "",
    people_reached: int = 0,
    notes: str = "",
) -> Event:
    """Record an engagement event of the consultation: a drop-in, workshop or presentation at a meeting."""
    _require_events(by, consultation)
    event = Event(
        consultation=consultation,
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        organisation=organisation.strip(),
        people_reached=people_reached,
        notes=notes.strip(),
    )
    event.full_clean()
    event.save()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=consultation.strategy,
        target=event,
        changes=_event_changes({}, event),
    )
    return event


@transaction.atomic
def event_update(*, event: Event, by, **fields) -> Event:
    """Change an event's details (EVENT_FIELDS)."""
    _require_events(by, event.consultation)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not set here: {', '.join(sorted(unknown))}")
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("consultation__strategy")
        .get(pk=event.pk)
    )
    before = audit.snapshot_fields(event, EVENT_FIELDS)
    for name, value in fields.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.full_clean()
    changes = _event_changes(before, event)
    if changes:
        event.save()
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=event.consultation.strategy,
            target=event,
            changes=changes,
        )
    return event


@transaction.atomic
def event_delete(*, event: Event, by) -> None:
    """Delete an event and the comments captured there; refused while responses name it."""
    _require_events(by, event.consultation)
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("consultation__strategy")
        .get(pk=event.pk)
    )
    if count := event.responses.count():
        responses = (
            "1 response entered from this event names"
            if count == 1
            else f"{count} responses entered from this event name"
        )
        raise ValidationError(f"{responses} it. Change or delete them first.")
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=event.consultation.strategy,
        target=event,
        changes={"title": [event.title, None], "comments": [event.comments.count(), None]},
    )
    event.delete()


@transaction.atomic
def event_comment_add(*, event: Event, by, text: str, priorities: list[int] | None = None) -> Comment:
    """
    A comment captured at the event, with the priorities of the consulted text it speaks to (none, one
    or several). Refused before the consultation opens: until then there is no fixed text to point to.
    """
    _require_events(by, event.consultation)
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("consultation__revision", "consultation__strategy")
        .get(pk=event.pk)
    )
    consultation = event.consultation
    _require_entry(consultation)
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "Enter the comment"
    elif len(text) > COMMENT_MAX:
        errors["text"] = f"The comment must be {COMMENT_MAX:,} characters or fewer"
    order = [priority["id"] for priority in consultation.priorities()]
    chosen = set(priorities or [])
    if chosen - set(order):
        errors["priorities"] = "Select from the priorities consulted on"
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(
        consultation=consultation,
        event=event,
        text=text,
        priorities=[pk for pk in order if pk in chosen],
    )
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=consultation.strategy,
        target=event,
        changes={"comments": [event.comments.count() - 1, event.comments.count()]},
    )
    return comment


@transaction.atomic
def event_comment_delete(*, comment: Comment, by) -> None:
    """Delete a comment captured at an event (a response's comments change with the response)."""
    _require_events(by, comment.consultation)
    if comment.event_id is None:
        raise ValidationError("This comment is part of a response: change the response instead.")
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("consultation__strategy")
        .get(pk=comment.event_id)
    )
    count = event.comments.count()
    Comment.objects.filter(pk=comment.pk).delete()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=event.consultation.strategy,
        target=event,
        changes={"comments": [count, count - 1]},
    )
