"""The strategy's lifecycle (shared/DOMAIN.md): its statuses, and which moves between them are allowed."""

from django.core.exceptions import ValidationError
from django.db import models


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
