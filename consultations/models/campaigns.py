"""Campaigns: the same text sent in many responses (docs/decisions/0020-duplicates-and-campaigns.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .consultation import Consultation
from .responses import Comment


class CampaignStatus(models.TextChoices):
    DETECTED = "detected", "Found, not reviewed"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class Campaign(models.Model):
    """
    Comments from several responses whose text is the same once case, spacing, punctuation, a greeting
    and a sign-off are set aside (consultations.campaigns.fingerprint). Found by the detection, which
    keys each campaign by that fingerprint, so finding them again updates rather than duplicates; an
    officer confirms it (the report then names it) or dismisses it (it stays dismissed).

    Its name and __str__ never hold the text: the audit trail keeps __str__, and the text is a resident's.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="campaigns")
    fingerprint = models.CharField(max_length=64, editable=False)
    label = models.CharField(max_length=100)
    # The earliest member's text, without its greeting and sign-off (where a name is most often found).
    text = models.TextField()
    comments = models.ManyToManyField(Comment, related_name="campaigns")
    response_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=CampaignStatus, default=CampaignStatus.DETECTED)
    detected_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["consultation", "-response_count", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "fingerprint"], name="campaign_once_per_text"),
            models.CheckConstraint(
                condition=Q(status__in=CampaignStatus.values), name="campaign_status_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="campaign_text_not_empty"),
        ]

    def __str__(self):
        return self.label
