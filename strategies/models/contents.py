"""What a strategy is made of: its domains (or outcomes), their priorities, and its supporting documents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .strategy import VERSION_HELP, Strategy


class Domain(models.Model):
    """A top-level area of a strategy: a domain, or a life-course outcome (the label is per strategy)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="domains")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=10000, help_text="Markdown.")
    easy_read = models.TextField("easy read version", blank=True, max_length=3000)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="domain_title_not_empty")]

    def __str__(self):
        return self.title


class Priority(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, max_length=10000, help_text="Markdown.")
    easy_read = models.TextField("easy read version", blank=True, max_length=3000)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "priorities"
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="priority_title_not_empty")]

    def __str__(self):
        return self.title


class SupportingDocumentQuerySet(models.QuerySet):
    def current(self) -> "SupportingDocumentQuerySet":
        """The documents the strategy lists now (removed ones are kept for the revisions that list them)."""
        return self.filter(removed_at__isnull=True)


class SupportingDocument(models.Model):
    """
    A document that supports a strategy (Thurrock's: "Better Care Together Thurrock: the Case for Further
    Change"): an uploaded PDF or a link, with a title and a short description. Part of the strategy's text,
    so it is frozen in revisions and changes only while the text can change. Removing one keeps the row and
    the file for the revisions that list it.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="supporting_documents")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=600)
    file = models.FileField(upload_to="supporting/%Y/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    url = models.URLField("link", blank=True, max_length=500)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = SupportingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="supportingdocument_title_not_empty"),
            models.CheckConstraint(
                condition=(~Q(file="") & Q(url="")) | (Q(file="") & ~Q(url="")),
                name="supportingdocument_file_or_link",
                violation_error_message="Upload a PDF or give a link, not both.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_upload(self) -> bool:
        return bool(self.file)

    def snapshot(self) -> dict:
        return {
            "id": self.pk,
            "title": self.title,
            "description": self.description,
            "url": self.url,
            "filename": self.filename,
            "size": self.size,
            "pages": self.pages,
        }
