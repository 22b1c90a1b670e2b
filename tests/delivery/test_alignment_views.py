"""
The pages of plans that priorities support (delivery/views/alignment.py): the list and a plan's page
(what residents, a board's members and other boards' officers see), adding, editing and removing a
plan, a priority's plans (plain and with htmx), and "Supports:" on the delivery plan.
"""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from core.formtokens import new_token
from delivery import services
from delivery.models import Alignment, Plan, PlanKind
from strategies.models import Status
from tests.factories import AlignmentFactory, BoardRoleFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def published(board):
    return PriorityFactory(
        domain__strategy__board=board,
        domain__strategy__status=Status.PUBLISHED,
        domain__title="Staying healthier for longer",
        title="Fewer people smoking",
    )


@pytest.fixture
def draft(board):
    return PriorityFactory(
        domain__strategy__board=board, domain__strategy__status=Status.DRAFT, title="A draft's priority"
    )


@pytest.fixture
def ics(board, officer, published, draft):
    """The Integrated Care Strategy, recorded by the board, supported by a published and a draft priority."""
    plan = PlanFactory(
        board=board, title="Mid and South Essex Integrated Care Strategy", slug="mse-ics", created_by=officer
    )
    AlignmentFactory(plan=plan, priority=published, note="Stop smoking services in every network.")
    AlignmentFactory(plan=plan, priority=draft)
    return plan


def detail_url(plan) -> str:
    return reverse("delivery:plan_detail", args=[plan.slug])


class TestPlanList:
    def test_lists_the_plans_by_kind_with_the_priorities_the_reader_sees(self, ics, board):
        PlanFactory(board=board, title="Grays PCN plan", kind=PlanKind.PCN_PLAN)

        page = text(Client().get(reverse("delivery:plans")))

        assert "Integrated Care Strategies Mid and South Essex Integrated Care Strategy" in page
        assert "Supported by 1 priority of 1 board" in page  # Not the draft's.
        assert "Primary Care Network plans Grays PCN plan" in page and "No priorities support it yet" in page
        assert "Add a plan" not in page

    def test_any_boards_officer_is_offered_to_add_one(self, ics, other_officer_client, board_member_client):
        assert "Add a plan" in text(other_officer_client.get(reverse("delivery:plans")))
        assert "Add a plan" not in text(board_member_client.get(reverse("delivery:plans")))


class TestPlanDetail:
    def test_residents_see_the_priorities_of_published_strategies_and_never_a_drafts(self, ics, published):
        response = Client().get(detail_url(ics))

        page = text(response)
        assert "Fewer people smoking (Staying healthier for longer)" in page
        assert "Stop smoking services in every network." in page
        assert "A draft's priority" not in page
        assert "Edit the plan's details" not in page
        public_plan = reverse(
            "delivery:plan", args=[published.domain.strategy.board.slug, published.domain.strategy.slug]
        )
        assert f'href="{public_plan}#priority-{published.pk}"' in response.content.decode()

    def test_the_boards_members_also_see_its_drafts_priorities_marked(self, ics, draft, board_member_client):
        response = board_member_client.get(detail_url(ics))

        page = text(response)
        assert "A draft's priority" in page and "Draft" in page
        assert "not published yet" in page
        manage = reverse("delivery:plan_manage", args=[draft.domain.strategy.pk])
        assert f'href="{manage}#priority-{draft.pk}"' in response.content.decode()

    def test_another_boards_officer_sees_it_as_residents_do(self, ics, other_officer_client):
        page = text(other_officer_client.get(detail_url(ics)))

        assert "Fewer people smoking" in page and "A draft's priority" not in page
        assert "Edit the plan's details" not in page

    def test_the_recording_boards_officers_may_edit_and_remove_it(self, ics, officer_client):
        page = text(officer_client.get(detail_url(ics)))

        assert "Edit the plan's details" in page and "Remove this plan" in page

    def test_a_plan_no_published_priority_supports_says_so(self, board):
        plan = PlanFactory(board=board)

        assert "No published strategy's priorities support this plan yet." in text(
            Client().get(detail_url(plan))
        )


class TestPlanAdd:
    url = reverse("delivery:plan_add")

    def data(self, **fields):
        return {
            "form_token": new_token(),
            "title": "NHS Mid and South Essex Joint Forward Plan",
            "kind": PlanKind.JOINT_FORWARD_PLAN,
            "owner": "NHS Mid and South Essex Integrated Care Board",
            "area": "Mid and South Essex",
            "url": "https://www.example.org/jfp",
            **fields,
        }

    def test_an_officer_of_one_board_adds_a_plan_for_it_once(self, board, officer_client):
        form = text(officer_client.get(self.url))
        data = self.data()

        first = officer_client.post(self.url, data)
        officer_client.post(self.url, data)

        assert "It will be recorded for the Thurrock Health and Wellbeing Board" in form
        assert "Recorded for" not in form  # Not asked.
        plan = Plan.objects.get()
        assert (plan.board, plan.slug) == (board, "nhs-mid-and-south-essex-joint-forward-plan")
        assert first["Location"] == detail_url(plan)

    def test_an_officer_of_several_boards_chooses_one(self, board, other_board, officer):
        BoardRoleFactory(board=other_board, user=officer)
        client = Client()
        client.force_login(officer)

        assert "Recorded for" in text(client.get(self.url))
        client.post(self.url, self.data(board=other_board.pk))

        assert Plan.objects.get().board == other_board

    def test_from_a_priority_it_returns_there_with_the_plan_ticked(self, published, officer_client):
        response = officer_client.post(f"{self.url}?priority={published.pk}", self.data())

        plan = Plan.objects.get()
        back = reverse("delivery:priority_plans", args=[published.pk])
        assert response["Location"] == f"{back}?added={plan.pk}#plan-{plan.pk}"
        page = officer_client.get(response["Location"]).content.decode()
        assert re.search(rf'<input type="checkbox" name="plan-{plan.pk}"[^>]* checked', page)
        assert "It is ticked below: save to keep it." in html.unescape(page)

    def test_a_priority_not_theirs_to_change_is_ignored(self, published, other_officer_client):
        response = other_officer_client.post(f"{self.url}?priority={published.pk}", self.data())

        assert response["Location"] == detail_url(Plan.objects.get())

    def test_errors_are_shown_beside_the_fields_and_what_was_typed_is_kept(self, board, officer_client):
        response = officer_client.post(self.url, self.data(title="", url="not a web address", area="Grays"))

        page = text(response)
        assert "There is a problem" in page
        assert "Error: Enter the plan's title" in page
        assert "Error: Enter the web address in the correct format" in page
        assert 'value="Grays"' in response.content.decode()
        assert not Plan.objects.exists()

    def test_a_board_member_cannot_add(self, board, board_member_client):
        assert board_member_client.get(self.url).status_code == 404
        assert board_member_client.post(self.url, self.data()).status_code == 404


class TestPlanEditAndRemove:
    def test_edit_opens_with_the_saved_values_and_saves(self, ics, officer_client):
        url = reverse("delivery:plan_edit", args=[ics.pk])

        form = officer_client.get(url).content.decode()
        response = officer_client.post(
            url,
            {
                "version": "1",
                "title": "Mid and South Essex Integrated Care Strategy 2023",
                "slug": "mse-ics",
                "kind": ics.kind,
                "owner": ics.owner,
                "area": "Mid and South Essex",
            },
        )

        assert 'value="Mid and South Essex Integrated Care Strategy"' in form
        assert 'name="version" value="1"' in form
        assert response["Location"] == detail_url(ics)
        ics.refresh_from_db()
        assert ics.title == "Mid and South Essex Integrated Care Strategy 2023"

    def test_a_save_over_someone_elses_shows_both(self, ics, officer, officer_client):
        services.plan_update(plan=ics, by=officer, version=1, owner="The partnership")
        url = reverse("delivery:plan_edit", args=[ics.pk])

        response = officer_client.post(
            url,
            {
                "version": "1",
                "title": ics.title,
                "slug": "mse-ics",
                "kind": ics.kind,
                "owner": "Mine",
                "area": "X",
            },
        )

        page = text(response)
        assert "Someone else saved this plan while you were editing it" in page
        assert "The partnership" in page and 'name="version" value="2"' in response.content.decode()

    def test_another_boards_officer_cannot_edit_or_remove_it(self, ics, other_officer_client):
        for name in ("delivery:plan_edit", "delivery:plan_delete"):
            assert other_officer_client.get(reverse(name, args=[ics.pk])).status_code == 404

    def test_a_plan_that_priorities_support_is_not_offered_for_removal(self, ics, officer_client):
        url = reverse("delivery:plan_delete", args=[ics.pk])

        shown = officer_client.get(url)
        response = officer_client.post(url)

        page = text(shown)
        assert (
            "cannot be removed while priorities support it: “A draft's priority” (Thurrock Health and "
            "Wellbeing Board), “Fewer people smoking” (Thurrock Health and Wellbeing Board)."
        ) in page  # The draft is the officer's own board's: named.
        assert "Remove the plan</button>" not in shown.content.decode()
        assert response["Location"] == detail_url(ics)
        assert Plan.objects.filter(pk=ics.pk).exists()

    def test_remove_asks_then_removes(self, board, officer_client):
        plan = PlanFactory(board=board, title="Recorded twice")
        url = reverse("delivery:plan_delete", args=[plan.pk])

        assert "Remove “Recorded twice”?" in text(officer_client.get(url))
        response = officer_client.post(url)

        assert response["Location"] == reverse("delivery:plans")
        assert not Plan.objects.filter(pk=plan.pk).exists()


class TestPriorityPlans:
    @pytest.fixture
    def plans(self, board, other_board):
        return (
            PlanFactory(board=board, title="Mid and South Essex Integrated Care Strategy"),
            PlanFactory(board=other_board, title="Joint Forward Plan", kind=PlanKind.JOINT_FORWARD_PLAN),
        )

    def url(self, priority) -> str:
        return reverse("delivery:priority_plans", args=[priority.pk])

    def test_offers_every_plan_by_kind_each_with_its_note(self, published, plans, officer_client):
        ics, jfp = plans
        AlignmentFactory(priority=published, plan=ics, note="Stop smoking services.")

        response = officer_client.get(self.url(published))

        page = text(response)
        assert page.index("Integrated Care Strategies") < page.index("NHS Joint Forward Plans")
        content = response.content.decode()
        assert re.search(rf'name="plan-{ics.pk}"[^>]* checked', content)
        assert not re.search(rf'name="plan-{jfp.pk}"[^>]* checked', content)
        assert "Stop smoking services." in content
        assert f'data-aria-controls="conditional-plan-{jfp.pk}"' in content

    def test_saving_without_javascript_goes_back_to_the_priority_on_the_plan(
        self, published, plans, officer_client
    ):
        ics, jfp = plans

        response = officer_client.post(
            self.url(published),
            {
                f"plan-{jfp.pk}": "on",
                f"note-{jfp.pk}": "Via the NHS.",
                f"note-{ics.pk}": "Not ticked: not kept.",
            },
        )

        strategy = published.domain.strategy
        assert response["Location"] == reverse("delivery:plan_manage", args=[strategy.pk]) + (
            f"#priority-{published.pk}"
        )
        assert [(a.plan, a.note) for a in published.alignments.all()] == [(jfp, "Via the NHS.")]

    def test_with_htmx_it_answers_with_the_form_as_saved(self, published, plans, officer_client):
        ics, _ = plans

        response = officer_client.post(self.url(published), {f"plan-{ics.pk}": "on"}, headers=HX)

        content = response.content.decode()
        assert content.lstrip().startswith('<div id="alignment">')
        assert re.search(rf'name="plan-{ics.pk}"[^>]* checked', content)
        assert "Saved the plans that “Fewer people smoking” supports." in html.unescape(content)

    def test_a_note_too_long_is_refused_beside_it_with_and_without_htmx(
        self, published, plans, officer_client
    ):
        ics, jfp = plans
        data = {f"plan-{ics.pk}": "on", f"note-{ics.pk}": "x" * 501, f"note-{jfp.pk}": "y" * 501}

        for headers in ({}, HX):
            page = text(officer_client.post(self.url(published), data, headers=headers))

            assert "There is a problem" in page
            assert "Error: The note on “Mid and South Essex Integrated Care Strategy” must be 500" in page
            assert "The note on “Joint Forward Plan”" not in page  # Not ticked, so not kept.
        assert not Alignment.objects.exists()

    def test_another_boards_officer_and_a_board_member_get_nothing(
        self, published, plans, other_officer_client, board_member_client
    ):
        ics, _ = plans

        for client in (other_officer_client, board_member_client):
            assert client.get(self.url(published)).status_code == 404
            assert client.post(self.url(published), {f"plan-{ics.pk}": "on"}).status_code == 404
        assert not Alignment.objects.exists()

    def test_a_superseded_strategys_priority_is_closed(self, published, officer_client):
        strategy = published.domain.strategy
        strategy.status = Status.SUPERSEDED
        strategy.save()

        assert officer_client.get(self.url(published)).status_code == 404


class TestOnTheDeliveryPlan:
    def test_each_priority_says_which_plans_it_supports_for_everyone(self, ics, published, officer_client):
        strategy = published.domain.strategy
        public = reverse("delivery:plan", args=[strategy.board.slug, strategy.slug])

        for response in (
            Client().get(public),
            officer_client.get(reverse("delivery:plan_manage", args=[strategy.pk])),
        ):
            content = response.content.decode()
            assert f'Supports: <a class="govuk-link" href="{detail_url(ics)}">{ics.title}</a>' in content

    def test_only_officers_who_may_edit_are_offered_to_change_them(
        self, ics, published, officer_client, board_member_client
    ):
        url = reverse("delivery:plan_manage", args=[published.domain.strategy.pk])
        public = reverse(
            "delivery:plan", args=[published.domain.strategy.board.slug, published.domain.strategy.slug]
        )

        assert "Change the plans this priority supports" in text(officer_client.get(url))
        assert "Change the plans this priority supports" not in text(board_member_client.get(url))
        assert "Change the plans this priority supports" not in text(officer_client.get(public))
