"""
The demo's Fingertips-shaped files (delivery/demo_data/): what generate.py writes, committed; read by the
same reader as an officer's upload, with nothing rejected, and with the quirks of real exports in them.
"""

import csv
import io
from collections import Counter, defaultdict

import pytest

from delivery import fingertips
from delivery.demo_data import generate
from delivery.fingertips import COLUMNS, ENGLAND, PARENT_COMPARISON, Rejected
from delivery.statistics import Interval, compare, wilson

FILES = {
    "thurrock.csv": ("E06000034", "Thurrock", "E12000006"),
    "leicestershire.csv": ("E10000018", "Leicestershire", "E12000004"),
}


def read(name: str, area: str):
    with (generate.HERE / name).open("rb") as handle:
        found = fingertips.layout(handle, area_code=area)
        return found, list(fingertips.rows(handle, found))


def raw(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((generate.HERE / name).read_text("utf-8"), newline="")))


def test_the_committed_files_are_what_the_generator_writes():
    for name, content in generate.generate().items():
        assert (generate.HERE / name).read_bytes() == content, "Run python -m delivery.demo_data.generate"


@pytest.mark.parametrize("name", FILES)
def test_each_file_reads_with_no_row_rejected_for_the_area_its_region_and_england(name):
    area, area_name, region = FILES[name]

    found, rows = read(name, area)

    assert (found.columns, found.area_name, found.region_code) == (26, area_name, region)
    assert [row for row in rows if isinstance(row, Rejected)] == []
    by_indicator = defaultdict(Counter)
    for row in rows:
        by_indicator[row.indicator_id][row.area_code] += 1
    for counts in by_indicator.values():
        assert set(counts) == {area, region, ENGLAND}
        assert 8 <= counts[ENGLAND] <= 12 and counts[area] >= 8


def test_thurrocks_file_has_ten_indicators_of_its_priorities_and_leicestershires_the_wellbeing_measures():
    _, thurrock = read("thurrock.csv", "E06000034")
    _, leicestershire = read("leicestershire.csv", "E10000018")

    assert {row.indicator_id for row in thurrock} == {
        92443, 93014, 20601, 20602, 93088, 90631, 93721, 21001, 41001, 22401
    }  # fmt: skip
    assert {row.indicator_id for row in leicestershire} == {22301, 22302, 22303, 22304}
    assert {row.period for row in leicestershire} == {f"{year}/{year - 1999}" for year in range(2011, 2023)}
    assert {row.sex for row in thurrock + leicestershire} == {"Persons"}
    assert {"18+ yrs", "<75 yrs", "2017 - 19", "2019/20", "2019"} <= {
        value for row in thurrock for value in (row.age, row.period)
    }


@pytest.mark.parametrize("name", FILES)
def test_each_file_has_the_quirks_of_real_exports(name):
    content = (generate.HERE / name).read_bytes()
    header, *data = raw(name)

    assert header[PARENT_COMPARISON] == "Compared to Region value or percentiles"
    assert header == [
        *COLUMNS[:PARENT_COMPARISON],
        header[PARENT_COMPARISON],
        *COLUMNS[PARENT_COMPARISON + 1 :],
    ]
    assert {len(fields) for fields in data} == {25}  # One field short
    assert content.count(b"\r\n") == len(data) + 1 and not content.startswith(b"\xef\xbb\xbf")
    categories = [fields for fields in data if fields[fingertips.CATEGORY_TYPE]]
    assert categories and all(
        "deprivation deciles" in fields[fingertips.CATEGORY_TYPE] for fields in categories
    )


def test_thurrocks_file_has_a_suppressed_value_and_a_name_with_a_line_break():
    _, rows = read("thurrock.csv", "E06000034")
    _, *data = raw("thurrock.csv")

    suppressed = [row for row in rows if row.value is None]
    assert [(row.indicator_id, row.area_code, row.period, row.value_note) for row in suppressed] == [
        (20602, "E06000034", "2020/21", "Value suppressed for disclosure control due to small count")
    ]
    assert any(fields[fingertips.INDICATOR_NAME].endswith("\n") for fields in data)


@pytest.mark.parametrize("name", FILES)
def test_the_intervals_are_the_counts_own_and_the_judgements_the_portals(name):
    area = FILES[name][0]
    series = {each.indicator_id: each for export in generate.EXPORTS for each in export.series}
    _, rows = read(name, area)
    england = {(row.indicator_id, row.period): row.value for row in rows if row.area_code == ENGLAND}

    for row in rows:
        if row.value is None or row.area_code == ENGLAND:
            continue
        interval = Interval(row.lower, row.upper)
        judged = compare(
            row.value, interval, england[row.indicator_id, row.period], series[row.indicator_id].polarity
        )
        assert judged.label == row.compared_to_england
        if series[row.indicator_id].kind == "proportion" and row.count is not None:
            assert row.value == pytest.approx(row.count / row.denominator * 100)
            computed = wilson(row.count, row.denominator)
            assert (row.lower, row.upper) == pytest.approx((computed.lower, computed.upper))


def test_thurrocks_latest_values_are_a_mix_of_better_similar_and_worse_than_england():
    _, rows = read("thurrock.csv", "E06000034")
    latest = {}
    for row in rows:
        if row.area_code == "E06000034":
            latest[row.indicator_id] = row

    judgements = Counter(row.compared_to_england for row in latest.values())

    assert judgements["Better"] >= 2 and judgements["Similar"] >= 2 and judgements["Worse"] >= 2
