import base64
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .. import permissions

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


# What the header's colour must stand out against (templates/base.html, static/src/scss/app.scss): the
# header's text and links are white on it; a focused link in it is GOV.UK's yellow focus colour; and
# the footer's top border is drawn in it on the page's background (GOV.UK teal tint-95). Text needs
# 4.5:1 (WCAG 1.4.3), the focus indicator and the border 3:1 (WCAG 1.4.11).
COLOUR_CHECKS = (
    ("#ffffff", 4.5, "White text on {colour} has a contrast of {ratio}:1; it needs at least {minimum}:1"),
    (
        "#ffdd00",
        3.0,
        "The yellow of a focused link on {colour} has a contrast of {ratio}:1; it needs at least {minimum}:1",
    ),
    (
        "#f3f9f9",
        3.0,
        "{colour} as the footer's border on the page's background has a contrast of {ratio}:1; "
        "it needs at least {minimum}:1",
    ),
)


def colour_problem(colour: str) -> str | None:
    """Why `colour` (#rrggbb) cannot be a board's header colour, or None if it can."""
    for other, minimum, message in COLOUR_CHECKS:
        ratio = contrast_ratio(colour, other)
        if ratio < minimum:
            # Rounded down, so that 4.46 is not shown as the 4.5 it fails to reach.
            shown = f"{int(ratio * 10) / 10:.1f}"
            return (
                message.format(colour=colour, ratio=shown, minimum=f"{minimum:g}")
                + ". Choose a darker colour"
            )
    return None


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
    area_code = models.CharField(
        "ONS area code",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^[EWSN]\d{8}$", "Enter the area's ONS code, like E06000034")],
        help_text="The council area's code, as Fingertips and the ONS give it: E06000034 is Thurrock.",
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    colour = models.CharField(
        max_length=7,
        default="#005a66",
        validators=[hex_colour],
        help_text="Header colour. White text must be readable on it (contrast at least 4.5:1).",
    )
    organisations = models.ManyToManyField(Organisation, related_name="boards", blank=True)
    contact_email = models.EmailField(blank=True)
    quorum = models.PositiveSmallIntegerField(
        default=3,
        help_text="Voting members (or their substitutes) who must be present for the meeting to decide.",
    )
    terms_of_reference = models.FileField(upload_to="boards/terms-of-reference/%Y/", blank=True)
    terms_of_reference_updated_at = models.DateTimeField(null=True, blank=True)
    logo = models.FileField(upload_to="boards/logos/", blank=True)
    # The first 16 hex digits of the logo's SHA-256: in the logo's address, so that it can be cached for
    # a year and a new logo gets a new address.
    logo_version = models.CharField(max_length=16, blank=True)
    version = models.PositiveIntegerField(default=1)
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
            problem = colour_problem(self.colour)
            if problem:
                raise ValidationError({"colour": problem})

    @property
    def logo_url(self) -> str:
        """The logo's portal address (boards.views.board.board_logo), or "" if the board has none."""
        if not (self.logo and self.logo_version):
            return ""
        extension = self.logo.name.rsplit(".", 1)[-1]
        return reverse(
            "boards:logo",
            kwargs={"board_slug": self.slug, "version": self.logo_version, "extension": extension},
        )

    def logo_data_uri(self) -> str:
        """The logo inlined as a data: URI, for the PDFs (whose renderer fetches no other address)."""
        if not self.logo:
            return ""
        cached = getattr(self, "_logo_data_uri", None)
        if cached is None:
            from core.images import CONTENT_TYPES

            extension = self.logo.name.rsplit(".", 1)[-1]
            try:
                with self.logo.open("rb") as stored:
                    data = stored.read()
            except OSError:  # Listed but missing from storage: the PDF goes without it.
                data = b""
            cached = (
                f"data:{CONTENT_TYPES[extension]};base64,{base64.b64encode(data).decode()}" if data else ""
            )
            self._logo_data_uri = cached
        return cached


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
    on_behalf_of = models.CharField(
        max_length=200,
        blank=True,
        help_text="Whom the member represents, if not their organisation as a whole.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

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

    @property
    def votes(self) -> bool:
        """Whether the member counts towards the quorum: the chair, the vice-chair and voting members."""
        return self.role in VOTING_ROLES

    def ends_within(self, days: int, on=None) -> bool:
        """Whether the term ends in the next `days` days (the board page warns at TERM_WARNING_DAYS)."""
        on = on or timezone.localdate()
        return self.ends_on is not None and on <= self.ends_on <= on + timedelta(days=days)


# Roles whose holders vote, and so count towards a meeting's quorum.
VOTING_ROLES = frozenset({"chair", "vice_chair", "voting"})
# The board page warns of a term that ends within this many days.
TERM_WARNING_DAYS = 60
