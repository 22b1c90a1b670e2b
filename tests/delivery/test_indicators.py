"""
Writing a strategy's indicators (delivery/indicators.py, through delivery.services): adding an indicator,
and recording a local indicator's figure for a period; the rules they check and the history they leave.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry
from delivery import services
from delivery.indicators import period_sort, unit_multiplier
from delivery.models import DataPoint, Indicator
from strategies.models import Status
from tests.factories import PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(board):
    board.area_code = "E06000034"
    board.save(update_fields=["area_code"])
    return StrategyFactory(board=board, status=Status.PUBLISHED, start_year=2022, end_year=2026)


@pytest.fixture
def priority(strategy):
    return PriorityFactory(domain__strategy=strategy, title="Fewer people smoking")


def add(strategy, by, **fields):
    values = {
        "title": "Smoking prevalence in adults",
        "definition": "Adults aged 18 and over who smoke.",
        "fingertips_id": 92443,
        "unit": "%",
        "polarity": "lower_is_better",
    }
    return services.indicator_create(strategy=strategy, by=by, **{**values, **fields})


def local(strategy, by, unit="%", **fields):
    values = {"title": "Carers assessed in 28 days", "source": "local", "fingertips_id": None, "unit": unit}
    return add(strategy, by, **{**values, **fields})


def refused(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


class TestIndicatorCreate:
    def test_adds_an_indicator_at_the_end_measuring_priorities_and_records_it(
        self, strategy, priority, officer
    ):
        first = add(strategy, officer, fingertips_id=93014, title="Physically active adults")

        second = add(
            strategy,
            officer,
            title="  Smoking   prevalence in adults ",
            baseline_value=15.5,
            baseline_period="2021",
            target_value=12.0,
            target_date=datetime.date(2026, 12, 31),
            priorities=[priority],
        )

        assert (second.title, second.source, second.position > first.position) == (
            "Smoking prevalence in adults",
            "fingertips",
            True,
        )
        assert list(second.priorities.all()) == [priority] and list(priority.indicators.all()) == [second]
        entry = AuditEntry.objects.get(target_id=second.pk, action=AuditEntry.Action.CREATED)
        assert (entry.actor, entry.scope_id) == (officer, strategy.pk)
        assert entry.changes["baseline"] == [None, "15.5 (2021)"]
        assert entry.changes["target"] == [None, "12 by 31 December 2026"]
        assert entry.changes["priorities"] == [None, ["Fewer people smoking"]]
        assert ("Polarity", None, "Lower is better") in entry.labelled_changes()

    def test_a_local_indicator_has_no_fingertips_id(self, strategy, officer):
        indicator = local(strategy, officer)

        assert (indicator.source, indicator.fingertips_id) == ("local", None)
        assert "fingertips_id" in refused(lambda: local(strategy, officer, fingertips_id=123))

    def test_a_fingertips_indicator_needs_its_id_once_per_strategy(self, strategy, officer):
        add(strategy, officer)

        assert "fingertips_id" in refused(lambda: add(strategy, officer, fingertips_id=None))
        assert refused(lambda: add(strategy, officer))["fingertips_id"] == [
            "The strategy has this Fingertips indicator already"
        ]
        assert Indicator.objects.count() == 1

    def test_every_problem_is_reported_beside_its_field_and_nothing_is_written(self, strategy, officer):
        elsewhere = PriorityFactory(title="Another strategy's priority")

        errors = refused(
            lambda: add(
                strategy,
                officer,
                title="",
                polarity="sideways",
                baseline_value=15.5,
                target_date=datetime.date(2030, 1, 1),
                priorities=[elsewhere],
            )
        )

        assert set(errors) == {
            "title",
            "polarity",
            "baseline_period",
            "target_value",
            "target_date",
            "priorities",
        }
        assert errors["target_date"] == ["Enter a date within the strategy's years, 2022 to 2026"]
        assert not Indicator.objects.exists() and not AuditEntry.objects.exists()

    def test_a_target_needs_its_date_and_a_baseline_its_value(self, strategy, officer):
        errors = refused(lambda: add(strategy, officer, target_value=12.0, baseline_period="2021"))

        assert set(errors) == {"target_date", "baseline_value"}

    def test_only_the_boards_officers_may(self, strategy, board_member, other_officer):
        for user in (board_member, other_officer):
            with pytest.raises(PermissionDenied):
                add(strategy, user)

        assert not Indicator.objects.exists()

    def test_a_superseded_strategys_indicators_are_closed(self, strategy, officer):
        strategy.status = Status.SUPERSEDED
        strategy.save(update_fields=["status"])

        with pytest.raises(PermissionDenied):
            add(strategy, officer)

    def test_a_draft_strategy_may_have_indicators(self, board, officer):
        board.area_code = "E10000018"
        board.save(update_fields=["area_code"])
        draft = StrategyFactory(board=board, status=Status.IN_CONSULTATION)

        assert add(draft, officer).strategy == draft


class TestDataPointRecord:
    def test_a_count_and_denominator_give_a_percentage_and_no_interval(self, strategy, officer):
        indicator = local(strategy, officer)

        point = services.data_point_record(
            indicator=indicator, by=officer, period="2024/25", count=158, denominator=257
        )

        assert point.value == pytest.approx(61.478599)
        assert (point.lower, point.upper, point.count, point.denominator) == (None, None, 158, 257)
        assert (point.area_code, point.area_name, point.period, point.period_sort) == (
            "E06000034",
            "Thurrock",
            "2024/25",
            20240000,
        )
        entry = AuditEntry.objects.get(target_id=indicator.pk, action=AuditEntry.Action.UPDATED)
        assert entry.changes == {"data": [None, "2024/25: 61.48 (158 of 257)"]}

    def test_a_rate_per_100000_is_computed_from_its_count(self, strategy, officer):
        indicator = local(strategy, officer, unit="per 100,000")

        point = services.data_point_record(
            indicator=indicator, by=officer, period="2024", count=30, denominator=60000
        )

        assert point.value == pytest.approx(50.0)

    def test_the_same_figure_again_changes_nothing_and_a_new_one_corrects_it(self, strategy, officer):
        indicator = local(strategy, officer)
        services.data_point_record(
            indicator=indicator, by=officer, period="2024/25", count=158, denominator=257
        )

        services.data_point_record(
            indicator=indicator, by=officer, period="2024/25", count=158, denominator=257
        )
        services.data_point_record(
            indicator=indicator, by=officer, period="2024/25", count=160, denominator=257
        )

        assert DataPoint.objects.get().count == 160
        history = AuditEntry.objects.filter(target_id=indicator.pk, action=AuditEntry.Action.UPDATED)
        assert history.count() == 2
        assert history.latest("pk").changes["data"][0] == "2024/25: 61.48 (158 of 257)"

    def test_an_empty_value_needs_a_note(self, strategy, officer):
        indicator = local(strategy, officer)

        assert "value" in refused(
            lambda: services.data_point_record(indicator=indicator, by=officer, period="2024")
        )
        point = services.data_point_record(
            indicator=indicator,
            by=officer,
            period="2024",
            value_note="Not collected during the system change",
        )
        assert (point.value, point.value_note) == (None, "Not collected during the system change")

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"count": 5, "denominator": 0}, "denominator"),
            ({"count": 300, "denominator": 257}, "count"),
            ({"count": -1, "denominator": 257}, "count"),
            ({"count": 158}, "denominator"),
            ({"value": 60.0, "lower": 65.0, "upper": 55.0}, "lower"),
            ({"value": 70.0, "lower": 55.0, "upper": 65.0}, "value"),
            ({"value": 60.0, "lower": 55.0}, "upper"),
            ({"value": float("nan")}, "value"),
        ],
    )
    def test_bad_figures_are_refused_beside_their_field(self, strategy, officer, fields, field):
        indicator = local(strategy, officer)

        errors = refused(
            lambda: services.data_point_record(indicator=indicator, by=officer, period="2024/25", **fields)
        )

        assert field in errors
        assert not DataPoint.objects.exists()

    def test_a_period_needs_its_year_and_one_form_per_period(self, strategy, officer):
        indicator = local(strategy, officer)
        services.data_point_record(indicator=indicator, by=officer, period="2024/25", value=60.0)

        assert "period" in refused(
            lambda: services.data_point_record(indicator=indicator, by=officer, period="last year", value=1.0)
        )
        assert refused(
            lambda: services.data_point_record(indicator=indicator, by=officer, period="2024", value=1.0)
        )["period"] == [
            "The indicator has a figure for 2024/25 already, which is the same period: correct that one"
        ]

    def test_a_count_gives_no_value_in_a_unit_it_cannot_make(self, strategy, officer):
        indicator = local(strategy, officer, unit="score")

        errors = refused(
            lambda: services.data_point_record(
                indicator=indicator, by=officer, period="2024", count=3, denominator=9
            )
        )

        assert "value" in errors

    def test_a_fingertips_indicators_data_is_imported_not_recorded(self, strategy, officer):
        indicator = add(strategy, officer)

        with pytest.raises(ValidationError, match="import the file"):
            services.data_point_record(indicator=indicator, by=officer, period="2024", value=12.0)

    def test_the_board_needs_its_area_code(self, strategy, officer, board):
        indicator = local(strategy, officer)
        board.area_code = ""
        board.save(update_fields=["area_code"])

        with pytest.raises(ValidationError, match="no ONS area code"):
            services.data_point_record(indicator=indicator, by=officer, period="2024", value=12.0)

    def test_only_the_boards_officers_may(self, strategy, officer, board_member, other_officer):
        indicator = local(strategy, officer)

        for user in (board_member, other_officer):
            with pytest.raises(PermissionDenied):
                services.data_point_record(indicator=indicator, by=user, period="2024", value=12.0)

        assert not DataPoint.objects.exists()


class TestPeriods:
    @pytest.mark.parametrize(
        ("period", "sort"),
        [
            ("2019", 20190000),
            ("2019/20", 20190000),
            ("2017 - 19", 20170000),
            ("2024/25 Q1", 20240100),
            ("2024/25  q4", 20240400),
            ("Q2 2024/25", 20240200),
        ],
    )
    def test_sort_as_fingertips_sorts_years_with_quarters_after_their_years_start(self, period, sort):
        assert period_sort(period) == sort

    def test_a_period_without_a_year_has_no_place(self):
        with pytest.raises(ValueError):
            period_sort("Spring")

    @pytest.mark.parametrize(
        ("unit", "multiplier"),
        [
            ("%", 100),
            ("per cent", 100),
            ("per 1,000", 1000),
            ("Per 100,000", 100000),
            ("score", None),
            ("", None),
        ],
    )
    def test_a_unit_says_what_a_count_over_its_denominator_is_multiplied_by(self, unit, multiplier):
        assert unit_multiplier(unit) == multiplier
