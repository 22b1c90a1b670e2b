"""
The performance dashboard (delivery/dashboard.py, delivery/views/dashboard.py): each indicator's latest
value, England's, the comparison as Fingertips judges it, the recent trend and the target; grouped by
domain and priority; public only for a published strategy, cached, and forgotten when data is imported;
a query budget that holds at ten times the indicators and data points.
"""

import html
import re

import pytest
from django.urls import reverse

from delivery import imports
from delivery.charts import Point
from delivery.dashboard import Target, dashboard, interval_of, target_status
from delivery.fingertips import ENGLAND
from delivery.models import DataPoint, Indicator, Polarity
from strategies.models import Status
from tests.delivery.test_fingertips import EAST, THURROCK, csv_file, line
from tests.factories import DomainFactory, PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def strategy(board):
    board.area_code = THURROCK
    board.save()
    return StrategyFactory(board=board, status=Status.PUBLISHED)


def smoking(strategy, officer, **fields) -> Indicator:
    fields = {
        "title": "Smoking prevalence in adults",
        "fingertips_id": 92443,
        "unit": "%",
        "polarity": Polarity.LOWER_IS_BETTER,
        **fields,
    }
    return Indicator.objects.create(strategy=strategy, created_by=officer, **fields)


def years(first: int, values: list[tuple[str, str, str]], **row) -> list[str]:
    """One line per year from `first`: Thurrock's (value, lower, upper), England 12.9 (12.7 to 13.1)."""
    lines = []
    for offset, (value, lower, upper) in enumerate(values):
        year = first + offset
        period = {"period": f"{year}/{str(year + 1)[2:]}", "sortable": f"{year}0000"}
        lines.append(line(value=value, lower=lower, upper=upper, **period, **row))
        lines.append(
            line(
                area=ENGLAND,
                name="England",
                parent="",
                value="12.9",
                lower="12.7",
                upper="13.1",
                **period,
                **row,
            )
        )
        lines.append(
            line(
                area=EAST,
                name="East of England region",
                parent=ENGLAND,
                value="12.0",
                lower="11.5",
                upper="12.5",
                **period,
                **row,
            )
        )
    return lines


FALLING = [
    ("20.0", "19.0", "21.0"),
    ("18.0", "17.0", "19.0"),
    ("16.0", "15.0", "17.0"),
    ("14.5", "13.5", "15.5"),
    ("13.0", "12.0", "14.0"),
]


class TestJudgements:
    def test_latest_value_comparison_trend_and_target(self, strategy, officer):
        indicator = smoking(
            strategy, officer, baseline_value=20.0, baseline_period="2018/19", target_value=10.0
        )
        imports.indicators_import(strategy=strategy, by=officer, handle=csv_file(*years(2018, FALLING)))

        status = dashboard(strategy).indicators[0]

        assert status.indicator == indicator
        assert (status.latest.period, status.latest_text, status.england_text) == (
            "2022/23",
            "13.0%",
            "12.9%",
        )
        assert status.comparison.label == "Similar"  # 12.9 lies inside 12.0 to 14.0.
        assert status.trend_words == "Decreasing and getting better"
        assert status.region.name == "East of England region" and status.breakdown == "Persons, 18+ yrs"
        assert status.target.label == Target.OFF  # No target date: not met, so off target.

    def test_worse_than_england_when_england_lies_outside_the_interval(self, strategy, officer):
        smoking(strategy, officer)
        imports.indicators_import(
            strategy=strategy, by=officer, handle=csv_file(*years(2022, [("15.0", "14.0", "16.0")]))
        )

        status = dashboard(strategy).indicators[0]

        assert status.comparison.label == "Worse" and status.trend_words == "Cannot be calculated"

    def test_a_local_indicators_interval_is_computed_from_its_count(self, strategy, officer):
        percent = smoking(strategy, officer, fingertips_id=None, source="local")
        rate = smoking(strategy, officer, fingertips_id=None, source="local", unit="per 100,000")
        score = smoking(strategy, officer, fingertips_id=None, source="local", unit="score")
        point = DataPoint(value=25.0, count=50, denominator=200)

        found = interval_of(percent, point)
        assert (found.lower, found.upper) == pytest.approx((19.5, 31.4), abs=0.05)
        assert interval_of(rate, DataPoint(count=5, denominator=10000)).lower > 0  # Exact below 10.
        assert interval_of(score, point) is None

    @pytest.mark.parametrize(
        ("polarity", "latest", "label"),
        [
            (Polarity.LOWER_IS_BETTER, 9.5, Target.MET),
            (Polarity.LOWER_IS_BETTER, 14.0, Target.ON),  # Halfway in time, 16 expected.
            (Polarity.LOWER_IS_BETTER, 17.0, Target.OFF),
            (Polarity.HIGHER_IS_BETTER, 21.0, Target.MET),
            (Polarity.NO_JUDGEMENT, 14.0, Target.NONE),
        ],
    )
    def test_on_target_follows_the_line_from_baseline_to_target(
        self, strategy, officer, polarity, latest, label
    ):
        import datetime

        indicator = smoking(
            strategy,
            officer,
            polarity=polarity,
            baseline_value=20.0,
            baseline_period="2018/19",
            target_value=10.0 if polarity != Polarity.HIGHER_IS_BETTER else 21.0,
            target_date=datetime.date(2026, 3, 31),
        )

        status = target_status(indicator, Point("2022/23", 20220000, latest, None, None))

        assert status.label == label


class TestPages:
    def test_the_public_dashboard_groups_charts_by_domain_and_priority(self, client, strategy, officer):
        priority = PriorityFactory(
            domain=DomainFactory(strategy=strategy, title="Healthier lives"), title="Fewer smokers"
        )
        indicator = smoking(strategy, officer)
        indicator.priorities.add(priority)
        imports.indicators_import(strategy=strategy, by=officer, handle=csv_file(*years(2018, FALLING)))

        response = client.get(reverse("delivery:dashboard", args=[strategy.board.slug, strategy.slug]))

        page = text(response)
        assert response.status_code == 200
        assert "Healthier lives Fewer smokers Smoking prevalence in adults" in page
        assert "How the judgements are made" in page and "99.8%" in page
        body = response.content.decode()
        assert "<svg" in body and "<script" not in body.split("<main", 1)[1].split("</main>")[0]

    def test_the_public_page_is_cached_and_forgotten_on_import(self, client, strategy, officer, settings):
        smoking(strategy, officer)
        url = reverse("delivery:dashboard", args=[strategy.board.slug, strategy.slug])
        first = client.get(url)
        assert "No data for" in text(first)

        imports.indicators_import(
            strategy=strategy, by=officer, handle=csv_file(*years(2022, [("15.0", "14.0", "16.0")]))
        )
        # The cache is forgotten on commit; the test's transaction never commits, so forget by hand.
        from core import pagecache
        from delivery.caching import public_cache_key

        assert first["ETag"]
        pagecache.page_forget(public_cache_key(strategy.board.slug, strategy.slug))
        assert "15.0%" in text(client.get(url))

    def test_a_draft_strategys_dashboard_is_for_its_board_only(self, client, strategy, officer, board_member):
        strategy.status = Status.DRAFT
        strategy.save()

        assert (
            client.get(reverse("delivery:dashboard", args=[strategy.board.slug, strategy.slug])).status_code
            == 404
        )
        client.force_login(board_member)
        assert client.get(reverse("delivery:dashboard_manage", args=[strategy.pk])).status_code == 200

    def test_the_query_budget_holds_at_ten_times_the_data(
        self, client, strategy, officer, django_assert_max_num_queries
    ):
        url = reverse("delivery:dashboard", args=[strategy.board.slug, strategy.slug])
        domain = DomainFactory(strategy=strategy)

        def grow(count: int, start: int) -> None:
            for number in range(start, start + count):
                indicator = smoking(strategy, officer, fingertips_id=number, title=f"Indicator {number}")
                indicator.priorities.add(PriorityFactory(domain=domain))
                DataPoint.objects.bulk_create(
                    DataPoint(
                        indicator=indicator,
                        area_code=code,
                        area_name=code,
                        period=str(year),
                        period_sort=year * 10000,
                        value=10.0 + year % 7,
                        lower=9.0,
                        upper=12.0 + year % 7,
                    )
                    for code in (THURROCK, EAST, ENGLAND)
                    for year in range(2013, 2023)
                )

        grow(1, 1)
        with django_assert_max_num_queries(12) as small:
            client.get(url)
        grow(9, 2)
        from core import pagecache
        from delivery.caching import public_cache_key

        pagecache.page_forget(public_cache_key(strategy.board.slug, strategy.slug))
        with django_assert_max_num_queries(12) as large:
            client.get(url)
        assert len(large.captured_queries) == len(small.captured_queries)
