"""What officers make of the responses: themes coded on comments, and "you said, we did" changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.constraints import ConstraintErrorsOnFields

from .consultation import VERSION_HELP, Consultation
from .responses import Comment


class Change(models.Model):
    """
    "You said, we did": one change made to the strategy because of what residents said, with the
    comments and themes behind it as evidence, and the priority it changed: a snapshot id of the consulted
    revision (as PriorityAnswer's), or of a priority added since, or none for a change to the whole
    strategy. Recorded once the consultation has closed, in the order the report shows them.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="changes")
    priority_id = models.PositiveIntegerField(null=True, blank=True)
    you_said = models.TextField("you said", max_length=3000, help_text="What residents told the Board.")
    we_did = models.TextField("we did", max_length=3000, help_text="What the Board changed because of it.")
    comments = models.ManyToManyField(Comment, blank=True, related_name="changes")
    themes = models.ManyToManyField("Theme", blank=True, related_name="changes")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["consultation", "position", "pk"]
        verbose_name = "“you said, we did” change"
        constraints = [
            models.CheckConstraint(condition=~Q(you_said=""), name="change_you_said_not_empty"),
            models.CheckConstraint(condition=~Q(we_did=""), name="change_we_did_not_empty"),
        ]

    def __str__(self):
        return self.we_did[:60]

    def priority_title(self, priorities: dict[int, dict] | None = None) -> str:
        """The changed priority's title in `priorities` (the consulted text's), or "The whole strategy"."""
        if self.priority_id is None:
            return "The whole strategy"
        if priorities is None:
            priorities = {priority["id"]: priority for priority in self.consultation.priorities()}
        priority = priorities.get(self.priority_id)
        return priority["title"] if priority else "A priority no longer in the strategy"


# Coding free-text comments with themes (docs/decisions/0019-coding-comments.md).

THEME_NAME_MAX = 100


class Theme(ConstraintErrorsOnFields, models.Model):
    """
    A theme officers code comments with, made up as they read (on the fly, from the coding screen). It may
    belong to one priority of the consulted text (a snapshot id), or to none: a theme of the whole
    consultation. Names are unique within a consultation whatever their case: "Transport" and "transport"
    are one theme.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=THEME_NAME_MAX)
    priority_id = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = [models.functions.Lower("name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                "consultation",
                name="theme_name_unique_per_consultation",
                violation_error_code="theme_taken",
                violation_error_message="This consultation already has a theme with this name",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="theme_name_not_empty"),
        ]

    constraint_error_fields = {"theme_taken": "name"}

    def __str__(self):
        return self.name


class Coding(models.Model):
    """One officer's coding of one comment with one theme. An officer's codes of a comment change together."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "theme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "theme", "coder"], name="coding_once"),
        ]
        indexes = [models.Index(fields=["theme", "comment"], name="coding_theme")]

    def __str__(self):
        return f"{self.comment_id}: {self.theme}"
