"""
The Fingertips export `make bench` generates (scripts/benchlib/delivery.py, section f): a file that
delivery.fingertips reads with nothing rejected, keeping the rows the bench counts, in the shape of a real
all-area export.
"""

import csv
import importlib
import sys
from collections import Counter
from pathlib import Path

import pytest

from delivery.fingertips import COLUMNS, ENGLAND, Rejected, Row, layout, rows

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module("benchlib.delivery")
    finally:
        sys.path.remove(str(SCRIPTS))


def read(path: Path, area: str):
    with path.open("rb") as handle:
        found = layout(handle, area_code=area)
        return found, list(rows(handle, found))


def test_the_smaller_import_file_reads_with_nothing_rejected_and_the_rows_kept_it_counts(bench, tmp_path):
    path = tmp_path / "export.csv"

    written = bench.write_export(path, bench.import_specs(), max_rows=bench.SIZES[0])

    found, read_rows = read(path, bench.AREA)
    assert [row for row in read_rows if isinstance(row, Rejected)] == []
    # Whole indicator-periods of 182 rows (England, 20 deciles, 9 regions, 152 counties and UAs), of
    # which three are kept: the area's, its region's and England's.
    assert written["rows"] == found.rows == 10_010
    assert written["kept"] == len(read_rows) == 165
    assert written["indicators"] == 6
    assert found.columns == len(COLUMNS) and found.region_code == bench.REGION
    assert Counter(row.area_code for row in read_rows) == {bench.AREA: 55, bench.REGION: 55, ENGLAND: 55}


def test_the_dashboards_file_has_ten_years_of_each_indicator_for_the_three_areas(bench, tmp_path):
    path = tmp_path / "dashboard.csv"
    indicators = bench.specs(4)

    written = bench.write_export(path, indicators)

    _, read_rows = read(path, bench.AREA)
    assert (written["rows"], written["kept"], written["indicators"]) == (4 * 10 * 182, 4 * 10 * 3, 4)
    assert all(isinstance(row, Row) for row in read_rows)
    by_indicator = Counter((row.indicator_id, row.area_code) for row in read_rows)
    assert set(by_indicator.values()) == {10}
    # Each kind of period, as Fingertips writes them, sorting by their first year.
    periods = {row.indicator_id: [] for row in read_rows}
    for row in read_rows:
        if row.area_code == bench.AREA:
            periods[row.indicator_id].append((row.period, row.period_sort))
    first, second, _, fourth = (periods[spec.fingertips_id] for spec in indicators)
    assert first[0] == ("2015", 20150000) and first[-1] == ("2024", 20240000)
    assert second[0] == ("2015/16", 20150000)
    assert fourth[0] == ("2013 - 15", 20130000)
    # The area's value suppressed once, with its note, as real exports do.
    suppressed = [row for row in read_rows if row.value is None]
    assert [(row.area_code, row.value_note) for row in suppressed] == [(bench.AREA, bench.SUPPRESSED)]
    own = [row for row in read_rows if row.area_code == bench.AREA and row.value is not None]
    assert len(own) == 39 and all(row.lower < row.value < row.upper for row in own)


def test_the_quirks_of_a_real_export(bench, tmp_path):
    path = tmp_path / "export.csv"

    bench.write_export(path, bench.specs(1), periods=2)

    raw = path.read_bytes()
    assert raw.startswith(",".join(COLUMNS).encode() + b"\r\n")
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))[1:]
    # Each row one field short of the header; the name with a line break inside its quotes.
    assert len(records) == 2 * 182 and {len(record) for record in records} == {len(COLUMNS) - 1}
    assert records[0][1] == "Smoking Prevalence in adults (18+) - current smokers (APS)\n"
    assert {record[9] for record in records} == {
        "",
        "County & UA deprivation deciles in England (IMD2015)",
        "District & UA deprivation deciles in England (IMD2015)",
    }
    assert Counter(record[6] for record in records) == {"Country": 42, "Region": 18, "County & UA": 304}
