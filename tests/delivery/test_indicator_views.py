"""
An indicator's pages (delivery/views/indicators.py): adding one (errors next to the fields, the typed
data kept, added once however often the form is sent), its page with a local indicator's figures and
"no new data yet", editing it against the version it was loaded from, and removing it.
"""

import html
import re

import pytest
from django.urls import reverse

from core.formtokens import new_token
from delivery.models import DataPoint, Indicator
from strategies.models import Status
from tests.delivery.test_fingertips import THURROCK
from tests.factories import PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def strategy(board):
    board.area_code = THURROCK
    board.save()
    strategy = StrategyFactory(board=board, status=Status.PUBLISHED, start_year=2022, end_year=2026)
    PriorityFactory(domain__strategy=strategy, title="Fewer people smoking")
    return strategy


def data(officer, priority, **fields):
    return {
        "form_token": new_token(),
        "title": "Smoking prevalence in adults",
        "source": "fingertips",
        "fingertips_id": "92443",
        "unit": "%",
        "polarity": "lower_is_better",
        "baseline_value": "15.6",
        "baseline_period": "2021",
        "target_value": "12",
        "target_date_day": "31",
        "target_date_month": "3",
        "target_date_year": "2026",
        "priorities": [str(priority.pk)],
        "owner": str(officer.pk),
        "update_every": "12",
        **fields,
    }


class TestAdd:
    def test_adds_once_then_shows_its_page(self, client, officer, strategy):
        client.force_login(officer)
        priority = strategy.domains.get().priorities.get()
        sent = data(officer, priority)
        url = reverse("delivery:indicator_add", args=[strategy.pk])

        first, second = client.post(url, sent), client.post(url, sent)

        indicator = Indicator.objects.get()
        assert first.url == second.url == reverse("delivery:indicator_manage", args=[indicator.pk])
        assert (indicator.owner, indicator.target_value, list(indicator.priorities.all())) == (
            officer,
            12.0,
            [priority],
        )
        page = text(client.get(first.url))
        assert "OHID Fingertips, indicator 92443" in page and "No data for" in page

    def test_errors_next_to_the_fields_keep_what_was_typed(self, client, officer, strategy):
        client.force_login(officer)
        priority = strategy.domains.get().priorities.get()

        response = client.post(
            reverse("delivery:indicator_add", args=[strategy.pk]),
            data(officer, priority, fingertips_id="", baseline_value="lots", target_date_year="2031"),
        )

        page = text(response)
        assert "Enter the Fingertips indicator ID, or choose local data" in page
        assert "Enter the baseline value as a number, like 14.9" in page
        assert 'value="Smoking prevalence in adults"' in response.content.decode()
        assert not Indicator.objects.exists()

    def test_a_target_outside_the_strategys_years_is_refused_by_the_service(self, client, officer, strategy):
        client.force_login(officer)
        priority = strategy.domains.get().priorities.get()

        response = client.post(
            reverse("delivery:indicator_add", args=[strategy.pk]),
            data(officer, priority, target_date_year="2031"),
        )

        assert "Enter a date within the strategy's years, 2022 to 2026" in text(response)


class TestLocalFigures:
    @pytest.fixture
    def local(self, officer, strategy):
        return Indicator.objects.create(
            strategy=strategy, title="Carers assessed", source="local", unit="%", created_by=officer
        )

    def test_a_figure_from_a_count_gets_its_value_and_interval(self, client, officer, local):
        client.force_login(officer)
        url = reverse("delivery:indicator_manage", args=[local.pk])

        response = client.post(url, {"period": "2024/25", "count": "50", "denominator": "200"})

        point = DataPoint.objects.get()
        assert response.status_code == 302 and point.value == 25.0
        assert "25.0%" in text(client.get(url)) and "19.5% to 31.4%" in text(client.get(url))

    def test_bad_figures_are_refused_next_to_the_fields(self, client, officer, local):
        client.force_login(officer)

        response = client.post(
            reverse("delivery:indicator_manage", args=[local.pk]),
            {"period": "last year", "count": "300", "denominator": "200", "lower": "9", "upper": "3"},
        )

        page = text(response)
        assert "Enter the period with its year" in page
        assert "The count cannot be more than the denominator of a percentage" in page
        assert "The lower limit must not be above the upper limit" in page
        assert not DataPoint.objects.exists()

    def test_no_new_data_yet_brings_it_up_to_date(self, client, officer, local):
        client.force_login(officer)

        client.post(reverse("delivery:indicator_manage", args=[local.pk]), {"do": "checked"})

        local.refresh_from_db()
        assert local.checked_at is not None

    def test_a_board_member_reads_but_cannot_record(self, client, board_member, local):
        client.force_login(board_member)
        url = reverse("delivery:indicator_manage", args=[local.pk])

        assert client.get(url).status_code == 200
        assert client.post(url, {"period": "2024/25", "value": "3"}).status_code == 404
        assert "Record a figure" not in text(client.get(url))


class TestEditAndRemove:
    def test_edit_refuses_a_save_over_a_newer_one(self, client, officer, strategy):
        client.force_login(officer)
        indicator = Indicator.objects.create(
            strategy=strategy, title="Smoking", fingertips_id=92443, created_by=officer
        )
        priority = strategy.domains.get().priorities.get()
        sent = {**data(officer, priority, title="Adults who smoke"), "version": "1"}
        Indicator.objects.filter(pk=indicator.pk).update(version=2, title="Smokers")

        response = client.post(reverse("delivery:indicator_edit", args=[indicator.pk]), sent)

        assert response.status_code == 200 and "Smokers" in text(response)
        indicator.refresh_from_db()
        assert indicator.title == "Smokers"
        sent["version"] = "2"
        assert client.post(reverse("delivery:indicator_edit", args=[indicator.pk]), sent).status_code == 302
        indicator.refresh_from_db()
        assert (indicator.title, indicator.target_value) == ("Adults who smoke", 12.0)

    def test_remove_takes_its_data_with_it(self, client, officer, strategy):
        client.force_login(officer)
        indicator = Indicator.objects.create(
            strategy=strategy, title="Smoking", fingertips_id=92443, created_by=officer
        )
        DataPoint.objects.create(
            indicator=indicator, area_code=THURROCK, period="2023", period_sort=20230000, value=1
        )

        assert "with its 1 data point" in text(
            client.get(reverse("delivery:indicator_delete", args=[indicator.pk]))
        )
        client.post(reverse("delivery:indicator_delete", args=[indicator.pk]))

        assert not Indicator.objects.exists() and not DataPoint.objects.exists()


def test_a_percentage_above_100_is_refused(client, officer, strategy):
    client.force_login(officer)
    local = Indicator.objects.create(
        strategy=strategy, title="Carers", source="local", unit="%", created_by=officer
    )

    response = client.post(
        reverse("delivery:indicator_manage", args=[local.pk]), {"period": "2026/27", "value": "150"}
    )

    assert "A percentage must be between 0 and 100" in text(response)
    assert not DataPoint.objects.exists()
