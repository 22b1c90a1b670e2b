"""
The dashboard's statistics (delivery/statistics.py), against published values: Wilson's and the exact
Poisson intervals as statistical tables give them, Byar's approximation, the comparison rule, the trend.
"""

import pytest

from delivery.statistics import (
    Comparison,
    Interval,
    Polarity,
    Trend,
    byar_rate,
    compare,
    dobson,
    poisson_limits,
    trend,
    wilson,
)


class TestIntervals:
    def test_wilson_for_a_proportion(self):
        interval = wilson(50, 100)

        assert interval.lower == pytest.approx(40.383, abs=0.001)
        assert interval.upper == pytest.approx(59.617, abs=0.001)

    def test_wilson_at_the_edges_stays_inside_0_and_100(self):
        assert wilson(0, 20).lower == pytest.approx(0, abs=1e-9)
        assert wilson(20, 20).upper == pytest.approx(100, abs=1e-9)
        assert wilson(5, 0) is None and wilson(6, 5) is None

    def test_byar_from_10_events(self):
        limits = poisson_limits(20)

        assert (limits.lower, limits.upper) == (
            pytest.approx(12.22, abs=0.01),
            pytest.approx(30.89, abs=0.01),
        )

    def test_exact_below_10_events(self):
        limits = poisson_limits(5)

        assert (limits.lower, limits.upper) == (
            pytest.approx(1.6235, abs=1e-3),
            pytest.approx(11.668, abs=1e-3),
        )
        assert poisson_limits(0).lower == 0 and poisson_limits(0).upper == pytest.approx(3.689, abs=1e-3)

    def test_a_rate_per_100000(self):
        interval = byar_rate(20, 200_000)

        assert interval.lower == pytest.approx(6.11, abs=0.01) and interval.upper == pytest.approx(
            15.44, abs=0.01
        )

    def test_dobson_carries_the_counts_limits_onto_the_rate_and_gives_none_below_10(self):
        interval = dobson(rate=50.0, events=100, variance=25.0)

        assert interval.lower < 50 < interval.upper
        assert dobson(rate=50.0, events=9, variance=25.0) is None


class TestCompare:
    @pytest.mark.parametrize(
        "england, polarity, expected",
        [
            (21, Polarity.HIGHER_IS_BETTER, Comparison.SIMILAR),
            (22, Polarity.HIGHER_IS_BETTER, Comparison.SIMILAR),  # On the edge: similar.
            (25, Polarity.HIGHER_IS_BETTER, Comparison.WORSE),
            (25, Polarity.LOWER_IS_BETTER, Comparison.BETTER),
            (15, Polarity.LOWER_IS_BETTER, Comparison.WORSE),
            (25, Polarity.NO_JUDGEMENT, Comparison.LOWER),
            (15, Polarity.NO_JUDGEMENT, Comparison.HIGHER),
        ],
    )
    def test_by_the_interval_and_the_polarity(self, england, polarity, expected):
        assert compare(20, Interval(18, 22), england, polarity) == expected

    def test_not_compared_without_an_interval_or_a_benchmark(self):
        assert compare(20, None, 21, Polarity.HIGHER_IS_BETTER) == Comparison.NOT_COMPARED
        assert compare(20, Interval(18, 22), None, Polarity.HIGHER_IS_BETTER) == Comparison.NOT_COMPARED


# Fingertips' own test vectors (fingertips-open, AnalysisTest/TrendMarkerCalculatorTest.cs): 2014 to 2018.
RISING = [
    (24.67, 23.16, 26.25),
    (24.6, 23.15, 26.19),
    (28.0, 26.44, 29.64),
    (30.2, 28.63, 31.9),
    (30.6, 28.98, 32.25),
]
FLAT = [
    (20.5506, 18.1803, 23.1427),
    (19.5952, 17.3444, 22.0602),
    (19.0349, 16.8421, 21.4394),
    (21.3966, 19.0918, 23.8975),
    (18.4372, 16.2925, 20.7941),
]


class TestTrend:
    def test_reproduces_fingertips_rising_example_and_words_it_by_polarity(self):
        result = trend(RISING)

        assert result.trend == Trend.INCREASING and result.statistic == pytest.approx(46.77, abs=0.01)
        assert result.words(Polarity.LOWER_IS_BETTER) == "Increasing and getting worse"
        assert result.words(Polarity.HIGHER_IS_BETTER) == "Increasing and getting better"
        assert result.words(Polarity.NO_JUDGEMENT) == "Increasing"

    def test_reproduces_fingertips_flat_example(self):
        result = trend(FLAT)

        assert result.trend == Trend.NO_CHANGE and result.statistic == pytest.approx(0.46, abs=0.01)
        assert result.words(Polarity.NO_JUDGEMENT) == "No significant change"

    def test_a_fall_is_decreasing(self):
        falling = [(value * -1 + 60, 60 - upper, 60 - lower) for value, lower, upper in RISING]

        assert trend(falling).trend == Trend.DECREASING

    def test_a_slope_that_changes_sign_without_one_point_is_no_change(self):
        falling_then_a_leap = [(v, v - 0.1, v + 0.1) for v in (22.0, 21.5, 21.0, 20.5, 40.0)]

        result = trend(falling_then_a_leap)

        # Rising over all five, significantly, but falling without the last point: no significant change.
        assert result.statistic > 9.55 and result.trend == Trend.NO_CHANGE

    def test_uses_only_the_last_five_points(self):
        assert trend([(1.0, 0.5, 1.5), (2.0, 1.5, 2.5)] + FLAT).trend == Trend.NO_CHANGE

    def test_fewer_than_five_points_or_one_without_its_interval_cannot_be_calculated(self):
        assert trend(FLAT[:4]).trend == Trend.CANNOT_BE_CALCULATED
        assert trend(FLAT[:4] + [(18.4, None, None)]).trend == Trend.CANNOT_BE_CALCULATED
