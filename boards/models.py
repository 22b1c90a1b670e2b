from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from . import permissions

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter a colour as # followed by six hex digits, like #005a66."
)


def contrast_ratio(hex_a: str, hex_b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours."""

    def luminance(value: str) -> float:
        channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(hex_a), luminance(hex_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        DISTRICT = "district", "District or borough council"
        NHS = "nhs", "NHS body"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        POLICE = "police", "Police or police and crime commissioner"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BoardQuerySet(models.QuerySet):
    def editable_by(self, user) -> "BoardQuerySet":
        """Boards whose content the user may edit."""
        return permissions.editable(user, self)

    def private_to(self, user) -> "BoardQuerySet":
        """Boards whose unpublished content the user may read."""
        return permissions.readable(user, self)


class Board(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=100, help_text="The place the board serves, e.g. Thurrock.")
    description = models.TextField(blank=True, help_text="Markdown.")
    colour = models.CharField(
        max_length=7,
        default="#005a66",
        validators=[hex_colour],
        help_text="Header colour. White text must be readable on it (contrast at least 4.5:1).",
    )
    organisations = models.ManyToManyField(Organisation, related_name="boards", blank=True)
    contact_email = models.EmailField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:detail", kwargs={"board_slug": self.slug})

    def clean(self):
        if self.colour and hex_colour.regex.match(self.colour):
            ratio = contrast_ratio(self.colour, "#ffffff")
            if ratio < 4.5:
                message = f"White text on {self.colour} has a contrast of {ratio:.1f}:1; it needs 4.5:1."
                raise ValidationError({"colour": message})


class BoardRole(models.Model):
    """A user's right to work on a board's content in the portal (not a seat on the Board)."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Officer"
        ADMINISTRATOR = "administrator", "Board administrator"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_roles")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="boardrole_one_per_user_board"),
            models.CheckConstraint(
                condition=models.Q(role__in=["officer", "administrator"]), name="boardrole_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.board}"


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(
            models.Q(starts_on__lte=on), models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on)
        )

    def by_seniority(self) -> "MembershipQuerySet":
        """Chair first, then vice-chair, voting, co-opted members, observers and supporting officers."""
        order = models.Case(
            *(models.When(role=role, then=rank) for rank, role in enumerate(Membership.Role.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name")


class Membership(models.Model):
    """A person's seat on a board."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        VOTING = "voting", "Voting member"
        CO_OPTED = "co_opted", "Co-opted member"
        OBSERVER = "observer", "Observer"
        SUPPORTING_OFFICER = "supporting_officer", "Supporting officer"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The member's portal account, if they have one (needed to read drafts and board packs).",
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role, default=Role.VOTING)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board", "role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}, {self.organisation})"


class Meeting(models.Model):
    """A Board meeting. Agendas, papers and packs come with the meetings work; decisions live here now."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["scheduled", "held", "cancelled"]), name="meeting_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.board} meeting, {timezone.localtime(self.starts_at):%-d %B %Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agendaitem_number_unique")]

    def __str__(self):
        return f"Item {self.number}: {self.title}"


class Decision(models.Model):
    """What the Board resolved on an agenda item."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        NOTED = "noted", "Noted"
        DEFERRED = "deferred", "Deferred"
        REJECTED = "rejected", "Rejected"

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome)
    resolutions = models.TextField(help_text="The lettered resolutions, as minuted.")
    recorded_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["agenda_item"]

    def __str__(self):
        return f"{self.agenda_item.meeting}: {self.agenda_item.title} ({self.get_outcome_display()})"

    @property
    def meeting(self) -> Meeting:
        return self.agenda_item.meeting
