"""
A strategy's indicators (issue 8): measures the Board watches, from OHID Fingertips (by indicator id)
or local, each with its data points per area and period as Fingertips gives them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.constraints import ConstraintErrorsOnFields
from strategies.models import Priority

from .actions import VERSION_HELP, UpdateEvery


class IndicatorSource(models.TextChoices):
    FINGERTIPS = "fingertips", "OHID Fingertips"
    LOCAL = "local", "Local"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
    LOWER_IS_BETTER = "lower_is_better", "Lower is better"
    NO_JUDGEMENT = "no_judgement", "No judgement"


class Indicator(ConstraintErrorsOnFields, models.Model):
    """A measure the Board watches: from Fingertips (by its indicator id) or local, with its data points."""

    strategy = models.ForeignKey("strategies.Strategy", on_delete=models.PROTECT, related_name="indicators")
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True, max_length=5000)
    source = models.CharField(max_length=20, choices=IndicatorSource, default=IndicatorSource.FINGERTIPS)
    fingertips_id = models.PositiveIntegerField("Fingertips indicator ID", null=True, blank=True)
    unit = models.CharField(max_length=60, blank=True, help_text="For example, “%” or “per 100,000”.")
    polarity = models.CharField(max_length=20, choices=Polarity, default=Polarity.NO_JUDGEMENT)
    baseline_value = models.FloatField(null=True, blank=True)
    baseline_period = models.CharField(max_length=40, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    priorities = models.ManyToManyField(Priority, related_name="indicators", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The board's officer who keeps its data current, and is reminded when an update is due.",
    )
    update_every = models.PositiveSmallIntegerField(choices=UpdateEvery, default=UpdateEvery.YEAR)
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When its data was last brought up to date, or found to be."
    )
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    constraint_error_fields = {
        "indicator_fingertips_once": "fingertips_id",
        "indicator_fingertips_id": "fingertips_id",
    }

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "fingertips_id"],
                condition=Q(fingertips_id__isnull=False),
                name="indicator_fingertips_once",
                violation_error_code="indicator_fingertips_once",
                violation_error_message="The strategy has this Fingertips indicator already",
            ),
            models.CheckConstraint(
                condition=~Q(source=IndicatorSource.FINGERTIPS) | Q(fingertips_id__isnull=False),
                name="indicator_fingertips_id",
                violation_error_code="indicator_fingertips_id",
                violation_error_message="Enter the Fingertips indicator ID",
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=Polarity.values), name="indicator_polarity_valid"
            ),
            models.CheckConstraint(
                condition=Q(update_every__in=UpdateEvery.values), name="indicator_update_every_valid"
            ),
        ]

    def __str__(self):
        return self.title


class DataPoint(models.Model):
    """One value of an indicator, for one area and period (and sex and age), as Fingertips gives it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="data")
    area_code = models.CharField(max_length=9)
    area_name = models.CharField(max_length=200, blank=True)
    area_type = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=40, blank=True)
    age = models.CharField(max_length=80, blank=True)
    period = models.CharField(max_length=40)
    period_sort = models.PositiveIntegerField()
    value = models.FloatField(null=True, blank=True)
    lower = models.FloatField("lower 95% limit", null=True, blank=True)
    upper = models.FloatField("upper 95% limit", null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["indicator", "area_code", "period_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "sex", "age", "period_sort"], name="data_point_once"
            ),
            models.CheckConstraint(
                condition=Q(lower__isnull=True) | Q(upper__isnull=True) | Q(lower__lte=models.F("upper")),
                name="data_point_limits_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.area_name or self.area_code}, {self.period}"
