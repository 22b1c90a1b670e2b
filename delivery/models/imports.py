"""
An upload of a Fingertips export into a strategy's indicators (issue 8), and where it stands: checked
by a worker (its preview: what would change, per indicator, and every rejected row), then imported by a
worker in one transaction once an officer confirms. The same file uploaded twice is two uploads; the
second imports nothing, because nothing would change.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# A worker touches a running job's row at least this often; a job untouched for longer has stopped.
STALE_AFTER = datetime.timedelta(minutes=2)


class ImportStatus(models.TextChoices):
    CHECKING = "checking", "Checking the file"
    CHECKED = "checked", "Checked"
    REFUSED = "refused", "Refused"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"


RUNNING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class IndicatorImport(models.Model):
    strategy = models.ForeignKey("strategies.Strategy", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="delivery/imports/%Y/%m/", max_length=300)
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=ImportStatus, default=ImportStatus.CHECKING)
    stage = models.CharField(max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    rows = models.PositiveIntegerField(default=0, help_text="Data rows in the file, every area and category.")
    area_name = models.CharField(max_length=200, blank=True)
    region_code = models.CharField(max_length=9, blank=True)
    # Per indicator: {"id", "title", "new", "changed", "unchanged", "examples": [...]}, in file order.
    summary = models.JSONField(default=list, blank=True)
    new = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # The strategy's indicators' history as the check saw it (its latest entry's id): an import confirmed
    # after they changed would write what the officer did not preview, so it is refused.
    checked_against = models.PositiveBigIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="import_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_progress_percent"),
            models.CheckConstraint(
                condition=~Q(status=ImportStatus.IMPORTED) | Q(confirmed_at__isnull=False),
                name="import_imported_when_confirmed",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display().lower()})"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def is_stale(self) -> bool:
        return self.running and timezone.now() - self.updated_at > STALE_AFTER

    @property
    def error_sentence(self) -> str:
        return self.error if self.error.endswith((".", "!", "?")) else self.error + "."

    @property
    def importable(self) -> bool:
        """Checked, with nothing rejected and something to change."""
        return self.status == ImportStatus.CHECKED and not self.rejected and bool(self.new or self.changed)


class RejectedRow(models.Model):
    """A row of an upload that cannot be imported: its line in the file and why."""

    upload = models.ForeignKey(IndicatorImport, on_delete=models.CASCADE, related_name="rejected_rows")
    line = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["upload", "line", "pk"]

    def __str__(self):
        return f"Line {self.line}: {self.reason}"
