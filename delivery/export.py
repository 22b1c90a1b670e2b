"""
A strategy's indicators' data as CSV in the layout of a Fingertips export (the 26 columns of
delivery.fingertips.COLUMNS), so that a download imports back unchanged (decision 0027). Written as it
is read, a thousand data points at a time.

A Fingertips indicator's rows carry its Fingertips ID; a local indicator's leave it empty, and the import
matches those by the indicator's name. The
parent of the board's area is its region (or England), of the region England; the comparisons and the
99.8% limits, which the portal works out itself and does not store, are left empty.
"""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet

from consultations.export import BOM, safe
from strategies.models import Strategy

from .fingertips import COLUMNS, ENGLAND
from .models import DataPoint, Indicator


class _Line:
    """A file-like object whose write() returns what was written: csv.writer's output as strings."""

    def write(self, text: str) -> str:
        return text


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def fingertips_csv(strategy: Strategy, indicators: QuerySet[Indicator]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow(COLUMNS)
    lines = []
    for row in fingertips_rows(strategy, indicators):
        lines.append(writer.writerow(row))
        if len(lines) >= 100:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def fingertips_rows(strategy: Strategy, indicators: QuerySet[Indicator]) -> Iterator[list]:
    """The rows of the file, each a list of the COLUMNS' cells (defused: consultations.export.safe)."""
    area = strategy.board.area_code
    points = (
        DataPoint.objects.filter(indicator__in=indicators)
        .select_related("indicator")
        .order_by("indicator__position", "indicator_id", "sex", "age", "area_code", "period_sort")
    )
    names = dict(
        DataPoint.objects.filter(indicator__strategy=strategy)
        .values_list("area_code", "area_name")
        .order_by("area_code")
        .distinct()
    )
    region = next((code for code in names if code not in (area, ENGLAND)), "")
    parents = {area: region or ENGLAND, region: ENGLAND, ENGLAND: ""}
    for point in points.iterator(chunk_size=1000):
        parent = parents.get(point.area_code, ENGLAND)
        yield [
            point.indicator.fingertips_id or "",
            safe(point.indicator.title),
            parent,
            safe(names.get(parent, "")),
            point.area_code,
            safe(point.area_name),
            safe(point.area_type),
            safe(point.sex),
            safe(point.age),
            "",
            "",
            safe(point.period),
            _number(point.value),
            _number(point.lower),
            _number(point.upper),
            "",
            "",
            _number(point.count),
            _number(point.denominator),
            safe(point.value_note),
            "",
            "",
            "",
            point.period_sort,
            "",
            "",
        ]
