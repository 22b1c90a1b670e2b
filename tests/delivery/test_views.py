"""
The delivery plan's pages (delivery/views.py): the plan with its roll-ups and filters, for officers and
the public, with and without htmx; adding, editing and removing an action; recording progress; who may
open what; query budgets that hold as the plan grows.
"""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.formtokens import new_token
from delivery import services
from delivery.models import Action, ActionStatus, ActionUpdate
from strategies.models import Status
from tests.factories import (
    ActionFactory,
    AlignmentFactory,
    DomainFactory,
    OrganisationFactory,
    PlanFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
TODAY = timezone.localdate()


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def council(board):
    organisation = OrganisationFactory(name="Thurrock Council")
    board.organisations.add(organisation)
    return organisation


@pytest.fixture
def plan(board, council):
    """A published strategy with two domains: three actions, one at risk, one overdue, one complete."""
    first = PriorityFactory(
        domain__strategy__board=board, domain__strategy__status=Status.PUBLISHED, title="Fewer falls"
    )
    strategy = first.domain.strategy
    second = PriorityFactory(domain=DomainFactory(strategy=strategy, title="Ageing well"), title="Carers")
    ActionFactory(
        priority=first, title="Falls classes", lead_organisation=council, status=ActionStatus.AT_RISK
    )
    ActionFactory(priority=first, title="Home checks", due_on=TODAY - datetime.timedelta(days=3))
    ActionFactory(priority=second, title="Carers' cafés", status=ActionStatus.COMPLETE)
    return strategy


def plan_url(strategy) -> str:
    return reverse("delivery:plan_manage", args=[strategy.pk])


def public_url(strategy) -> str:
    return reverse("delivery:plan", args=[strategy.board.slug, strategy.slug])


class TestPlan:
    def test_rolls_progress_up_to_the_strategy_its_domains_and_priorities(self, plan, officer_client):
        page = text(officer_client.get(plan_url(plan)))

        assert "33% complete (1 of 3 actions) 33% at risk or off track (1) 1 overdue" in page  # The strategy.
        assert "2 actions: 0% complete (0), 50% at risk or off track (1), 1 overdue" in page  # Fewer falls.
        assert "1 action: 100% complete (1), 0% at risk or off track (0), 0 overdue" in page  # Carers.
        assert "Overdue" in page and "At risk" in page

    def test_filters_narrow_the_list_but_not_the_roll_ups(self, plan, officer_client):
        page = text(officer_client.get(plan_url(plan), {"overdue": "on"}))

        assert "1 action matches the filters" in page
        assert "Home checks" in page and "Falls classes" not in page and "Carers' cafés" not in page
        assert "33% complete (1 of 3 actions)" in page

    def test_with_htmx_the_filters_answer_with_the_list_alone(self, plan, officer_client, council):
        response = officer_client.get(plan_url(plan), {"organisation": council.pk}, headers=HX)

        content = response.content.decode()
        assert content.lstrip().startswith('<div id="actions">')
        assert "Falls classes" in content and "Home checks" in content  # Both led by the council.
        assert "1 action shown" not in content and "3 actions shown." in content  # Announced.

    def test_a_filter_that_is_not_a_choice_shows_nothing_and_no_error(self, plan, officer_client):
        response = officer_client.get(
            plan_url(plan), {"status": "finished", "organisation": "x", "priority": "9" * 30}
        )

        assert response.status_code == 200
        assert "3 actions" in text(response)  # "finished" and "x" are dropped; so is the huge id.

    def test_the_public_reads_a_published_strategys_plan_without_the_controls(self, plan):
        page = text(Client().get(public_url(plan)))

        assert "Falls classes" in page and "33% complete (1 of 3 actions)" in page
        assert "Add an action" not in page

    def test_a_draft_strategys_plan_is_not_public(self, plan):
        plan.status = Status.DRAFT
        plan.save()

        assert Client().get(public_url(plan)).status_code == 404

    def test_another_boards_officer_cannot_open_the_officers_plan(self, plan, other_officer_client):
        assert other_officer_client.get(plan_url(plan)).status_code == 404

    @pytest.mark.parametrize("size", [1, 10])
    def test_the_same_few_queries_however_large_the_plan(
        self, size, board, council, officer_client, django_assert_max_num_queries
    ):
        strategy = PriorityFactory(
            domain__strategy__board=board, domain__strategy__status=Status.PUBLISHED
        ).domain.strategy
        plans = PlanFactory.create_batch(2, board=board)
        for _ in range(size):
            priority = PriorityFactory(domain=DomainFactory(strategy=strategy))
            for action in ActionFactory.create_batch(3, priority=priority, lead_organisation=council):
                ActionUpdate.objects.create(
                    action=action, from_status="not_started", to_status="on_track", by=action.created_by
                )
            for plan in plans:  # "Supports: ..." under every priority, prefetched.
                AlignmentFactory(priority=priority, plan=plan)

        with django_assert_max_num_queries(14):
            response = officer_client.get(plan_url(strategy))

        assert response.status_code == 200
        assert response.content.decode().count("Supports: ") == size


class TestActionAdd:
    def url(self, priority):
        return reverse("delivery:action_add", args=[priority.pk])

    def data(self, council, **fields):
        return {
            "form_token": new_token(),
            "title": "Falls prevention classes",
            "lead_organisation": council.pk,
            "lead_officer": "Jo Broadbent",
            "owner": getattr(council.boards.first().roles.first(), "user_id", ""),
            "update_every": "3",
            "due_on_day": "31",
            "due_on_month": "3",
            "due_on_year": str(TODAY.year + 1),
            **fields,
        }

    def test_adds_the_action_once_however_often_the_form_is_sent(self, plan, council, officer_client):
        priority = plan.domains.first().priorities.first()
        data = self.data(council)

        first = officer_client.post(self.url(priority), data)
        officer_client.post(self.url(priority), data)

        assert first.status_code == 302 and "#action-" in first["Location"]
        assert Action.objects.filter(title="Falls prevention classes").count() == 1

    def test_errors_are_shown_beside_the_fields_and_what_was_typed_is_kept(
        self, plan, council, officer_client
    ):
        priority = plan.domains.first().priorities.first()

        response = officer_client.post(
            self.url(priority),
            self.data(council, title="", due_on_day="31", due_on_month="2", lead_officer="Ian Wake"),
        )

        page = text(response)
        assert "Error: Enter what will be done" in page
        assert "Error: The due date must be a real date" in page
        assert 'value="Ian Wake"' in response.content.decode()
        assert "There is a problem" in page

    def test_a_board_member_cannot_add(self, plan, council, board_member_client):
        priority = plan.domains.first().priorities.first()

        assert board_member_client.post(self.url(priority), self.data(council)).status_code == 404


class TestProgress:
    def test_records_an_update_with_htmx_and_shows_the_new_status(self, plan, officer_client):
        action = Action.objects.get(title="Home checks")
        url = reverse("delivery:action_manage", args=[action.pk])

        response = officer_client.post(
            url, {"status": "on_track", "narrative": "Visits **booked**."}, headers=HX
        )

        content = response.content.decode()
        assert (
            content.lstrip().startswith('<span id="action-status" hx-swap-oob="true">')
            or '<div id="progress">' in content
        )
        assert "<strong>booked</strong>" in content and "On track" in content
        action.refresh_from_db()
        assert action.status == "on_track"

    def test_at_risk_without_a_reason_is_refused_beside_the_narrative(self, plan, officer_client):
        action = Action.objects.get(title="Home checks")
        url = reverse("delivery:action_manage", args=[action.pk])

        plain = officer_client.post(url, {"status": "at_risk"})
        swapped = officer_client.post(url, {"status": "at_risk"}, headers=HX)

        for response in (plain, swapped):
            assert "Error: Say why the action is at risk" in text(response)
            assert "There is a problem" in text(response)
        assert not ActionUpdate.objects.filter(action=action).exists()

    def test_a_board_member_reads_the_updates_but_cannot_record_one(self, plan, officer, board_member_client):
        action = Action.objects.get(title="Home checks")
        services.action_progress(action=action, by=officer, status="on_track", narrative="Started.")
        url = reverse("delivery:action_manage", args=[action.pk])

        page = text(board_member_client.get(url))

        assert "Started." in page and "Record the update" not in page
        assert board_member_client.post(url, {"status": "complete"}).status_code == 404


class TestEditAndRemove:
    def test_edit_opens_with_the_saved_values_and_saves(self, plan, council, officer_client):
        action = Action.objects.get(title="Home checks")
        url = reverse("delivery:action_edit", args=[action.pk])

        form = officer_client.get(url).content.decode()
        response = officer_client.post(
            url,
            {
                "version": "1",
                "title": "Home safety checks",
                "lead_organisation": action.lead_organisation_id,
                "lead_officer": "Jo Broadbent",
                "owner": action.priority.domain.strategy.board.roles.first().user_id,
                "update_every": "6",
                "due_on_day": str(action.due_on.day),
                "due_on_month": str(action.due_on.month),
                "due_on_year": str(action.due_on.year),
            },
        )

        assert 'value="Home checks"' in form and 'name="version" value="1"' in form
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.title == "Home safety checks"

    def test_remove_asks_then_removes(self, plan, officer_client):
        action = Action.objects.get(title="Home checks")
        url = reverse("delivery:action_delete", args=[action.pk])

        assert "Remove “Home checks”?" in text(officer_client.get(url))
        officer_client.post(url)

        assert not Action.objects.filter(pk=action.pk).exists()
