from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

# An unfinished document job without a heartbeat for this long has lost its worker (or its message):
# the page offers "Try again". Workers beat every few seconds (core.documents.jobs.HEARTBEAT_SECONDS).
STALE_AFTER = timedelta(minutes=2)


class ImmutableRecord(ValueError):
    """An attempt to change or delete a record that is kept as it was written."""


class ImmutableQuerySet(models.QuerySet):
    """Refuses bulk changes, which bypass the model's save() and delete()."""

    def update(self, **kwargs):
        raise ImmutableRecord(f"{self.model._meta.verbose_name_plural.capitalize()} are never changed.")

    def delete(self):
        raise ImmutableRecord(f"{self.model._meta.verbose_name_plural.capitalize()} are never deleted.")

    # As on QuerySet: no Manager.delete(), so nobody deletes a whole table by accident.
    delete.queryset_only = True
    # bulk_update() goes through update(); _raw_delete() serves only cascades, which PROTECT stops.


class ImmutableModel(models.Model):
    """
    A record written once and never changed: status changes, revisions, audit entries, and later
    decisions and responses. Saving an existing row, deleting it, and a queryset's update() or
    delete() all raise ImmutableRecord. Foreign keys to such records should PROTECT them.
    """

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord(f"{self._meta.verbose_name.capitalize()} records are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord(f"{self._meta.verbose_name.capitalize()} records are never deleted.")


class Document(models.Model):
    """
    The job that renders one document of the portal (a strategy's PDF, later a board pack), and
    the thing pages link to.

    `kind` names a registered core.documents.DocumentKind; `object_id` is the primary key of the
    object it is built from. One row per object and kind: status, progress and the error of the
    latest request, and a heartbeat (`updated_at`) while a worker renders. Each rendered file is
    kept as an immutable DocumentVersion; `current` is the latest, which is what pages offer.
    """

    # The stage of a job that found its document already up to date: nothing changed, nothing rendered.
    UNCHANGED = "Up to date"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Being generated"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50)
    object_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percentage done, 0 to 100.")
    stage = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    current = models.ForeignKey(
        "DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The latest version rendered: what pages offer for download.",
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Times a worker started the job since it was last requested."
    )
    worker = models.CharField(max_length=200, blank=True, help_text="The worker process rendering it.")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(
        auto_now=True, help_text="Touched every few seconds while a worker renders (the heartbeat)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="document_one_per_object"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "running", "ready", "failed"]),
                name="document_status_valid",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="document_progress_max_100"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_stale(self) -> bool:
        """
        An unfinished job without a heartbeat for STALE_AFTER: its worker died, or the message
        was lost, so the page offers "Try again". Asking again is harmless if it was only slow.
        """
        return self.in_progress and self.updated_at < timezone.now() - STALE_AFTER


def version_upload_to(version: "DocumentVersion", filename: str) -> str:
    return f"documents/{timezone.now():%Y}/{version.document.kind}/{filename}"


class DocumentVersion(ImmutableModel):
    """
    One rendered file of a document, kept as it was written: a new render adds a version, and no
    file is ever replaced in place, so a link to an older version keeps working.

    `parts` records what it was made of, in order: for each part its title, whether it was
    rendered from HTML or included from an upload (and which), whether it is tagged for screen
    readers, its first page and its number of pages.
    """

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_upload_to, max_length=300)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField(null=True, blank=True)
    source_hash = models.CharField(max_length=64, help_text="SHA-256 of every part and the pipeline version.")
    parts = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_number_unique"),
        ]

    def __str__(self):
        return f"{self.filename}, version {self.number}"

    @property
    def untagged_parts(self) -> list[tuple[int, str]]:
        """(number, title) of each part that is not tagged for screen readers (a scanned upload)."""
        return [
            (number, part.get("title", ""))
            for number, part in enumerate(self.parts, start=1)
            if part.get("tagged") is False
        ]


class AuditEntryQuerySet(ImmutableQuerySet):
    def for_scope(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(scope_type=ContentType.objects.get_for_model(obj), scope_id=obj.pk)


class AuditEntry(ImmutableModel):
    """
    One change to governed content: who did what to which object, when, with old and new values.

    `scope` is the record the change belongs to for reading back (a strategy, for a priority's
    edit); `target` is the object itself. Rows are never updated or deleted.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"
        REORDERED = "reordered", "Reordered"
        # Personal data given out (a subject access request): who saw it is worth knowing.
        EXPORTED = "exported", "Exported"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action)
    scope_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    scope_id = models.PositiveBigIntegerField()
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [old, new]}")

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["scope_type", "scope_id", "-at"], name="audit_scope_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.actor} {self.action} {self.target_repr} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def target_label(self) -> str:
        return self.target_type.model_class()._meta.verbose_name if self.target_type_id else ""

    def labelled_changes(self) -> list[tuple[str, object, object]]:
        """
        The changes as (label, old, new), each labelled as the user knows the field: its verbose name
        ("Start year", "Web address name"), not its name ("start_year"). Entries that are not fields
        (a deleted domain's "priorities", a reorder's "order") read as words too.
        Values read as the forms show them: a choice by its label ("For decision", not "decision"), a
        date and time as words in the portal's time zone, a yes-or-no field as "Yes" or "No".
        """
        model = self.target_type.model_class() if self.target_type_id else None
        labelled = []
        for name, (old, new) in self.changes.items():
            field = _field(model, name)
            labelled.append((_field_label(field, name), _field_value(field, old), _field_value(field, new)))
        return labelled


def _field(model, name: str):
    try:
        field = model._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return None
    return field if hasattr(field, "verbose_name") else None  # A reverse relation has none.


def _field_label(field, name: str) -> str:
    return capfirst(str(field.verbose_name) if field is not None else name.replace("_", " "))


def _field_value(field, value: object) -> object:
    """A recorded value as the user knows it; None stays None (the history shows nothing there)."""
    from django.utils.dateparse import parse_date, parse_datetime
    from django.utils.formats import date_format

    if value is None or field is None:
        return value
    if isinstance(value, list):
        return [_field_value(field, one) for one in value]
    if getattr(field, "flatchoices", None):
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField) and isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
            return date_format(moment, "j F Y, H:i")
    elif isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return date_format(day, "j F Y")
    return value


class FormToken(models.Model):
    """
    A create form's one-time token, claimed in the transaction that does the work, with what that
    work made. The unique token makes a repeat of the same form (a double click, a resent request)
    return the first result instead of making a second one (core.formtokens).
    """

    token = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=100, help_text="What the form does, e.g. strategies.create.")
    result_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    result_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.purpose} by {self.user} at {self.created_at:%Y-%m-%d %H:%M}"

    def result(self) -> models.Model | None:
        """What the first request made, or None if it has been deleted since."""
        if self.result_type_id is None:
            return None
        return self.result_type.model_class()._base_manager.filter(pk=self.result_id).first()


class SearchEntry(models.Model):
    """
    One public thing as site search finds it (core.search): a denormalised copy, written by the app
    that owns the thing when it becomes public and removed when it stops being public, in the same
    transaction. Plain board fields, no foreign keys: core knows no app, and a row is only ever
    a copy that `manage.py search_reindex` can rebuild.

    `source` names the thing ("strategies.priority:42"); `group` the set of rows an app replaces
    together (a strategy with its domains and priorities). On PostgreSQL `vector` holds the title
    (weight A) and text (weight B) as English lexemes, with a GIN index (migration 0005); on SQLite
    it stays empty and search matches words in the title and text instead.
    """

    source = models.CharField(max_length=120, unique=True)
    group = models.CharField(max_length=120, db_index=True)
    kind = models.CharField(max_length=40)
    board_id = models.PositiveBigIntegerField(null=True, blank=True)
    board_slug = models.CharField(max_length=100, blank=True)
    board_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500)
    context = models.CharField(
        max_length=500, blank=True, help_text="Where it belongs, shown under the title."
    )
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    published_at = models.DateTimeField(default=timezone.now)
    vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "pk"]
        indexes = [
            models.Index(fields=["board_slug", "kind"], name="search_board_kind_idx"),
            # The order in which core.search reads the newest matches of a common word.
            models.Index(fields=["-published_at", "-id"], name="search_published_idx"),
        ]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.kind}: {self.title}"
