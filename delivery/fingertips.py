"""
Reading a CSV file as OHID Fingertips exports it ("Export data", or the API's all_data CSV), for the
rows of one area (by its ONS code), its region and England, with the quirks of real exports:

- 26 columns, whose 23rd is named after the parent area type ("Compared to Region value or
  percentiles", "Compared to percentiles", "Compared to <area type> value or percentiles"); newer
  exports add a 27th, "Time period range";
- data rows one field shorter than the header (the last, empty, field left out);
- an indicator name with a line break inside its quotes;
- an empty value with a value note (suppressed, not calculated);
- time periods as "2019", "2019/20", "2017 - 19", ordered by "Time period Sortable";
- rows for deprivation deciles and other categories beside the area's own rows (left out);
- UTF-8 with or without a byte order mark, or Windows-1252 as Excel saves it.

The file is read twice from its handle (first for its layout and the area's region, then its rows), a
row at a time, so a file of 100,000 rows takes no more memory than one of 10,000: only the check for
repeated rows remembers each row kept, as one integer.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

ENGLAND = "E92000001"
# The largest "Time period Sortable" kept (DataPoint.period_sort is a 32-bit integer in the database).
PERIOD_SORT_BITS = 31
PERIOD_SORT_MAX = 2**PERIOD_SORT_BITS - 1
AREA_CODE = re.compile(r"^[EWSN]\d{8}$")

COLUMNS = (
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to Region value or percentiles",  # Named after the parent area type: see _check_header.
    "Time period Sortable",
    "New data",
    "Compared to goal",
)
EXTRA_COLUMN = "Time period range"
PARENT_COMPARISON = 22  # The 23rd column, whose name varies.
(
    INDICATOR_ID,
    INDICATOR_NAME,
    PARENT_CODE,
    _PARENT_NAME,
    AREA_CODE_COLUMN,
    AREA_NAME,
    AREA_TYPE,
    SEX,
    AGE,
    CATEGORY_TYPE,
    _CATEGORY,
    TIME_PERIOD,
    VALUE,
    LOWER_95,
    UPPER_95,
    _LOWER_998,
    _UPPER_998,
    COUNT,
    DENOMINATOR,
    VALUE_NOTE,
    RECENT_TREND,
    COMPARED_TO_ENGLAND,
    COMPARED_TO_PARENT,
    PERIOD_SORTABLE,
    _NEW_DATA,
    _COMPARED_TO_GOAL,
) = range(len(COLUMNS))


class FileRefused(ValueError):
    """The whole file cannot be read as a Fingertips export: the message says why, for the user."""


@dataclass(frozen=True)
class Layout:
    encoding: str  # "utf-8-sig" or "cp1252"
    columns: int  # 26 or 27
    area_code: str
    area_name: str
    region_code: str  # "" when the file has no row of the area with a parent
    rows: int  # Data rows in the file, all areas and categories


@dataclass(frozen=True)
class Row:
    line: int  # Where the row starts in the file (the header is line 1).
    indicator_id: int | None  # None: a local indicator's row, as the portal exports it (by its name).
    indicator_name: str
    area_code: str
    area_name: str
    area_type: str
    sex: str
    age: str
    period: str
    period_sort: int
    value: float | None
    lower: float | None
    upper: float | None
    count: float | None
    denominator: float | None
    value_note: str
    recent_trend: str
    compared_to_england: str
    compared_to_parent: str

    @property
    def key(self) -> tuple:
        return (self.indicator_id, self.area_code, self.sex, self.age, self.period_sort)


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


ENCODINGS = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252 (as Excel saves a CSV)"}


def _encoding(handle: BinaryIO) -> str:
    """UTF-8 (with or without a byte order mark) when every byte decodes so; else Windows-1252."""
    handle.seek(0)
    start = handle.read(8)
    if not start.strip():
        handle.seek(0)
        if not handle.read(4096).strip():
            raise FileRefused("The file is empty")
    if start.startswith(b"PK\x03\x04"):
        raise FileRefused(
            "The file is an Excel workbook, not a CSV file. In Excel, choose File, Save As, “CSV UTF-8”, "
            "and upload that file, or upload the CSV file as Fingertips exported it"
        )
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("The file is an old Excel workbook (.xls), not a CSV file: save it as “CSV UTF-8”")
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(1024 * 1024):
            if b"\x00" in chunk:
                raise FileRefused(
                    "The file is not a text file: upload the CSV file as Fingertips exported it"
                )
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _reader(handle: BinaryIO, encoding: str) -> tuple[csv.reader, io.TextIOWrapper]:
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    return csv.reader(text), text


def _normal(name: str) -> str:
    return " ".join(name.split()).lower()


def _check_header(header: list[str]) -> int:
    names = [" ".join(name.split()) for name in header]
    while names and not names[-1]:
        names.pop()  # A trailing comma.
    if len(names) not in (len(COLUMNS), len(COLUMNS) + 1):
        missing = [name for name in COLUMNS if _normal(name) not in {_normal(n) for n in names}]
        if missing and len(names) < len(COLUMNS):
            shown = ", ".join(f"“{name}”" for name in missing[:6]) + (" and more" if len(missing) > 6 else "")
            raise FileRefused(
                f"The file has {len(names)} columns, and a Fingertips export has {len(COLUMNS)}: "
                f"it lacks {shown}"
            )
        raise FileRefused(
            f"The file has {len(names)} columns, and a Fingertips export has {len(COLUMNS)} or 27"
        )
    for index, expected in enumerate(COLUMNS):
        found = names[index]
        if index == PARENT_COMPARISON:
            if not _normal(found).startswith("compared to"):
                raise FileRefused(
                    f"Column {index + 1} should compare to the parent area (“Compared to … value or "
                    f"percentiles”), not “{found}”"
                )
        elif _normal(found) != _normal(expected):
            raise FileRefused(f"Column {index + 1} should be “{expected}”, not “{found}”")
    if len(names) == len(COLUMNS) + 1 and _normal(names[-1]) != _normal(EXTRA_COLUMN):
        raise FileRefused(f"Column {len(names)} should be “{EXTRA_COLUMN}”, not “{names[-1]}”")
    return len(names)


def check_start(handle: BinaryIO) -> None:
    """
    What can be told from the file's start, at once (the upload form): not empty, not a workbook, not
    binary, and a Fingertips header. The rest of the file is read by a worker (layout, rows).
    """
    handle.seek(0)
    start = handle.read(64 * 1024)
    handle.seek(0)
    if not start.strip():
        raise FileRefused("The file is empty")
    if start.startswith(b"PK\x03\x04"):
        raise FileRefused(
            "The file is an Excel workbook, not a CSV file. In Excel, choose File, Save As, “CSV UTF-8”, "
            "and upload that file, or upload the CSV file as Fingertips exported it"
        )
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("The file is an old Excel workbook (.xls), not a CSV file: save it as “CSV UTF-8”")
    if b"\x00" in start:
        raise FileRefused("The file is not a text file: upload the CSV file as Fingertips exported it")
    try:
        text = start.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the 64 KB boundary is still UTF-8.
        text = (
            start.decode("utf-8-sig", "replace")
            if error.start > len(start) - 4
            else start.decode("cp1252", "replace")
        )
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), None)
    except csv.Error as error:
        raise FileRefused(f"The file cannot be read as CSV: {error}") from None
    if not header or not any(field.strip() for field in header):
        raise FileRefused("The file is empty")
    _check_header(header)


def layout(handle: BinaryIO, *, area_code: str) -> Layout:
    """
    The file's encoding and columns, checked (FileRefused says what is wrong), and the area's region:
    the parent of the area's own rows. One pass, a row at a time.
    """
    encoding = _encoding(handle)
    reader, text = _reader(handle, encoding)
    try:
        header = next(reader, None)
        if not header or not any(field.strip() for field in header):
            raise FileRefused("The file is empty")
        columns = _check_header(header)
        region, name, rows = "", "", 0
        for fields in reader:
            if not fields or not any(field.strip() for field in fields):
                continue
            rows += 1
            if len(fields) > AREA_CODE_COLUMN and fields[AREA_CODE_COLUMN].strip() == area_code:
                name = name or fields[AREA_NAME].strip()
                parent = fields[PARENT_CODE].strip()
                if not region and parent and parent != ENGLAND:
                    region = parent
        if rows == 0:
            raise FileRefused("The file has a header but no data rows")
    except csv.Error as error:
        raise FileRefused(f"The file cannot be read as CSV at line {reader.line_num}: {error}") from None
    finally:
        text.detach()  # Leave the caller's handle open.
    return Layout(encoding, columns, area_code, name, region, rows)


def rows(handle: BinaryIO, found: Layout) -> Iterator[Row | Rejected]:
    """
    The rows of the area, its region and England, the areas' own (no category), each read into a Row, or
    Rejected with its line and the reason; every other row is left out. A row repeating an earlier one's
    indicator, area, sex, age and period is rejected.
    """
    keep = {found.area_code, ENGLAND} | ({found.region_code} if found.region_code else set())
    reader, text = _reader(handle, found.encoding)
    # The rows seen, for the repeats: each as one int, its group (indicator, area, sex and age, numbered
    # as met) above its period, a few dozen bytes a row where a tuple of its fields took a few hundred.
    groups: dict[tuple, int] = {}
    seen: set[int] = set()
    try:
        next(reader, None)
        line = reader.line_num
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not fields or not any(field.strip() for field in fields):
                continue
            if len(fields) == found.columns - 1:
                fields = [*fields, ""]  # Real exports leave out the last, empty field.
            if len(fields) > found.columns and not any(field.strip() for field in fields[found.columns :]):
                fields = fields[: found.columns]
            if len(fields) != found.columns:
                yield Rejected(start, f"It has {len(fields)} fields: the header has {found.columns}")
                continue
            # Most rows of an all-area export are another area's: left out before the rest is read.
            if fields[AREA_CODE_COLUMN].strip() not in keep or fields[CATEGORY_TYPE].strip():
                continue
            fields = [field.strip() for field in fields]
            try:
                row = _row(start, fields)
            except ValueError as error:
                yield Rejected(start, str(error))
                continue
            indicator = row.indicator_id if row.indicator_id is not None else row.indicator_name
            group = groups.setdefault((indicator, row.area_code, row.sex, row.age), len(groups))
            key = group << PERIOD_SORT_BITS | row.period_sort
            if key in seen:
                where = f"{row.area_name or row.area_code}{_who(row)}"
                named = row.indicator_id if row.indicator_id is not None else f"“{row.indicator_name[:80]}”"
                yield Rejected(start, f"It repeats indicator {named}'s {row.period} for {where}")
                continue
            seen.add(key)
            yield row
    except csv.Error as error:
        yield Rejected(reader.line_num, f"The file cannot be read as CSV from here: {error}")
    finally:
        text.detach()


def _who(row: Row) -> str:
    return f" ({row.sex}, {row.age})" if row.sex or row.age else ""


def _number(fields: list[str], column: int) -> float | None:
    text = fields[column].replace(",", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{COLUMNS[column]} “{fields[column][:40]}” is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{COLUMNS[column]} “{fields[column][:40]}” is not a number")
    return number


def period_sort(label: str, sortable: str) -> int:
    """Where a period sorts: Fingertips' "Time period Sortable" (20190000), else its first year."""
    if sortable.isdigit() and len(sortable) >= 4:
        if len(sortable) > 10 or int(sortable) > PERIOD_SORT_MAX:
            raise ValueError(f"Time period Sortable “{sortable[:40]}” is too large to be a period")
        return int(sortable)
    year = re.search(r"\b(\d{4})\b", label)
    if year is None:
        raise ValueError(f"Time period “{label[:40]}” has no year")
    return int(year.group(1)) * 10000


def _row(line: int, fields: list[str]) -> Row:
    identifier = fields[INDICATOR_ID]
    if identifier and not identifier.isdigit():
        raise ValueError(f"Indicator ID “{identifier[:40]}” is not a number")
    if not identifier and not fields[INDICATOR_NAME].strip():
        raise ValueError("It has neither an Indicator ID nor an Indicator Name")
    if not AREA_CODE.match(fields[AREA_CODE_COLUMN]):
        raise ValueError(f"Area Code “{fields[AREA_CODE_COLUMN][:40]}” is not an ONS area code")
    period = fields[TIME_PERIOD]
    if not period:
        raise ValueError("It has no time period")
    value, lower, upper = (_number(fields, column) for column in (VALUE, LOWER_95, UPPER_95))
    count, denominator = _number(fields, COUNT), _number(fields, DENOMINATOR)
    if lower is not None and upper is not None and lower > upper:
        raise ValueError(f"Its lower 95% limit ({fields[LOWER_95]}) is above its upper ({fields[UPPER_95]})")
    return Row(
        line=line,
        indicator_id=int(identifier) if identifier else None,
        indicator_name=" ".join(fields[INDICATOR_NAME].split()),
        area_code=fields[AREA_CODE_COLUMN],
        area_name=fields[AREA_NAME],
        area_type=fields[AREA_TYPE],
        sex=fields[SEX],
        age=fields[AGE],
        period=" ".join(period.split()),
        period_sort=period_sort(period, fields[PERIOD_SORTABLE]),
        value=value,
        lower=lower,
        upper=upper,
        count=count,
        denominator=denominator,
        value_note=fields[VALUE_NOTE],
        recent_trend=fields[RECENT_TREND],
        compared_to_england=fields[COMPARED_TO_ENGLAND],
        compared_to_parent=fields[COMPARED_TO_PARENT],
    )
