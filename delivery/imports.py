"""
Importing a Fingertips export into a strategy's indicators (issue 8): a preview of what would change
(new and changed data points, per indicator), then the import in one transaction. A file with any
rejected row imports nothing: the preview lists every rejected row with its line and reason, and the
officer mends the file. The same file imported again changes nothing.

The rows read are the board's area's (by its ONS code), its region's and England's, for the
strategy's Fingertips indicators; a row of another indicator is rejected with the reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import audit
from core.models import AuditEntry
from strategies.models import Strategy

from . import fingertips, permissions
from .fingertips import FileRefused, Layout, Rejected, Row
from .models import DataPoint, Indicator

# What a data point holds besides its key (indicator, area, sex, age, period): what "changed" compares.
POINT_FIELDS = (
    "area_name",
    "area_type",
    "period",
    "value",
    "lower",
    "upper",
    "count",
    "denominator",
    "value_note",
)


@dataclass
class IndicatorChanges:
    indicator: Indicator
    new: list[DataPoint] = field(default_factory=list)
    changed: list[DataPoint] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class ImportPlan:
    layout: Layout
    changes: list[IndicatorChanges]
    rejected: list[Rejected]

    @property
    def new(self) -> int:
        return sum(len(entry.new) for entry in self.changes)

    @property
    def changed(self) -> int:
        return sum(len(entry.changed) for entry in self.changes)

    @property
    def importable(self) -> bool:
        return not self.rejected and bool(self.new or self.changed)


def _values(point: DataPoint | Row) -> tuple:
    return tuple(getattr(point, name) for name in POINT_FIELDS)


def _key(point: DataPoint | Row) -> tuple:
    return (point.area_code, point.sex, point.age, point.period_sort)


def plan_import(*, strategy: Strategy, handle: BinaryIO) -> ImportPlan:
    """What importing the file would do; FileRefused when the whole file cannot be read."""
    area_code = strategy.board.area_code
    if not area_code:
        raise FileRefused(
            f"The {strategy.board.name} has no ONS area code: a board administrator adds it first"
        )
    found = fingertips.layout(handle, area_code=area_code)
    if not found.area_name:
        raise FileRefused(
            f"The file has no rows for {strategy.board.area} ({area_code}): export the data for that area"
        )
    indicators = {
        indicator.fingertips_id: indicator for indicator in strategy.indicators.exclude(fingertips_id=None)
    }
    existing: dict[int, dict[tuple, DataPoint]] = {indicator.pk: {} for indicator in indicators.values()}
    for point in DataPoint.objects.filter(indicator__in=list(indicators.values())):
        existing[point.indicator_id][_key(point)] = point
    changes = {indicator.pk: IndicatorChanges(indicator) for indicator in indicators.values()}
    rejected = []
    for row in fingertips.rows(handle, found):
        if isinstance(row, Rejected):
            rejected.append(row)
            continue
        indicator = indicators.get(row.indicator_id)
        if indicator is None:
            rejected.append(
                Rejected(
                    row.line,
                    f"Indicator {row.indicator_id} ({row.indicator_name[:80]}) is not one of this strategy's "
                    "indicators: add it first, or leave its rows out",
                )
            )
            continue
        entry = changes[indicator.pk]
        point = existing[indicator.pk].get(_key(row))
        if point is None:
            entry.new.append(_point(indicator, row))
        elif _values(point) != _values(row):
            for name in POINT_FIELDS:
                setattr(point, name, getattr(row, name))
            entry.changed.append(point)
        else:
            entry.unchanged += 1
    return ImportPlan(
        found,
        [entry for entry in changes.values() if entry.new or entry.changed or entry.unchanged],
        rejected,
    )


def _point(indicator: Indicator, row: Row) -> DataPoint:
    return DataPoint(
        indicator=indicator,
        sex=row.sex,
        age=row.age,
        area_code=row.area_code,
        period_sort=row.period_sort,
        **{name: getattr(row, name) for name in POINT_FIELDS},
    )


@transaction.atomic
def indicators_import(*, strategy: Strategy, by, handle: BinaryIO) -> ImportPlan:
    """
    Import the file's data points into the strategy's indicators, all or nothing: a file with a rejected
    row is refused (ValidationError, the plan's rejected rows say why). Audited per indicator.
    """
    strategy = Strategy.objects.select_for_update().select_related("board").get(pk=strategy.pk)
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    plan = plan_import(strategy=strategy, handle=handle)
    if plan.rejected:
        rows = f"{len(plan.rejected)} row{'s' if len(plan.rejected) != 1 else ''}"
        raise ValidationError(
            f"{rows} of the file cannot be imported: nothing was imported. Mend the file and upload it again."
        )
    for entry in plan.changes:
        DataPoint.objects.bulk_create(entry.new, batch_size=1000)
        DataPoint.objects.bulk_update(entry.changed, POINT_FIELDS, batch_size=1000)
        if entry.new or entry.changed:
            audit.audit_record(
                actor=by,
                action=AuditEntry.Action.UPDATED,
                scope=strategy,
                target=entry.indicator,
                changes={
                    "data": [None, f"{_counted(entry.new, 'new')}, {_counted(entry.changed, 'changed')}"]
                },
            )
    return plan


def _counted(points: Iterable, word: str) -> str:
    count = len(list(points))
    return f"{count} {word} data point{'s' if count != 1 else ''}"
