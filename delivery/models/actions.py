"""
The delivery plan of a strategy (issue 8): actions under its priorities, each led by one of the board's
member organisations, with a due date, a status and dated progress updates that are never changed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from boards.models import Organisation
from core.constraints import ConstraintErrorsOnFields
from core.models import ImmutableModel
from strategies.models import Priority

VERSION_HELP = "Counts saves: an edit form carries the version it was loaded from (core.versions)."


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


# An action's status is where it stands now, so any status may follow any other (a completed action
# can be reopened); a move to "at risk" or "off track" must say why, and every move is an update row.
CONCERNS = (ActionStatus.AT_RISK, ActionStatus.OFF_TRACK)
NEEDS_A_REASON = frozenset(CONCERNS)


class UpdateEvery(models.IntegerChoices):
    """How often an owner brings an action or indicator up to date, in months."""

    MONTH = 1, "Every month"
    QUARTER = 3, "Every quarter"
    HALF_YEAR = 6, "Every six months"
    YEAR = 12, "Every year"


def today() -> datetime.date:
    return timezone.localdate()


def overdue_q(on: datetime.date, prefix: str = "") -> Q:
    """Due before `on` and not complete: "overdue" is derived, never stored."""
    return Q(**{f"{prefix}due_on__lt": on}) & ~Q(**{f"{prefix}status": ActionStatus.COMPLETE})


class ActionQuerySet(models.QuerySet):
    def of_strategy(self, strategy) -> "ActionQuerySet":
        return self.filter(priority__domain__strategy=strategy)

    def overdue(self, on: datetime.date | None = None) -> "ActionQuerySet":
        return self.filter(overdue_q(on or today()))


class Action(ConstraintErrorsOnFields, models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, max_length=5000, help_text="Markdown.")
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    lead_officer = models.CharField(max_length=200)
    starts_on = models.DateField("start date", null=True, blank=True)
    due_on = models.DateField("due date")
    status = models.CharField(
        max_length=20, choices=ActionStatus, default=ActionStatus.NOT_STARTED, editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The board's officer who records its progress, and is reminded when an update is due.",
    )
    update_every = models.PositiveSmallIntegerField(choices=UpdateEvery, default=UpdateEvery.QUARTER)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    constraint_error_fields = {"action_due_after_start": "due_on"}

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_valid"),
            models.CheckConstraint(
                condition=Q(update_every__in=UpdateEvery.values), name="action_update_every_valid"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__gte=models.F("starts_on")),
                name="action_due_after_start",
                violation_error_code="action_due_after_start",
                violation_error_message="The due date must be the same as or after the start date",
            ),
        ]
        indexes = [models.Index(fields=["priority", "status"], name="action_priority_status_idx")]

    def __str__(self):
        return self.title

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.status != ActionStatus.COMPLETE and self.due_on < (on or today())


class ActionUpdate(ImmutableModel):
    """A dated progress update: the narrative, and the status it moved the action to (or kept)."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    from_status = models.CharField(max_length=20, choices=ActionStatus)
    to_status = models.CharField(max_length=20, choices=ActionStatus)
    narrative = models.TextField(blank=True, max_length=5000, help_text="Markdown.")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(narrative="") | ~Q(from_status=models.F("to_status")),
                name="action_update_says_something",
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.get_to_status_display()} on {self.at:%Y-%m-%d}"

    @property
    def moved(self) -> bool:
        return self.from_status != self.to_status


# Roll-up ----------------------------------------------------------------------------------------------


def rollup_counts(prefix: str = "", *, on: datetime.date | None = None) -> dict:
    """
    The counts a roll-up reads, as aggregates over actions reached through `prefix` ("" from actions,
    "actions__" from priorities, "priorities__actions__" from domains): computed in the database, in
    the same query as the rows they annotate.
    """
    on = on or today()
    return {
        "actions_total": Count(f"{prefix}pk", distinct=True),
        "actions_complete": Count(
            f"{prefix}pk", filter=Q(**{f"{prefix}status": ActionStatus.COMPLETE}), distinct=True
        ),
        "actions_concern": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status__in": CONCERNS}), distinct=True),
        "actions_overdue": Count(f"{prefix}pk", filter=overdue_q(on, prefix), distinct=True),
    }


@dataclass(frozen=True)
class Rollup:
    total: int
    complete: int
    concern: int
    overdue: int

    @classmethod
    def of(cls, row) -> "Rollup":
        """From an annotated row (or an aggregate's dict) made with rollup_counts()."""
        get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
        return cls(
            total=get("actions_total") or 0,
            complete=get("actions_complete") or 0,
            concern=get("actions_concern") or 0,
            overdue=get("actions_overdue") or 0,
        )

    @staticmethod
    def _share(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def complete_share(self) -> int:
        return self._share(self.complete, self.total)

    @property
    def concern_share(self) -> int:
        return self._share(self.concern, self.total)
