"""
Query budgets of the monitoring pages: the same number of queries whatever the number of responses.

Measured at two sizes, everything shown ten times larger in the second: the responses (and so the days
they fall on), the priorities of the consulted text, and the board's consultations on the list.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Respondent, Status
from strategies import services as strategy_services
from strategies.models import Priority
from strategies.models import Status as StrategyStatus
from tests.consultations.helpers import make_response, make_responses
from tests.factories import ConsultationFactory, DomainFactory, PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db

SIZES = {"small": 1, "large": 10}


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def world(request, board, officer):
    n = SIZES[request.param]
    strategy = StrategyFactory(board=board)
    for d in range(n):
        domain = DomainFactory(strategy=strategy, title=f"Domain {d}")
        for p in range(2):
            PriorityFactory(domain=domain, title=f"Priority {d}.{p}")
    consultation = ConsultationFactory(strategy=strategy, created_by=officer, priorities=False)
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    consultation = services.consultation_transition(
        consultation=consultation, to_status=Status.OPEN, by=officer
    )
    make_responses(consultation, 10 * n, start=timezone.now() - datetime.timedelta(days=3 * n))
    for _ in range(n):  # More of the board's consultations, on other strategies, for the list.
        ConsultationFactory(strategy=StrategyFactory(board=board), created_by=officer)
    consultation.n = n
    return consultation


# The session and user, the user's roles (2), the consultation with its board, strategy and revision,
# then the figures (3: consultations.analysis).
BUDGETS = {"monitor": 8, "monitor_partial": 8, "manage_list": 5}


class TestMonitorBudgets:
    @pytest.mark.parametrize("client_name", ["board_member_client", "officer_client"])
    def test_every_page_keeps_to_its_budget(
        self, request, client_name, world, django_assert_max_num_queries, subtests
    ):
        client = request.getfixturevalue(client_name)
        url = reverse("consultations:monitor", args=[world.pk])
        pages = {
            "monitor": (url, {}),
            "monitor_partial": (url + "?channel=online&respondent_type=resident", {"HX-Request": "true"}),
            "manage_list": (reverse("consultations:manage_list"), {}),
        }
        client.get(reverse("home"))  # The session exists before the measured requests.
        content = {}

        for page, budget in BUDGETS.items():
            page_url, headers = pages[page]
            with subtests.test(msg=page), django_assert_max_num_queries(budget):
                response = client.get(page_url, headers=headers)
                assert response.status_code == 200
            content[page] = response.content.decode()

        # What the pages show really is ten times larger in the large world.
        n = world.n
        assert f"{10 * n} responses</h2>" in content["monitor"]
        assert (
            len(
                re.findall(
                    r'<th scope="row" class="govuk-table__header" role="rowheader">Priority ',
                    content["monitor"],
                )
            )
            == 2 * n
        )
        assert len(re.findall(r"<td [^>]*data-label=\"Responses\"", content["monitor"])) >= 3 * n
        assert content["manage_list"].count('<tr class="govuk-table__row" role="row">') == 1 + 1 + n


class TestRespondentSearchBudget:
    """Finding a respondent: an address used on many responses (a library's, say) lists them all."""

    def test_the_same_queries_for_ten_times_the_matches(
        self, officer_client, world, django_assert_max_num_queries
    ):
        for response in world.responses.order_by("pk")[: 3 * world.n]:
            Respondent.objects.update_or_create(response=response, defaults={"email": "library@example.com"})
        officer_client.get(reverse("home"))
        url = reverse("consultations:respondent_search", args=[world.pk])

        # The session and user, the user's roles (2), the consultation, the matches.
        with django_assert_max_num_queries(6):
            page = officer_client.get(url, {"q": "library@example.com"})

        assert page.status_code == 200
        assert f"{3 * world.n} responses found" in page.text


# The report (views/report.py): the consultation with its board, strategy and revision, the figures (3),
# one query per equality question (9), the events, the changes with their evidence counted and their
# themes (2), the confirmed campaigns and the responses in them (2), the themes with their counts and
# their examples (3: with the withheld comments, whose copies are not quoted either), and the report's
# PDF. The manage page: the session, user and roles (4), the
# consultation, the changes and their themes (2), the PDF panel's job, the form's themes, and the
# strategy's text to offer the priorities added since (3: its domains, priorities and documents), what
# the report quotes (3: the themes, their examples and the withheld comments' copies) and the comments
# never quoted. The
# comparison: the session, user and roles (4), the consultation, the strategy's text (3), the changes
# and their themes (2). None grows with the responses, events, themes, changes, campaigns or priorities.
REPORT_BUDGETS = {"report": 21, "report_manage": 16, "changes_compare": 10}


class TestReportBudgets:
    def test_every_page_keeps_to_its_budget(
        self, world, officer, client, officer_client, django_assert_max_num_queries, subtests
    ):
        n = world.n
        closed = services.consultation_transition(consultation=world, to_status=Status.CLOSED, by=officer)
        strategy_services.strategy_transition(
            strategy=closed.strategy, to_status=StrategyStatus.FINAL_DRAFT, by=officer, reason="Closed."
        )
        priorities = list(Priority.objects.filter(domain__strategy=closed.strategy).order_by("pk"))
        for priority in priorities[::2]:  # Half the priorities changed: n of them, none explained.
            strategy_services.priority_update(priority=priority, by=officer, description="Changed after.")
        comments = list(closed.comments.order_by("pk"))
        themes = [
            services.theme_create(consultation=closed, by=officer, name=f"Theme {i}", priority_id=p.pk)
            for i, p in enumerate(priorities)
        ]
        for i, comment in enumerate(comments):
            services.comment_code(comment=comment, by=officer, themes=[themes[i % len(themes)]])
        for i in range(3 * n):
            services.event_create(
                consultation=closed,
                by=officer,
                title=f"Event {i}",
                held_on=timezone.localdate(),
                people_reached=10,
            )
            services.change_add(
                consultation=closed,
                by=officer,
                you_said=f"Said {i}",
                we_did=f"Did {i}",
                comments=[c.pk for c in comments[:3]],
                themes=[t.pk for t in themes[:2]],
                priority_id=priorities[1].pk if i % 2 else None,
            )
        services.report_publish(consultation=closed, by=officer)
        officer_client.get(reverse("home"))
        pages = {
            "report": (client, reverse("consultations:report", args=[closed.board.slug, closed.slug])),
            "report_manage": (officer_client, reverse("consultations:report_manage", args=[closed.pk])),
            "changes_compare": (officer_client, reverse("consultations:changes_compare", args=[closed.pk])),
        }
        content = {}

        for page, budget in REPORT_BUDGETS.items():
            page_client, url = pages[page]
            with subtests.test(msg=page), django_assert_max_num_queries(budget):
                response = page_client.get(url)
                assert response.status_code == 200
            content[page] = response.content.decode()

        assert content["report"].count('role="img"') == 2 * n
        assert content["report"].count("Did ") == 3 * n
        assert (
            content["report"].count('<th scope="row" class="govuk-table__header" role="rowheader">Theme ')
            == 2 * n
        )
        assert content["report_manage"].count("3 comments behind it") == 3 * n
        assert content["report_manage"].count("Themes: Theme 0, Theme 1") == 3 * n
        assert content["changes_compare"].count("Changed with no recorded reason</strong>") == n
        assert content["changes_compare"].count('id="recorded-change-') == 3 * n


# Duplicates and campaigns (views/duplicates.py, offline.py): the session, user and roles (4), the
# consultation; the campaigns page then counts and reads a page of campaigns, and their members'
# references in one query; the responses list counts and reads a page, and counts by channel.
DUPLICATE_BUDGETS = {"campaigns": 8, "duplicates": 8}


class TestDuplicatesAndCampaignsBudgets:
    def test_every_page_keeps_to_its_budget(
        self, world, officer, officer_client, django_assert_max_num_queries, subtests
    ):
        n = world.n
        first = world.priorities()[0]["id"]
        for i in range(n):
            for _ in range(3 + i):
                make_response(world, comments={first: f"Campaign text number {i} about the walk-in centre."})
        for response in world.responses.order_by("pk")[:n]:
            services.response_mark_duplicate(response=response, by=officer, reason="Sent twice.")
        services.campaigns_detect(consultation=world, by=officer)
        officer_client.get(reverse("home"))
        pages = {
            "campaigns": reverse("consultations:campaigns", args=[world.pk]),
            "duplicates": reverse("consultations:responses", args=[world.pk]) + "?show=duplicates",
        }
        content = {}

        for page, budget in DUPLICATE_BUDGETS.items():
            with subtests.test(msg=page), django_assert_max_num_queries(budget):
                response = officer_client.get(pages[page])
                assert response.status_code == 200
            content[page] = response.content.decode()

        assert content["campaigns"].count('class="app-item govuk-!-margin-bottom-6"') == n
        assert content["duplicates"].count("Change duplicate mark") == n
