"""
Writing a strategy's indicators (issue 8): adding an indicator, and recording a local indicator's figure
for a period. Fingertips indicators get their data points from an export (delivery.imports); a local one
gets them here, one period at a time, often as a count and a denominator only: the dashboard computes
the interval (delivery.statistics). Like every write of the delivery plan, each checks
delivery.permissions, locks the strategy's row and is recorded in the strategy's history.
"""

import math
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import audit
from core.constraints import save_validated
from core.models import AuditEntry
from core.versions import apply_edit
from strategies.models import Priority, Strategy

from . import fingertips, permissions
from .caching import forget_public_dashboard
from .freshness import board_officers, check_owner
from .models import DataPoint, Indicator, IndicatorSource, Polarity, UpdateEvery
from .search import indicators_sync

PERIOD_HELP = "2024, 2024/25, 2022 - 24 or 2024/25 Q1"
QUARTER = re.compile(r"^(?:(\d{4})(?:/\d{2})? ?Q([1-4])|Q([1-4]) (\d{4})(?:/\d{2})?)$", re.IGNORECASE)
PER = re.compile(r"^per ([\d,]+)$")


def _locked(strategy: Strategy, by) -> Strategy:
    strategy = Strategy.objects.select_for_update().select_related("board").get(pk=strategy.pk)
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can change the strategy's indicators.")
    return strategy


def _merge(errors: dict, error: ValidationError) -> dict:
    for name, messages in error.message_dict.items():
        errors.setdefault(name, []).extend(messages if isinstance(messages, list) else [messages])
    return errors


def _words(text: str) -> str:
    return " ".join(text.split())


def period_sort(period: str) -> int:
    """
    Where a period sorts among an indicator's periods, as Fingertips' "Time period Sortable" has it for
    years (20240000 for "2024", "2024/25" and "2024 - 26"), with a quarter after its year's start
    (20240100 for "2024/25 Q1"). ValueError for a label without a year.
    """
    label = _words(period)
    quarter = QUARTER.match(label)
    if quarter:
        year, number = (quarter.group(1), quarter.group(2)) if quarter.group(1) else quarter.group(4, 3)
        return int(year) * 10000 + int(number) * 100
    return fingertips.period_sort(label, "")


def unit_multiplier(unit: str) -> int | None:
    """What count / denominator is multiplied by to give a value in `unit`: 100 for "%", 100000 for
    "per 100,000"; None for a unit a count does not give (a score, years)."""
    unit = _words(unit).lower()
    if unit in ("%", "per cent", "percent", "percentage"):
        return 100
    per = PER.match(unit)
    return int(per.group(1).replace(",", "")) if per else None


@transaction.atomic
def indicator_create(
    *,
    strategy: Strategy,
    by,
    title: str,
    definition: str = "",
    source: str = IndicatorSource.FINGERTIPS,
    fingertips_id: int | None = None,
    unit: str = "",
    polarity: str = Polarity.NO_JUDGEMENT,
    baseline_value: float | None = None,
    baseline_period: str = "",
    target_value: float | None = None,
    target_date=None,
    priorities=(),
    owner=None,
    update_every: int = UpdateEvery.YEAR,
) -> Indicator:
    """
    Add an indicator to a strategy, at the end of its indicators, measuring some of its priorities: from
    Fingertips (by its indicator id, once per strategy) or local. A baseline needs its period, a target its
    date, within the strategy's years. ValidationError lists every problem, by field.
    """
    strategy = _locked(strategy, by)
    priorities = list(priorities)
    baseline_period = _words(baseline_period)
    owner = by if owner is None and board_officers(strategy.board).filter(pk=by.pk).exists() else owner
    errors = _problems(
        strategy,
        source=source,
        fingertips_id=fingertips_id,
        baseline_value=baseline_value,
        baseline_period=baseline_period,
        target_value=target_value,
        target_date=target_date,
        priorities=priorities,
        owner=owner,
    )
    position = (strategy.indicators.aggregate(top=Max("position"))["top"] or 0) + 1
    indicator = Indicator(
        strategy=strategy,
        title=_words(title),
        definition=definition.strip(),
        source=source,
        fingertips_id=fingertips_id,
        unit=_words(unit),
        polarity=polarity,
        baseline_value=baseline_value,
        baseline_period=baseline_period,
        target_value=target_value,
        target_date=target_date,
        owner=owner,
        update_every=update_every,
        position=position,
        created_by=by,
    )
    try:
        indicator.full_clean()
    except ValidationError as error:
        _merge(errors, error)
    if errors:
        raise ValidationError(errors)
    save_validated(indicator)
    indicator.priorities.set(priorities)
    changes = {
        "title": [None, indicator.title],
        "source": [None, indicator.source],  # The history shows a choice by its label.
        "polarity": [None, indicator.polarity],
    }
    if fingertips_id is not None:
        changes["fingertips_id"] = [None, fingertips_id]
    if indicator.unit:
        changes["unit"] = [None, indicator.unit]
    if baseline_value is not None:
        changes["baseline"] = [None, f"{baseline_value:g} ({baseline_period})"]
    if target_value is not None:
        changes["target"] = [None, f"{target_value:g} by {target_date.day} {target_date:%B %Y}"]
    if priorities:
        changes["priorities"] = [None, [priority.title for priority in priorities]]
    audit.audit_record(
        actor=by, action=AuditEntry.Action.CREATED, scope=strategy, target=indicator, changes=changes
    )
    forget_public_dashboard(strategy)
    indicators_sync(strategy)  # Site search finds a public strategy's indicators.
    return indicator


def _problems(
    strategy: Strategy,
    *,
    source,
    fingertips_id,
    baseline_value,
    baseline_period,
    target_value,
    target_date,
    priorities,
    owner,
) -> dict[str, list[str]]:
    """What is wrong with an indicator's fields beyond each field's own rules, by field."""
    chosen = {priority.pk for priority in priorities}
    errors: dict[str, list[str]] = {}
    if chosen and Priority.objects.filter(pk__in=chosen, domain__strategy=strategy).count() != len(chosen):
        errors["priorities"] = ["Choose priorities of this strategy"]
    if source == IndicatorSource.LOCAL and fingertips_id is not None:
        errors["fingertips_id"] = [
            "A local indicator has no Fingertips indicator ID: leave it empty, or choose OHID Fingertips"
        ]
    if baseline_value is not None and not baseline_period:
        errors["baseline_period"] = ["Enter the period of the baseline, such as 2021/22"]
    if baseline_period and baseline_value is None:
        errors["baseline_value"] = ["Enter the baseline value"]
    if target_value is not None and target_date is None:
        errors["target_date"] = ["Enter the date by which the target should be met"]
    if target_date is not None and target_value is None:
        errors["target_value"] = ["Enter the target value"]
    if target_date is not None and not strategy.start_year <= target_date.year <= strategy.end_year:
        errors["target_date"] = [
            f"Enter a date within the strategy's years, {strategy.start_year} to {strategy.end_year}"
        ]
    for name, messages in check_owner(strategy, owner).items():
        errors[name] = [messages]
    return errors


INDICATOR_FIELDS = (
    "title",
    "definition",
    "source",
    "fingertips_id",
    "unit",
    "polarity",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_date",
    "owner",
    "update_every",
)


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, by, version: int | None = None, priorities=None, **fields
) -> Indicator:
    """
    Change an indicator's definition, owner, baseline or target, and the priorities it measures.
    `version` is the one the form was loaded from (core.versions.EditConflict over a newer save).
    """
    strategy = _locked(indicator.strategy, by)
    indicator = Indicator.objects.filter(pk=indicator.pk).select_related("owner").first()
    if indicator is None:
        raise ValidationError("Someone else removed this indicator while you were editing it.")
    for name in ("title", "unit", "baseline_period"):
        if isinstance(fields.get(name), str):
            fields[name] = _words(fields[name])
    if isinstance(fields.get("definition"), str):
        fields["definition"] = fields["definition"].strip()
    merged = {name: fields.get(name, getattr(indicator, name)) for name in INDICATOR_FIELDS}
    chosen = list(priorities) if priorities is not None else list(indicator.priorities.all())
    errors = _problems(
        strategy,
        **{name: merged[name] for name in ("source", "fingertips_id", "baseline_value", "baseline_period")},
        target_value=merged["target_value"],
        target_date=merged["target_date"],
        priorities=chosen,
        owner=merged["owner"],
    )
    if errors:
        raise ValidationError(errors)
    changes = apply_edit(
        indicator, fields=fields, version=version, noun="indicator", allowed=INDICATOR_FIELDS
    )
    if priorities is not None:
        before = sorted(priority.title for priority in indicator.priorities.all())
        after = sorted(priority.title for priority in chosen)
        if before != after:
            indicator.priorities.set(chosen)
            changes["priorities"] = [before, after]
            if not changes.keys() - {"priorities"}:
                indicator.version += 1
    if changes:
        try:
            indicator.full_clean(exclude=["strategy", "created_by", "priorities"])
        except ValidationError as error:
            raise ValidationError(_merge({}, error)) from None
        save_validated(indicator)
        audit.audit_record(
            actor=by, action=AuditEntry.Action.UPDATED, scope=strategy, target=indicator, changes=changes
        )
        forget_public_dashboard(strategy)
        indicators_sync(strategy)  # Site search finds a public strategy's indicators.
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by) -> None:
    """Remove an indicator and its data points (data from Fingertips can be imported again)."""
    strategy = _locked(indicator.strategy, by)
    indicator = Indicator.objects.filter(pk=indicator.pk).first()
    if indicator is None:
        return  # Removed already (the same form sent twice).
    points = indicator.data.count()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=indicator,
        changes={
            "title": [indicator.title, None],
            "data": [f"{points} data point{'s' if points != 1 else ''}", None],
        },
    )
    indicator.delete()
    forget_public_dashboard(strategy)
    indicators_sync(strategy)  # Site search finds a public strategy's indicators.


@transaction.atomic
def indicator_checked(*, indicator: Indicator, by) -> Indicator:
    """The owner looked, and there is no new data yet: the indicator is up to date until its next check."""
    strategy = _locked(indicator.strategy, by)
    indicator = Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    if indicator is None:
        raise ValidationError("Someone else removed this indicator.")
    before = indicator.checked_at
    indicator.checked_at = timezone.now()
    indicator.save(update_fields=["checked_at", "updated_at"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=strategy,
        target=indicator,
        changes={"checked": [before.isoformat() if before else None, "No new data yet"]},
    )
    forget_public_dashboard(strategy)
    return indicator


def _shown(number: float) -> str:
    return f"{round(number, 2):g}"


def _figure(point: DataPoint) -> str:
    """A data point as the history shows it: "2024/25: 61.48 (158 of 257)"."""
    parts = [f"{point.period}: {'no value' if point.value is None else _shown(point.value)}"]
    if point.count is not None and point.denominator is not None:
        parts.append(f"({_shown(point.count)} of {_shown(point.denominator)})")
    if point.lower is not None and point.upper is not None:
        parts.append(f"[{_shown(point.lower)} to {_shown(point.upper)}]")
    if point.value_note:
        parts.append(f"“{point.value_note}”")
    return " ".join(parts)


def _number(errors: dict, name: str, number) -> float | None:
    if number is None:
        return None
    number = float(number)
    if not math.isfinite(number):
        errors.setdefault(name, []).append("Enter a number")
        return None
    return number


@transaction.atomic
def data_point_record(
    *,
    indicator: Indicator,
    by,
    period: str,
    value: float | None = None,
    count: float | None = None,
    denominator: float | None = None,
    lower: float | None = None,
    upper: float | None = None,
    value_note: str = "",
) -> DataPoint:
    """
    Record a local indicator's figure for one period, for the board's area: its value, or the count and
    denominator that give it (for a percentage or a rate "per 1,000"), with its 95% limits if the source
    publishes them (the dashboard computes them otherwise), and a note (an empty value needs one: why it
    is missing). Recording a period again corrects its figure; the same figure again changes nothing.
    """
    strategy = _locked(indicator.strategy, by)
    indicator = Indicator.objects.filter(pk=indicator.pk).first()
    if indicator is None:
        raise ValidationError("Someone else removed this indicator.")
    if indicator.source != IndicatorSource.LOCAL:
        raise ValidationError(
            "This indicator's data comes from Fingertips: import the file exported from Fingertips instead"
        )
    area_code = strategy.board.area_code
    if not area_code:
        raise ValidationError(
            f"The {strategy.board.name} has no ONS area code: a board administrator adds it first"
        )
    errors: dict[str, list[str]] = {}
    period = _words(period)
    sort = None
    if not period:
        errors["period"] = [f"Enter the period, such as {PERIOD_HELP}"]
    else:
        try:
            sort = period_sort(period)
        except ValueError:
            errors["period"] = [f"Enter the period with its year, such as {PERIOD_HELP}"]
    value, count, denominator, lower, upper = (
        _number(errors, name, number)
        for name, number in (
            ("value", value),
            ("count", count),
            ("denominator", denominator),
            ("lower", lower),
            ("upper", upper),
        )
    )
    value_note = _words(value_note)
    multiplier = unit_multiplier(indicator.unit)
    if count is not None and count < 0:
        errors.setdefault("count", []).append("The count cannot be negative")
    if denominator is not None and denominator <= 0:
        errors.setdefault("denominator", []).append("The denominator must be more than 0")
    if (count is None) != (denominator is None) and value is None:
        missing = "denominator" if denominator is None else "count"
        errors.setdefault(missing, []).append(f"Enter the {missing} too, or the value")
    if multiplier == 100 and value is not None and not 0 <= value <= 100:
        errors.setdefault("value", []).append("A percentage must be between 0 and 100")
    if multiplier == 100 and count is not None and denominator is not None and 0 < denominator < count:
        errors.setdefault("count", []).append("The count cannot be more than the denominator of a percentage")
    if (lower is None) != (upper is None):
        errors.setdefault("upper" if upper is None else "lower", []).append(
            "Enter both 95% limits, or neither"
        )
    elif lower is not None and upper is not None:
        if lower > upper:
            errors.setdefault("lower", []).append("The lower limit must not be above the upper limit")
        elif value is not None and not lower <= value <= upper:
            errors.setdefault("value", []).append("The value must lie between its 95% limits")
    if value is None and count is not None and denominator is not None and not errors:
        if multiplier is None:
            errors["value"] = [
                f"Enter the value: a count and denominator give a percentage or a rate “per 1,000”, not a "
                f"value in “{indicator.unit or 'no unit'}”"
            ]
        else:
            value = count / denominator * multiplier
    if value is None and count is None and not value_note and "value" not in errors:
        errors["value"] = [
            "Enter the value, or the count and denominator, or say in a note why there is none"
        ]
    existing = None
    if sort is not None:
        existing = (
            DataPoint.objects.select_for_update()
            .filter(indicator=indicator, area_code=area_code, sex="", age="", period_sort=sort)
            .first()
        )
        if existing is not None and existing.period != period:
            errors.setdefault("period", []).append(
                f"The indicator has a figure for {existing.period} already, which is the same period: "
                "correct that one"
            )
    if errors:
        raise ValidationError(errors)
    point = existing or DataPoint(indicator=indicator, area_code=area_code, sex="", age="", period_sort=sort)
    before = _figure(point) if existing else None
    fields = {
        "area_name": strategy.board.area,
        "period": period,
        "value": value,
        "lower": lower,
        "upper": upper,
        "count": count,
        "denominator": denominator,
        "value_note": value_note,
    }
    if existing and all(getattr(existing, name) == new for name, new in fields.items()):
        return existing  # The same figure again (the form sent twice).
    for name, new in fields.items():
        setattr(point, name, new)
    point.full_clean()
    save_validated(point)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=strategy,
        target=indicator,
        changes={"data": [before, _figure(point)]},
    )
    Indicator.objects.filter(pk=indicator.pk).update(checked_at=timezone.now())  # Brought up to date.
    forget_public_dashboard(strategy)
    return point
