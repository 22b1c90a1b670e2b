"""
Reading Fingertips exports (delivery/fingertips.py), with the quirks of real ones, and the files that are
not one: every problem with the whole file is refused with a reason, every bad row rejected with its line.
"""

import csv
import io
from pathlib import Path

import pytest

from delivery.fingertips import COLUMNS, ENGLAND, FileRefused, Rejected, Row, layout, period_sort, rows
from delivery.statistics import Interval, Polarity, compare

REAL_EXPORT = Path(__file__).parent / "data" / "fingertips-93356-county-ua.csv"

THURROCK, EAST = "E06000034", "E12000006"
HEADER = ",".join(COLUMNS)


def line(
    area=THURROCK,
    name="Thurrock",
    parent=EAST,
    period="2019/20",
    value="18.5",
    lower="16.2",
    upper="21.0",
    indicator="92443",
    title="Smoking Prevalence in adults (18+) - current smokers (APS)",
    category_type="",
    note="",
    sortable="20190000",
    area_type="Counties & UAs (from Apr 2023)",
):
    fields = [
        indicator,
        title,
        parent,
        "East of England region",
        area,
        name,
        area_type,
        "Persons",
        "18+ yrs",
        category_type,
        "Most deprived decile" if category_type else "",
        period,
        value,
        lower,
        upper,
        "",
        "",
        "310",
        "1675",
        note,
        "Cannot be calculated",
        "Similar",
        "Similar",
        sortable,
        "",
        "",
    ]
    return ",".join(f'"{field}"' if ("," in field or "\n" in field) else field for field in fields)


def csv_file(*lines, header=HEADER, encoding="utf-8"):
    return io.BytesIO(("\n".join([header, *lines]) + "\n").encode(encoding))


def read(handle, area=THURROCK):
    found = layout(handle, area_code=area)
    return found, list(rows(handle, found))


class TestLayout:
    def test_finds_the_region_of_the_area_and_reads_its_rows_its_regions_and_englands(self):
        handle = csv_file(
            line(area=ENGLAND, name="England", parent=""),
            line(area=EAST, name="East of England region", parent=ENGLAND),
            line(),
            line(area="E06000033", name="Southend-on-Sea"),
        )

        found, read_rows = read(handle)

        assert (found.region_code, found.area_name, found.rows, found.encoding) == (
            EAST,
            "Thurrock",
            4,
            "utf-8-sig",
        )
        assert [row.area_code for row in read_rows] == [ENGLAND, EAST, THURROCK]  # Southend left out.
        thurrock = read_rows[2]
        assert (thurrock.value, thurrock.lower, thurrock.upper, thurrock.count) == (18.5, 16.2, 21.0, 310)
        assert (thurrock.period, thurrock.period_sort, thurrock.line) == ("2019/20", 20190000, 4)

    def test_a_23rd_column_named_after_another_parent_type_and_a_27th_column(self):
        header = HEADER.replace("Compared to Region value or percentiles", "Compared to percentiles")
        handle = csv_file(line() + ",2019/20 to 2019/20", header=header + ",Time period range")

        found, read_rows = read(handle)

        assert found.columns == 27 and len(read_rows) == 1

    def test_a_row_one_field_short_a_name_over_two_lines_and_an_empty_value_with_a_note(self):
        short = line().rsplit(",", 1)[0]
        two_lines = line(title="Smoking prevalence\nin adults", period="2020/21", sortable="20200000")
        suppressed = line(
            value="", lower="", upper="", note="Value suppressed", period="2021/22", sortable=""
        )

        found, read_rows = read(csv_file(short, two_lines, suppressed))

        assert [row.line for row in read_rows] == [2, 3, 5]  # The second row takes lines 3 and 4.
        assert read_rows[1].indicator_name == "Smoking prevalence in adults"
        assert (read_rows[2].value, read_rows[2].value_note, read_rows[2].period_sort) == (
            None,
            "Value suppressed",
            20210000,
        )

    def test_deprivation_deciles_beside_the_areas_rows_are_left_out(self):
        _, read_rows = read(csv_file(line(), line(category_type="District & UA deprivation deciles")))

        assert len(read_rows) == 1 and isinstance(read_rows[0], Row)

    def test_windows_1252_as_excel_saves_it(self):
        handle = csv_file(line(title="Spend £ per head – adults"), encoding="cp1252")

        found, read_rows = read(handle)

        assert found.encoding == "cp1252" and read_rows[0].indicator_name == "Spend £ per head – adults"


class TestRejectedRows:
    def test_each_with_its_line_and_reason(self):
        handle = csv_file(
            line(value="n/a"),
            line(lower="25", upper="20", period="2020/21", sortable="20200000"),
            line(period="2021/22", sortable="20210000"),
            line(period="2021/22", sortable="20210000"),
            line(indicator="abc", period="2022/23", sortable="20220000"),
            "1,2,3",
        )

        _, read_rows = read(handle)

        rejected = [(row.line, row.reason) for row in read_rows if isinstance(row, Rejected)]
        assert rejected == [
            (2, "Value “n/a” is not a number"),
            (3, "Its lower 95% limit (25) is above its upper (20)"),
            (5, "It repeats indicator 92443's 2021/22 for Thurrock (Persons, 18+ yrs)"),
            (6, "Indicator ID “abc” is not a number"),
            (7, "It has 3 fields: the header has 26"),
        ]
        assert [row.line for row in read_rows if isinstance(row, Row)] == [4]

    def test_a_repeat_is_the_same_indicator_area_sex_age_and_period_anywhere_in_the_file(self):
        male = line().replace(",Persons,", ",Male,")
        handle = csv_file(
            line(),
            male,
            line().replace(",18+ yrs,", ",65+ yrs,"),
            line(indicator="92444"),
            line(area=ENGLAND, name="England", parent=""),
            line(period="2020/21", sortable="20200000"),
            male,
        )

        _, read_rows = read(handle)

        rejected = [(row.line, row.reason) for row in read_rows if isinstance(row, Rejected)]
        assert rejected == [(8, "It repeats indicator 92443's 2019/20 for Thurrock (Male, 18+ yrs)")]
        assert [row.line for row in read_rows if isinstance(row, Row)] == [2, 3, 4, 5, 6, 7]

    def test_a_time_period_sortable_too_large_for_the_database(self):
        handle = csv_file(
            line(sortable="2147483647"),
            line(period="2020/21", sortable="2147483648"),
            line(period="2021/22", sortable="201900000000000000000000"),
        )

        _, read_rows = read(handle)

        assert read_rows[0].period_sort == 2**31 - 1
        assert [(row.line, row.reason) for row in read_rows[1:]] == [
            (3, "Time period Sortable “2147483648” is too large to be a period"),
            (4, "Time period Sortable “201900000000000000000000” is too large to be a period"),
        ]


class TestFilesRefused:
    @pytest.mark.parametrize(
        "content, message",
        [
            (b"", "The file is empty"),
            (b"  \n\n", "The file is empty"),
            (
                b"PK\x03\x04\x14\x00\x06\x00rest of a workbook",
                "The file is an Excel workbook, not a CSV file",
            ),
            (HEADER.encode() + b"\n", "The file has a header but no data rows"),
            (b"Area,Value\nE06000034,18.5\n", "The file has 2 columns, and a Fingertips export has 26"),
            (
                HEADER.replace("Value,", "Amount,", 1).encode() + b"\n1\n",
                "Column 13 should be “Value”, not “Amount”",
            ),
            (b"\x00\x01\x02binary", "The file is not a text file"),
        ],
    )
    def test_with_the_reason(self, content, message):
        with pytest.raises(FileRefused) as refused:
            layout(io.BytesIO(content), area_code=THURROCK)

        assert str(refused.value).startswith(message)


class TestPeriods:
    @pytest.mark.parametrize(
        "label, sortable, expected",
        [
            ("2019", "20190000", 20190000),
            ("2019/20", "", 20190000),
            ("2017 - 19", "", 20170000),
            ("2018", "x", 20180000),
        ],
    )
    def test_sort_by_fingertips_key_or_the_first_year(self, label, sortable, expected):
        assert period_sort(label, sortable) == expected


class TestARealExport:
    def test_reads_every_area_and_reproduces_each_of_fingertips_judgements_against_england(self):
        areas = {
            fields[4]
            for fields in csv.reader(REAL_EXPORT.read_text(encoding="utf-8").splitlines())
            if fields and fields[4].startswith("E0")
        }
        judged = 0
        with REAL_EXPORT.open("rb") as handle:
            for area in sorted(areas):
                found = layout(handle, area_code=area)
                read_rows = list(rows(handle, found))
                assert not [row for row in read_rows if isinstance(row, Rejected)], area
                england = {
                    (r.sex, r.age, r.period_sort): r.value for r in read_rows if r.area_code == ENGLAND
                }
                for row in (r for r in read_rows if r.area_code == area):
                    interval = Interval(row.lower, row.upper) if row.lower is not None else None
                    ours = compare(
                        row.value,
                        interval,
                        england[(row.sex, row.age, row.period_sort)],
                        Polarity.LOWER_IS_BETTER,
                    )
                    assert ours.label == row.compared_to_england, (area, row.period, row.age)
                    judged += 1
        assert len(areas) > 100 and judged > 600  # Every area of the file, each of its periods and ages.
