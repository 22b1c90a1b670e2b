"""
A priority's page (delivery/priority_page.py): what residents said about it in each published
consultation report, its actions and its indicators side by side; public only for a public strategy;
a report not yet published never shows; a query budget that holds at ten times the actions and indicators.
"""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from consultations.models import Consultation
from consultations.models import Status as ConsultationStatus
from delivery.models import DataPoint, Indicator
from strategies.models import Status
from tests.delivery.test_fingertips import THURROCK
from tests.factories import ActionFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def consulted(board, officer):
    """A consultation, closed, with a change to its first priority; the strategy then published."""
    board.area_code = THURROCK
    board.save()
    consultation = ConsultationFactory(strategy__board=board, created_by=officer)
    for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        consultation = consultation_services.consultation_transition(
            consultation=consultation, to_status=to_status, by=officer
        )
    priority = consultation.strategy.domains.get().priorities.order_by("position").first()
    consultation_services.change_add(
        consultation=consultation,
        by=officer,
        you_said="Vaping in schools worries us.",
        we_did="Added vaping to the priority.",
        priority_id=priority.pk,
    )
    strategy = consultation.strategy
    strategy.status = Status.PUBLISHED
    strategy.save()
    return consultation, priority


def url(priority) -> str:
    strategy = priority.domain.strategy
    return reverse("delivery:priority", args=[strategy.board.slug, strategy.slug, priority.pk])


def test_feedback_actions_and_indicators_side_by_side(client, consulted, officer):
    consultation, priority = consulted
    Consultation.objects.filter(pk=consultation.pk).update(report_published_at=timezone.now())
    ActionFactory(priority=priority, title="Stop smoking service in every PCN")
    indicator = Indicator.objects.create(
        strategy=priority.domain.strategy,
        title="Smoking prevalence",
        fingertips_id=92443,
        unit="%",
        created_by=officer,
    )
    indicator.priorities.add(priority)
    DataPoint.objects.create(
        indicator=indicator,
        area_code=THURROCK,
        area_name="Thurrock",
        period="2023",
        period_sort=20230000,
        value=12.7,
        lower=10.7,
        upper=15.1,
    )

    page = text(client.get(url(priority)))

    assert "What residents said" in page and consultation.title in page
    assert "Vaping in schools worries us. Added vaping to the priority." in page
    assert "Stop smoking service in every PCN" in page
    assert "Smoking prevalence" in page and "12.7%" in page


def test_an_unpublished_report_is_left_out(client, consulted):
    consultation, priority = consulted

    page = text(client.get(url(priority)))

    assert "No published consultation report covers this priority yet." in page
    assert "Vaping in schools" not in page


def test_a_draft_strategys_priority_is_for_its_board_only(client, consulted, board_member):
    _, priority = consulted
    strategy = priority.domain.strategy
    strategy.status = Status.DRAFT
    strategy.save()

    assert client.get(url(priority)).status_code == 404
    client.force_login(board_member)
    assert client.get(url(priority)).status_code == 200


def test_the_query_budget_holds_at_ten_times_the_actions_and_indicators(
    client, consulted, officer, django_assert_max_num_queries
):
    consultation, priority = consulted
    Consultation.objects.filter(pk=consultation.pk).update(report_published_at=timezone.now())

    def grow(count: int, start: int) -> None:
        for number in range(start, start + count):
            ActionFactory(priority=priority)
            indicator = Indicator.objects.create(
                strategy=priority.domain.strategy,
                title=f"Indicator {number}",
                fingertips_id=number,
                created_by=officer,
            )
            indicator.priorities.add(priority)
            DataPoint.objects.bulk_create(
                DataPoint(
                    indicator=indicator,
                    area_code=THURROCK,
                    period=str(year),
                    period_sort=year * 10000,
                    value=1.0,
                )
                for year in range(2013, 2023)
            )

    grow(1, 1)
    with django_assert_max_num_queries(60) as small:
        client.get(url(priority))
    grow(9, 2)
    with django_assert_max_num_queries(60) as large:
        client.get(url(priority))
    assert len(large.captured_queries) == len(small.captured_queries)
