"""
Importing a Fingertips export into a strategy's indicators (issue 8): a check of what would change
(new and changed data points, per indicator, and every rejected row with its line and reason), then the
import in one transaction. A file with any rejected row imports nothing: the officer mends the file. The
same file imported again changes nothing.

The rows read are the board's area's (by its ONS code), its region's and England's, for the strategy's
Fingertips indicators; a row of another indicator is rejected with the reason.

Both passes read the file a row at a time and compare it with the data points already stored a chunk
of rows at a time (one query per chunk), so memory stays the same for 10,000 rows or 100,000.

An officer's upload of a file (IndicatorImport) goes through the same check and import, run by workers:
delivery/import_jobs.py.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import batched
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models import AuditEntry
from strategies.models import Strategy

from . import fingertips, permissions
from .caching import forget_public_dashboard
from .fingertips import FileRefused, Layout, Rejected, Row
from .models import DataPoint, Indicator, IndicatorSource

logger = logging.getLogger(__name__)

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
# Rows compared with the stored data points, and written, this many at a time.
CHUNK_ROWS = 500
# Changed data points shown in the preview, per indicator: what was stored and what the file says.
EXAMPLES = 5


@dataclass
class IndicatorChanges:
    indicator: Indicator
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    examples: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "id": self.indicator.pk,
            "fingertips_id": self.indicator.fingertips_id,
            "title": self.indicator.title,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "examples": self.examples,
        }


@dataclass
class ImportPlan:
    layout: Layout
    changes: list[IndicatorChanges]
    rejected: list[Rejected]
    rejected_count: int = 0

    @property
    def new(self) -> int:
        return sum(entry.new for entry in self.changes)

    @property
    def changed(self) -> int:
        return sum(entry.changed for entry in self.changes)

    @property
    def unchanged(self) -> int:
        return sum(entry.unchanged for entry in self.changes)

    @property
    def importable(self) -> bool:
        return not self.rejected_count and bool(self.new or self.changed)


def _values(point: DataPoint | Row) -> tuple:
    return tuple(getattr(point, name) for name in POINT_FIELDS)


def _key(indicator_id: int, point: DataPoint | Row) -> tuple:
    return (indicator_id, point.area_code, point.sex, point.age, point.period_sort)


def layout(strategy: Strategy, handle: BinaryIO) -> Layout:
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
    return found


def _stored(rows: list[tuple[Indicator, Row]]) -> dict[tuple, DataPoint]:
    """The stored data points a chunk of rows may match, by key: one query."""
    if not rows:
        return {}
    found = DataPoint.objects.filter(
        indicator__in={indicator.pk for indicator, _ in rows},
        area_code__in={row.area_code for _, row in rows},
        period_sort__in={row.period_sort for _, row in rows},
    )
    return {_key(point.indicator_id, point): point for point in found}


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _example(point: DataPoint, row: Row) -> dict:
    return {
        "area": row.area_name or row.area_code,
        "period": row.period,
        "who": ", ".join(part for part in (row.sex, row.age) if part),
        "was": _number(point.value) + (f" ({point.value_note})" if point.value_note else ""),
        "now": _number(row.value) + (f" ({row.value_note})" if row.value_note else ""),
    }


def walk(
    strategy: Strategy,
    handle: BinaryIO,
    found: Layout,
    *,
    write: bool,
    on_reject: Callable[[Rejected], None],
    on_progress: Callable[[float], None] = lambda share: None,
) -> list[IndicatorChanges]:
    """
    Compare the file's rows with the stored data points, a chunk at a time, and (with `write`) store the
    new and changed ones. Every rejected row goes to `on_reject`; `on_progress` hears the share read.
    """
    indicators = {
        indicator.fingertips_id: indicator for indicator in strategy.indicators.exclude(fingertips_id=None)
    }
    # A local indicator's rows, as the portal exports them: no Indicator ID, matched by its name.
    local = {
        " ".join(indicator.title.split()): indicator
        for indicator in strategy.indicators.filter(source=IndicatorSource.LOCAL)
    }
    changes = {
        indicator.pk: IndicatorChanges(indicator) for indicator in [*indicators.values(), *local.values()]
    }
    handle.seek(0, 2)
    size = handle.tell() or 1
    for chunk in batched(fingertips.rows(handle, found), CHUNK_ROWS):
        kept: list[tuple[Indicator, Row]] = []
        for row in chunk:
            if isinstance(row, Rejected):
                on_reject(row)
            elif row.indicator_id is None and (indicator := local.get(row.indicator_name)) is None:
                on_reject(
                    Rejected(
                        row.line,
                        f"It has no Indicator ID, and no local indicator of this strategy is called "
                        f"“{row.indicator_name[:80]}”: add the indicator's ID, or leave its rows out",
                    )
                )
            elif row.indicator_id is not None and (indicator := indicators.get(row.indicator_id)) is None:
                on_reject(
                    Rejected(
                        row.line,
                        f"Indicator {row.indicator_id} ({row.indicator_name[:80]}) is not one of this "
                        "strategy's indicators: add it first, or leave its rows out",
                    )
                )
            else:
                kept.append((indicator, row))
        stored = _stored(kept)
        new, changed = [], []
        for indicator, row in kept:
            entry = changes[indicator.pk]
            point = stored.get(_key(indicator.pk, row))
            if point is None:
                entry.new += 1
                new.append(_point(indicator, row))
            elif _values(point) != _values(row):
                entry.changed += 1
                if len(entry.examples) < EXAMPLES:
                    entry.examples.append(_example(point, row))
                for name in POINT_FIELDS:
                    setattr(point, name, getattr(row, name))
                changed.append(point)
            else:
                entry.unchanged += 1
        if write:
            DataPoint.objects.bulk_create(new, batch_size=1000)
            DataPoint.objects.bulk_update(changed, POINT_FIELDS, batch_size=1000)
        on_progress(min(handle.tell() / size, 1.0))
    return [entry for entry in changes.values() if entry.new or entry.changed or entry.unchanged]


def _point(indicator: Indicator, row: Row) -> DataPoint:
    return DataPoint(
        indicator=indicator,
        sex=row.sex,
        age=row.age,
        area_code=row.area_code,
        period_sort=row.period_sort,
        **{name: getattr(row, name) for name in POINT_FIELDS},
    )


def plan_import(*, strategy: Strategy, handle: BinaryIO) -> ImportPlan:
    """What importing the file would do; FileRefused when the whole file cannot be read."""
    found = layout(strategy, handle)
    rejected: list[Rejected] = []
    changes = walk(strategy, handle, found, write=False, on_reject=rejected.append)
    return ImportPlan(found, changes, rejected, len(rejected))


# Private to this module and import_jobs (the underscore keeps an audit helper that takes `by` off the
# list of services, tests/test_service_permissions.py).
def _audit_changes(by, strategy: Strategy, changes: Iterable[IndicatorChanges]) -> None:
    """Record each indicator's new and changed data points; the public dashboard shows them at once."""
    forget_public_dashboard(strategy)
    changed = [entry.indicator.pk for entry in changes if entry.new or entry.changed]
    Indicator.objects.filter(pk__in=changed).update(checked_at=timezone.now())  # Brought up to date.
    for entry in changes:
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


def refusal(count: int) -> ValidationError:
    rows = f"{count} row{'s' if count != 1 else ''}"
    return ValidationError(
        f"{rows} of the file cannot be imported: nothing was imported. Mend the file and upload it again."
    )


@transaction.atomic
def indicators_import(*, strategy: Strategy, by, handle: BinaryIO) -> ImportPlan:
    """
    Import the file's data points into the strategy's indicators, all or nothing, here and now (the demo
    and the tests; officers' uploads go through a worker: indicator_import_upload). A file with a
    rejected row is refused (ValidationError). Audited per indicator.
    """
    strategy = Strategy.objects.select_for_update().select_related("board").get(pk=strategy.pk)
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    found = layout(strategy, handle)
    rejected: list[Rejected] = []
    changes = walk(strategy, handle, found, write=True, on_reject=rejected.append)
    if rejected:
        raise refusal(len(rejected))
    _audit_changes(by, strategy, changes)
    return ImportPlan(found, changes, [], 0)


def _counted(count: int, word: str) -> str:
    return f"{count} {word} data point{'s' if count != 1 else ''}"
