"""
From a decision to what it approved, and back (the issue's "beyond"): boards.links.decision_links, which
strategies and consultations fill and the public decision page shows, and the strategy's public and
history pages, which link to the decision and to its minute on the public meeting page.
"""

import pytest
from django.urls import reverse

from boards.links import LinkRegistry, decision_links
from consultations import services as consultation_services
from consultations.models import Status as ConsultationStatus
from strategies.models import Status
from tests.factories import AgendaPublicationFactory, ConsultationFactory, DecisionFactory, StrategyFactory
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db


class TestTheRegistry:
    def test_asks_every_provider_in_order_and_registers_each_once(self):
        registry = LinkRegistry()

        def first(record):
            return [("First", f"/first/{record}/")]

        def second(record):
            return [("Second", "/second/"), ("Third", "/third/")]

        registry.register(first)
        registry.register(second)
        registry.register(first)  # ready() may run twice in tests.

        assert registry(7) == [("First", "/first/7/"), ("Second", "/second/"), ("Third", "/third/")]
        registry.unregister(first)
        assert registry(7) == [("Second", "/second/"), ("Third", "/third/")]

    def test_strategies_and_consultations_are_registered(self):
        from consultations import links as consultation_links
        from strategies import links as strategy_links

        assert strategy_links.decision_links in decision_links._providers
        assert consultation_links.decision_links in decision_links._providers


@pytest.fixture
def approval(board):
    """The Board's approval of the final strategy, on item 5 of a published agenda."""
    decision = DecisionFactory(
        strategy=True,
        agenda_item__meeting__board=board,
        agenda_item__number=5,
        agenda_item__title="Joint Health and Wellbeing Strategy",
        letter="a",
    )
    item = decision.agenda_item
    item.publication = AgendaPublicationFactory(meeting=item.meeting)
    item.save()
    return decision


@pytest.fixture
def published(board, board_admin, approval):
    strategy = StrategyFactory(board=board, title="Joint Health and Wellbeing Strategy 2026 to 2030")
    return move_to(strategy, Status.PUBLISHED, by=board_admin, decision=approval)


class TestWhatADecisionApproved:
    def test_links_the_strategy_it_approved_with_the_revision(self, published, approval):
        revision = published.status_changes.get(to_status=Status.APPROVED).revision

        links = decision_links(approval)

        assert (
            f"{published.title}: the final strategy approved (revision {revision.number})",
            published.get_absolute_url(),
        ) in links

    def test_a_strategy_nobody_else_may_read_is_not_linked(self, board, officer, approval):
        strategy = StrategyFactory(board=board)
        move_to(strategy, Status.APPROVED, by=officer, decision=approval)  # Approved, not yet published.

        assert decision_links(approval) == []

    def test_links_the_consultation_held_on_the_draft_it_approved(self, board, officer):
        consultation = ConsultationFactory(strategy__board=board, created_by=officer, title="Have your say")
        for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN):
            consultation_services.consultation_transition(
                consultation=consultation, to_status=to_status, by=officer
            )
        consultation.refresh_from_db()

        links = decision_links(consultation.decision)

        assert ("The consultation “Have your say”", consultation.get_absolute_url()) in links
        assert any(
            label.startswith(f"{consultation.strategy.title}: the draft approved for consultation")
            for label, _ in links
        )


class TestTheStrategyLinksToItsDecision:
    def test_the_public_page_links_to_the_decision_and_its_minute(self, published, approval, resident_client):
        page = resident_client.get(published.get_absolute_url()).content.decode()

        meeting = approval.agenda_item.meeting
        decision_url = reverse("boards:decision", args=[published.board.slug, meeting.pk, approval.pk])
        minute_url = reverse("boards:meeting", args=[published.board.slug, meeting.pk]) + "#item-5"
        assert f'<a class="govuk-link" href="{decision_url}">resolution a) of item 5</a>' in page
        assert f'<a class="govuk-link" href="{minute_url}">the minute of item 5</a>' in page

    @pytest.mark.parametrize("why", ["exempt", "unpublished"])
    def test_an_item_the_public_cannot_read_is_not_linked(self, published, approval, resident_client, why):
        item = approval.agenda_item
        if why == "exempt":
            item.exempt_paragraph = 3
        else:
            item.publication = None
        item.save()

        page = resident_client.get(published.get_absolute_url()).content.decode()

        assert "By the Thurrock Health and Wellbeing Board at its meeting on" in page
        assert "resolution a) of item 5" not in page
        assert "the minute of item 5" not in page

    def test_the_history_links_each_moves_decision(self, published, approval, officer_client):
        page = officer_client.get(reverse("strategies:history", args=[published.pk])).content.decode()

        # move_to() records the approval with three moves (the fourth's decision is on no agenda).
        assert page.count("the minute of item") == 3
        meeting = approval.agenda_item.meeting
        decision_url = reverse("boards:decision", args=[published.board.slug, meeting.pk, approval.pk])
        assert page.count(f'href="{decision_url}"') == 3  # The approval, recorded with three of them.

    def test_the_decision_page_links_back_to_the_strategy_it_approved(self, published, approval, client):
        page = client.get(approval.get_absolute_url()).content.decode()

        revision = published.status_changes.get(to_status=Status.APPROVED).revision
        assert f'href="{published.get_absolute_url()}"' in page
        assert f"{published.title}: the final strategy approved (revision {revision.number})" in page
