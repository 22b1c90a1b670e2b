"""
The chart of one indicator over time, as the performance dashboard shows it and the progress report
prints it: the area's values as markers with their 95% confidence intervals, England's and the region's
lines, the target; with a legend, a text summary and a data table carrying every figure it draws.

The chart is drawn by hand (this module computes it, delivery/_chart.html draws it), not by a chart
library, for two reasons. The pages' Content Security Policy forbids inline <style> elements, style
attributes and scripts, which pygal, matplotlib's SVG and the JavaScript libraries all emit; and the same
SVG must print identically through WeasyPrint in the progress report, so it uses SVG presentation
attributes only (fill, stroke, font-family), with every position worked out here in the SVG's own units.
The consultation report's bar charts (consultations/report.py, chart) are drawn the same way.

Pure Python: it takes `Series` of `Point`s, never the database, so the dashboard and the report can feed
it from one query each.

The markers follow Fingertips' colours, and their shape carries the same meaning, so that colour is never
the only carrier of it (and the legend, the summary and the table say it in words):

=============================  ====================  ===============================
Compared with England          fill                  shape
=============================  ====================  ===============================
better                         green #00703c         circle
similar                        amber #ffdd00         diamond
worse                          red #d4351c           square
higher (no polarity)           dark blue #003078     triangle pointing up
lower (no polarity)            light blue #5694ca    triangle pointing down
not compared (no interval)     white, grey outline   circle
=============================  ====================  ===============================

An indicator without a polarity is judged higher, similar or lower in blue and amber, never red and green
(Fingertips' convention: darker blue for higher, lighter blue for lower).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .numbers import UnitKind, decimals_for, format_value, unit_kind, with_unit
from .statistics import Comparison, Interval, Polarity, compare

# The SVG's own units. Its text is FONT_SIZE units in a WIDTH-unit viewBox: at a 320-pixel screen the chart
# is about 290 pixels wide (the page's margins), which makes the text 20 * 290 / 520 = 11.2 pixels; the
# SCSS (.app-indicator-chart__svg) holds the chart to WIDTH pixels, where the text is 20 pixels, the
# size of the page's body text.
WIDTH = 520
FONT_SIZE = 20
PLOT_HEIGHT = 240
TOP = 12  # Room above the plot for the top tick's label.
UNIT_ROW = FONT_SIZE + 12  # Room above that for the axis's unit ("per 100,000"), when it has one.
RIGHT = 16
LABEL_GAP = 14  # The least space between two period labels.
EDGE = 2  # The least space between a label and the chart's edge.
TICK_COUNT = 5  # The y axis aims at about this many ticks,
MIN_TICKS, MAX_TICKS = 4, 7  # and has no fewer and no more than these.
MARKER_RADIUS = 7.5
CAP = 5  # Half the width of a confidence interval's caps.
# The y axis starts at 0 for a percentage, a rate or a count unless the figures sit in a narrow band far
# from it (the lowest above two thirds of the highest), where a zero baseline would flatten them.
ZERO_BASELINE_SHARE = 2 / 3

TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#dddcdb"
ENGLAND_COLOUR = "#0b0c0c"
REGION_COLOUR = "#505a5f"
REGION_DASH = "6 4"
TARGET_COLOUR = "#4c2c92"
TARGET_DASH = "12 6"
WHISKER_COLOUR = "#505a5f"
FONT_FAMILY = "Liberation Sans, Arial, sans-serif"
COLOURS = {
    "text": TEXT,
    "secondary": SECONDARY_TEXT,
    "grid": GRID,
    "whisker": WHISKER_COLOUR,
    "target": TARGET_COLOUR,
    "target_dash": TARGET_DASH,
}


class Shape(StrEnum):
    CIRCLE = "circle"
    DIAMOND = "diamond"
    SQUARE = "square"
    UP = "triangle_up"
    DOWN = "triangle_down"


@dataclass(frozen=True)
class Look:
    """How a marker shows its comparison: fill, outline, shape, and what the legend calls it."""

    fill: str
    stroke: str
    shape: Shape
    phrase: str  # "better than England": completed with the benchmark's name.


LOOKS = {
    Comparison.BETTER: Look("#00703c", TEXT, Shape.CIRCLE, "better than"),
    Comparison.SIMILAR: Look("#ffdd00", TEXT, Shape.DIAMOND, "similar to"),
    Comparison.WORSE: Look("#d4351c", TEXT, Shape.SQUARE, "worse than"),
    Comparison.HIGHER: Look("#003078", TEXT, Shape.UP, "higher than"),
    Comparison.LOWER: Look("#5694ca", TEXT, Shape.DOWN, "lower than"),
    Comparison.NOT_COMPARED: Look("#ffffff", SECONDARY_TEXT, Shape.CIRCLE, "not compared with"),
}
LEGEND_ORDER = [
    Comparison.BETTER,
    Comparison.HIGHER,
    Comparison.SIMILAR,
    Comparison.WORSE,
    Comparison.LOWER,
    Comparison.NOT_COMPARED,
]


# Input ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One period's value with its 95% confidence limits, as a data point holds it."""

    period: str
    period_sort: int
    value: float | None
    lower: float | None
    upper: float | None
    value_note: str = ""

    @property
    def interval(self) -> Interval | None:
        if self.lower is None or self.upper is None:
            return None
        return Interval(self.lower, self.upper)


@dataclass(frozen=True)
class Series:
    """One area's points ("Thurrock", "East of England", "England"), in any order."""

    name: str
    points: list[Point]


# Geometry -------------------------------------------------------------------------------------------

# Liberation Sans' (and Arial's) advance widths, in thousandths of the font size, for the characters
# periods and ticks are written with: enough to keep labels apart without measuring a real font.
_ADVANCE = {
    **dict.fromkeys("0123456789", 556),
    **dict.fromkeys(".,/: ", 278),
    "-": 333,
    "–": 556,
    "%": 889,
    "Q": 778,
}


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of a text's width in SVG units (uppercase and wide letters as 667)."""
    return sum(_ADVANCE.get(char, 667 if char.isupper() else 556) for char in text) * size / 1000


def nice_ticks(low: float, high: float) -> list[float]:
    """
    Round values (steps of 1, 2, 2.5 or 5 times a power of ten) from at or below `low` to at or above
    `high`: of the steps that make 4 to 7 ticks, the one that wastes the least space around the figures
    (then the one with fewer ticks).
    """
    if high < low:
        low, high = high, low
    if math.isclose(low, high):
        spread = abs(high) * 0.1 or 1
        low, high = (0.0 if 0 <= low <= spread else low - spread), high + spread
    magnitude = math.floor(math.log10((high - low) / (TICK_COUNT - 1)))
    candidates = []
    for power in (magnitude - 1, magnitude, magnitude + 1):
        for multiple in (1, 2, 2.5, 5):
            step = multiple * 10**power
            start = math.floor(low / step + 1e-9) * step
            end = math.ceil(high / step - 1e-9) * step
            count = round((end - start) / step) + 1
            if MIN_TICKS <= count <= MAX_TICKS:
                candidates.append((end - start, count, step, start))
    if not candidates:  # Cannot happen with these multiples; kept for safety.
        return [low, high]
    _, count, step, start = min(candidates)
    places = _step_decimals(step)
    return [round(start + index * step, places + 2) for index in range(count)]


def _step_decimals(step: float) -> int:
    """The decimal places a tick step needs: 5 → 0, 2.5 → 1, 0.25 → 2."""
    for places in range(0, 10):
        if math.isclose(step, round(step, places), rel_tol=1e-9, abs_tol=1e-12):
            return places
    return 10


def _marker_path(shape: Shape, x: float, y: float, r: float) -> str:
    """A marker's outline about (x, y), each shape of about the area of a circle of radius r."""
    if shape == Shape.CIRCLE:
        return f"M{x - r:.1f},{y:.1f}a{r:g},{r:g} 0 1,0 {2 * r:g},0a{r:g},{r:g} 0 1,0 {-2 * r:g},0z"
    if shape == Shape.SQUARE:
        h = r * 0.886  # Side 1.77r: a square of the circle's area.
        return f"M{x - h:.1f},{y - h:.1f}h{2 * h:.1f}v{2 * h:.1f}h{-2 * h:.1f}z"
    if shape == Shape.DIAMOND:
        d = r * 1.25
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y:.1f}L{x:.1f},{y + d:.1f}L{x - d:.1f},{y:.1f}z"
    height = r * 2.33  # An equilateral triangle of the circle's area, about its centroid.
    half_base = height / math.sqrt(3)
    sign = 1 if shape == Shape.UP else -1
    apex, base = y - sign * height * 2 / 3, y + sign * height / 3
    return f"M{x:.1f},{apex:.1f}L{x + half_base:.1f},{base:.1f}L{x - half_base:.1f},{base:.1f}z"


# Output ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YTick:
    value: float
    y: float
    label: str

    @property
    def label_y(self) -> float:
        """The label's baseline, a third of the text's size below the tick: centred on it."""
        return round(self.y + FONT_SIZE * 0.35, 1)


@dataclass(frozen=True)
class XTick:
    """A period's place on the x axis, and its label if it is one of those shown (anchored inside)."""

    period: str
    x: float
    label: str
    label_x: float
    anchor: str = "middle"


@dataclass(frozen=True)
class Marker:
    period: str
    x: float
    y: float
    comparison: Comparison
    fill: str
    stroke: str
    shape: Shape
    path: str
    title: str  # A tooltip: "2022/23: 14.9% (12.8% to 17.3%), worse than England".
    whisker_top: float | None = None
    whisker_bottom: float | None = None


@dataclass(frozen=True)
class Line:
    """A benchmark's line: one polyline per run of periods with a value (a gap where one is missing)."""

    name: str
    segments: list[str]
    dots: str  # The path of a small marker at every value, so that a lone value still shows.
    stroke: str
    dash: str  # stroke-dasharray, "" for a solid line.


@dataclass(frozen=True)
class TargetLine:
    y: float
    value: str  # "12.0%", "100.0"
    label: str  # "by March 2026"
    unit: str = ""

    @property
    def text(self) -> str:
        """As the legend writes it: "Target: 100.0 per 100,000 by 2026"."""
        return " ".join(filter(None, ["Target:", with_unit(self.value, self.unit), self.label]))


@dataclass(frozen=True)
class LegendItem:
    """One entry of the legend, drawn as a small inline SVG swatch (kind: marker, interval, line)."""

    kind: str
    label: str
    fill: str = ""
    stroke: str = ""
    path: str = ""
    dash: str = ""


@dataclass(frozen=True)
class Row:
    """One period of the data table: every figure of the chart, written out."""

    period: str
    value: str
    interval: str
    region: str
    england: str
    comparison: str
    note: str
    figures: list[str]  # The numeric cells in the table's order: value, interval, [region], England.


@dataclass(frozen=True)
class Chart:
    """Everything delivery/_chart.html draws, in the SVG's units and as the words it writes."""

    title: str
    unit: str
    polarity: str
    area_name: str
    england_name: str
    region_name: str
    summary: str
    caption: str
    rows: list[Row]
    legend: list[LegendItem]
    has_data: bool
    width: int = WIDTH
    height: float = 0
    font_size: int = FONT_SIZE
    font_family: str = FONT_FAMILY
    plot_left: float = 0
    plot_right: float = 0
    plot_top: float = 0
    plot_bottom: float = 0
    unit_label: str = ""  # The axis's unit above it ("per 100,000"); a percentage's ticks carry theirs.
    y_ticks: list[YTick] = field(default_factory=list)
    x_ticks: list[XTick] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # The region's, then England's (drawn on top).
    target: TargetLine | None = None
    has_notes: bool = False

    @property
    def colours(self) -> dict[str, str]:
        return COLOURS

    @property
    def whiskers(self) -> str:
        """One path for every confidence interval: a vertical line and its two caps."""
        return "".join(
            f"M{m.x:.1f},{m.whisker_bottom:.1f}V{m.whisker_top:.1f}"
            f"M{m.x - CAP:.1f},{m.whisker_top:.1f}h{2 * CAP}M{m.x - CAP:.1f},{m.whisker_bottom:.1f}h{2 * CAP}"
            for m in self.markers
            if m.whisker_top is not None
        )

    @property
    def tick_label_x(self) -> float:
        """Where the y axis's labels end (text-anchor="end")."""
        return self.plot_left - 8

    @property
    def x_label_y(self) -> float:
        """The baseline of the periods' labels, under their tick marks."""
        return self.plot_bottom + 10 + FONT_SIZE

    @property
    def columns(self) -> int:
        """The data table's columns: period, value, interval, [region], England, comparison, [note]."""
        return 5 + bool(self.region_name) + self.has_notes

    @property
    def grid(self) -> str:
        """One path for the gridlines, at every tick but the axis itself."""
        return "".join(
            f"M{self.plot_left:.1f},{tick.y:.1f}H{self.plot_right:.1f}"
            for tick in self.y_ticks
            if not math.isclose(tick.y, self.plot_bottom)
        )

    @property
    def period_ticks(self) -> str:
        """One path for the small tick marks below the x axis, one per period."""
        return "".join(f"M{tick.x:.1f},{self.plot_bottom:.1f}v6" for tick in self.x_ticks)


def indicator_chart(
    *,
    title: str,
    unit: str,
    polarity: str,
    area: Series,
    england: Series | None,
    region: Series | None,
    target_value: float | None,
    target_label: str = "",
) -> Chart:
    """
    The chart of one indicator: `area`'s values against England's (judged per period with
    statistics.compare, as Fingertips does), the region's line and the target. `polarity` is one of
    delivery.models.Polarity's values; `target_label` completes "Target: 12.0%", e.g. "by March 2026".
    """
    if polarity not in Polarity:
        raise ValueError(f"Unknown polarity {polarity!r}.")
    area_points = _by_period(area.points)
    england_points = _by_period(england.points) if england else {}
    region_points = _by_period(region.points) if region else {}
    periods = _periods(area_points, england_points, region_points)
    england_name = england.name if england else "England"
    # What the chart draws: the area's values and intervals, the benchmarks' values, the target.
    drawn = [
        figure
        for point in area_points.values()
        for figure in (point.value, point.lower, point.upper)
        if figure is not None
    ]
    drawn += [point.value for points in (england_points, region_points) for point in points.values()]
    drawn = [figure for figure in [*drawn, target_value] if figure is not None]
    decimals = decimals_for(unit, drawn)

    def fmt(value: float | None) -> str:
        return format_value(value, unit, decimals=decimals)

    comparisons = {
        sort: compare(point.value, point.interval, getattr(england_points.get(sort), "value", None), polarity)
        for sort, point in area_points.items()
    }
    target = None
    if target_value is not None:
        target = TargetLine(0, fmt(target_value), target_label.strip(), unit)
    rows = _rows(periods, area_points, england_points, region_points, comparisons, fmt, bool(region))
    common = dict(
        title=title,
        unit=unit,
        polarity=polarity,
        area_name=area.name,
        england_name=england_name,
        region_name=region.name if region else "",
        summary=_summary(
            area.name, area_points, england_points, england_name, comparisons, unit, fmt, target
        ),
        caption=title
        if unit_kind(unit) in (UnitKind.PERCENT, UnitKind.COUNT)
        else f"{title} ({unit.strip()})",
        rows=rows,
        has_notes=any(row.note for row in rows),
    )
    if not any(point.value is not None for point in area_points.values()):
        # Nothing of the area's to draw: the summary says so, the table holds the benchmarks' figures.
        return Chart(**common, legend=[], has_data=False, target=target)

    # The y axis: round ticks that hold everything drawn; the unit above it unless its ticks carry it.
    unit_label = "" if unit_kind(unit) == UnitKind.PERCENT else unit.strip()
    y_ticks = _y_ticks(drawn, unit)
    plot_top = TOP + (UNIT_ROW if unit_label else 0)
    plot_bottom = plot_top + PLOT_HEIGHT
    plot_left = math.ceil(max(text_width(tick.label) for tick in y_ticks) + 12)
    plot_right = WIDTH - RIGHT
    bottom_value, top_value = y_ticks[0].value, y_ticks[-1].value

    def y_of(value: float) -> float:
        return round(plot_bottom - (value - bottom_value) / (top_value - bottom_value) * PLOT_HEIGHT, 1)

    y_ticks = [YTick(tick.value, y_of(tick.value), tick.label) for tick in y_ticks]

    # The x axis: a band per period, the marker at its middle; as many labels as fit, the latest first.
    band = (plot_right - plot_left) / len(periods)
    x_of = {sort: round(plot_left + (index + 0.5) * band, 1) for index, (sort, _) in enumerate(periods)}

    markers = [
        _marker(point, comparisons[sort], x_of[sort], y_of, fmt, england_name)
        for sort, point in area_points.items()
        if point.value is not None
    ]
    lines = []
    if region:
        lines.append(_line(region.name, region_points, x_of, y_of, REGION_COLOUR, REGION_DASH, Shape.SQUARE))
    if england:
        lines.append(_line(england_name, england_points, x_of, y_of, ENGLAND_COLOUR, "", Shape.CIRCLE))
    if target:
        target = TargetLine(y_of(target_value), target.value, target.label, unit)

    return Chart(
        **common,
        legend=_legend(area.name, england_name, markers, lines, target),
        has_data=True,
        height=plot_bottom + 10 + FONT_SIZE + 8,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        unit_label=unit_label,
        y_ticks=y_ticks,
        x_ticks=_x_ticks(periods, x_of),
        markers=markers,
        lines=lines,
        target=target,
    )


def _y_ticks(drawn: list[float], unit: str) -> list[YTick]:
    """The y axis's ticks (their y still 0): from 0 for a percentage, rate or count, unless that flattens."""
    low, high = min(drawn), max(drawn)
    if unit_kind(unit, drawn) != UnitKind.OTHER and 0 <= low <= ZERO_BASELINE_SHARE * high:
        low = 0.0
    ticks = nice_ticks(low, high)
    places = min(_step_decimals(ticks[1] - ticks[0]), 3) if len(ticks) > 1 else 0
    return [YTick(tick, 0, format_value(tick, unit, decimals=places)) for tick in ticks]


def _marker(point: Point, comparison: Comparison, x: float, y_of, fmt, england_name: str) -> Marker:
    look = LOOKS[comparison]
    y = y_of(point.value)
    title = f"{point.period}: {fmt(point.value)}"
    top = bottom = None
    if point.interval is not None:
        top, bottom = y_of(point.interval.upper), y_of(point.interval.lower)
        title += f" ({fmt(point.lower)} to {fmt(point.upper)})"
    return Marker(
        period=point.period,
        x=x,
        y=y,
        comparison=comparison,
        fill=look.fill,
        stroke=look.stroke,
        shape=look.shape,
        path=_marker_path(look.shape, x, y, MARKER_RADIUS),
        title=f"{title}, {look.phrase} {england_name}",
        whisker_top=top,
        whisker_bottom=bottom,
    )


def _legend(area_name, england_name, markers, lines, target) -> list[LegendItem]:
    """The markers' looks the chart uses, the interval if drawn, the lines and the target."""
    legend = [
        LegendItem(
            "marker",
            f"{area_name}, {LOOKS[comparison].phrase} {england_name}",
            fill=LOOKS[comparison].fill,
            stroke=LOOKS[comparison].stroke,
            path=_marker_path(LOOKS[comparison].shape, 14, 10, 6.5),
        )
        for comparison in LEGEND_ORDER
        if any(marker.comparison == comparison for marker in markers)
    ]
    if any(marker.whisker_top is not None for marker in markers):
        legend.append(LegendItem("interval", "95% confidence interval", stroke=WHISKER_COLOUR))
    for line in lines:
        dot = _marker_path(Shape.SQUARE if line.dash else Shape.CIRCLE, 14, 10, 3.5)
        legend.append(
            LegendItem("line", line.name, fill=line.stroke, stroke=line.stroke, path=dot, dash=line.dash)
        )
    if target:
        legend.append(LegendItem("line", target.text, stroke=TARGET_COLOUR, dash=TARGET_DASH))
    return legend


def _by_period(points: Sequence[Point]) -> dict[int, Point]:
    return {point.period_sort: point for point in sorted(points, key=lambda point: point.period_sort)}


def _periods(*series: dict[int, Point]) -> list[tuple[int, str]]:
    """Every series' periods in order, each named as the first series that has it (the area's) names it."""
    named: dict[int, str] = {}
    for points in series:
        for sort, point in points.items():
            named.setdefault(sort, point.period)
    return sorted(named.items())


def _x_ticks(periods: list[tuple[int, str]], x_of: dict[int, float]) -> list[XTick]:
    """
    A tick per period; labels on every k-th period counted back from the latest (always labelled), k the
    least that keeps them apart. A label that would cross the chart's edge is aligned to it instead
    (text-anchor start or end), so that it stays whole whatever the font's exact widths.
    """
    if not periods:
        return []
    band = x_of[periods[1][0]] - x_of[periods[0][0]] if len(periods) > 1 else WIDTH
    widest = max(text_width(name) for _, name in periods)
    every = max(1, math.ceil((widest + LABEL_GAP) / band))
    ticks, last_left = [], math.inf
    for index in range(len(periods) - 1, -1, -1):
        sort, name = periods[index]
        x = x_of[sort]
        shown = (len(periods) - 1 - index) % every == 0
        width = text_width(name)
        if x + width / 2 > WIDTH - EDGE:
            label_x, anchor, left = WIDTH - EDGE, "end", WIDTH - EDGE - width
        elif x - width / 2 < EDGE:
            label_x, anchor, left = EDGE, "start", EDGE
        else:
            label_x, anchor, left = x, "middle", x - width / 2
        if shown and left + width + LABEL_GAP > last_left:
            shown = False  # Aligned to the edge, it would run into its neighbour.
        if shown:
            last_left = left
        ticks.append(XTick(name, x, name if shown else "", round(label_x, 1), anchor))
    return ticks[::-1]


def _line(name, points, x_of, y_of, colour, dash, shape) -> Line:
    segments, run, dots = [], [], []
    for sort in x_of:
        point = points.get(sort)
        if point is None or point.value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        x, y = x_of[sort], y_of(point.value)
        run.append(f"{x:.1f},{y:.1f}")
        dots.append(_marker_path(shape, x, y, 3.5))
    if run:
        segments.append(" ".join(run))
    return Line(name, [segment for segment in segments if " " in segment], "".join(dots), colour, dash)


def _rows(periods, area_points, england_points, region_points, comparisons, fmt, has_region) -> list[Row]:
    rows = []
    for sort, name in periods:
        point = area_points.get(sort)
        england = england_points.get(sort)
        region = region_points.get(sort)
        value = fmt(point.value) if point else ""
        interval = f"{fmt(point.lower)} to {fmt(point.upper)}" if point and point.interval is not None else ""
        region_value = fmt(region.value) if region else ""
        england_value = fmt(england.value) if england else ""
        rows.append(
            Row(
                period=name,
                value=value,
                interval=interval,
                region=region_value,
                england=england_value,
                comparison=comparisons[sort].label if value else "",
                note=point.value_note.strip() if point else "",
                figures=[value, interval, *([region_value] if has_region else []), england_value],
            )
        )
    return rows


def _summary(area_name, area_points, england_points, england_name, comparisons, unit, fmt, target) -> str:
    """
    In plain words: the latest value with its period and interval, against England; the direction since
    the first value; the target. When the latest period has no value (suppressed), that first, with its
    note; then the latest value there is.
    """
    points = list(area_points.values())
    valued = [point for point in points if point.value is not None]
    sentences = []
    if not points:
        sentences.append(f"There is no data for {area_name} yet.")
    elif points[-1].value is None:
        note = points[-1].value_note.strip()
        quoted = f" (“{note}”)" if note else ""
        sentences.append(f"There is no value for {area_name} for {points[-1].period}{quoted}.")

    after = []
    if valued:
        latest, first = valued[-1], valued[0]
        sentence = f"In {latest.period}, {with_unit(fmt(latest.value), unit)} in {area_name}"
        if latest.interval is not None:
            sentence += f" (95% confidence interval {fmt(latest.lower)} to {fmt(latest.upper)})"
        england = getattr(england_points.get(latest.period_sort), "value", None)
        comparison = comparisons[latest.period_sort]
        if england is not None and comparison == Comparison.NOT_COMPARED:
            sentence += f"; {fmt(england)} in {england_name} (not compared: there is no confidence interval)"
        elif england is not None:
            sentence += f", {LOOKS[comparison].phrase} {england_name} ({fmt(england)})"
        sentences.append(f"{sentence}.")
        if first is not latest and fmt(first.value) == fmt(latest.value):
            after.append(f"the same as in {first.period}")
        elif first is not latest:
            after.append(
                f"{'up' if latest.value > first.value else 'down'} from {fmt(first.value)} in {first.period}"
            )
    if target:
        after.append(target.text.replace("Target:", "the target is", 1))
    if after:
        text = "; ".join(after)
        sentences.append(f"{text[0].upper()}{text[1:]}.")
    return " ".join(sentences)
