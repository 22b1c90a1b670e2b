"""The consultation: its set-up, its lifecycle and schedule, its general questions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boards import permissions as board_permissions
from boards.models import Board, Decision
from core.constraints import ConstraintErrorsOnFields
from core.models import ImmutableModel
from core.validators import web_address_name
from strategies.models import Revision, Strategy

VERSION_HELP = "Counts the saves of its text; an edit form sends the version it was loaded from."


class Status(models.TextChoices):
    SETUP = "setup", "Being set up"
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# Each allowed move, and the words for it on buttons. Opening and closing also happen by themselves at
# the times set (consultations.tasks.consultations_on_schedule).
TRANSITIONS: dict[str, dict[str, str]] = {
    Status.SETUP: {Status.SCHEDULED: "Schedule the consultation"},
    Status.SCHEDULED: {Status.SETUP: "Stop the schedule and change the set-up", Status.OPEN: "Open it now"},
    Status.OPEN: {Status.CLOSED: "Close it now"},
    Status.CLOSED: {},
}
# The survey and set-up can change only before anyone can answer.
EDITABLE_STATUSES = frozenset({Status.SETUP})
# Residents may read these consultations' pages; one being set up or scheduled is private.
PUBLIC_STATUSES = frozenset({Status.OPEN, Status.CLOSED})


def transition_error(current: str, target: str) -> str | None:
    """Why a consultation `current` may not move to `target`, or None if it may."""
    if target not in Status.values:
        return f"“{target}” is not a consultation status."
    if target in TRANSITIONS[current]:
        return None
    if current == target:
        return f"The consultation is already {Status(current).label.lower()}."
    now, then = Status(current).label.lower(), Status(target).label.lower()
    return f"A consultation that is {now} cannot become {then}."


class ConsultationQuerySet(models.QuerySet):
    def public(self) -> "ConsultationQuerySet":
        return self.filter(status__in=PUBLIC_STATUSES)

    def open(self) -> "ConsultationQuerySet":
        return self.filter(status=Status.OPEN)

    def visible_to(self, user) -> "ConsultationQuerySet":
        return self.filter(Q(status__in=PUBLIC_STATUSES) | board_permissions.private_readable_q(user))

    def private_to(self, user) -> "ConsultationQuerySet":
        """Consultations of the boards whose unpublished content the user may read (any status)."""
        return self.filter(board_permissions.private_readable_q(user))

    def editable_by(self, user) -> "ConsultationQuerySet":
        return self.filter(board_permissions.editable_q(user))


class Consultation(ConstraintErrorsOnFields, models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="consultations")
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="consultations")
    # Set when it opens: the revision frozen by the strategy's move to "in consultation".
    revision = models.OneToOneField(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="consultation", editable=False
    )
    title = models.CharField(max_length=200)
    slug = models.CharField(
        "web address name",
        max_length=100,
        validators=[web_address_name("draft-strategy-2022")],
        help_text="Part of the web address: lower-case letters, numbers and hyphens.",
    )
    opens_at = models.DateTimeField("opens")
    closes_at = models.DateTimeField("closes")
    introduction = models.TextField(
        blank=True, max_length=10000, help_text="Markdown: why the Board is consulting and what happens next."
    )
    other_ways = models.TextField(
        "other ways to respond",
        blank=True,
        max_length=3000,
        help_text="How to ask for a paper copy, or to respond by post, email or phone. Markdown.",
    )
    privacy_notice = models.TextField(
        max_length=10000, help_text="Markdown. Shown before the first question."
    )
    retention_months = models.PositiveSmallIntegerField(
        "keep personal data for (months after closing)",
        default=12,
        validators=[
            MinValueValidator(1, message="Keep personal data for at least 1 month"),
            MaxValueValidator(120, message="Keep personal data for 120 months (10 years) or fewer"),
        ],
    )
    report_expected = models.DateField(
        "report expected", null=True, blank=True, help_text="When residents can expect the report."
    )
    ask_equality = models.BooleanField(
        "ask the equality monitoring questions",
        default=True,
        help_text="Optional questions following the ONS harmonised standards, each with “Prefer not to say”.",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name="Board decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text="The Board's decision to consult on this draft, where one is recorded.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.SETUP, editable=False)
    # Why it did not open on schedule (the scheduling officer lost their role, say); shown to officers.
    schedule_problem = models.CharField(max_length=500, blank=True, editable=False)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # The consultation report (consultations/report.py) is public from this moment; empty: not (yet).
    report_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "slug"],
                name="consultation_slug_unique_per_board",
                violation_error_code="slug_taken",
                violation_error_message="Another consultation of this board already uses this web address "
                "name. Choose another",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
                violation_error_code="period_order",
                violation_error_message="The closing date must be after the opening date",
            ),
            models.UniqueConstraint(
                fields=["strategy"],
                condition=~Q(status="closed"),
                name="consultation_one_at_a_time",
                violation_error_code="one_at_a_time",
                violation_error_message="This strategy already has a consultation that has not closed",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="consultation_status_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="consultation_title_not_empty"),
            models.CheckConstraint(
                condition=Q(revision__isnull=True) | ~Q(status__in=[Status.SETUP, Status.SCHEDULED]),
                name="consultation_revision_once_open",
            ),
        ]

    constraint_error_fields = {"slug_taken": "slug", "period_order": "closes_at", "one_at_a_time": "strategy"}

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"board_slug": self.board.slug, "slug": self.slug})

    def get_manage_url(self):
        return reverse("consultations:manage", kwargs={"pk": self.pk})

    def clean(self):
        if (
            self.strategy_id is not None
            and self.board_id is not None
            and self.strategy.board_id != self.board_id
        ):
            raise ValidationError({"strategy": "The strategy must be one of this board's"})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    def get_report_url(self):
        return reverse("consultations:report", kwargs={"board_slug": self.board.slug, "slug": self.slug})

    def allowed_transitions(self) -> dict[str, str]:
        return dict(TRANSITIONS[self.status])

    def text(self) -> dict:
        """The text consulted on: the frozen revision once open, the live draft before (a preview)."""
        if self.revision_id is not None:
            return self.revision.snapshot
        return self.strategy.snapshot()

    def domains(self) -> list[dict]:
        return self.text()["domains"]

    def priorities(self) -> list[dict]:
        return [priority for domain in self.domains() for priority in domain["priorities"]]


class StatusChange(ImmutableModel):
    """One move of a consultation: who (or the schedule), when. Never changed."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    on_schedule = models.BooleanField(default=False, help_text="Made by the schedule, on behalf of `by`.")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["consultation", "at", "pk"]
        verbose_name = "consultation status change"
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=Status.values) & Q(to_status__in=Status.values),
                name="consultation_statuschange_valid",
            ),
        ]

    def __str__(self):
        return f"{self.consultation}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Question(models.Model):
    """A general question of the survey, asked after the priorities."""

    class Kind(models.TextChoices):
        TEXT = "text", "Free text"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.TEXT)
    text = models.CharField("question", max_length=300)
    hint = models.CharField(max_length=500, blank=True)
    options = models.JSONField(
        default=list, blank=True, help_text="The choices offered, in order (choice questions only)."
    )
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=["text", "single", "multiple"]), name="question_kind_valid"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        options = [str(option).strip() for option in self.options or []]
        if self.kind == self.Kind.TEXT:
            self.options = []
            return
        if len([option for option in options if option]) < 2:
            raise ValidationError({"options": "Give at least 2 choices, one on each line"})
        if len(set(option.casefold() for option in options)) != len(options):
            raise ValidationError({"options": "Each choice must be different"})
        if any(len(option) > 200 for option in options):
            raise ValidationError({"options": "Each choice must be 200 characters or fewer"})
        if len(options) > 30:
            raise ValidationError({"options": "Offer 30 choices or fewer"})
        self.options = options
