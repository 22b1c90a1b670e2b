"""The emails that tell a board's members of their pack (boards/packs.py): one per member and version."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from .board import Membership
from .meetings import AgendaPublication


class PackNotice(models.Model):
    """
    One email to a board member saying that a members' pack was published or changed: recorded before
    it is sent and marked once it is, so that the task sending it, retried or delivered twice, sends it
    once. It holds the link, never the file.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        NOT_SENT = "not_sent", "Not sent: no address to send it to"
        FAILED = "failed", "Failed"

    version = models.ForeignKey("core.DocumentVersion", on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(AgendaPublication, on_delete=models.PROTECT, related_name="notices")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="pack_notices")
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    failure = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(db_default=Now())
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "membership"], name="packnotice_once_per_member_version"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "not_sent", "failed"]),
                name="packnotice_state_valid",
            ),
        ]

    def __str__(self):
        return f"Pack notice to {self.membership.name} ({self.get_state_display()})"
