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


class TestTrend:
    def test_a_steady_rise_is_increasing_and_worded_by_polarity(self):
        result = trend([(100, 1000), (120, 1000), (140, 1000), (160, 1000), (180, 1000)])

        assert result.trend == Trend.INCREASING
        assert result.words(Polarity.LOWER_IS_BETTER) == "Increasing and getting worse"
        assert result.words(Polarity.HIGHER_IS_BETTER) == "Increasing and getting better"

    def test_noise_is_no_significant_change(self):
        result = trend([(100, 1000), (104, 1000), (98, 1000), (101, 1000), (103, 1000)])

        assert (
            result.trend == Trend.NO_CHANGE and result.words(Polarity.NO_JUDGEMENT) == "No significant change"
        )

    def test_uses_only_the_last_five_points(self):
        rising_then_flat = [(10, 1000), (50, 1000)] + [(100, 1000)] * 5

        assert trend(rising_then_flat).trend == Trend.NO_CHANGE

    def test_fewer_than_five_points_or_a_missing_count_cannot_be_calculated(self):
        assert trend([(1, 10)] * 4).trend == Trend.CANNOT_BE_CALCULATED
        assert trend([(1, 10)] * 4 + [(None, 10)]).trend == Trend.CANNOT_BE_CALCULATED
