"""
Nothing that is not public reaches site search, whoever searches (docs/decisions/0035): no draft
strategy, no text of a strategy in consultation, no unpublished or withdrawn report, no response,
comment or respondent's detail, no unpublished agenda, no exempt item's title, papers, minutes or
decisions, no draft strategy's indicator. Each case goes through the services that make things public
and take them back, then asks the search page as every role, and checks the index's own rows too (so
that a word missed by one way of matching is still caught).

Every secret word is also asked for while it is public somewhere it should be (the negative control:
the same search finds the public word), so the test cannot pass because search finds nothing at all.
"""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boards.models import Decision, Meeting
from boards.services import agenda as agenda_services
from boards.services import meetings as meeting_services
from boards.services import papers as paper_services
from boards.services import proceedings
from consultations import services as consultation_services
from consultations.models import Status as ConsultationStatus
from core import search
from core.models import SearchEntry
from delivery import services as delivery_services
from strategies.models import Domain, Priority, Status
from tests.boards.agenda_helpers import scheduled_meeting
from tests.consultations.helpers import make_response
from tests.factories import ConsultationFactory, StrategyFactory
from tests.strategies.helpers import move_to, pdf_bytes

pytestmark = pytest.mark.django_db

CLIENTS = ("resident_client", "board_member_client", "officer_client", "site_admin_client")


def found(client, word: str) -> bool:
    """Whether the search page, asked for `word` by `client`, lists anything."""
    response = client.get(reverse("core:search"), {"q": word})
    assert response.status_code == 200
    return 'id="result-count"' in response.content.decode()


def in_index(word: str) -> bool:
    return SearchEntry.objects.filter(
        Q(title__icontains=word) | Q(text__icontains=word) | Q(context__icontains=word)
    ).exists()


def assert_hidden(request, *words: str) -> None:
    for word in words:
        assert not in_index(word), f"{word} is in the search index"
        for name in CLIENTS:
            assert not found(request.getfixturevalue(name), word), f"{name} found {word}"


def assert_found(request, *words: str) -> None:
    for word in words:
        for name in CLIENTS:
            assert found(request.getfixturevalue(name), word), f"{name} did not find {word}"


def strategy_with_text(board, officer, word: str, **fields):
    strategy = StrategyFactory(board=board, created_by=officer, summary=f"Summary {word}", **fields)
    domain = Domain.objects.create(strategy=strategy, title=f"Domain {word}dom", position=1)
    Priority.objects.create(domain=domain, title=f"Priority {word}pri", description=f"{word}desc", position=1)
    return strategy


class TestStrategies:
    def test_a_draft_and_a_strategy_in_consultation_are_never_found(self, request, board, board_admin):
        strategy_with_text(board, board_admin, "Zanzibarone")
        consulted = strategy_with_text(board, board_admin, "Quixotictwo")
        move_to(consulted, Status.IN_CONSULTATION, by=board_admin)

        assert_hidden(
            request, "Zanzibarone", "Zanzibaronedom", "Zanzibaronepri", "Quixotictwo", "Quixotictwodesc"
        )

    def test_only_the_published_text_is_found_and_it_stays_when_superseded(self, request, board, board_admin):
        old = strategy_with_text(board, board_admin, "Marmalade")
        move_to(old, Status.PUBLISHED, by=board_admin)
        assert_found(request, "Marmalade", "Marmaladedom", "Marmaladepri", "Marmaladedesc")

        successor = strategy_with_text(board, board_admin, "Gooseberry", predecessor=old)
        assert_hidden(request, "Gooseberry", "Gooseberrypri")

        move_to(successor, Status.PUBLISHED, by=board_admin)

        old.refresh_from_db()
        assert old.status == Status.SUPERSEDED
        assert_found(request, "Marmalade", "Gooseberry", "Gooseberrypri")
        replaced = SearchEntry.objects.get(source=f"strategies.strategy:{old.pk}")
        assert "replaced by a newer strategy" in replaced.context

    def test_live_rows_changed_after_publishing_are_not_indexed(self, request, board, board_admin):
        """The index holds the frozen revision's text, not the rows', whatever happens to them."""
        strategy = strategy_with_text(board, board_admin, "Pumpernickel")
        move_to(strategy, Status.PUBLISHED, by=board_admin)
        Priority.objects.filter(domain__strategy=strategy).update(
            title="Priority Rutabaga"
        )  # Behind services.

        search.rebuild()

        assert_hidden(request, "Rutabaga")
        assert_found(request, "Pumpernickelpri")


@pytest.fixture
def consulted(board, board_admin):
    strategy = strategy_with_text(board, board_admin, "Consulted")
    consultation = ConsultationFactory(strategy=strategy, created_by=board_admin, slug="have-your-say")
    for status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN):
        consultation = consultation_services.consultation_transition(
            consultation=consultation, to_status=status, by=board_admin
        )
    priority = consultation.priorities()[0]["id"]
    make_response(
        consultation,
        comments={priority: "Respondent comment Wombatsecret"},
        respondent={"name": "Persephone Nightingale", "email": "persephone@example.org"},
        organisation="Ocelot Trust",
    )
    return consultation_services.consultation_transition(
        consultation=consultation, to_status=ConsultationStatus.CLOSED, by=board_admin
    )


class TestConsultationReports:
    PRIVATE = ("Wombatsecret", "Persephone", "Nightingale", "persephone@example.org", "Ocelot")

    def test_only_a_published_reports_own_text_is_found_and_not_once_withdrawn(
        self, request, consulted, board_admin
    ):
        consultation_services.change_add(
            consultation=consulted, by=board_admin, you_said="Buses Flamingoword", we_did="Added Heronword"
        )
        assert_hidden(request, "Flamingoword", "Heronword", *self.PRIVATE)

        consultation_services.report_publish(consultation=consulted, by=board_admin)
        assert_found(request, "Flamingoword", "Heronword")
        assert_hidden(request, *self.PRIVATE)

        consultation_services.report_withdraw(consultation=consulted, by=board_admin)
        assert_hidden(request, "Flamingoword", "Heronword", *self.PRIVATE)

    def test_a_change_recorded_after_publishing_is_found_and_a_removed_one_is_not(
        self, request, consulted, board_admin
    ):
        consultation_services.report_publish(consultation=consulted, by=board_admin)
        change = consultation_services.change_add(
            consultation=consulted, by=board_admin, you_said="Parks Pelicanword", we_did="More parks"
        )
        assert_found(request, "Pelicanword")

        consultation_services.change_delete(change=change, by=board_admin)

        assert_hidden(request, "Pelicanword")


def _uploaded(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


class TestMeetings:
    def test_an_agenda_is_found_once_published_and_an_exempt_item_never(self, request, board, officer):
        meeting = scheduled_meeting(board)
        public = agenda_services.item_create(meeting=meeting, by=officer, title="Public Capybaraitem")
        exempt = agenda_services.item_create(
            meeting=meeting, by=officer, title="Exempt Tapiritem", exempt_paragraph=3
        )
        paper_services.paper_add(
            item=public, by=officer, title="Report Axolotlpaper", file=_uploaded("a.pdf")
        )
        paper_services.paper_add(
            item=exempt, by=officer, title="Report Narwhalpaper", file=_uploaded("b.pdf")
        )
        assert_hidden(request, "Capybaraitem", "Axolotlpaper", "Tapiritem", "Narwhalpaper")

        agenda_services.agenda_publish(meeting=meeting, by=officer)
        assert_found(request, "Capybaraitem", "Axolotlpaper")
        assert_hidden(request, "Tapiritem", "Narwhalpaper")

        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
        meeting_services.meeting_transition(meeting=meeting, to_status=Meeting.Status.HELD, by=officer)
        for item, word in ((public, "Quokka"), (exempt, "Pangolin")):
            proceedings.item_minutes_update(item=item, by=officer, minutes=f"Minutes {word}minutes")
            proceedings.decision_add(
                item=item, by=officer, text=f"That {word}decision", outcome=Decision.Outcome.APPROVED
            )

        assert_found(request, "Quokkaminutes", "Quokkadecision")
        assert_hidden(request, "Pangolinminutes", "Pangolindecision", "Tapiritem", "Narwhalpaper")

    def test_an_exempt_item_made_public_is_found_from_then(self, request, board, officer):
        meeting = scheduled_meeting(board)
        exempt = agenda_services.item_create(
            meeting=meeting, by=officer, title="Later Meerkatitem", exempt_paragraph=1
        )
        agenda_services.agenda_publish(meeting=meeting, by=officer)
        assert_hidden(request, "Meerkatitem")

        agenda_services.item_make_public(item=exempt, by=officer)

        assert_found(request, "Meerkatitem")


class TestIndicators:
    def test_a_draft_strategys_indicators_are_found_only_once_it_is_published(
        self, request, board, board_admin
    ):
        strategy = strategy_with_text(board, board_admin, "Dashboard")
        delivery_services.indicator_create(
            strategy=strategy, by=board_admin, title="Walrusindicator rate", source="local", unit="%"
        )
        assert_hidden(request, "Walrusindicator")

        move_to(strategy, Status.PUBLISHED, by=board_admin)
        assert_found(request, "Walrusindicator")

        indicator = strategy.indicators.get()
        delivery_services.indicator_delete(indicator=indicator, by=board_admin)
        assert_hidden(request, "Walrusindicator")
