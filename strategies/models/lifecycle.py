"""The strategy's lifecycle (shared/DOMAIN.md): its statuses, and which moves between them are allowed."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, timezone

from boards.models import Decision, MeetingStatus


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_CONSULTATION = "in_consultation", "In consultation"
    FINAL_DRAFT = "final_draft", "Final draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


# "This strategy is ...": each status in a sentence.
STATUS_IN_WORDS = {
    Status.DRAFT: "a draft",
    Status.IN_CONSULTATION: "in consultation",
    Status.FINAL_DRAFT: "a final draft",
    Status.APPROVED: "approved",
    Status.PUBLISHED: "published",
    Status.SUPERSEDED: "superseded",
}

# The lifecycle (shared/DOMAIN.md): each allowed move, and the words used for it on buttons.
TRANSITIONS: dict[str, dict[str, str]] = {
    Status.DRAFT: {Status.IN_CONSULTATION: "Start consultation"},
    Status.IN_CONSULTATION: {Status.FINAL_DRAFT: "Close consultation and prepare the final draft"},
    Status.FINAL_DRAFT: {Status.APPROVED: "Record Board approval"},
    Status.APPROVED: {Status.PUBLISHED: "Publish"},
    Status.PUBLISHED: {Status.SUPERSEDED: "Mark as superseded"},
    Status.SUPERSEDED: {},
}
# Content can be changed only while the text is being drafted.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.FINAL_DRAFT})
PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.SUPERSEDED})
# Anyone may read these: the published text, and the draft while the public is consulted on it. Each is
# read from the revision frozen when the strategy reached that status, never from the live rows.
READABLE_BY_ANYONE = PUBLIC_STATUSES | {Status.IN_CONSULTATION}


class IllegalTransition(ValidationError):
    pass


def transition_error(current: str, target: str) -> str | None:
    """Why `current` may not move to `target`, or None if it may."""
    if target not in Status.values:
        return f"“{target}” is not a strategy status."
    if target in TRANSITIONS[current]:
        return None
    if current == target:
        return f"The strategy is already {Status(current).label.lower()}."
    allowed = ", ".join(Status(s).label.lower() for s in TRANSITIONS[current]) or "nothing: it is final"
    article = "An" if Status(current).label[0] in "AEIOU" else "A"
    return (
        f"{article} {Status(current).label.lower()} strategy cannot become {Status(target).label.lower()}; "
        f"it can move on to {allowed}."
    )


# The moves only the Board can make: each needs an approved resolution with this effect, of the strategy's
# own board, from a meeting it held (boards' DecisionQuerySet.approving).
DECISION_EFFECTS: dict[str, str] = {
    Status.IN_CONSULTATION: Decision.Effect.CONSULTATION,
    Status.APPROVED: Decision.Effect.STRATEGY,
}
# What the Board approves, for each of those moves: "the decision that approved ...".
APPROVES = {
    Status.IN_CONSULTATION: "the draft for consultation",
    Status.APPROVED: "the final strategy",
}


def decision_error(
    strategy, to_status: str, decision: Decision | None, at: datetime | None = None
) -> str | None:
    """
    Why `decision` cannot make the move of `strategy` to `to_status` (at `at`, else now), or None if it can.
    Going out to consultation and approval need an approving decision; any move may record one.
    """
    effect = DECISION_EFFECTS.get(to_status)
    if decision is None:
        if effect is None:
            return None
        return (
            f"Choose the Board decision that approved {APPROVES[to_status]}: only an approving decision of "
            "the strategy's own board, at a meeting it held, can make this move"
        )
    meeting = decision.agenda_item.meeting
    if meeting.board_id != strategy.board_id:
        return "That decision was taken by another board."
    if decision.outcome != Decision.Outcome.APPROVED:
        return (
            f"That item was {decision.get_outcome_display().lower()}, not approved: it cannot move the "
            "strategy on."
        )
    if meeting.status != MeetingStatus.HELD:
        return "That decision's meeting is not recorded as held: record the meeting as held first."
    if effect is not None and decision.effect != effect:
        return f"That decision does not approve {APPROVES[to_status]}: choose the resolution that does."
    taken_on = timezone.localdate(meeting.starts_at)
    if taken_on > timezone.localdate(at or timezone.now()):
        return (
            f"That decision was taken on {dateformat.format(taken_on, 'j F Y')}, after the date of the move."
        )
    return None
