"""The records a strategy keeps of itself: the frozen revisions of its text, and its lifecycle moves."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from boards.models import Decision
from core.models import ImmutableModel

from .lifecycle import Status
from .strategy import Strategy


def has_easy_read(snapshot: dict) -> bool:
    """Whether a revision's text has an easy read version: an introduction, or a domain's or priority's."""
    if snapshot.get("easy_read"):
        return True
    return any(
        domain.get("easy_read") or any(priority.get("easy_read") for priority in domain.get("priorities", []))
        for domain in snapshot.get("domains", [])
    )


def content_hash(snapshot: dict) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()


class Revision(ImmutableModel):
    """A frozen snapshot of a strategy's text, taken at each lifecycle move. Never changed."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status, help_text="The status the strategy moved to.")
    snapshot = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="revision_status_valid"),
        ]

    def __str__(self):
        return f"Revision {self.number} ({self.get_status_display()})"


class StatusChange(ImmutableModel):
    """One lifecycle move: who, when, why, and which Board decision caused it. Never changed."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    reason = models.TextField(max_length=2000)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="status_changes"
    )
    revision = models.OneToOneField(Revision, on_delete=models.PROTECT, related_name="status_change")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["strategy", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=Status.values) & Q(to_status__in=Status.values),
                name="statuschange_statuses_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")), name="statuschange_moves"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="statuschange_reason_given"),
        ]

    def __str__(self):
        return f"{self.strategy}: {self.get_from_status_display()} → {self.get_to_status_display()}"
