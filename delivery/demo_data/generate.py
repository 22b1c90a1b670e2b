"""
Demo values, not real statistics; shaped like Fingertips exports.

Writes the demo's two files in the layout of an OHID Fingertips "Export data" CSV, beside this module:

- `thurrock.csv`: ten real Fingertips indicators (their real ids, names and age bands) that measure
  Thurrock's 2022-2026 priorities, for Thurrock (E06000034), the East of England (E12000006) and England
  (E92000001), 8 to 11 periods each, 2011 to 2023;
- `leicestershire.csv`: the four ONS personal wellbeing measures as Fingertips publishes them (22301 to
  22304), the "global measure of wellbeing" the Leicestershire Board asked for (seed 004), for
  Leicestershire (E10000018), the East Midlands (E12000004) and England, 2011/12 to 2022/23.

The England series follow the published national figures roughly; the regions and areas are England's
plus a gap, with sampling noise drawn from a fixed seed, so the files come out the same every time. The
confidence limits are computed as Fingertips computes them, from the counts: Wilson's score interval for
a proportion, Dobson's for a directly standardised rate (delivery.statistics); the "Compared to" and
"Recent Trend" columns are what the portal's own judgement gives for the rows.

The shape is a real export's (tests/delivery/data/fingertips-93356-county-ua.csv), quirks included: the
26 columns, the 23rd named after the parent area type; CRLF line endings; data rows one field shorter than
the header; one indicator name with a line break inside its quotes; an empty value with a value note (a
suppressed count); periods as "2019", "2019/20" and "2017 - 19"; England's deprivation-decile rows beside
the areas' own. Newer exports' area types are used ("Counties & UAs (from Apr 2023)", "Region", "England").

Regenerate after changing a series, and commit the files with it:

    python -m delivery.demo_data.generate

tests/delivery/test_demo_data.py checks that the committed files are what this writes.
"""

import csv
import io
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from delivery import fingertips, statistics
from delivery.statistics import Comparison, Interval, Polarity

HERE = Path(__file__).resolve().parent
SEED = 2026
# The values scatter around their series by this share of the sampling error their counts imply, so
# that the demo's charts read clearly; the intervals are the counts' own.
SCATTER = 0.6

LOWER, HIGHER = Polarity.LOWER_IS_BETTER, Polarity.HIGHER_IS_BETTER
SUPPRESSED = "Value suppressed for disclosure control due to small count"
DECILES = "County & UA deprivation deciles in England (IMD2019, 4/23 geography)"
AGGREGATED = "Aggregated from all known lower geography values"


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    area_type: str
    parent_code: str = ""
    parent_name: str = ""


ENGLAND = Place(fingertips.ENGLAND, "England", "England")
COUNTY_UA = "Counties & UAs (from Apr 2023)"
EAST = Place("E12000006", "East of England region", "Region", ENGLAND.code, "England")
EAST_MIDLANDS = Place("E12000004", "East Midlands region", "Region", ENGLAND.code, "England")
THURROCK = Place("E06000034", "Thurrock", COUNTY_UA, EAST.code, EAST.name)
LEICESTERSHIRE = Place("E10000018", "Leicestershire", COUNTY_UA, EAST_MIDLANDS.code, EAST_MIDLANDS.name)


@dataclass(frozen=True)
class Series:
    """
    One indicator's data: England's values per period, the region's and the area's as gaps from
    England's (the area's drawn straight from its first to its last), and the sizes the counts come from:
    respondents or children measured (a proportion), or the population (a rate per 100,000).
    """

    indicator_id: int
    name: str
    age: str
    kind: str  # "proportion" (a percentage, Wilson) or "rate" (directly standardised per 100,000, Dobson)
    polarity: Polarity
    periods: tuple[str, ...]
    england: tuple[float, ...]
    region_gap: float
    area_gap: tuple[float, float]
    sizes: tuple[int, int, int]  # England's, the region's, the area's
    counts_published: bool = True  # False for survey estimates published without counts (ONS wellbeing)
    suppressed: tuple[str, ...] = ()  # The area's periods with the value suppressed
    left_out: tuple[str, ...] = ()  # Periods with England's row only (not published for areas)
    deprivation: tuple[float, float] = (1.3, 0.75)  # Most and least deprived deciles, times England's

    def __post_init__(self):
        if len(self.periods) != len(self.england):
            raise ValueError(f"{self.indicator_id}: {len(self.periods)} periods, {len(self.england)} values")


@dataclass(frozen=True)
class Export:
    filename: str
    area: Place
    region: Place
    series: tuple[Series, ...]


def years(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(year) for year in range(first, last + 1))


def financial(first: int, last: int) -> tuple[str, ...]:
    """Financial (or academic) years: financial(2012, 2013) is ("2012/13", "2013/14")."""
    return tuple(f"{year}/{(year + 1) % 100:02d}" for year in range(first, last + 1))


def pooled(first: int, last: int) -> tuple[str, ...]:
    """Three years pooled, as Fingertips labels them: pooled(2011, 2012) is ("2011 - 13", "2012 - 14")."""
    return tuple(f"{year} - {(year + 2) % 100:02d}" for year in range(first, last + 1))


THURROCK_SERIES = (
    Series(
        92443,
        "Smoking Prevalence in adults (18+) - current smokers (APS)",
        "18+ yrs",
        "proportion",
        LOWER,
        years(2013, 2023),
        (18.4, 17.8, 16.9, 15.5, 14.9, 14.4, 13.9, 12.1, 13.0, 12.7, 11.9),
        region_gap=-0.6,
        area_gap=(3.4, 1.0),
        sizes=(150_000, 16_000, 800),
        deprivation=(1.6, 0.55),
    ),
    Series(
        93014,
        "Percentage of physically active adults",
        "19+ yrs",
        "proportion",
        HIGHER,
        financial(2015, 2022),
        (66.1, 66.0, 66.3, 67.2, 66.4, 65.9, 67.3, 67.1),
        region_gap=0.5,
        area_gap=(-8.5, -5.5),
        sizes=(170_000, 19_000, 500),
        deprivation=(0.88, 1.1),
    ),
    Series(
        20601,
        "Reception: Prevalence of overweight (including obesity)",
        "4-5 yrs",
        "proportion",
        LOWER,
        financial(2012, 2022),
        (22.2, 22.5, 21.9, 22.1, 22.6, 22.4, 22.6, 23.0, 27.7, 22.3, 21.3),
        region_gap=-0.7,
        area_gap=(2.2, 0.8),
        sizes=(620_000, 68_000, 2_300),
        left_out=("2020/21",),  # A sample year: published for England only.
    ),
    Series(
        20602,
        "Year 6: Prevalence of overweight (including obesity)",
        "10-11 yrs",
        "proportion",
        LOWER,
        financial(2012, 2022),
        (33.3, 33.5, 33.2, 34.2, 34.2, 34.3, 34.3, 35.2, 40.9, 37.8, 36.6),
        region_gap=-1.0,
        area_gap=(3.0, 3.6),
        sizes=(560_000, 62_000, 2_000),
        suppressed=("2020/21",),
    ),
    Series(
        93088,
        "Percentage of adults (aged 18+) classified as overweight or obese",
        "18+ yrs",
        "proportion",
        LOWER,
        financial(2015, 2022),
        (61.3, 61.3, 62.0, 62.3, 62.8, 63.5, 63.8, 64.0),
        region_gap=0.4,
        area_gap=(7.0, 6.5),
        sizes=(160_000, 18_000, 450),
        deprivation=(1.1, 0.9),
    ),
    Series(
        90631,
        "School readiness: percentage of children achieving a good level of development at the end of "
        "Reception",
        "5 yrs",
        "proportion",
        HIGHER,
        financial(2012, 2018) + financial(2021, 2022),  # Not assessed in 2019/20 and 2020/21.
        (51.7, 60.4, 66.3, 69.3, 70.7, 71.5, 71.8, 65.2, 67.2),
        region_gap=0.3,
        area_gap=(5.0, 3.2),
        sizes=(620_000, 70_000, 2_450),
        deprivation=(0.88, 1.1),
    ),
    Series(
        93721,
        "Under 75 mortality rate from causes considered preventable (2019 definition)",
        "<75 yrs",
        "rate",
        LOWER,
        years(2013, 2023),
        (151.0, 148.5, 149.7, 145.2, 142.6, 141.2, 140.0, 155.8, 159.3, 153.0, 146.1),
        region_gap=-12.0,
        area_gap=(22.0, 27.0),
        sizes=(50_500_000, 5_800_000, 158_000),
        deprivation=(1.9, 0.6),
    ),
    Series(
        21001,
        "Emergency Hospital Admissions for Intentional Self-Harm",
        "All ages",
        "rate",
        LOWER,
        financial(2012, 2022),
        (191.0, 203.2, 191.4, 196.5, 185.3, 185.5, 193.4, 192.6, 181.2, 163.9, 126.3),
        region_gap=-15.0,
        area_gap=(-60.0, -35.0),
        sizes=(56_000_000, 6_300_000, 172_000),
        deprivation=(1.7, 0.65),
    ),
    Series(
        41001,
        "Suicide rate",
        "10+ yrs",
        "rate",
        LOWER,
        pooled(2011, 2020),
        (10.0, 10.0, 10.1, 9.9, 9.6, 9.6, 10.1, 10.4, 10.4, 10.3),
        region_gap=-0.3,
        area_gap=(-0.5, 0.5),
        sizes=(3 * 48_000_000, 3 * 5_400_000, 3 * 146_000),  # Three years' population
    ),
    Series(
        22401,
        # Exported with a line break at the end of the name, inside its quotes, as real exports have.
        "Emergency hospital admissions due to falls in people aged 65 and over\n",
        "65+ yrs",
        "rate",
        LOWER,
        financial(2012, 2022),
        (2011.0, 2064.0, 2125.0, 2169.0, 2114.0, 2170.0, 2198.0, 2222.0, 2023.0, 2100.0, 1933.0),
        region_gap=-120.0,
        area_gap=(60.0, 40.0),
        sizes=(10_000_000, 1_250_000, 25_000),
        deprivation=(1.15, 0.9),
    ),
)


def wellbeing(indicator_id: int, measure: str, england: tuple[float, ...], area_gap: tuple[float, float]):
    """One of the ONS personal wellbeing measures (Annual Population Survey): estimates, no counts."""
    return Series(
        indicator_id,
        f"Self-reported wellbeing - people with a {measure} score",
        "16+ yrs",
        "proportion",
        LOWER,
        financial(2011, 2022),
        england,
        region_gap=0.2,
        area_gap=area_gap,
        sizes=(150_000, 11_000, 1_000),
        counts_published=False,
        deprivation=(1.45, 0.7),
    )


LEICESTERSHIRE_SERIES = (
    wellbeing(
        22301,
        "low satisfaction",
        (6.6, 5.8, 5.6, 4.8, 4.6, 4.5, 4.4, 4.3, 4.6, 6.1, 5.0, 5.6),
        (-0.8, -0.5),
    ),
    wellbeing(
        22302,
        "low worthwhile",
        (4.9, 4.5, 4.2, 3.8, 3.6, 3.6, 3.6, 3.6, 3.8, 4.4, 4.1, 4.4),
        (-0.6, -0.4),
    ),
    wellbeing(
        22303,
        "low happiness",
        (11.0, 10.4, 9.7, 9.0, 8.8, 8.5, 8.2, 7.8, 8.7, 9.2, 8.4, 8.9),
        (-1.2, -2.2),
    ),
    wellbeing(
        22304,
        "high anxiety",
        (21.8, 21.0, 20.0, 19.4, 19.4, 19.9, 19.7, 19.7, 21.9, 24.2, 22.6, 23.3),
        (-1.5, 0.5),
    ),
)

EXPORTS = (
    Export("thurrock.csv", THURROCK, EAST, THURROCK_SERIES),
    Export("leicestershire.csv", LEICESTERSHIRE, EAST_MIDLANDS, LEICESTERSHIRE_SERIES),
)


@dataclass
class Point:
    place: Place
    period: str
    value: float | None = None
    interval: Interval | None = None
    count: float | None = None
    denominator: float | None = None
    note: str = ""
    england: str = Comparison.NOT_COMPARED.label
    region: str = Comparison.NOT_COMPARED.label
    trend: str = ""
    extra: dict = field(default_factory=dict)


def _drawn(
    series: Series, place: Place, period: str, true_value: float, size: int, rng: random.Random
) -> Point:
    """The value, count and interval of a sample (or of a population's events) around `true_value`."""
    if series.kind == "proportion":
        share = true_value / 100
        spread = SCATTER * (size * share * (1 - share)) ** 0.5
        count = max(0, min(size, round(rng.gauss(size * share, spread))))
        return Point(place, period, count / size * 100, statistics.wilson(count, size), count, size)
    expected = true_value * size / 100_000
    count = max(10, round(rng.gauss(expected, SCATTER * expected**0.5)))
    # A standardised rate moves with its count, but is not the crude count over the population.
    rate = true_value * count / expected
    return Point(place, period, rate, statistics.dobson(rate, count, rate**2 / count), count, size)


def points(series: Series, export: Export, rng: random.Random) -> dict[str, list[Point]]:
    """Each place's points, in period order (a left-out period has no point)."""
    places = {"england": ENGLAND, "region": export.region, "area": export.area}
    found: dict[str, list[Point]] = {key: [] for key in places}
    last = len(series.periods) - 1
    for index, (period, england_value) in enumerate(zip(series.periods, series.england, strict=True)):
        grown = 1 + 0.006 * index  # Populations and samples grow a little
        gap = series.area_gap[0] + (series.area_gap[1] - series.area_gap[0]) * index / max(last, 1)
        truths = {
            "england": england_value,
            "region": england_value + series.region_gap,
            "area": england_value + gap,
        }
        for key, size in zip(places, series.sizes, strict=True):
            if key != "england" and period in series.left_out:
                continue
            if key == "area" and period in series.suppressed:
                found[key].append(Point(places[key], period, note=SUPPRESSED))
                continue
            found[key].append(_drawn(series, places[key], period, truths[key], round(size * grown), rng))
    return found


def judge(series: Series, found: dict[str, list[Point]]) -> None:
    """Fill in the "Compared to" and "Recent Trend" columns, as the portal judges them."""
    england = {point.period: point.value for point in found["england"]}
    region = {point.period: point.value for point in found["region"]}
    for key in ("region", "area"):
        for point in found[key]:
            point.england = statistics.compare(
                point.value, point.interval, england.get(point.period), series.polarity
            ).label
            if key == "area":
                point.region = statistics.compare(
                    point.value, point.interval, region.get(point.period), series.polarity
                ).label
    # Fingertips gives a recent trend for proportions of yearly periods, on the latest period's rows.
    if series.kind != "proportion":
        return
    latest = series.periods[-1]
    for place_points in found.values():
        if not place_points or place_points[-1].period != latest:
            continue
        recent = [
            (point.value, *((point.interval.lower, point.interval.upper) if point.interval else (None, None)))
            for point in place_points
        ]
        place_points[-1].trend = statistics.trend(recent).words(series.polarity)


def _number(number: float | None) -> str:
    if number is None:
        return ""
    if float(number).is_integer() and abs(number) >= 1:
        return str(int(number))
    return f"{number:.15g}"


def _sortable(period: str) -> str:
    return str(int(re.match(r"\d{4}", period).group(0)) * 10000)


def _fields(series: Series, point: Point, *, category: str = "", latest: bool = False) -> list[str]:
    place = point.place
    interval = point.interval
    counts = series.counts_published
    return [
        str(series.indicator_id),
        series.name,
        place.parent_code,
        place.parent_name,
        place.code,
        place.name,
        place.area_type,
        "Persons",
        series.age,
        DECILES if category else "",
        category,
        point.period,
        _number(point.value),
        _number(interval.lower if interval else None),
        _number(interval.upper if interval else None),
        "",  # Fingertips leaves the 99.8% limits out of many exports, as the real one does.
        "",
        _number(point.count) if counts else "",
        _number(point.denominator) if counts else "",
        point.note,
        point.trend,
        point.england,
        point.region,
        _sortable(point.period),
        "New data" if latest else "",
        "",  # Compared to goal: left out of the data rows (see below).
    ]


def _deciles(series: Series, england: Point, rng: random.Random) -> list[Point]:
    """England's most and least deprived deciles for a period: aggregates, with no interval."""
    decile_points = []
    for name, ratio in zip(
        ("Most deprived decile (IMD2019)", "Least deprived decile (IMD2019)"), series.deprivation, strict=True
    ):
        value = england.value * ratio * rng.uniform(0.97, 1.03)
        size = round(england.denominator / 10)
        count = round(value * size / (100 if series.kind == "proportion" else 100_000))
        decile_points.append(
            Point(ENGLAND, england.period, value, None, count, size, AGGREGATED, extra={"category": name})
        )
    return decile_points


def export_rows(export: Export, rng: random.Random) -> list[list[str]]:
    """The data rows, each indicator's period by period: England, its deciles, the region, the area."""
    rows = []
    for series in export.series:
        found = points(series, export, rng)
        judge(series, found)
        by_period = {
            key: {point.period: point for point in place_points} for key, place_points in found.items()
        }
        latest = series.periods[-1]
        for period in series.periods:
            is_latest = period == latest
            england = by_period["england"][period]
            rows.append(_fields(series, england, latest=is_latest))
            if is_latest:
                for decile in _deciles(series, england, rng):
                    rows.append(_fields(series, decile, category=decile.extra["category"], latest=True))
            for key in ("region", "area"):
                if period in by_period[key]:
                    rows.append(_fields(series, by_period[key][period], latest=is_latest))
    return rows


def header(region: Place) -> list[str]:
    """The 26 columns; the 23rd is named after the parent area type (here a region)."""
    columns = list(fingertips.COLUMNS)
    columns[fingertips.PARENT_COMPARISON] = f"Compared to {region.area_type} value or percentiles"
    return columns


def render(export: Export, rng: random.Random) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(export.region))
    for row in export_rows(export, rng):
        writer.writerow(row[:-1])  # Real exports' data rows leave out the last, empty, field.
    return out.getvalue().encode("utf-8")


def generate() -> dict[str, bytes]:
    """Every demo file's name and content: the same each time (one random generator, seeded)."""
    rng = random.Random(SEED)
    return {export.filename: render(export, rng) for export in EXPORTS}


def main(directory: Path = HERE) -> None:
    for name, content in generate().items():
        (directory / name).write_bytes(content)
        rows = content.count(b"\r\n") - 1
        sys.stdout.write(f"Wrote {directory / name}: {rows} data rows\n")


if __name__ == "__main__":
    main()
