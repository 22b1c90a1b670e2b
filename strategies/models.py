import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from boards import permissions as board_permissions
from boards.models import Board, Decision
from core.constraints import ConstraintErrorsOnFields
from core.models import ImmutableModel


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_CONSULTATION = "in_consultation", "In consultation"
    FINAL_DRAFT = "final_draft", "Final draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


# "This strategy is ...": each status in a sentence.
STATUS_IN_WORDS = {
    Status.DRAFT: "a draft",
    Status.IN_CONSULTATION: "in consultation",
    Status.FINAL_DRAFT: "a final draft",
    Status.APPROVED: "approved",
    Status.PUBLISHED: "published",
    Status.SUPERSEDED: "superseded",
}

# The lifecycle (shared/DOMAIN.md): each allowed move, and the words used for it on buttons.
TRANSITIONS: dict[str, dict[str, str]] = {
    Status.DRAFT: {Status.IN_CONSULTATION: "Start consultation"},
    Status.IN_CONSULTATION: {Status.FINAL_DRAFT: "Close consultation and prepare the final draft"},
    Status.FINAL_DRAFT: {Status.APPROVED: "Record Board approval"},
    Status.APPROVED: {Status.PUBLISHED: "Publish"},
    Status.PUBLISHED: {Status.SUPERSEDED: "Mark as superseded"},
    Status.SUPERSEDED: {},
}
# Content can be changed only while the text is being drafted.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.FINAL_DRAFT})
PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.SUPERSEDED})
# Anyone may read these: the published text, and the draft while the public is consulted on it. Each is
# read from the revision frozen when the strategy reached that status, never from the live rows.
READABLE_BY_ANYONE = PUBLIC_STATUSES | {Status.IN_CONSULTATION}
# The years a strategy's period may cover.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Strategies, domains and priorities count the saves of their text, so that an edit form can send the
# version it was loaded from and a save over someone else's newer one is refused (services.EditConflict).
# Lifecycle moves and reordering do not count: they change no text an edit form shows.
VERSION_HELP = "Counts the saves of its text; an edit form sends the version it was loaded from."
# The fields of a strategy an officer edits (the rest is set by the lifecycle).
STRATEGY_FIELDS = (
    "title",
    "slug",
    "start_year",
    "end_year",
    "summary",
    "vision",
    "domain_label",
    "domain_label_plural",
    "easy_read",
    "predecessor",
)


class IllegalTransition(ValidationError):
    pass


def transition_error(current: str, target: str) -> str | None:
    """Why `current` may not move to `target`, or None if it may."""
    if target not in Status.values:
        return f"“{target}” is not a strategy status."
    if target in TRANSITIONS[current]:
        return None
    if current == target:
        return f"The strategy is already {Status(current).label.lower()}."
    allowed = ", ".join(Status(s).label.lower() for s in TRANSITIONS[current]) or "nothing: it is final"
    article = "An" if Status(current).label[0] in "AEIOU" else "A"
    return (
        f"{article} {Status(current).label.lower()} strategy cannot become {Status(target).label.lower()}; "
        f"it can move on to {allowed}."
    )


class StrategyQuerySet(models.QuerySet):
    def public(self) -> "StrategyQuerySet":
        return self.filter(status__in=PUBLIC_STATUSES)

    def readable_by_anyone(self) -> "StrategyQuerySet":
        """Published and superseded strategies, and those in consultation."""
        return self.filter(status__in=READABLE_BY_ANYONE)

    def visible_to(self, user) -> "StrategyQuerySet":
        """What anyone may read, plus every strategy of the boards whose drafts the user may read."""
        return self.filter(Q(status__in=READABLE_BY_ANYONE) | board_permissions.private_readable_q(user))

    def private_to(self, user) -> "StrategyQuerySet":
        """Strategies whose drafts, history and revisions the user may read (published or not)."""
        return self.filter(board_permissions.private_readable_q(user))

    def editable_by(self, user) -> "StrategyQuerySet":
        return self.filter(board_permissions.editable_q(user))

    def predecessor_choices(
        self, board_id: int | None, strategy: "Strategy | None" = None
    ) -> "StrategyQuerySet":
        """
        The strategies `strategy` may replace (Strategy.predecessor_error says why any other may not):
        the board's published or superseded strategies that no other strategy replaces yet.
        """
        if board_id is None:
            return self.none()
        own = strategy.pk if strategy is not None else None
        return (
            self.filter(board_id=board_id, status__in=PUBLIC_STATUSES)
            .filter(Q(successor__isnull=True) | Q(successor__pk=own))
            .exclude(pk=own)
        )


def _year_validators(which: str) -> list:
    return [
        MinValueValidator(FIRST_YEAR, message=f"The {which} year must be {FIRST_YEAR} or later"),
        MaxValueValidator(LAST_YEAR, message=f"The {which} year must be {LAST_YEAR} or earlier"),
    ]


class Strategy(ConstraintErrorsOnFields, models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="strategies")
    title = models.CharField(max_length=200)
    slug = models.CharField(
        "web address name",
        max_length=100,
        blank=True,  # Made from the title and period (clean), so the form may leave it empty.
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(-[a-z0-9]+)*\Z",
                message="The web address name must only include lower-case letters a to z, numbers and "
                "single hyphens between them, for example jhws-2022-2026",
            )
        ],
        help_text="Part of the web address: lower-case letters, numbers and hyphens. Leave blank to make "
        "one from the title and period.",
    )
    start_year = models.PositiveSmallIntegerField(validators=_year_validators("start"))
    end_year = models.PositiveSmallIntegerField(validators=_year_validators("end"))
    summary = models.TextField(blank=True, max_length=1000, help_text="One or two sentences for listings.")
    vision = models.TextField(blank=True, max_length=20000, help_text="Markdown: paragraphs, lists, links.")
    domain_label = models.CharField(
        "name for its top-level areas (singular)",
        max_length=40,
        default="domain",
        help_text="What this strategy calls its top-level areas, e.g. domain or life-course outcome.",
    )
    domain_label_plural = models.CharField(
        "name for its top-level areas (plural)", max_length=40, default="domains"
    )
    easy_read = models.TextField(
        "easy read introduction",
        blank=True,
        max_length=3000,
        help_text="The opening of the easy read version: short sentences, one idea each, everyday words.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, editable=False)
    predecessor = models.OneToOneField(
        "self",
        verbose_name="replaces",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
        help_text="The published strategy this one replaces; it is marked superseded when this one is "
        "published.",
        error_messages={"unique": "Another strategy already replaces that strategy. Choose another"},
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["board", "-start_year", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(
                fields=["board", "slug"],
                name="strategy_slug_unique_per_board",
                violation_error_code="slug_taken",
                violation_error_message="Another strategy of this board already uses this web address "
                "name. Choose another",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="strategy_period_order",
                violation_error_code="period_order",
                violation_error_message="The end year must be the same as or after the start year",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="strategy_status_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="strategy_title_not_empty"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("pk")),
                name="strategy_not_own_predecessor",
                violation_error_code="own_predecessor",
                violation_error_message="A strategy cannot replace itself",
            ),
        ]

    # ConstraintErrorsOnFields: the field each constraint's message is shown against.
    constraint_error_fields = {
        "slug_taken": "slug",
        "period_order": "end_year",
        "own_predecessor": "predecessor",
    }

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:detail", kwargs={"board_slug": self.board.slug, "slug": self.slug})

    def get_manage_url(self):
        return reverse("strategies:manage", kwargs={"pk": self.pk})

    def clean(self):
        if not self.slug:
            self.slug = self.default_slug()
        if self.predecessor_id is not None:
            error = self.predecessor_error(self.predecessor)
            if error:
                raise ValidationError({"predecessor": error})

    def default_slug(self) -> str:
        """The title and period as a web address name ("" until both are known)."""
        if not self.title or not isinstance(self.start_year, int) or not isinstance(self.end_year, int):
            return ""
        years = f"{self.start_year} {self.end_year}"
        in_title = str(self.start_year) in self.title and str(self.end_year) in self.title
        slug = slugify(self.title if in_title else f"{self.title} {years}")
        return slug[: self._meta.get_field("slug").max_length].strip("-")

    def predecessor_error(self, predecessor: "Strategy") -> str | None:
        """Why this strategy may not replace `predecessor` (None if it may; see predecessor_choices)."""
        if self.board_id is not None and predecessor.board_id != self.board_id:
            return "The strategy this one replaces must be a strategy of the same board"
        if predecessor.status not in PUBLIC_STATUSES:
            return "The strategy this one replaces must be published or superseded"
        return None

    @property
    def period(self) -> str:
        return f"{self.start_year} to {self.end_year}"

    @property
    def status_in_words(self) -> str:
        """The status as it reads in a sentence: "This strategy is a final draft."."""
        return STATUS_IN_WORDS[self.status]

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def readable_by_anyone(self) -> bool:
        """Published, superseded, or a draft for consultation (which anyone may read and comment on)."""
        return self.status in READABLE_BY_ANYONE

    @property
    def public_predecessor(self) -> "Strategy | None":
        """
        The strategy this one replaces, if residents may read about it, else None. Public pages and
        PDFs name only public strategies: a published strategy's title no longer changes, while a
        draft's is private and may yet be renamed.
        """
        predecessor = self.predecessor
        return predecessor if predecessor is not None and predecessor.is_public else None

    def deletion_refusal(self) -> str | None:
        """Why this strategy may not be deleted, or None: only a draft that never moved on may be."""
        if self.status != Status.DRAFT or self.status_changes.exists():
            return (
                f"This strategy is {self.status_in_words}. Only a draft that has never moved on can be "
                "deleted: its history is kept from its first move."
            )
        successor = Strategy.objects.filter(predecessor=self).first()
        if successor is not None:
            return f"“{successor.title}” is set to replace this draft. Change that first."
        return None

    def allowed_transitions(self) -> dict[str, str]:
        return dict(TRANSITIONS[self.status])

    def snapshot(self) -> dict:
        """The whole text of the strategy as plain data: what a revision freezes."""
        domains = self.domains.prefetch_related("priorities")
        return {
            "title": self.title,
            "board": self.board.name,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "summary": self.summary,
            "vision": self.vision,
            "domain_label": self.domain_label,
            "domain_label_plural": self.domain_label_plural,
            "easy_read": self.easy_read,
            "domains": [
                {
                    "id": domain.pk,
                    "title": domain.title,
                    "description": domain.description,
                    "easy_read": domain.easy_read,
                    "priorities": [
                        {"id": p.pk, "title": p.title, "description": p.description, "easy_read": p.easy_read}
                        for p in domain.priorities.all()
                    ],
                }
                for domain in domains
            ],
            "supporting_documents": [document.snapshot() for document in self.supporting_documents.current()],
        }


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


def has_easy_read(snapshot: dict) -> bool:
    """Whether a revision's text has an easy read version: an introduction, or a domain's or priority's."""
    if snapshot.get("easy_read"):
        return True
    return any(
        domain.get("easy_read") or any(priority.get("easy_read") for priority in domain.get("priorities", []))
        for domain in snapshot.get("domains", [])
    )


def content_hash(snapshot: dict) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()


class Revision(ImmutableModel):
    """A frozen snapshot of a strategy's text, taken at each lifecycle move. Never changed."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status, help_text="The status the strategy moved to.")
    snapshot = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="revision_status_valid"),
        ]

    def __str__(self):
        return f"Revision {self.number} ({self.get_status_display()})"


class StatusChange(ImmutableModel):
    """One lifecycle move: who, when, why, and which Board decision caused it. Never changed."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    reason = models.TextField(max_length=2000)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="status_changes"
    )
    revision = models.OneToOneField(Revision, on_delete=models.PROTECT, related_name="status_change")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["strategy", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=Status.values) & Q(to_status__in=Status.values),
                name="statuschange_statuses_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")), name="statuschange_moves"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="statuschange_reason_given"),
        ]

    def __str__(self):
        return f"{self.strategy}: {self.get_from_status_display()} → {self.get_to_status_display()}"
