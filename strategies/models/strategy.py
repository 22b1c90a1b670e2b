"""The strategy itself: its period, its web address, its predecessor, and who may see it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from boards import permissions as board_permissions
from boards.models import Board
from core.constraints import ConstraintErrorsOnFields
from core.validators import web_address_name

from .lifecycle import (
    EDITABLE_STATUSES,
    PUBLIC_STATUSES,
    READABLE_BY_ANYONE,
    STATUS_IN_WORDS,
    TRANSITIONS,
    Status,
)

# The years a strategy's period may cover.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Strategies, domains and priorities count the saves of their text, so that an edit form can send the
# version it was loaded from and a save over someone else's newer one is refused (core.versions.EditConflict).
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
        validators=[web_address_name("jhws-2022-2026")],
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

    def publishing_problems(self) -> list[str]:
        """What the text lacks before residents can be given it as a strategy (empty when nothing)."""
        problems = []
        domains = list(self.domains.annotate(priority_count=models.Count("priorities")))
        if not domains:
            problems.append(f"It has no {self.domain_label_plural}: add at least one, with its priorities.")
        empty = [domain.title for domain in domains if not domain.priority_count]
        if empty:
            names = ", ".join(f"“{title}”" for title in empty)
            problems.append(f"Add at least one priority to each {self.domain_label}: {names} has none.")
        return problems

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
