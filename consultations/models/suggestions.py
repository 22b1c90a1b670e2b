"""
Theme suggestions for comments not coded yet (docs/decisions/0021-theme-suggestions-and-agreement.md):
the job that computes them, what it suggested, and what officers said was not the theme.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .consultation import Consultation
from .findings import Theme
from .responses import Comment

# A job neither finished nor touched for this long has lost its worker: it may be asked for again.
SUGGESTION_STALE_AFTER = timedelta(minutes=2)


class SuggestionRun(models.Model):
    """
    The suggestion job of one consultation: its state, and the fingerprint of the data its stored
    suggestions were computed from (the comments, the codes, the themes, the rejections). A job that
    finds the same fingerprint computes nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Suggesting themes"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="suggestion_run")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    fingerprint = models.CharField(max_length=64, blank=True)
    suggested = models.PositiveIntegerField(default=0, help_text="Comments given at least one suggestion.")
    coded = models.PositiveIntegerField(default=0, help_text="Coded comments the suggestions came from.")
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "ready", "failed"]),
                name="suggestion_run_status_valid",
            ),
        ]

    def __str__(self):
        return f"Suggestions for {self.consultation} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_stale(self) -> bool:
        """Unfinished and untouched for a while: its worker died or its message was lost."""
        return self.in_progress and self.updated_at < timezone.now() - SUGGESTION_STALE_AFTER


class Suggestion(models.Model):
    """
    A theme suggested for a comment nobody has coded yet, from the coded comments most like it. Never a
    code: an officer ticks it (and saves) or says it is not the theme.

    `score` ranks a comment's suggestions: the share of its nearest coded neighbours' similarity that
    carries the theme. `similarity` is what the page shows: how alike (cosine of TF-IDF vectors, 0 to 1)
    the comment is to the most similar coded comment with the theme.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="suggestions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField()
    similarity = models.FloatField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "theme"], name="suggestion_once"),
        ]

    def __str__(self):
        return f"{self.comment_id}: {self.theme} ({self.score:.2f})"

    @property
    def percent(self) -> int:
        return round(100 * self.similarity)


class SuggestionRejection(models.Model):
    """An officer said this theme is not the comment's: it is not suggested for that comment again."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="rejected_suggestions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "theme"], name="suggestion_rejected_once"),
        ]

    def __str__(self):
        return f"{self.comment_id}: not {self.theme}"
