"""
An indicator's chart (delivery/charts.py, delivery/_chart.html): its geometry (ticks that hold the figures,
periods in order, gaps, the target), the comparison of each period as statistics.compare makes it, the
summary's words, the numbers' formats; the template, parsed as XML, draws with presentation attributes
only and its table carries every figure; WeasyPrint prints it.
"""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from core.documents import rendering
from delivery.charts import (
    FONT_SIZE,
    LOOKS,
    WIDTH,
    Point,
    Series,
    indicator_chart,
    nice_ticks,
    text_width,
)
from delivery.models import Polarity
from delivery.numbers import decimals_for, format_value, unit_kind, with_unit
from delivery.statistics import Comparison, Interval, compare
from tests.core.documents.helpers import note_html, pdftext

SVG = "{http://www.w3.org/2000/svg}"


def financial_year(year: int) -> str:
    return f"{year}/{str(year + 1)[2:]}"


def series(name: str, values, *, start=2013, spread: float | None = 2.0, notes=None) -> Series:
    """One point a year from `start`; None skips the year entirely; spread None: no interval."""
    points = []
    for offset, value in enumerate(values):
        if value is ...:
            continue
        year = start + offset
        note = (notes or {}).get(year, "")
        lower = upper = None
        if value is not None and spread is not None:
            lower, upper = value - spread, value + spread
        points.append(Point(financial_year(year), year * 10000, value, lower, upper, note))
    return Series(name, points)


SMOKING = [18.1, 17.5, 16.9, 17.8, 16.2, 15.9, 15.1, 16.0, 14.4, 14.9]
ENGLAND = [18.4, 17.8, 16.9, 15.5, 14.9, 14.4, 13.9, 12.1, 13.0, 12.7]


def smoking_chart(**overrides):
    arguments = dict(
        title="Smoking prevalence in adults",
        unit="%",
        polarity=Polarity.LOWER_IS_BETTER,
        area=series("Thurrock", SMOKING),
        england=series("England", ENGLAND, spread=0.2),
        region=series(
            "East of England", [17.4, 16.8, None, 15.5, 14.9, 14.4, 13.9, 12.9, 13.0, 12.9], spread=None
        ),
        target_value=12.0,
        target_label="by March 2026",
    )
    return indicator_chart(**(arguments | overrides))


class TestNumbers:
    @pytest.mark.parametrize(
        "value, unit, expected",
        [
            (14.94, "%", "14.9%"),
            (263.43, "per 100,000", "263.4"),
            (1263.46, "per 100,000", "1,263.5"),
            (12345, "count", "12,345"),
            (12345.0, "", "12,345"),
            (79.44, "years", "79.4"),
            (7.456, "", "7.46"),
            (0.12345, "ratio", "0.123"),
            (-0.01, "%", "0.0%"),
            (None, "%", ""),
        ],
    )
    def test_formats_by_unit(self, value, unit, expected):
        assert format_value(value, unit) == expected

    def test_a_chart_writes_all_its_figures_to_the_same_places(self):
        assert decimals_for("", [7.45, 12.3]) == 1
        assert decimals_for("", [0.5, 0.75]) == 3
        assert decimals_for("count", [12.2, 30.9]) == 0  # A count's interval is rounded as the count.
        assert format_value(12, "%", decimals=1) == "12.0%"

    def test_kinds_of_unit(self):
        assert unit_kind("%") == unit_kind("percentage") == "percent"
        assert unit_kind("per 100,000") == unit_kind("rate per 1,000") == "rate"
        assert unit_kind("count") == unit_kind("", [3, 4]) == "count"
        assert unit_kind("", [7.5]) == unit_kind("years") == "other"

    def test_a_sentence_gives_the_unit_except_for_percentages_and_counts(self):
        assert with_unit("263.4", "per 100,000") == "263.4 per 100,000"
        assert with_unit("14.9%", "%") == "14.9%"
        assert with_unit("12,345", "count") == "12,345"
        assert with_unit("", "years") == ""


class TestTicks:
    @pytest.mark.parametrize(
        "low, high",
        [(0, 20.5), (12.8, 17.3), (0, 97), (240, 310), (-3, 4), (0.012, 0.05), (7.3, 7.6), (5, 5)],
    )
    def test_round_ticks_that_hold_the_range(self, low, high):
        ticks = nice_ticks(low, high)

        assert ticks[0] <= low and ticks[-1] >= high
        assert 4 <= len(ticks) <= 7
        steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(steps) == 1
        assert (steps.pop() / 10 ** math.floor(math.log10(ticks[1] - ticks[0]))) in (1, 2, 2.5, 5)

    def test_a_percentage_never_goes_past_100(self):
        assert nice_ticks(0, 97)[-1] == 100


class TestGeometry:
    def test_ticks_hold_the_values_the_intervals_and_the_target(self):
        chart = smoking_chart(target_value=None)

        lowest = min(value - 2 for value in SMOKING)
        highest = max(value + 2 for value in SMOKING)
        assert chart.y_ticks[0].value <= lowest and chart.y_ticks[-1].value >= highest
        for marker in chart.markers:
            assert (
                chart.plot_top <= marker.whisker_top < marker.y < marker.whisker_bottom <= chart.plot_bottom
            )

    def test_a_percentage_starts_at_0_unless_its_figures_sit_in_a_narrow_band(self):
        assert smoking_chart().y_ticks[0].value == 0

        narrow = smoking_chart(
            area=series("Thurrock", [91.2, 92.0, 93.1], spread=0.8),
            england=series("England", [92.5, 92.4, 92.8], spread=0.1),
            region=None,
            target_value=95,
        )

        assert narrow.y_ticks[0].value > 80 and narrow.y_ticks[-1].value <= 100

    def test_markers_are_in_period_order_whatever_order_the_points_come_in(self):
        area = series("Thurrock", SMOKING)
        shuffled = Series("Thurrock", area.points[5:] + area.points[:5][::-1])

        chart = smoking_chart(area=shuffled)

        assert [marker.period for marker in chart.markers] == [financial_year(y) for y in range(2013, 2023)]
        xs = [marker.x for marker in chart.markers]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        assert chart.plot_left < xs[0] and xs[-1] < chart.plot_right

    def test_the_periods_are_every_series_periods(self):
        england = series("England", [*ENGLAND, 12.5], spread=0.2)  # One more year than the area.

        chart = smoking_chart(england=england)

        assert len(chart.x_ticks) == 11 and chart.x_ticks[-1].period == "2023/24"
        assert chart.markers[-1].x < chart.x_ticks[-1].x

    def test_a_missing_value_breaks_a_line(self):
        england = series("England", [18.4, 17.8, None, 15.5, 14.9, ..., 13.9, 12.1, None, 12.7], spread=None)

        chart = smoking_chart(england=england, region=None)

        line = chart.lines[-1]
        assert line.name == "England"
        assert [len(segment.split()) for segment in line.segments] == [2, 2, 2]
        # The lone last value has no segment but keeps its dot.
        assert line.dots.count("M") == 7

    def test_a_target_outside_the_figures_is_still_on_the_chart(self):
        chart = smoking_chart(target_value=40.0)

        assert chart.y_ticks[-1].value >= 40
        assert chart.plot_top <= chart.target.y <= chart.plot_bottom
        assert chart.target.y < min(marker.whisker_top for marker in chart.markers)

    def test_many_periods_thin_their_labels_keeping_the_latest_and_clear_of_each_other(self):
        years = range(2003, 2023)
        area = Series(
            "Thurrock", [Point(f"{y} - {str(y + 2)[2:]}", y, 50.0 + y % 3, 45.0, 55.0) for y in years]
        )

        chart = smoking_chart(area=area, england=None, region=None, target_value=None)

        shown = [tick for tick in chart.x_ticks if tick.label]
        assert 3 <= len(shown) < 20
        assert shown[-1].label == "2022 - 24"
        spans = []
        for tick in shown:
            width = text_width(tick.label)
            left = {"middle": tick.label_x - width / 2, "start": tick.label_x, "end": tick.label_x - width}
            spans.append((left[tick.anchor], left[tick.anchor] + width))
        assert all(0 <= left and right <= WIDTH for left, right in spans)
        assert all(right < next_left for (_, right), (next_left, _) in zip(spans, spans[1:], strict=False))

    def test_text_is_readable_at_320_pixels(self):
        # About 290 pixels of a 320-pixel screen are the page's column (GOV.UK's 15-pixel margins).
        assert FONT_SIZE * 290 / WIDTH >= 11


class TestComparisons:
    def test_each_marker_is_judged_as_statistics_compare_judges_it(self):
        chart = smoking_chart()

        for marker, value, england in zip(chart.markers, SMOKING, ENGLAND, strict=True):
            expected = compare(value, Interval(value - 2, value + 2), england, Polarity.LOWER_IS_BETTER)
            assert marker.comparison == expected
            assert (marker.fill, marker.shape) == (LOOKS[expected].fill, LOOKS[expected].shape)
        assert {marker.comparison for marker in chart.markers} == {Comparison.SIMILAR, Comparison.WORSE}

    def test_england_on_the_edge_of_the_interval_is_similar(self):
        area = Series("Thurrock", [Point("2022", 2022, 20.0, 18.0, 22.0)])
        england = Series("England", [Point("2022", 2022, 22.0, None, None)])

        chart = smoking_chart(area=area, england=england, region=None)

        assert chart.markers[0].comparison == Comparison.SIMILAR

    def test_without_a_polarity_higher_or_lower_in_blues(self):
        chart = smoking_chart(polarity=Polarity.NO_JUDGEMENT)

        assert {marker.comparison for marker in chart.markers} == {Comparison.SIMILAR, Comparison.HIGHER}
        assert LOOKS[Comparison.HIGHER].fill == "#003078" and LOOKS[Comparison.LOWER].fill == "#5694ca"

    def test_without_an_interval_or_england_not_compared(self):
        area = Series(
            "Thurrock", [Point("2021", 2021, 20.0, None, None), Point("2022", 2022, 21.0, 19.0, 23.0)]
        )
        england = Series("England", [Point("2021", 2021, 15.0, None, None)])

        chart = smoking_chart(area=area, england=england, region=None)

        assert [marker.comparison for marker in chart.markers] == [Comparison.NOT_COMPARED] * 2
        assert chart.markers[0].fill == "#ffffff"

    def test_shape_as_well_as_colour_tells_each_judgement_apart(self):
        polar = [Comparison.BETTER, Comparison.SIMILAR, Comparison.WORSE]
        plain = [Comparison.HIGHER, Comparison.SIMILAR, Comparison.LOWER]

        assert len({LOOKS[each].shape for each in polar}) == 3
        assert len({LOOKS[each].shape for each in plain}) == 3
        assert len({LOOKS[each].fill for each in LOOKS}) == len(LOOKS)


class TestSummary:
    def test_worse(self):
        chart = smoking_chart()

        assert chart.summary == (
            "In 2022/23, 14.9% in Thurrock (95% confidence interval 12.9% to 16.9%), worse than England "
            "(12.7%). Down from 18.1% in 2013/14; the target is 12.0% by March 2026."
        )

    def test_better_for_a_rate(self):
        area = Series("Thurrock", [Point("2020 - 22", 2020, 110.26, 100.1, 120.9)])
        england = Series("England", [Point("2020 - 22", 2020, 132.3, 131.5, 133.1)])

        chart = smoking_chart(area=area, england=england, region=None, unit="per 100,000", target_value=None)

        assert chart.summary == (
            "In 2020 - 22, 110.3 per 100,000 in Thurrock (95% confidence interval 100.1 to 120.9), "
            "better than England (132.3)."
        )

    def test_similar_and_rising(self):
        area = series("Thurrock", [11.0, 12.9])
        england = series("England", [12.0, 12.7], spread=0.1)

        chart = smoking_chart(area=area, england=england, region=None, target_value=None)

        assert chart.summary == (
            "In 2014/15, 12.9% in Thurrock (95% confidence interval 10.9% to 14.9%), similar to England "
            "(12.7%). Up from 11.0% in 2013/14."
        )

    def test_without_a_polarity(self):
        chart = smoking_chart(polarity=Polarity.NO_JUDGEMENT, target_value=None)

        assert "higher than England (12.7%)" in chart.summary

    def test_not_compared_says_why(self):
        chart = smoking_chart(area=series("Thurrock", SMOKING, spread=None), target_value=None)

        assert chart.summary.startswith(
            "In 2022/23, 14.9% in Thurrock; 12.7% in England (not compared: there is no confidence interval)."
        )

    def test_a_suppressed_latest_value_is_said_then_the_latest_there_is(self):
        note = "Value suppressed for disclosure control due to small count"
        area = series("Thurrock", [*SMOKING[:-1], None], notes={2022: note})

        chart = smoking_chart(area=area, target_value=None)

        assert chart.summary == (
            f"There is no value for Thurrock for 2022/23 (“{note}”). In 2021/22, 14.4% in Thurrock (95% "
            "confidence interval 12.4% to 16.4%), similar to England (13.0%). Down from 18.1% in 2013/14."
        )
        assert chart.rows[-1].note == note and chart.rows[-1].value == "" and chart.rows[-1].comparison == ""
        assert chart.has_notes and chart.columns == 7

    def test_no_data_at_all(self):
        chart = smoking_chart(area=Series("Thurrock", []), target_value=None)

        assert chart.summary == "There is no data for Thurrock yet."
        assert not chart.has_data and chart.markers == []
        assert [row.england for row in chart.rows][-1] == "12.7%"  # The table still has England's.

    def test_nothing_at_all_with_a_target(self):
        chart = smoking_chart(area=Series("Thurrock", []), england=None, region=None)

        assert chart.summary == "There is no data for Thurrock yet. The target is 12.0% by March 2026."
        assert chart.rows == []

    def test_unchanged_since_the_first_value(self):
        chart = smoking_chart(area=series("Thurrock", [14.9, 15.6, 14.94]), target_value=None)

        assert chart.summary.endswith("The same as in 2013/14.")


def render(chart, chart_id="smoking") -> str:
    return render_to_string("delivery/_chart.html", {"chart": chart, "chart_id": chart_id})


def table_rows(figure: ET.Element) -> dict[str, list[str]]:
    """Each body row's cells' text by its period (its row header)."""
    rows = {}
    for row in figure.iter("tr"):
        header = row.find("th")
        if header is None or header.get("scope") != "row":
            continue
        rows["".join(header.itertext()).strip()] = [
            "".join(cell.itertext()).strip() for cell in row.findall("td")
        ]
    return rows


class TestTemplate:
    def test_is_well_formed_and_has_no_script_or_style(self):
        html = render(smoking_chart())

        figure = ET.fromstring(html.strip())  # XHTML-clean: the SVG is parsed as XML.

        assert figure.tag == "figure" and figure.get("id") == "smoking"
        assert not list(figure.iter(f"{SVG}script")) and not list(figure.iter(f"{SVG}style"))
        assert not list(figure.iter("script")) and not list(figure.iter("style"))
        assert not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)

    def test_the_svg_is_an_image_named_by_the_summary_and_scales(self):
        figure = ET.fromstring(render(smoking_chart()).strip())

        svg = figure.find(f"{SVG}svg")
        summary = figure.find("p")
        assert (
            svg.get("role") == "img" and svg.get("aria-labelledby") == summary.get("id") == "smoking-summary"
        )
        assert svg.get("width") == "100%" and svg.get("viewBox").startswith(f"0 0 {WIDTH} ")
        assert svg.get("font-family") == "Liberation Sans, Arial, sans-serif"
        assert len(svg.findall(f"{SVG}path[@fill='#d4351c']")) == 3  # The three worse periods.

    def test_the_table_carries_every_figure_the_chart_shows(self):
        region = [17.4, 16.8, None, 15.5, 14.9, 14.4, 13.9, 12.9, 13.0, 12.9]
        chart = smoking_chart()

        figure = ET.fromstring(render(chart).strip())

        rows = table_rows(figure)
        assert len(chart.markers) == 10 and set(rows) == {financial_year(y) for y in range(2013, 2023)} | {
            "Target"
        }
        for offset, (value, england, in_region) in enumerate(zip(SMOKING, ENGLAND, region, strict=True)):
            cells = rows[financial_year(2013 + offset)]
            expected_region = f"{in_region:.1f}%" if in_region is not None else "–No value"
            assert cells[:4] == [
                f"{value:.1f}%",
                f"{value - 2:.1f}% to {value + 2:.1f}%",
                expected_region,
                f"{england:.1f}%",
            ]
            assert cells[4] == chart.markers[offset].comparison.label
        assert rows["Target"] == ["12.0%", "by March 2026"]
        caption = figure.find(".//caption")
        assert "".join(caption.itertext()) == "Smoking prevalence in adults"

    def test_the_legend_names_each_look_the_chart_uses(self):
        figure = ET.fromstring(render(smoking_chart()).strip())

        legend = ["".join(item.itertext()).strip() for item in figure.find("ul").findall("li")]
        assert legend == [
            "Thurrock, similar to England",
            "Thurrock, worse than England",
            "95% confidence interval",
            "East of England",
            "England",
            "Target: 12.0% by March 2026",
        ]
        for swatch in figure.find("ul").iter(f"{SVG}svg"):
            assert swatch.get("aria-hidden") == "true"

    def test_without_data_only_the_summary_and_the_benchmarks_table(self):
        figure = ET.fromstring(render(smoking_chart(area=Series("Thurrock", []))).strip())

        assert figure.find(f"{SVG}svg") is None
        assert (
            "".join(figure.find("p").itertext())
            == "There is no data for Thurrock yet. The target is 12.0% by March 2026."
        )

    def test_weasyprint_prints_it(self, tmp_path):
        body = render(smoking_chart()) + render(smoking_chart(polarity=Polarity.NO_JUDGEMENT), "plain")

        pdf = rendering.html_to_pdf(note_html("Indicators", body))

        path = tmp_path / "charts.pdf"
        path.write_bytes(pdf)
        text = " ".join(pdftext(path).split())
        assert pdf.startswith(b"%PDF") and "2022/23" in text and "25%" in text  # The SVG's own text, drawn.
