"""
The statistics of the performance dashboard, as OHID Fingertips computes them, so that the portal's
judgements match the ones every public health team reads there:

- confidence intervals where a file carries none (local indicators): Wilson's score method for a
  proportion; Byar's method for a count or a rate with 10 or more events, the exact method (chi-squared
  quantiles of the Poisson distribution) below 10; Dobson's method for a directly standardised rate,
  none below 10 events;
- the comparison with England: "similar" when England's value lies inside the area's 95% confidence
  interval (its edges included), otherwise better or worse by the indicator's polarity, or higher or
  lower for an indicator with no polarity;
- the recent trend: over the last five yearly points, a weighted least-squares slope (each point weighted
  by its interval) tested at the 99.8% level, and kept only if leaving out any one point keeps its sign
  (fingertips-open's TrendMarkerCalculator).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

Z95 = 1.959963984540054  # The normal quantile of 97.5%: a two-sided 95% interval.
TREND_POINTS = 5
TREND_LEVEL = 0.998


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float

    def __contains__(self, value: float) -> bool:
        return self.lower <= value <= self.upper


def wilson(events: float, total: float, *, multiplier: float = 100, z: float = Z95) -> Interval | None:
    """Wilson's score interval for a proportion of `events` in `total`, scaled (100: a percentage)."""
    if total <= 0 or events < 0 or events > total:
        return None
    p = events / total
    centre = 2 * events + z**2
    spread = z * math.sqrt(z**2 + 4 * events * (1 - p))
    denominator = 2 * (total + z**2)
    return Interval(
        (centre - spread) / denominator * multiplier, (centre + spread) / denominator * multiplier
    )


def poisson_limits(events: float, *, z: float = Z95) -> Interval:
    """
    The 95% interval of a count: Byar's approximation with 10 or more events, the exact limits (from
    chi-squared quantiles) below 10, as Fingertips uses them.
    """
    if events < 0:
        raise ValueError("A count cannot be negative.")
    if events < 10:
        from scipy.stats import chi2

        alpha = 2 * (1 - _normal_cdf(z))
        lower = chi2.ppf(alpha / 2, 2 * events) / 2 if events > 0 else 0.0
        upper = chi2.ppf(1 - alpha / 2, 2 * events + 2) / 2
        return Interval(float(lower), float(upper))
    lower = events * (1 - 1 / (9 * events) - z / (3 * math.sqrt(events))) ** 3
    above = events + 1
    upper = above * (1 - 1 / (9 * above) + z / (3 * math.sqrt(above))) ** 3
    return Interval(lower, upper)


def byar_rate(events: float, population: float, *, multiplier: float = 100_000) -> Interval | None:
    """A crude rate's interval: the count's limits over the population, scaled (per 100,000)."""
    if population <= 0 or events < 0:
        return None
    limits = poisson_limits(events)
    return Interval(limits.lower / population * multiplier, limits.upper / population * multiplier)


def dobson(rate: float, events: float, variance: float) -> Interval | None:
    """
    Dobson's interval for a directly standardised rate `rate` made of `events` with the rate's
    `variance`: the count's limits carried onto the rate. None below 10 events (Fingertips shows none).
    """
    if events < 10 or variance < 0:
        return None
    limits = poisson_limits(events)
    scale = math.sqrt(variance / events)
    return Interval(rate + scale * (limits.lower - events), rate + scale * (limits.upper - events))


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NO_JUDGEMENT = "no_judgement"


class Comparison(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not_compared"

    @property
    def label(self) -> str:
        """As Fingertips writes it: "Better", "Not compared"."""
        return self.value.replace("_", " ").capitalize()


def compare(
    value: float | None, interval: Interval | None, benchmark: float | None, polarity: str
) -> Comparison:
    """
    The area against a benchmark (England's value), as Fingertips judges it: similar when the benchmark
    lies inside the area's interval, edges included; otherwise better or worse by the polarity, or
    higher or lower when the indicator has none. Not compared without a value, an interval or a
    benchmark.
    """
    if value is None or interval is None or benchmark is None:
        return Comparison.NOT_COMPARED
    if benchmark in interval:
        return Comparison.SIMILAR
    higher = interval.lower > benchmark
    if polarity == Polarity.HIGHER_IS_BETTER:
        return Comparison.BETTER if higher else Comparison.WORSE
    if polarity == Polarity.LOWER_IS_BETTER:
        return Comparison.WORSE if higher else Comparison.BETTER
    return Comparison.HIGHER if higher else Comparison.LOWER


class Trend(StrEnum):
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_CHANGE = "no_change"
    CANNOT_BE_CALCULATED = "cannot_be_calculated"


@dataclass(frozen=True)
class TrendResult:
    trend: Trend
    statistic: float | None = None

    def words(self, polarity: str) -> str:
        """As Fingertips words it: "Increasing and getting better", "No significant change"..."""
        if self.trend == Trend.CANNOT_BE_CALCULATED:
            return "Cannot be calculated"
        if self.trend == Trend.NO_CHANGE:
            return "No significant change"
        direction = "Increasing" if self.trend == Trend.INCREASING else "Decreasing"
        if polarity == Polarity.NO_JUDGEMENT:
            return direction
        better = (self.trend == Trend.INCREASING) == (polarity == Polarity.HIGHER_IS_BETTER)
        return f"{direction} and getting {'better' if better else 'worse'}"


TREND_CHI_SQUARED = 9.54953570608324  # The 99.8% point of chi-squared with one degree of freedom.


def _weighted_slope(points: Sequence[tuple[int, float, float]]) -> tuple[float, float] | None:
    """The weighted least-squares slope of (t, value, weight) points, and its chi-squared; None if flat."""
    s1 = sum(w for _, _, w in points)
    s2 = sum(w * v * t for t, v, w in points)
    s3 = sum(w * t for t, _, w in points)
    s4 = sum(w * v for _, v, w in points)
    s5 = sum(w * t * t for t, _, w in points)
    spread = s1 * s5 - s3 * s3
    if spread <= 0:
        return None
    slope = (s1 * s2 - s3 * s4) / spread
    return slope, (slope / math.sqrt(s1 / spread)) ** 2


def trend(points: Sequence[tuple[float | None, float | None, float | None]]) -> TrendResult:
    """
    The recent trend as Fingertips computes it, from (value, lower 95% limit, upper 95% limit) points in
    time order, a year apart: the last five, each weighted by the inverse of its variance (from its
    interval: SE = width / 3.92), fitted by weighted least squares; significant when the slope's
    chi-squared exceeds the 99.8% point and the slope keeps its sign with each point left out in turn.
    Fewer than five points, or one without its value and interval, cannot be calculated.
    """
    recent = list(points)[-TREND_POINTS:]
    if len(recent) < TREND_POINTS or any(
        value is None or lower is None or upper is None or upper <= lower for value, lower, upper in recent
    ):
        return TrendResult(Trend.CANNOT_BE_CALCULATED)
    weighted = [
        (t, float(value), 1 / ((float(upper) - float(lower)) / (2 * Z95)) ** 2)
        for t, (value, lower, upper) in enumerate(recent, start=1)
    ]
    fitted = _weighted_slope(weighted)
    if fitted is None:
        return TrendResult(Trend.CANNOT_BE_CALCULATED)
    slope, statistic = fitted
    # The robustness check: the slope of all five, and of each four, must share a sign (0 counts as rising).
    slopes = [slope] + [
        fit[0]
        for left_out in range(len(weighted))
        if (fit := _weighted_slope(weighted[:left_out] + weighted[left_out + 1 :]))
    ]
    same_sign = all(each >= 0 for each in slopes) or all(each < 0 for each in slopes)
    if statistic <= TREND_CHI_SQUARED or not same_sign or slope == 0:
        return TrendResult(Trend.NO_CHANGE, statistic)
    return TrendResult(Trend.INCREASING if slope > 0 else Trend.DECREASING, statistic)
