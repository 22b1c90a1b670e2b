"""
The performance dashboard of a strategy (issue 8): every indicator with its latest value, its recent
trend, and two judgements, against England (as Fingertips judges it: delivery.statistics.compare) and
against its target; then each indicator's chart, grouped by domain and priority.

Read in a fixed number of queries, whatever the number of indicators and data points: the strategy's
domains and priorities, its indicators with their priorities, and all their data points in one query
(only the board's area, its region and England are ever stored: delivery.imports).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Prefetch

from strategies.models import Domain, Priority, Strategy

from . import charts, fingertips, numbers, statistics
from .fingertips import ENGLAND
from .freshness import Freshness, indicator_freshness
from .models import DataPoint, Indicator, Polarity

RATE = re.compile(r"per\s+([\d,]+)", re.IGNORECASE)
# A year apart, in Fingertips' "Time period Sortable" (20190000 for 2019 and 2019/20).
YEAR = 10000


def interval_of(indicator: Indicator, point) -> statistics.Interval | None:
    """
    A data point's 95% confidence interval: as the file gave it, or, where it gave only a count and a
    denominator (a local indicator), computed as Fingertips does by the indicator's unit: Wilson's
    score for a percentage; Byar's method (exact below 10 events) for a rate "per 1,000" or
    "per 100,000". A value of another kind (a directly standardised rate, a score) has none.
    """
    if point.lower is not None and point.upper is not None:
        return statistics.Interval(point.lower, point.upper)
    if point.count is None or not point.denominator:
        return None
    unit = indicator.unit.strip()
    if unit == "%":
        return statistics.wilson(point.count, point.denominator)
    if match := RATE.search(unit):
        return statistics.byar_rate(point.count, point.denominator, multiplier=int(match[1].replace(",", "")))
    return None


# GOV.UK tag colours for the comparisons: green, yellow and red as Fingertips colours better, similar and
# worse; blues for an indicator without a direction, as Fingertips does (never red and green).
COMPARISON_TAGS = {
    statistics.Comparison.BETTER: "govuk-tag--green",
    statistics.Comparison.SIMILAR: "govuk-tag--yellow",
    statistics.Comparison.WORSE: "govuk-tag--red",
    statistics.Comparison.HIGHER: "govuk-tag--blue",
    statistics.Comparison.LOWER: "govuk-tag--light-blue",
    statistics.Comparison.NOT_COMPARED: "govuk-tag--grey",
}


class Target:
    MET = "Target met"
    ON = "On target"
    OFF = "Off target"
    NONE = "No target"


@dataclass
class TargetStatus:
    label: str
    text: str

    @property
    def tag(self) -> str:
        return {Target.MET: "green", Target.ON: "green", Target.OFF: "red"}.get(self.label, "grey")


def _year(period_sort: int | None) -> int | None:
    return period_sort // YEAR if period_sort else None


def _better_or_equal(value: float, than: float, polarity: str) -> bool | None:
    if polarity == Polarity.HIGHER_IS_BETTER:
        return value >= than
    if polarity == Polarity.LOWER_IS_BETTER:
        return value <= than
    return None


def target_status(indicator: Indicator, latest: charts.Point | None) -> TargetStatus:
    """
    Met when the latest value is as good as the target; otherwise on target when it is as good as the
    straight line from the baseline (its value and year) to the target (its value and date) expects by
    the latest period, off target when not. An indicator without a polarity is not judged.
    """
    target = indicator.target_value
    if target is None:
        return TargetStatus(Target.NONE, "No target set")
    by = f" by {indicator.target_date:%B %Y}" if indicator.target_date else ""
    goal = f"Target {numbers.format_value(target, indicator.unit)}{by}"
    if latest is None or latest.value is None or indicator.polarity == Polarity.NO_JUDGEMENT:
        return TargetStatus(Target.NONE, goal)
    if _better_or_equal(latest.value, target, indicator.polarity):
        return TargetStatus(Target.MET, goal)
    start = indicator.baseline_value
    start_year = _year(_sort_of(indicator.baseline_period))
    if start is None or start_year is None or indicator.target_date is None:
        return TargetStatus(Target.OFF, goal)
    span = indicator.target_date.year - start_year
    done = 1.0 if span <= 0 else min(max((_year(latest.period_sort) - start_year) / span, 0.0), 1.0)
    expected = start + (target - start) * done
    on = _better_or_equal(latest.value, expected, indicator.polarity)
    expected_text = numbers.format_value(expected, indicator.unit)
    return TargetStatus(
        Target.ON if on else Target.OFF, f"{goal}; {expected_text} expected by {latest.period}"
    )


def _sort_of(period: str) -> int | None:
    try:
        return fingertips.period_sort(period or "", "")
    except ValueError:
        return None


@dataclass
class IndicatorStatus:
    indicator: Indicator
    area: charts.Series
    england: charts.Series | None
    region: charts.Series | None
    breakdown: str  # "Persons, 18+ yrs", or "" when the data has none
    latest: charts.Point | None
    england_latest: charts.Point | None
    comparison: statistics.Comparison
    trend: statistics.TrendResult
    target: TargetStatus
    freshness: Freshness | None = None

    @property
    def comparison_tag(self) -> str:
        return COMPARISON_TAGS[self.comparison]

    @property
    def latest_text(self) -> str:
        if self.latest is None:
            return "–"
        if self.latest.value is None:
            return self.latest.value_note or "No value"
        return numbers.format_value(self.latest.value, self.indicator.unit)

    @property
    def england_text(self) -> str:
        if self.england_latest is None or self.england_latest.value is None:
            return "–"
        return numbers.format_value(self.england_latest.value, self.indicator.unit)

    @property
    def trend_words(self) -> str:
        return self.trend.words(self.indicator.polarity)

    @property
    def chart(self) -> charts.Chart:
        return charts.indicator_chart(
            title=self.indicator.title,
            unit=self.indicator.unit,
            polarity=self.indicator.polarity,
            area=self.area,
            england=self.england,
            region=self.region,
            target_value=self.indicator.target_value,
            target_label=f"by {self.indicator.target_date:%B %Y}" if self.indicator.target_date else "",
        )


@dataclass
class Entry:
    status: IndicatorStatus
    first: bool  # False where the indicator measures an earlier priority too: its chart is there.


@dataclass
class PriorityIndicators:
    priority: Priority | None
    entries: list[Entry]


@dataclass
class DomainIndicators:
    domain: Domain | None
    priorities: list[PriorityIndicators]


@dataclass
class Dashboard:
    strategy: Strategy
    indicators: list[IndicatorStatus]
    domains: list[DomainIndicators]
    area_name: str
    region_name: str
    counts: dict = field(default_factory=dict)


def _point(row: DataPoint, interval: statistics.Interval | None) -> charts.Point:
    return charts.Point(
        period=row.period,
        period_sort=row.period_sort,
        value=row.value,
        lower=interval.lower if interval else None,
        upper=interval.upper if interval else None,
        value_note=row.value_note,
    )


def _breakdown(rows: list[DataPoint], area_code: str) -> tuple[str, str]:
    """The sex and age shown: "Persons" where there is one, and the age with the most of the area's rows."""
    own = [row for row in rows if row.area_code == area_code] or rows
    sexes = {row.sex for row in own}
    sex = "Persons" if "Persons" in sexes else min(sexes, default="")
    ages: dict[str, int] = defaultdict(int)
    for row in own:
        if row.sex == sex:
            ages[row.age] += 1
    age = max(sorted(ages), key=lambda name: ages[name], default="")
    return sex, age


def _trend(points: list[charts.Point]) -> statistics.TrendResult:
    """Fingertips' recent trend, over the last five points when they are a year apart and unbroken."""
    recent = points[-statistics.TREND_POINTS :]
    if len(recent) < statistics.TREND_POINTS or any(
        later.period_sort - earlier.period_sort != YEAR for earlier, later in pairwise(recent)
    ):
        return statistics.TrendResult(statistics.Trend.CANNOT_BE_CALCULATED)
    return statistics.trend([(point.value, point.lower, point.upper) for point in recent])


def indicator_status(indicator: Indicator, rows: list[DataPoint], *, area_code: str) -> IndicatorStatus:
    sex, age = _breakdown(rows, area_code)
    by_area: dict[str, list[DataPoint]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in rows:
        if row.sex == sex and row.age == age:
            by_area[row.area_code].append(row)
            names.setdefault(row.area_code, row.area_name)
    region_code = next((code for code in by_area if code not in (area_code, ENGLAND)), "")

    def series(code: str) -> charts.Series | None:
        if code not in by_area:
            return None
        points = sorted(by_area[code], key=lambda row: row.period_sort)
        return charts.Series(
            names.get(code) or code, [_point(row, interval_of(indicator, row)) for row in points]
        )

    area = series(area_code) or charts.Series(names.get(area_code) or "The area", [])
    england, region = series(ENGLAND), series(region_code) if region_code else None
    with_values = [point for point in area.points if point.value is not None]
    latest = area.points[-1] if area.points else None
    england_latest = None
    if latest is not None and england is not None:
        england_latest = next((p for p in england.points if p.period_sort == latest.period_sort), None)
    comparison = statistics.compare(
        latest.value if latest else None,
        statistics.Interval(latest.lower, latest.upper)
        if latest and latest.lower is not None and latest.upper is not None
        else None,
        england_latest.value if england_latest else None,
        indicator.polarity,
    )
    return IndicatorStatus(
        indicator=indicator,
        area=area,
        england=england,
        region=region,
        breakdown=", ".join(part for part in (sex, age) if part),
        latest=latest,
        england_latest=england_latest,
        comparison=comparison,
        trend=_trend(area.points),
        target=target_status(indicator, with_values[-1] if with_values else None),
        freshness=indicator_freshness(indicator),
    )


def dashboard(strategy: Strategy) -> Dashboard:
    area_code = strategy.board.area_code
    indicators = list(
        strategy.indicators.select_related("owner").prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.only("pk"))
        )
    )
    rows: dict[int, list[DataPoint]] = defaultdict(list)
    for row in DataPoint.objects.filter(indicator__strategy=strategy).order_by("indicator_id", "period_sort"):
        rows[row.indicator_id].append(row)
    statuses = [
        indicator_status(indicator, rows[indicator.pk], area_code=area_code) for indicator in indicators
    ]
    by_priority: dict[int, list[IndicatorStatus]] = defaultdict(list)
    placed: set[int] = set()
    for status in statuses:
        for priority in status.indicator.priorities.all():
            by_priority[priority.pk].append(status)
            placed.add(status.indicator.pk)
    domains, charted = [], set()

    def entries(of: list[IndicatorStatus]) -> list[Entry]:
        made = [Entry(status, status.indicator.pk not in charted) for status in of]
        charted.update(status.indicator.pk for status in of)
        return made

    for domain in strategy.domains.prefetch_related("priorities"):
        groups = [
            PriorityIndicators(priority, entries(by_priority[priority.pk]))
            for priority in domain.priorities.all()
            if by_priority[priority.pk]
        ]
        if groups:
            domains.append(DomainIndicators(domain, groups))
    others = [status for status in statuses if status.indicator.pk not in placed]
    if others:
        domains.append(DomainIndicators(None, [PriorityIndicators(None, entries(others))]))
    area_name = next((s.area.name for s in statuses if s.area.points), strategy.board.area or "")
    region_name = next((s.region.name for s in statuses if s.region), "")
    counts: dict[str, int] = defaultdict(int)
    for status in statuses:
        counts[status.comparison.value] += 1
        counts[status.target.label] += 1
    return Dashboard(strategy, statuses, domains, area_name, region_name, dict(counts))
