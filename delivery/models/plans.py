"""
The other plans a strategy's priorities support (issue 8, "Alignment"): the Integrated Care Strategy,
the NHS Joint Forward Plan, Primary Care Network and neighbourhood plans. A plan is shared by every
board (an Integrated Care Strategy spans several), recorded by one board's officer, whose board's
officers keep it up to date; a priority is aligned to it by its own board's officers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from boards.models import Board
from core.constraints import ConstraintErrorsOnFields
from core.validators import web_address_name
from strategies.models import Priority

from .actions import VERSION_HELP

# The fields of a plan an officer edits.
PLAN_FIELDS = ("title", "slug", "kind", "owner", "area", "url", "summary")
NOTE_LENGTH = 500


class PlanKind(models.TextChoices):
    INTEGRATED_CARE_STRATEGY = "integrated_care_strategy", "Integrated Care Strategy"
    JOINT_FORWARD_PLAN = "joint_forward_plan", "NHS Joint Forward Plan"
    PCN_PLAN = "pcn_plan", "Primary Care Network plan"
    NEIGHBOURHOOD_PLAN = "neighbourhood_plan", "Neighbourhood plan"
    OTHER = "other", "Other plan"


# Each kind's heading where plans are listed by kind, in the order of PlanKind.
KIND_HEADINGS = {
    PlanKind.INTEGRATED_CARE_STRATEGY: "Integrated Care Strategies",
    PlanKind.JOINT_FORWARD_PLAN: "NHS Joint Forward Plans",
    PlanKind.PCN_PLAN: "Primary Care Network plans",
    PlanKind.NEIGHBOURHOOD_PLAN: "Neighbourhood plans",
    PlanKind.OTHER: "Other plans",
}


class Plan(ConstraintErrorsOnFields, models.Model):
    """Another body's plan that priorities of any board may support."""

    title = models.CharField(max_length=200)
    slug = models.CharField(
        "web address name",
        max_length=100,
        unique=True,
        blank=True,  # Made from the title (clean), so the form may leave it empty.
        validators=[web_address_name("mid-and-south-essex-joint-forward-plan")],
        help_text="Part of the web address: lower-case letters, numbers and hyphens. Leave blank to make "
        "one from the title.",
        error_messages={"unique": "Another plan already uses this web address name. Choose another"},
    )
    kind = models.CharField(max_length=30, choices=PlanKind)
    owner = models.CharField(
        "owned by",
        max_length=200,
        help_text="The body that owns the plan, for example “Mid and South Essex Integrated Care "
        "Partnership”.",
    )
    area = models.CharField(
        "area covered", max_length=200, help_text="For example, “Mid and South Essex” or “Grays”."
    )
    url = models.URLField(
        "web address of the plan",
        max_length=500,
        blank=True,
        help_text="Where the plan itself can be read, for example its page on the owner's website.",
    )
    summary = models.TextField(
        blank=True, max_length=1000, help_text="One or two sentences: what the plan is for."
    )
    board = models.ForeignKey(
        Board,
        verbose_name="recorded by",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The board whose officer recorded the plan: its officers keep it up to date.",
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    constraint_error_fields = {"plan_title_not_empty": "title"}

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_valid"),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="plan_title_not_empty",
                violation_error_code="plan_title_not_empty",
                violation_error_message="Enter the plan's title",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="plan_slug_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("delivery:plan_detail", kwargs={"slug": self.slug})

    def clean(self):
        if not self.slug:
            self.slug = self.default_slug()

    def default_slug(self) -> str:
        """The title as a web address name ("" until there is a title)."""
        slug = slugify(self.title or "")
        return slug[: self._meta.get_field("slug").max_length].strip("-")

    @property
    def kind_heading(self) -> str:
        return KIND_HEADINGS[self.kind]


class Alignment(models.Model):
    """
    A priority supports a plan, with a note on how. A link, not a record: it goes with a (draft's)
    priority when that is deleted, but a plan that priorities support cannot be deleted.
    """

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="alignments")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="alignments")
    note = models.CharField(
        "how the priority supports the plan",
        max_length=NOTE_LENGTH,
        blank=True,
        help_text="For example, “Delivers the plan's smoking cessation commitment in Thurrock”.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan__title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "plan"], name="alignment_once_per_plan"),
        ]

    def __str__(self):
        return f"{self.priority} supports {self.plan}"
